//! Shared test helpers: realistic payloads and an independent QR decoder (`rqrr`).
#![allow(dead_code)]

use qrstation_label::{BadgeInput, Ecc};

/// A payload shaped like Entra's: `ms-qrpin:v1|upn|qr id|secret`, with bytes that are not
/// valid UTF-8 at the end so exact byte round trips are proven.
pub fn payload(seed: u32) -> Vec<u8> {
    let mut p =
        format!("ms-qrpin:v1|jane.doe{seed}@contoso.example|1a253da5-3f9a-457d-bd9c-{seed:012}|")
            .into_bytes();
    let mut x = 0x9E37_79B9u32 ^ seed;
    for _ in 0..48 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p.push(b'0' + (x % 10) as u8);
    }
    p.extend_from_slice(&[0xFF, 0x00, 0x80]);
    p
}

pub fn input(seed: u32) -> BadgeInput {
    BadgeInput {
        payload: payload(seed),
        ecc: Ecc::H,
        reported_version: None,
        display_name: "Jane Doe".into(),
        upn: format!("jane.doe{seed}@contoso.example"),
        department: Some("Store 0421 · Produce".into()),
        valid_from: Some("2026-11-22".into()),
        valid_until: Some("2027-11-22".into()),
        onboarding: Some("First sign-in: use your password once, then scan".into()),
        temporary: false,
        logo_png: None,
    }
}

/// Every QR code found in a grey image (0 black) that decodes, as payload bytes.
pub fn decode_all(w: usize, h: usize, grey: impl Fn(usize, usize) -> u8) -> Vec<Vec<u8>> {
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, grey);
    img.detect_grids()
        .into_iter()
        .filter_map(|g| {
            let mut out = Vec::new();
            g.decode_to(&mut out).ok().map(|_| out)
        })
        .collect()
}

/// The one QR code in the image.
pub fn decode_one(w: usize, h: usize, grey: impl Fn(usize, usize) -> u8) -> Vec<u8> {
    let mut all = decode_all(w, h, grey);
    assert_eq!(all.len(), 1, "expected exactly one QR code");
    all.remove(0)
}

/// The width in dots of the top-left finder pattern's top edge (7 modules), found by scanning
/// for the first dark dot from the top-left.
pub fn finder_width(w: usize, h: usize, dark: impl Fn(usize, usize) -> bool) -> usize {
    for y in 0..h {
        if let Some(x0) = (0..w).find(|&x| dark(x, y)) {
            return (x0..w).take_while(|&x| dark(x, y)).count();
        }
    }
    panic!("no dark dot")
}

/// Asserts whole dots per module: the finder's edge is exactly 7 modules of `dpm` dots.
pub fn assert_whole_modules(w: usize, h: usize, dpm: u32, dark: impl Fn(usize, usize) -> bool) {
    assert_eq!(
        finder_width(w, h, dark),
        7 * dpm as usize,
        "finder pattern is not 7 whole modules"
    );
}

/// Whether a test that needs outside tools must fail (rather than skip) when they are missing.
pub fn tools_required() -> bool {
    std::env::var("QRSTATION_REQUIRE_CUPS").is_ok_and(|v| v == "1")
}

/// Decodes PNG bytes to (width, height, grey pixels, pixels per metre).
pub fn read_png(bytes: &[u8]) -> (usize, usize, Vec<u8>, u32) {
    let dec = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut r = dec.read_info().unwrap();
    let ppm = r.info().pixel_dims.map(|d| d.xppu).unwrap_or(0);
    let mut buf = vec![0; r.output_buffer_size().unwrap()];
    let info = r.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    buf.truncate(info.buffer_size());
    (info.width as usize, info.height as usize, buf, ppm)
}
