//! PIN slips: a printable A4 PDF, eight slips a page with dashed cut lines, each with the
//! worker's name, UPN and first PIN. Written with the badges' PDF writer and embedded subset
//! fonts (`crate::pdf_font`), so every name a badge prints (Hebrew right to left, Arabic, Thai,
//! Chinese, Japanese, Korean; no bundled font covers Devanagari yet) prints on its slip too.
//! A slip holds a PIN: the caller writes it like a badge (owner-only, a short-lived print
//! spool) and never logs it.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::font::Face;
use crate::pdf::Writer;
use crate::pdf_font::Fonts;
use crate::LabelError;

/// One slip. The PIN is a secret: `Debug` hides it.
#[derive(Clone, Copy)]
pub struct Slip<'a> {
    /// The worker's name, printed large.
    pub name: &'a str,
    /// The sign-in name under it.
    pub upn: &'a str,
    /// The first PIN; `None` when the worker keeps theirs (a badge rotation).
    pub pin: Option<&'a str>,
}

impl std::fmt::Debug for Slip<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Slip")
            .field("upn", &self.upn)
            .finish_non_exhaustive()
    }
}

/// A4 in points.
const PAGE_W: f64 = 595.28;
const PAGE_H: f64 = 841.89;
const COLS: usize = 2;
const ROWS: usize = 4;
/// How many slips a page holds.
pub const PER_PAGE: usize = COLS * ROWS;
const MARGIN: f64 = 36.0;
/// Text starts this far inside a slip's left edge and stops as far from its right one.
const PAD: f64 = 14.0;
/// The smallest size a long name or UPN shrinks to before it is allowed to run long.
const MIN_PT: f32 = 6.0;

/// A line of a slip: size in points, distance of the baseline below the slip's top, text.
type Line = (f32, f64, String);

/// The lines of one slip.
fn lines(slip: &Slip<'_>) -> Vec<Line> {
    let mut out = vec![
        (9.0, 22.0, "Your sign-in PIN (QR code + PIN)".to_owned()),
        (13.0, 44.0, slip.name.to_owned()),
        (9.0, 60.0, slip.upn.to_owned()),
    ];
    match slip.pin {
        Some(pin) => {
            out.push((22.0, 100.0, format!("PIN  {pin}")));
            out.push((
                9.0,
                124.0,
                "Scan your badge, enter this PIN, then choose your own PIN.".into(),
            ));
        }
        None => out.push((
            11.0,
            100.0,
            "Your PIN is unchanged: only your badge is new.".into(),
        )),
    }
    out.push((
        8.0,
        150.0,
        "Keep this slip private and destroy it after your first sign-in.".into(),
    ));
    out
}

