//! User template files are hostile input: oversized canvases are refused before anything is
//! drawn, nonsense is an error and never a panic, and messages quote little of the file.

mod common;

use qrstation_label::template::{MAX_CANVAS_DOTS, MAX_SIDE_DOTS};
use qrstation_label::{preview, render_badge, Format, Template};
use serde_json::{json, Value};

fn base() -> Value {
    serde_json::to_value(Template::find("brother-ql-62x100", None).unwrap()).unwrap()
}

fn with(changes: Value) -> String {
    let mut v = base();
    for (k, x) in changes.as_object().unwrap() {
        v[k] = x.clone();
    }
    v.to_string()
}

/// Parses `text`; when it is accepted, renders it in every format it supports. Nothing may
/// panic, and every drawn canvas stays within the caps.
fn parse_and_render(text: &str) -> Result<Template, qrstation_label::LabelError> {
    let t = Template::from_json(text)?;
    if let Ok((canvas, _)) = preview(&common::input(3), &t) {
        assert!(canvas.width <= MAX_SIDE_DOTS && canvas.height <= MAX_SIDE_DOTS);
        assert!(u64::from(canvas.width) * u64::from(canvas.height) <= MAX_CANVAS_DOTS);
    }
    for f in [Format::Png, Format::Pdf, Format::Zpl, Format::BrotherQl] {
        if let Ok(out) = render_badge(&common::input(3), &t, f) {
            assert!(!out.bytes.is_empty());
        }
    }
    Ok(t)
}

#[test]
fn a_metre_at_1200_dpi_is_refused_before_drawing() {
    for (changes, what) in [
        (
            json!({"dpi": 1200, "width_mm": 999.0, "height_mm": 999.0, "width_dots": null, "height_dots": null}),
            "1000 mm square at 1200 dpi (2.2 G dots)",
        ),
        (
            json!({"dpi": 1200, "width_mm": 999.0, "height_mm": null, "width_dots": null, "height_dots": null}),
            "999 mm continuous at 1200 dpi",
        ),
        (
            json!({"dpi": 600, "width_mm": 400.0, "height_mm": 400.0, "width_dots": null, "height_dots": null}),
            "400 mm square at 600 dpi: each side fits, the area does not",
        ),
        (json!({"width_dots": 20001}), "width_dots over the cap"),
        (json!({"height_dots": u32::MAX}), "height_dots of 4 G"),
    ] {
        let err = Template::from_json(&with(changes)).expect_err(what);
        assert_eq!(err.code(), "label.canvas_too_large", "{what}: {err}");
    }
    // The biggest built-in stays far inside.
    for t in Template::builtin() {
        let h = t.height_px().unwrap_or(t.width_px() * 4);
        assert!(
            u64::from(t.width_px()) * u64::from(h) < MAX_CANVAS_DOTS / 4,
            "{}",
            t.name
        );
    }
}

