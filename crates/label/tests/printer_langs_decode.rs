//! ZPL and Brother QL outputs read back by independent parsers and decoded with `rqrr`.

mod common;
#[path = "common/printer_langs.rs"]
mod langs;

use qrstation_label::{render_badge, Format, Template};

#[test]
fn zpl_qr_field_decodes_for_every_zebra_template() {
    for t in Template::builtin()
        .iter()
        .filter(|t| t.printer == qrstation_label::PrinterKind::Zebra)
    {
        let input = common::input(11);
        let out = render_badge(&input, t, Format::Zpl).unwrap();
        let zpl = String::from_utf8(out.bytes).unwrap();
        assert!(zpl.starts_with("^XA\n^CI28\n"), "{}", t.name);
        assert!(
            zpl.contains(&format!("^PW{}\n", t.width_px())),
            "{}",
            t.name
        );
        assert!(
            zpl.contains(&format!("^LL{}\n", t.height_px().unwrap())),
            "{}",
            t.name
        );
        assert!(zpl.trim_end().ends_with("^XZ"));
        // The first ^GFA field is the QR symbol alone: it decodes, with whole modules.
        let fields = langs::gfa_fields(&zpl);
        let qr = &fields[0].bits;
        let side = (out.qr.modules * out.qr.dots_per_module) as usize;
        assert_eq!((qr.height, qr.width.div_ceil(8)), (side, side.div_ceil(8)));
        common::assert_whole_modules(qr.width, qr.height, out.qr.dots_per_module, |x, y| {
            qr.at(x, y)
        });
        // The whole label (QR and text bitmaps) decodes to exactly the payload.
        let label = langs::zpl_label(&zpl);
        let got = common::decode_one(label.width, label.height, |x, y| label.grey(x, y));
        assert!(got == input.payload, "{}: payload differs", t.name);
        assert!(fields.len() >= 3, "text lines are bitmaps too");
    }
}

#[test]
fn brother_raster_decodes_for_both_brother_templates() {
    for t in Template::builtin().iter().filter(|t| t.brother.is_some()) {
        let input = common::input(12);
        let out = render_badge(&input, t, Format::BrotherQl).unwrap();
        let job = langs::brother_job(&out.bytes, 696);
        let media = t.brother.unwrap();
        assert_eq!(job.media_type, if media.continuous { 0x0A } else { 0x0B });
        assert_eq!((job.width_mm, job.length_mm), (62, media.length_mm));
        assert_eq!(job.rows_declared as usize, job.label.height);
        if let Some(h) = t.height_px() {
            assert_eq!(job.label.height as u32, h);
        }
        assert!(job.auto_cut);
        let l = &job.label;
        let got = common::decode_one(l.width, l.height, |x, y| l.grey(x, y));
        assert!(got == input.payload, "{}: payload differs", t.name);
        common::assert_whole_modules(l.width, l.height, out.qr.dots_per_module, |x, y| l.at(x, y));
    }
}

#[test]
fn formats_are_refused_on_the_wrong_printer() {
    let zebra = Template::find("zebra-4x3-203", None).unwrap();
    let err = render_badge(&common::input(1), &zebra, Format::BrotherQl).unwrap_err();
    assert_eq!(err.code(), "label.unsupported_format");
    let ql = Template::find("brother-ql-62", None).unwrap();
    assert_eq!(
        render_badge(&common::input(1), &ql, Format::Zpl)
            .unwrap_err()
            .code(),
        "label.unsupported_format"
    );
    assert_eq!(
        "tiff".parse::<Format>().unwrap_err().code(),
        "label.unknown_format"
    );
}
