//! Fuzz target: a user template file (`Template::from_json`) rendered to every format with a
//! small fixed badge. Invariants: no panic; a refused file is `label.invalid_template` or
//! `label.canvas_too_large` with a message of under 400 characters; an accepted one lays out
//! within the canvas caps with the QR code on the label; each format either renders non-empty
//! bytes (and is one the printer kind supports) or fails with a known code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrstation_label::template::{MAX_CANVAS_DOTS, MAX_SIDE_DOTS};
use qrstation_label::{layout, preview, render_badge, BadgeInput, Ecc, Format, Template};

fn input() -> BadgeInput {
    BadgeInput {
        payload: b"ms-qrpin:v1|fuzz@contoso.example|00000000-0000-0000-0000-000000000001|0123456789\xff\x00\x80".to_vec(),
        ecc: Ecc::H,
        reported_version: Some(1),
        display_name: "Fuzz Worker".into(),
        upn: "fuzz@contoso.example".into(),
        department: Some("Store 1".into()),
        valid_from: Some("2026-01-01".into()),
        valid_until: Some("2027-01-01".into()),
        onboarding: Some("Scan, then type your PIN".into()),
        logo_png: None,
    }
}

fn within_cap(w: u32, h: u32) -> bool {
    w <= MAX_SIDE_DOTS && h <= MAX_SIDE_DOTS && u64::from(w) * u64::from(h) <= MAX_CANVAS_DOTS
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let t = match Template::from_json(&text) {
        Ok(t) => t,
        Err(e) => {
            assert!(
                ["label.invalid_template", "label.canvas_too_large"].contains(&e.code()),
                "{e}"
            );
            let chars = e.to_string().chars().count();
            assert!(chars < 400, "{chars} chars");
            return;
        }
    };
    let input = input();
    match layout::layout(&input, &t) {
        Ok(l) => {
            assert!(within_cap(l.width, l.height), "{}x{}", l.width, l.height);
            let q = l.qr.geometry.width_dots;
            assert!(l.qr.x + q <= l.width && l.qr.y + q <= l.height, "QR off the label");
        }
        Err(e) => {
            assert!(
                ["label.does_not_fit", "label.canvas_too_large"].contains(&e.code()),
                "{e}"
            );
            return;
        }
    }
    let (canvas, _) = preview(&input, &t).expect("the layout succeeded, so does the preview");
    assert!(within_cap(canvas.width, canvas.height));
    assert_eq!(
        canvas.pixels.len(),
        canvas.width as usize * canvas.height as usize
    );
    for f in [Format::Png, Format::Pdf, Format::Zpl, Format::BrotherQl] {
        match render_badge(&input, &t, f) {
            Ok(out) => {
                assert!(t.printer.supports(f), "{f:?} rendered for {:?}", t.printer);
                assert!(!out.bytes.is_empty(), "{f:?} is empty");
            }
            Err(e) => assert!(
                ["label.unsupported_format", "label.does_not_fit"].contains(&e.code()),
                "{f:?}: {e}"
            ),
        }
    }
});
