//! Times the stages of one badge (for tuning): `cargo run --release -p qrstation-label --example timing`.

use qrstation_label::{layout, png_out, qr, raster, BadgeInput, Ecc, Template};
use std::time::Instant;

fn main() {
    let payload = b"ms-qrpin:v1|worker1@contoso.example|1a253da5-3f9a-457d-bd9c-000000000001|012345678901234567890123456789012345678901234567".to_vec();
    let t = Template::find("brother-ql-62x100", None).unwrap();
    let input = BadgeInput {
        payload: payload.clone(),
        display_name: "Worker Number 1 Papadopoulou".into(),
        upn: "worker1@contoso.example".into(),
        onboarding: Some("First sign-in: use your password once, then scan".into()),
        temporary: false,
        ..BadgeInput::default()
    };
    let n = 200;
    let time = |name: &str, f: &mut dyn FnMut()| {
        let s = Instant::now();
        for _ in 0..n {
            f();
        }
        println!(
            "{name}: {:.3} ms",
            s.elapsed().as_secs_f64() * 1000.0 / f64::from(n)
        );
    };
    time("qr encode", &mut || {
        qr::encode(&payload, Ecc::H, None).unwrap();
    });
    // For comparison: the qrcode crate's own build, mask scoring included.
    time("qrcode crate alone", &mut || {
        qrcode::QrCode::with_error_correction_level(&payload, qrcode::EcLevel::H).unwrap();
    });
    time("layout", &mut || {
        layout::layout(&input, &t).unwrap();
    });
    let l = layout::layout(&input, &t).unwrap();
    time("raster", &mut || {
        raster::render(&l);
    });
    let c = raster::render(&l);
    time("mono", &mut || {
        c.to_mono();
    });
    time("png", &mut || {
        png_out::encode(&c, 300).unwrap();
    });
    time("brother whole", &mut || {
        qrstation_label::render_badge(&input, &t, qrstation_label::Format::BrotherQl).unwrap();
    });
    let m = c.to_mono();
    time("brother encode", &mut || {
        qrstation_label::brother::encode(&m, t.brother.unwrap());
    });
    let sheet = Template::find("sheet-a4", None).unwrap();
    let layouts: Vec<_> = (0..1000)
        .map(|_| layout::layout(&input, &sheet).unwrap())
        .collect();
    let s = Instant::now();
    let pdf = qrstation_label::pdf::encode(
        &layouts,
        &qrstation_label::pdf::PageLayout::Sheet(sheet.sheet.unwrap()),
    )
    .unwrap();
    println!(
        "pdf write of 1000 laid-out badges: {:.1} ms, {} bytes",
        s.elapsed().as_secs_f64() * 1000.0,
        pdf.len()
    );
}