/// The PDF of `slips` (one blank page when there are none).
pub fn pdf(slips: &[Slip<'_>]) -> Result<Vec<u8>, LabelError> {
    let all: Vec<Vec<Line>> = slips.iter().map(lines).collect();
    let used: BTreeSet<Face> = all
        .iter()
        .flatten()
        .flat_map(|(_, _, t)| crate::text::faces(t))
        .collect();
    let mut fonts = Fonts::new(&used);
    let mut w = Writer::new();
    let catalog = w.alloc();
    let pages_id = w.alloc();
    let font_ids: Vec<[u32; 5]> = fonts
        .faces()
        .iter()
        .map(|_| [w.alloc(), w.alloc(), w.alloc(), w.alloc(), w.alloc()])
        .collect();
    let font_resources: String = font_ids
        .iter()
        .enumerate()
        .map(|(i, ids)| format!("/F{} {} 0 R ", i + 1, ids[0]))
        .collect();
    let chunks: Vec<&[Vec<Line>]> = if all.is_empty() {
        vec![&[]]
    } else {
        all.chunks(PER_PAGE).collect()
    };
    let mut page_ids = Vec::with_capacity(chunks.len());
    for chunk in chunks {
        let content = page(&mut fonts, chunk);
        let content_id = w.alloc();
        w.stream(content_id, "", content.as_bytes());
        let page = w.alloc();
        w.object(
            page,
            &format!(
                "<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] \
                 /Resources << /Font << {font_resources}>> >> /Contents {content_id} 0 R >>"
            ),
        );
        page_ids.push(page);
    }
    crate::pdf::finish_document(w, &fonts, &font_ids, pages_id, &page_ids, catalog)
}

/// One page's content stream: the cut lines and the text of up to [`PER_PAGE`] slips.
fn page(fonts: &mut Fonts, slips: &[Vec<Line>]) -> String {
    let w = (PAGE_W - 2.0 * MARGIN) / COLS as f64;
    let h = (PAGE_H - 2.0 * MARGIN) / ROWS as f64;
    let room = (w - 2.0 * PAD) as f32;
    let mut s = String::from("0.5 w [4 3] 0 d\n");
    for (k, lines) in slips.iter().enumerate() {
        let x = MARGIN + (k % COLS) as f64 * w;
        let y = PAGE_H - MARGIN - (k / COLS + 1) as f64 * h;
        let _ = writeln!(s, "{x:.2} {y:.2} {w:.2} {h:.2} re S");
        for (size, dy, text) in lines {
            // A long name shrinks to the slip's width (down to MIN_PT) rather than run over
            // the cut line into the next slip.
            let wide = crate::text::width(text, *size);
            let size = if wide > room {
                (size * room / wide).max(MIN_PT)
            } else {
                *size
            };
            let _ = writeln!(
                s,
                "BT {:.2} {:.2} Td {} ET",
                x + PAD,
                y + h - dy,
                fonts.show(text, size)
            );
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(bytes: &[u8], pat: &[u8], from: usize) -> Option<usize> {
        bytes[from..]
            .windows(pat.len())
            .position(|w| w == pat)
            .map(|p| p + from)
    }

    #[test]
    fn a_pdf_with_one_page_per_eight_slips_and_a_sound_xref() {
        let slips: Vec<Slip> = (0..9)
            .map(|_| Slip {
                name: "Ana (Pérez) \\ 李",
                upn: "ana@x.com",
                pin: Some("48271953"),
            })
            .collect();
        let bytes = pdf(&slips).unwrap();
        assert!(bytes.starts_with(b"%PDF-1.7"));
        assert!(find(&bytes, b"/Count 2", 0).is_some(), "two pages");
        // Text is glyph ids in compressed streams: the PIN is nowhere as plain bytes.
        assert!(find(&bytes, b"48271953", 0).is_none());
        // 李 needs the fallback face, which is embedded.
        assert!(find(&bytes, b"WenQuanYi", 0).is_some());
        assert!(bytes.ends_with(b"%%EOF\n"));
        let sx = find(&bytes, b"startxref\n", 0).unwrap() + 10;
        let end = find(&bytes, b"\n", sx).unwrap();
        let xref: usize = std::str::from_utf8(&bytes[sx..end])
            .unwrap()
            .parse()
            .unwrap();
        assert!(bytes[xref..].starts_with(b"xref"));
        let entry = find(&bytes, b"65535 f \n", xref).unwrap() + 9;
        let first: usize = std::str::from_utf8(&bytes[entry..entry + 10])
            .unwrap()
            .parse()
            .unwrap();
        assert!(bytes[first..].starts_with(b"1 0 obj"));
    }

    #[test]
    fn no_slips_is_one_blank_page_and_latin_embeds_one_font() {
        let bytes = pdf(&[]).unwrap();
        assert!(find(&bytes, b"/Count 1", 0).is_some());
        let latin = pdf(&[Slip {
            name: "Jane Doe",
            upn: "jane@x.com",
            pin: None,
        }])
        .unwrap();
        assert!(find(&latin, b"DejaVuSansCondensed", 0).is_some());
        assert!(find(&latin, b"WenQuanYi", 0).is_none());
    }

    #[test]
    fn debug_hides_the_pin() {
        let s = Slip {
            name: "A",
            upn: "a@x.com",
            pin: Some("90817263"),
        };
        assert!(!format!("{s:?}").contains("90817263"));
    }
}
