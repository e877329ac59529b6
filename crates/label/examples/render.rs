//! Renders a demo badge:
//! `cargo run -p qrstation-label --example render -- TEMPLATE FORMAT OUT [NAME]`.

use qrstation_label::{render_badge, BadgeInput, Format, Template};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (template, format, out, name) = match args.as_slice() {
        [t, f, o] => (t, f, o, "Jane Doe-Papadopoulou"),
        [t, f, o, n] => (t, f, o, n.as_str()),
        _ => {
            eprintln!("usage: render TEMPLATE png|pdf|zpl|brother-ql OUT [NAME]");
            std::process::exit(2);
        }
    };
    let t = Template::find(template, None)?;
    let input = BadgeInput {
        payload: b"ms-qrpin:v1|demo@contoso.example|00000000-0000-0000-0000-000000000000|0123456789012345678901234567890123456789".to_vec(),
        display_name: name.into(),
        upn: "jane.doe@contoso.example".into(),
        department: Some("Store 0421 · Produce".into()),
        valid_from: Some("2026-11-22".into()),
        valid_until: Some("2027-11-22".into()),
        onboarding: Some("First sign-in: use your password once, then scan".into()),
        temporary: false,
        ..BadgeInput::default()
    };
    let r = render_badge(&input, &t, format.parse::<Format>()?)?;
    std::fs::write(out, &r.bytes)?;
    for w in &r.warnings {
        eprintln!("warning: {w}");
    }
    Ok(())
}
