//! PNG output: every built-in template's badge decodes back to the exact payload bytes, at
//! whole dots per module and the template's dpi.

mod common;

use qrstation_label::{render_badge, BadgeInput, Format, Template, Warning};

#[test]
fn every_template_png_round_trips() {
    for (i, t) in Template::builtin().iter().enumerate() {
        let input = common::input(i as u32);
        let out = render_badge(&input, t, Format::Png).unwrap();
        let (w, h, px, ppm) = common::read_png(&out.bytes);
        assert_eq!(w as u32, t.width_px(), "{}", t.name);
        if let Some(th) = t.height_px() {
            assert_eq!(h as u32, th, "{}", t.name);
        }
        assert_eq!(ppm, (f64::from(t.dpi) / 0.0254).round() as u32);
        let got = common::decode_one(w, h, |x, y| px[y * w + x]);
        assert!(got == input.payload, "{}: payload differs", t.name);
        assert_eq!(out.qr.width_dots % (out.qr.modules + 8), 0);
        common::assert_whole_modules(w, h, out.qr.dots_per_module, |x, y| px[y * w + x] < 128);
        let small = out
            .warnings
            .iter()
            .any(|w| matches!(w, Warning::QrBelowRecommended { .. }));
        assert_eq!(
            small,
            out.qr.width_in < 2.0,
            "{}: {:?}",
            t.name,
            out.warnings
        );
        if t.qr_min_in >= 2.0 {
            assert!(out.qr.width_in >= 2.0, "{}", t.name);
        }
    }
}

#[test]
fn long_and_non_latin_names_fit_without_clipping() {
    let t = Template::find("brother-ql-62x100", None).unwrap();
    for name in [
        "Maximiliane Alexandra-Konstantina von Hohenzollern-Sigmaringen-Württemberg",
        "Αλέξανδρος Παπαδόπουλος-Καραμανλής",
        "Екатерина Александровна Смирнова-Кузнецова",
    ] {
        let input = BadgeInput {
            display_name: name.into(),
            ..common::input(7)
        };
        let l = qrstation_label::layout::layout(&input, &t).unwrap();
        let name_lines: Vec<_> = l
            .lines
            .iter()
            .filter(|l| l.field == qrstation_label::template::Field::Name)
            .collect();
        let joined: Vec<_> = name_lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(joined.join(" ").replace("- ", "-"), name.replace("- ", "-"));
        for line in &l.lines {
            let right = line.x + qrstation_label::text::width(&line.text, line.em_px);
            assert!(
                line.x >= 0.0 && right <= l.width as f32,
                "{name}: {}",
                line.text
            );
            assert!(line.baseline < l.height as f32, "{name}");
        }
        assert!(l.warnings.is_empty(), "{name}: {:?}", l.warnings);
        let out = render_badge(&input, &t, Format::Png).unwrap();
        let (w, h, px, _) = common::read_png(&out.bytes);
        assert_eq!(
            common::decode_one(w, h, |x, y| px[y * w + x]),
            input.payload
        );
    }
}

#[test]
fn characters_no_font_has_render_with_a_warning() {
    let t = Template::find("zebra-4x3-203", None).unwrap();
    let input = BadgeInput {
        display_name: "山田 \u{10FFFD}".into(),
        ..common::input(3)
    };
    let out = render_badge(&input, &t, Format::Png).unwrap();
    assert!(out
        .warnings
        .iter()
        .any(|w| w.code() == "label.warn.missing_glyphs"));
}

#[test]
fn version_mismatch_is_reported_and_the_payload_wins() {
    let t = Template::find("sheet-a4", None).unwrap();
    let input = BadgeInput {
        reported_version: Some(1),
        ..common::input(1)
    };
    let out = render_badge(&input, &t, Format::Png).unwrap();
    assert!(matches!(
        out.warnings[0],
        Warning::VersionMismatch { reported: 1, .. }
    ));
    let (w, h, px, _) = common::read_png(&out.bytes);
    assert_eq!(
        common::decode_one(w, h, |x, y| px[y * w + x]),
        input.payload
    );
}

#[test]
fn logo_is_drawn_when_the_template_has_room() {
    let mut logo = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut logo, 40, 20);
        enc.set_color(png::ColorType::Grayscale);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[0u8; 800]).unwrap();
    }
    let input = BadgeInput {
        logo_png: Some(logo),
        ..common::input(2)
    };
    let t = Template::find("zebra-4x3-203", None).unwrap();
    let l = qrstation_label::layout::layout(&input, &t).unwrap();
    let [x, y, w, h] = l.logo.as_ref().unwrap().rect;
    assert_eq!((w, h), (160, 80));
    let canvas = qrstation_label::raster::render(&l);
    assert_eq!(canvas.at(x + w / 2, y + h / 2), 0);
    let t2 = Template::find("zebra-2x2-203", None).unwrap();
    let out = render_badge(&input, &t2, Format::Png).unwrap();
    assert!(out.warnings.contains(&Warning::LogoNotShown));
}

#[test]
fn blank_text_still_renders_and_narrow_templates_are_refused() {
    let input = BadgeInput {
        display_name: String::new(),
        upn: String::new(),
        department: None,
        valid_from: None,
        valid_until: None,
        onboarding: None,
        temporary: false,
        ..common::input(4)
    };
    let t = Template::find("cr80", None).unwrap();
    for format in [Format::Png, Format::Pdf] {
        let out = render_badge(&input, &t, format).unwrap();
        assert!(!out.bytes.is_empty());
    }
    let mut narrow = Template::find("zebra-4x3-203", None).unwrap();
    narrow.width_mm = 60.0;
    let err = render_badge(&common::input(4), &narrow, Format::Png).unwrap_err();
    assert_eq!(err.code(), "label.does_not_fit");
}
