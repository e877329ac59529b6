//! PIN slips print non-Latin names as badges do: Hebrew and CJK names on a slip use the
//! bundled fonts (both embedded, no missing glyphs), and their text, and the PIN, extract from
//! the PDF as written — where the slips of before (Helvetica, Latin-1) printed `?`.

mod common;

use qrstation_label::slip::{self, Slip};
use qrstation_label::text;
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