#[test]
fn nonsense_is_an_error_and_never_a_panic() {
    let many_names: Vec<&str> = vec!["name"; 1000];
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let cases: Vec<(String, &str)> = vec![
        (
            with(json!({"width_dots": 10})),
            "a margin wider than width_dots",
        ),
        (
            with(json!({"height_dots": 20})),
            "a margin taller than height_dots",
        ),
        (with(json!({"width_dots": 0})), "zero width_dots"),
        (with(json!({"logo_height_mm": 1e30})), "a huge logo box"),
        (with(json!({"logo_height_mm": -1.0})), "a negative logo box"),
        (
            with(json!({"logo_height_mm": 100.0})),
            "a logo box as tall as the label",
        ),
        (
            with(json!({"fields": many_names})),
            "the name a thousand times",
        ),
        (
            with(json!({"fields": ["name", "upn", "upn"]})),
            "a field twice",
        ),
        (with(json!({"fields": []})), "no fields"),
        (with(json!({"dpi": 0})), "dpi 0"),
        (with(json!({"dpi": 5000})), "dpi 5000"),
        (with(json!({"margin_mm": -1.0})), "a negative margin"),
        (
            with(json!({"margin_mm": 40.0})),
            "a margin over a third of the height",
        ),
        (
            with(json!({"qr_min_in": 1e9})),
            "a QR code of a billion inches",
        ),
        (with(json!({"name_pt": [1e9, 1e9]})), "huge text"),
        (
            with(json!({"line_pt": [5.0, 9.0]})),
            "sizes in the wrong order",
        ),
        (with(json!({"width_mm": 1e308})), "width 1e308 mm"),
        (with(json!({"name": "a/../b"})), "a path in the name"),
        (
            with(json!({"title": "x\u{0}y"})),
            "a control character in the title",
        ),
        (with(json!({"title": "t".repeat(201)})), "a long title"),
        (
            with(
                json!({"printer": "office", "sheet": {"page_width_mm": 210.0, "page_height_mm": 297.0, "columns": 2, "rows": 2, "gap_mm": -50.0}}),
            ),
            "a negative sheet gap",
        ),
        (
            with(
                json!({"printer": "office", "sheet": {"page_width_mm": 1e300, "page_height_mm": 1e300, "columns": 1_000_000, "rows": 1_000_000, "gap_mm": 0.0}}),
            ),
            "a million by a million badges",
        ),
        (
            with(
                json!({"printer": "office", "sheet": {"page_width_mm": 210.0, "page_height_mm": 297.0, "columns": 0, "rows": 1, "gap_mm": 0.0}}),
            ),
            "no columns",
        ),
        (
            with(json!({"printer": "brother-ql", "brother": null})),
            "a Brother template without media",
        ),
        (with(json!({"surprise": 1})), "an unknown key"),
        (with(json!({"dpi": -300})), "a negative dpi"),
        (with(json!({"dpi": 300.5})), "a fractional dpi"),
        ("".into(), "an empty file"),
        ("null".into(), "null"),
        ("[]".into(), "a list"),
        ("\"zebra\"".into(), "a string"),
        (base().to_string()[..60].to_string(), "a cut-off file"),
        (deep, "ten thousand nested lists"),
        ("\u{feff}{}".into(), "a byte-order mark"),
    ];
    for (text, what) in cases {
        let err = parse_and_render(&text).expect_err(what);
        assert!(
            ["label.invalid_template", "label.canvas_too_large"].contains(&err.code()),
            "{what}: {err}"
        );
    }
}

#[test]
fn a_stacked_logo_too_tall_for_the_qr_code_is_refused() {
    let mut t = Template::find("brother-ql-62x100", None).unwrap();
    t.logo_height_mm = Some(60.0);
    let t = Template::from_json(&serde_json::to_string(&t).unwrap()).unwrap();
    let mut input = common::input(5);
    let mut logo = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut logo, 4, 4);
        enc.set_color(png::ColorType::Grayscale);
        enc.write_header()
            .unwrap()
            .write_image_data(&[0; 16])
            .unwrap();
    }
    input.logo_png = Some(logo);
    // 60 mm of logo leaves 38 mm of a 100 mm label: less than the 2 in code needs.
    let err = render_badge(&input, &t, Format::Png).unwrap_err();
    assert_eq!(err.code(), "label.does_not_fit", "{err}");
}

#[test]
fn errors_quote_only_a_few_characters_of_the_file() {
    let junk = "Z".repeat(20_000);
    for text in [
        with(json!({ "name": junk })),
        with(json!({ "printer": junk })),
        with(json!({ "dpi": junk })),
        with(json!({ "fields": ["name", junk] })),
        with(json!({ "title": junk })),
        format!("{{\"{junk}\": 1}}"),
        format!("{{\"name\": \"{junk}"),
        // Found by the template_render fuzzer: an unknown key of replacement characters (three
        // bytes each) next to the list of every key the parser expected.
        format!("{{\"w{}idth_mm\": 1}}", "\u{fffd}".repeat(120)),
    ] {
        let err = Template::from_json(&text).unwrap_err();
        let msg = err.to_string();
        let chars = msg.chars().count();
        assert!(chars < 400, "{chars} chars: {msg}");
        assert!(!msg.contains(&"Z".repeat(30)), "{msg}");
        assert!(!msg.contains(&"\u{fffd}".repeat(30)), "{msg}");
    }
}

#[test]
fn a_template_file_over_64_kib_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let padded = with(json!({"name": "big", "title": "Big"})).replacen(
        '{',
        &format!("{{{}", " ".repeat(70_000)),
        1,
    );
    std::fs::write(dir.path().join("big.json"), padded).unwrap();
    let err = Template::all(Some(dir.path())).unwrap_err();
    assert_eq!(err.code(), "label.invalid_template", "{err}");
    assert!(err.to_string().contains("64 KiB"), "{err}");
}
