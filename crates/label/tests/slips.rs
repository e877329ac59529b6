//! PIN slips print non-Latin names as badges do: Hebrew and CJK names on a slip use the
//! bundled fonts (both embedded, no missing glyphs), and their text, and the PIN, extract from
//! the PDF as written — where the slips of before (Helvetica, Latin-1) printed `?`.

mod common;

use qrstation_label::slip::{self, Slip};
use qrstation_label::text;
use std::path::Path;
use std::process::Command;

/// שרה לוי (Sarah Levi) and 王秀英.
const HEBREW: &str = "\u{5E9}\u{5E8}\u{5D4} \u{5DC}\u{5D5}\u{5D9}";
const CJK: &str = "王秀英";

fn poppler() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    if !ok {
        assert!(
            !common::tools_required(),
            "pdftotext (poppler-utils) is required but missing"
        );
        eprintln!("note: poppler-utils not found; slip PDF test skipped");
    }
    ok
}

#[test]
fn hebrew_and_cjk_names_print_on_slips_with_real_glyphs() {
    assert!(text::covers(HEBREW) && text::covers(CJK));
    let slips = [
        Slip {
            name: HEBREW,
            upn: "sarah.levi@contoso.example",
            pin: Some("48271953"),
        },
        Slip {
            name: CJK,
            upn: "wang.xiuying@contoso.example",
            pin: Some("60391827"),
        },
    ];
    let bytes = slip::pdf(&slips).unwrap();
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("pins.pdf");
    std::fs::write(&pdf, &bytes).unwrap();
    let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    for face in ["QRSTAT+DejaVuSansCondensed", "QRSTAF+WenQuanYiMicroHei"] {
        let row = fonts.lines().find(|l| l.starts_with(face));
        let row = row.unwrap_or_else(|| panic!("{face} not in:\n{fonts}"));
        assert!(row.contains("CID TrueType"), "{row}");
        assert_eq!(
            row.split_whitespace()
                .rev()
                .skip(2)
                .take(3)
                .collect::<Vec<_>>(),
            ["yes", "yes", "yes"],
            "embedded, subset, with a ToUnicode map: {row}"
        );
    }
    let txt = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let txt = String::from_utf8_lossy(&txt.stdout);
    assert!(txt.contains(CJK), "{CJK} not extracted from:\n{txt}");
    // Hebrew is stored in visual order (as PDFs hold it); whichever order the extractor gives
    // back, every letter is there and none became `?`.
    for c in HEBREW.chars().filter(|c| !c.is_whitespace()) {
        assert!(txt.contains(c), "{c} not extracted from:\n{txt}");
    }
    assert!(!txt.contains('?'), "a missing glyph: {txt}");
    for pin in ["48271953", "60391827"] {
        assert!(txt.contains(pin), "PIN not on its slip:\n{txt}");
    }
    assert!(txt.contains("sarah.levi@contoso.example"));
}

/// The first slip of a page rasterised at `DPI`: the dark dots of each visible character of its
/// name, cropped to the character's advance and the line's ascent and descent.
const DPI: f64 = 300.0;

fn name_cells(pdf: &Path, name: &str) -> Vec<Vec<Vec<bool>>> {
    let dir = pdf.parent().unwrap();
    let st = Command::new("pdftoppm")
        .args(["-r", "300", "-gray", "-aa", "no", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg(dir.join("page"))
        .status()
        .unwrap();
    assert!(st.success());
    let pgm = std::fs::read(dir.join("page-1.pgm")).unwrap();
    let header: Vec<usize> = pgm
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .map(|(i, _)| i)
        .take(3)
        .collect();
    let dims = String::from_utf8_lossy(&pgm[header[0] + 1..header[1]]).into_owned();
    let w: usize = dims.split_whitespace().next().unwrap().parse().unwrap();
    let px = &pgm[header[2] + 1..];
    let k = DPI / 72.0;
    // The slip layout: the name's baseline 44 pt below the top of the first slip (36 pt
    // margin), its text 14 pt in from the slip's left edge, at 13 pt.
    let (em, left, baseline) = (13.0f32, (36.0 + 14.0) * k, (36.0 + 44.0) * k);
    let (ascent, descent) = text::vertical_metrics(em);
    let (y0, y1) = (
        (baseline - f64::from(ascent) * k) as usize,
        (baseline + f64::from(descent) * k) as usize,
    );
    let mut prefix = String::new();
    let mut cells = Vec::new();
    for c in qrstation_label::bidi::visual(name).chars() {
        let x0 = left + f64::from(text::width(&prefix, em)) * k;
        prefix.push(c);
        let x1 = left + f64::from(text::width(&prefix, em)) * k;
        if c.is_whitespace() {
            continue;
        }
        let cell = (y0..y1)
            .map(|y| {
                (x0.round() as usize..x1.round() as usize)
                    .map(|x| px[y * w + x] < 128)
                    .collect()
            })
            .collect();
        cells.push(cell);
    }
    cells
}

/// Every cell has ink and every two cells look clearly different (missing-glyph boxes are
/// all alike).
fn distinct(cells: &[Vec<Vec<bool>>]) -> bool {
    let diff = |a: &Vec<Vec<bool>>, b: &Vec<Vec<bool>>| {
        let (mut d, mut u) = (0usize, 0usize);
        for (ra, rb) in a.iter().zip(b) {
            for (&x, &y) in ra.iter().zip(rb) {
                d += usize::from(x != y);
                u += usize::from(x || y);
            }
        }
        d as f64 / u.max(1) as f64
    };
    cells
        .iter()
        .all(|c| c.iter().flatten().filter(|&&d| d).count() > 20)
        && cells
            .iter()
            .enumerate()
            .all(|(i, a)| cells[i + 1..].iter().all(|b| diff(a, b) > 0.4))
}

#[test]
fn slip_names_print_as_real_distinct_glyphs_and_the_check_catches_boxes() {
    if !poppler() {
        return;
    }
    // 王秀英 and שרה לוי (six different letters); the control is three private-use
    // characters no font has, which print as identical missing-glyph boxes.
    for (name, real) in [
        (CJK, true),
        (HEBREW, true),
        ("\u{E000}\u{E001}\u{E002}", false),
    ] {
        let bytes = slip::pdf(&[Slip {
            name,
            upn: "x@contoso.example",
            pin: Some("12345678"),
        }])
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("slip.pdf");
        std::fs::write(&pdf, &bytes).unwrap();
        let cells = name_cells(&pdf, name);
        assert_eq!(
            cells.len(),
            name.chars().filter(|c| !c.is_whitespace()).count()
        );
        assert_eq!(distinct(&cells), real, "{name}");
    }
}

#[test]
fn a_long_name_shrinks_to_the_slip_and_many_slips_take_many_pages() {
    let long = "Maximilian Alexander Bartholomew von Hohenzollern-Sigmaringen";
    let slips: Vec<Slip> = (0..17)
        .map(|_| Slip {
            name: long,
            upn: "max@contoso.example",
            pin: None,
        })
        .collect();
    let bytes = slip::pdf(&slips).unwrap();
    let body = String::from_utf8_lossy(&bytes);
    assert!(body.contains("/Count 3"), "17 slips on 3 pages");
}
