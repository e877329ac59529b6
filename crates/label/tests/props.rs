//! Short property tests of the hostile inputs: printer specs, media names and template files
//! (the same invariants as the fuzz targets `printer_spec` and `template_render`).

mod common;

use proptest::prelude::*;
use qrstation_label::template::{MAX_CANVAS_DOTS, MAX_SIDE_DOTS};
use qrstation_label::{cups, layout, render_badge, BadgeInput, Format, Printer, Template};
use serde_json::{json, Value};

/// The spec that parses back to `p`.
fn spec_of(p: &Printer) -> String {
    match p {
        Printer::Cups {
            server: Some(s),
            queue,
        } => format!("cups:{queue}@{s}"),
        Printer::Cups {
            server: None,
            queue,
        } => format!("cups:{queue}"),
        Printer::RawTcp { addr } => format!("tcp:{addr}"),
        Printer::File { path } => format!("file:{}", path.display()),
    }
}

fn check_spec(spec: &str) -> Result<(), TestCaseError> {
    match Printer::parse(spec) {
        Ok(p) => {
            match &p {
                Printer::Cups { server, queue } => {
                    prop_assert!(!queue.is_empty() && !queue.starts_with('-'));
                    prop_assert!(!queue
                        .chars()
                        .any(|c| c.is_whitespace() || c.is_control() || "/@#".contains(c)));
                    if let Some(s) = server {
                        prop_assert!(!s.is_empty() && !s.starts_with('-'));
                        prop_assert!(!s.chars().any(|c| c.is_whitespace() || c.is_control()));
                    }
                }
                Printer::RawTcp { addr } => {
                    let port = addr.rsplit(':').next().unwrap_or("");
                    prop_assert!(port.parse::<u16>().is_ok_and(|p| p > 0), "{addr}");
                    prop_assert!(!addr.chars().any(|c| c.is_whitespace() || c.is_control()));
                }
                Printer::File { path } => {
                    let path = path.to_string_lossy();
                    prop_assert!(!path.is_empty() && !path.chars().any(char::is_control));
                }
            }
            let again = Printer::parse(&spec_of(&p));
            prop_assert_eq!(again, Ok(p));
        }
        Err(e) => {
            prop_assert_eq!(e.code(), "label.printer_unreachable");
            let text = e.to_string();
            prop_assert!(text.chars().count() < 400 && !text.chars().any(char::is_control));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn printer_specs_are_clean_or_refused(
        kind in prop::sample::select(vec!["", "cups:", "tcp:", "socket://", "file:", "cups:q@"]),
        rest in "[ -~\t\n\r\0é中]{0,40}",
    ) {
        check_spec(&format!("{kind}{rest}"))?;
    }

    #[test]
    fn arbitrary_strings_never_panic_the_printer_parser(s in any::<String>()) {
        check_spec(&s)?;
    }

    #[test]
    fn accepted_media_names_are_plain_keywords(m in "[ -~\t\n]{0,70}") {
        if cups::check_media_name(&m).is_ok() {
            prop_assert!(!m.is_empty() && m.len() <= 64);
            prop_assert!(!m.contains([' ', '=', ',', '\t', '\n', '"', '\'']));
        } else {
            prop_assert_eq!(cups::check_media_name(&m).unwrap_err().code(), "label.invalid_media");
        }
    }
}

fn grey_logo() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 6, 3);
        enc.set_color(png::ColorType::Grayscale);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[0, 80, 160, 255, 0, 9, 1, 2, 3, 4, 5, 6, 250, 0, 0, 0, 0, 0])
            .unwrap();
    }
    out
}

fn small_input(with_logo: bool) -> BadgeInput {
    let mut i = common::input(9);
    i.logo_png = with_logo.then(grey_logo);
    i
}

/// Mostly plausible values, now and then a wild one.
fn mostly<T: std::fmt::Debug + Clone + 'static>(
    usual: impl Strategy<Value = T> + 'static,
    wild: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<T> {
    prop_oneof![9 => usual, 1 => wild].boxed()
}

fn fields() -> BoxedStrategy<Vec<&'static str>> {
    let all = vec!["name", "upn", "department", "validity", "onboarding"];
    mostly(
        Just(all.clone()).prop_shuffle().prop_flat_map(|v| {
            let n = v.len();
            (Just(v), 1..=n).prop_map(|(mut v, k)| {
                v.truncate(k);
                if !v.contains(&"name") {
                    v[0] = "name";
                }
                v
            })
        }),
        prop::collection::vec(prop::sample::select(all), 0..7),
    )
}

