//! PIN slips: a printable A4 PDF, eight slips a page with cut lines, each with the worker's
//! name, UPN and first PIN. Text in PDF's built-in Helvetica (no font to embed); characters
//! outside Latin-1 print as `?`. This file holds secrets: it is written like a badge (0600) and
//! is the operator's to hand out and destroy.

/// One slip.
pub(crate) struct Slip<'a> {
    pub name: &'a str,
    pub upn: &'a str,
    /// `None` when the worker keeps their PIN (a rotation).
    pub pin: Option<&'a str>,
}

const PAGE_W: f64 = 595.28;
const PAGE_H: f64 = 841.89;
const COLS: usize = 2;
const ROWS: usize = 4;
const MARGIN: f64 = 36.0;

/// The PDF of `slips`.
pub(crate) fn pdf(slips: &[Slip<'_>]) -> Vec<u8> {
    let per_page = COLS * ROWS;
    let pages: Vec<String> = slips.chunks(per_page.max(1)).map(page).collect();
    let pages = if pages.is_empty() {
        vec![String::new()]
    } else {
        pages
    };
    // Objects: 1 catalog, 2 pages, 3 font, then (page, content) pairs.
    let mut objects: Vec<String> = Vec::new();
    objects.push("<< /Type /Catalog /Pages 2 0 R >>".into());
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", 4 + 2 * i))
        .collect();
    objects.push(format!(
        "<< /Type /Pages /Kids [{}] /Count {} >>",
        kids.join(" "),
        pages.len()
    ));
    objects.push(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    );
    for (i, content) in pages.iter().enumerate() {
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] \
             /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
    }
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// One page's content stream.
fn page(slips: &[Slip<'_>]) -> String {
    let w = (PAGE_W - 2.0 * MARGIN) / COLS as f64;
    let h = (PAGE_H - 2.0 * MARGIN) / ROWS as f64;
    let mut s = String::from("0.5 w [4 3] 0 d\n");
    for (k, slip) in slips.iter().enumerate() {
        let x = MARGIN + (k % COLS) as f64 * w;
        let y = PAGE_H - MARGIN - (k / COLS + 1) as f64 * h;
        s.push_str(&format!("{x:.2} {y:.2} {w:.2} {h:.2} re S\n"));
        let mut line = |size: f64, dy: f64, text: &str| {
            s.push_str(&format!(
                "BT /F1 {size} Tf {:.2} {:.2} Td ({}) Tj ET\n",
                x + 14.0,
                y + h - dy,
                escape(text)
            ));
        };
        line(9.0, 22.0, "Your sign-in PIN (QR code + PIN)");
        line(13.0, 44.0, slip.name);
        line(9.0, 60.0, slip.upn);
        match slip.pin {
            Some(pin) => {
                line(22.0, 100.0, &format!("PIN  {pin}"));
                line(
                    9.0,
                    124.0,
                    "Scan your badge, enter this PIN, then choose your own PIN.",
                );
            }
            None => line(
                11.0,
                100.0,
                "Your PIN is unchanged: only your badge is new.",
            ),
        }
        line(
            8.0,
            150.0,
            "Keep this slip private and destroy it after your first sign-in.",
        );
    }
    s
}

/// Latin-1 text as a PDF string body: `(`, `)` and `\` escaped, anything else as `?`.
fn escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '(' | ')' | '\\' => format!("\\{c}"),
            c if (' '..='~').contains(&c) => c.to_string(),
            c if ('\u{a0}'..='\u{ff}').contains(&c) => format!("\\{:03o}", c as u32),
            _ => "?".into(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_with_one_page_per_eight_slips_and_escaped_text() {
        let slips: Vec<Slip> = (0..9)
            .map(|_| Slip {
                name: "Ana (Pérez) \\ 李",
                upn: "ana@x.com",
                pin: Some("48271953"),
            })
            .collect();
        let bytes = pdf(&slips);
        let find = |pat: &[u8], from: usize| {
            bytes[from..]
                .windows(pat.len())
                .position(|w| w == pat)
                .map(|p| p + from)
        };
        assert!(bytes.starts_with(b"%PDF-1.4"));
        assert!(find(b"/Count 2", 0).is_some(), "two pages");
        assert!(find(b"(Ana \\(P\\351rez\\) \\\\ ?) Tj", 0).is_some());
        assert!(find(b"(PIN  48271953) Tj", 0).is_some());
        assert!(bytes.ends_with(b"%%EOF\n"));
        // The xref table and its first entry point where they should.
        let sx = find(b"startxref\n", 0).unwrap() + 10;
        let end = find(b"\n", sx).unwrap();
        let xref: usize = std::str::from_utf8(&bytes[sx..end])
            .unwrap()
            .parse()
            .unwrap();
        assert!(bytes[xref..].starts_with(b"xref"));
        let entry = find(b"65535 f \n", xref).unwrap() + 9;
        let first: usize = std::str::from_utf8(&bytes[entry..entry + 10])
            .unwrap()
            .parse()
            .unwrap();
        assert!(bytes[first..].starts_with(b"1 0 obj"));
    }
}
