//! Golden bytes for ZPL and Brother QL: a small fixed badge must render byte for byte as the
//! files in `tests/golden/`. After a deliberate change, `QRSTATION_BLESS=1 cargo test -p
//! qrstation-label --test golden` rewrites them; review the diff (and print one) before committing.

use qrstation_label::{render_badge, BadgeInput, Ecc, Format, Template};
use std::path::PathBuf;

fn fixed() -> BadgeInput {
    BadgeInput {
        payload: b"qrstation golden".to_vec(),
        ecc: Ecc::H,
        display_name: "Ann Li".into(),
        valid_until: Some("2027-01-31".into()),
        ..BadgeInput::default()
    }
}

fn check(name: &str, got: &[u8]) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var("QRSTATION_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read(&path).unwrap_or_else(|_| panic!("{} missing", path.display()));
    if want != got {
        let out = std::env::temp_dir().join(format!("qrstation-golden-{name}"));
        std::fs::write(&out, got).unwrap();
        panic!(
            "{name} differs from the golden file; actual output in {}",
            out.display()
        );
    }
}

#[test]
fn zpl_golden() {
    let t = Template::find("zebra-2x2-203", None).unwrap();
    let out = render_badge(&fixed(), &t, Format::Zpl).unwrap();
    let text = String::from_utf8(out.bytes.clone()).unwrap();
    // The parts written by hand from Zebra's manual, independent of the golden file.
    assert!(
        text.starts_with("^XA\n^CI28\n^PW406\n^LL406\n^LH0,0\n^FO"),
        "{}",
        &text[..40]
    );
    assert!(text.ends_with("^PQ1\n^XZ\n"));
    check("zebra-2x2-203.zpl", &out.bytes);
}

#[test]
fn brother_ql_golden() {
    let t = Template::find("brother-ql-62", None).unwrap();
    let out = render_badge(&fixed(), &t, Format::BrotherQl).unwrap();
    let b = &out.bytes;
    // Header written by hand from the raster command reference.
    let rows = u32::from_le_bytes(b[413..417].try_into().unwrap());
    let mut head = vec![0u8; 400];
    head.extend_from_slice(&[0x1B, 0x40, 0x1B, 0x69, 0x61, 0x01]);
    head.extend_from_slice(&[0x1B, 0x69, 0x7A, 0xCE, 0x0A, 62, 0]);
    head.extend_from_slice(&rows.to_le_bytes());
    head.extend_from_slice(&[0, 0, 0x1B, 0x69, 0x4D, 0x40, 0x1B, 0x69, 0x41, 0x01]);
    head.extend_from_slice(&[0x1B, 0x69, 0x4B, 0x08, 0x1B, 0x69, 0x64, 35, 0, 0x4D, 0x02]);
    assert_eq!(&b[..head.len()], &head[..]);
    // The first row is blank margin: 90 zero bytes packed as one run.
    assert_eq!(
        &b[head.len()..head.len() + 5],
        &[0x67, 0x00, 0x02, 0xA7, 0x00]
    );
    assert_eq!(*b.last().unwrap(), 0x1A);
    check("brother-ql-62.bin", b);
}

#[test]
fn zpl_golden_with_a_cjk_and_hebrew_name() {
    // The fallback font is bundled so this prints the same on every PC: pinned byte for byte.
    let t = Template::find("zebra-2x2-203", None).unwrap();
    let input = BadgeInput {
        display_name: "王秀英 김민준 שרה".into(),
        ..fixed()
    };
    let out = render_badge(&input, &t, Format::Zpl).unwrap();
    // (The 2 x 2 in label warns that its QR code is under 2 in; nothing about the text.)
    let codes: Vec<_> = out.warnings.iter().map(|w| w.code()).collect();
    assert_eq!(codes, ["label.warn.qr_below_recommended"]);
    check("zebra-2x2-203-cjk.zpl", &out.bytes);
}