prop_compose! {
    fn template_json()(
        printer in prop::sample::select(vec!["brother-ql", "zebra", "card", "office"]),
        dpi in mostly(prop::sample::select(vec![100u32, 150, 203, 300, 600, 1200]), 0u32..3000),
        width_mm in mostly(30.0..110.0f64, -5.0..2000.0f64),
        height_mm in prop::option::weighted(0.8, mostly(30.0..110.0f64, -5.0..2000.0f64)),
        width_dots in prop::option::weighted(0.1, 0u32..30_000),
        height_dots in prop::option::weighted(0.1, 0u32..30_000),
        margin_mm in mostly(0.0..5.0f64, -1.0..40.0f64),
        stacked in any::<bool>(),
        qr_min_in in mostly(0.5..2.5f64, 0.0..9.0f64),
        name_pt in mostly((3.0..12.0f32, 0.0..20.0f32).prop_map(|(lo, d)| (lo + d, lo)), (0.0..80.0f32, 0.0..80.0f32)),
        line_pt in mostly((3.0..8.0f32, 0.0..10.0f32).prop_map(|(lo, d)| (lo + d, lo)), (0.0..80.0f32, 0.0..80.0f32)),
        fields in fields(),
        logo_height_mm in prop::option::of(mostly(2.0..20.0f64, -5.0..150.0f64)),
        brother in prop::option::weighted(0.5, (any::<bool>(), any::<u8>(), any::<u8>())),
        sheet in prop::option::weighted(0.3, (150.0..400.0f64, 150.0..400.0f64, 0u32..4, 0u32..5, -2.0..20.0f64)),
    ) -> Value {
        let mut t = json!({
            "name": "prop", "title": "Property", "printer": printer, "dpi": dpi,
            "width_mm": width_mm, "height_mm": height_mm, "width_dots": width_dots,
            "height_dots": height_dots, "margin_mm": margin_mm,
            "arrangement": if stacked { "stacked" } else { "side-by-side" },
            "qr_min_in": qr_min_in, "name_pt": [name_pt.0, name_pt.1],
            "line_pt": [line_pt.0, line_pt.1], "fields": fields,
            "logo_height_mm": logo_height_mm,
        });
        if let Some((continuous, w, l)) = brother {
            t["brother"] = json!({"continuous": continuous, "width_mm": w, "length_mm": l});
        }
        if let Some((pw, ph, c, r, g)) = sheet {
            t["sheet"] = json!({"page_width_mm": pw, "page_height_mm": ph, "columns": c, "rows": r, "gap_mm": g});
        }
        t
    }
}

/// A template file is refused, or every badge laid out from it is within the canvas caps
/// with its QR code on the label, and every format it supports renders to some bytes or a
/// clean error. Rasters are drawn only for labels up to a million dots, to keep this short.
fn check_template(text: &str, with_logo: bool) -> Result<(), TestCaseError> {
    let t = match Template::from_json(text) {
        Ok(t) => t,
        Err(e) => {
            prop_assert!(
                ["label.invalid_template", "label.canvas_too_large"].contains(&e.code()),
                "{e}"
            );
            prop_assert!(e.to_string().chars().count() < 400);
            return Ok(());
        }
    };
    let input = small_input(with_logo);
    let l = match layout::layout(&input, &t) {
        Ok(l) => l,
        Err(e) => {
            prop_assert!(
                ["label.does_not_fit", "label.canvas_too_large"].contains(&e.code()),
                "{e}"
            );
            return Ok(());
        }
    };
    prop_assert!(l.width <= MAX_SIDE_DOTS && l.height <= MAX_SIDE_DOTS);
    prop_assert!(u64::from(l.width) * u64::from(l.height) <= MAX_CANVAS_DOTS);
    let q = l.qr.geometry.width_dots;
    prop_assert!(
        l.qr.x + q <= l.width && l.qr.y + q <= l.height,
        "QR off the label"
    );
    if u64::from(l.width) * u64::from(l.height) > 1_000_000 {
        return Ok(());
    }
    for f in [Format::Png, Format::Pdf, Format::Zpl, Format::BrotherQl] {
        match render_badge(&input, &t, f) {
            Ok(out) => {
                prop_assert!(t.printer.supports(f));
                prop_assert!(!out.bytes.is_empty());
            }
            Err(e) => prop_assert!(
                ["label.unsupported_format", "label.does_not_fit"].contains(&e.code()),
                "{e}"
            ),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn templates_are_refused_or_render_within_the_cap(t in template_json(), logo in any::<bool>()) {
        check_template(&t.to_string(), logo)?;
    }

    #[test]
    fn damaged_template_files_never_panic(
        at in 0usize..400, cut in 0usize..40, insert in "[ -~]{0,12}",
    ) {
        let text = serde_json::to_string(&Template::find("zebra-4x3-203", None).unwrap()).unwrap();
        // Cut on character boundaries: display names hold non-ASCII ("4×3").
        let boundary = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let at = boundary(at);
        let end = boundary(at + cut);
        let damaged = format!("{}{insert}{}", &text[..at], &text[end..]);
        check_template(&damaged, false)?;
    }
}
