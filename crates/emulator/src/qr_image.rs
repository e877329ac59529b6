//! The QR payload (`ms-qrpin:v1|{upn}|{qrCodeId}|{secret}`) and a real QR image of it (SVG,
//! as Microsoft's beta example shows, or a PNG with `Compat::qr_image_format`: a draft shows
//! a PNG header), returned once at creation as `qrCodeImageDetails`.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use qrcode::render::svg;
use qrcode::{Color, EcLevel, QrCode, Version};
use serde_json::{json, Value};

use crate::config::QrImageFormat;
use crate::secrets::{random_digits, Hashed};

/// The smallest side of the image in pixels (the SVG's minimum too).
const MIN_SIDE: u32 = 195;
/// Light modules around the symbol, as the QR specification asks.
const QUIET_ZONE: u32 = 4;

/// A freshly minted QR credential: the image details to return once, and the hash to keep.
pub struct MintedQr {
    /// `qrCodeImageDetails` JSON (contains the secret: return once, never log or store).
    pub image: Value,
    /// Salted hash of the secret, the only thing stored.
    pub secret_hash: Hashed,
}

/// The text a QR code encodes, per the decoded beta example.
pub fn payload(upn: &str, qr_id: &str, secret: &str) -> String {
    format!("ms-qrpin:v1|{upn}|{qr_id}|{secret}")
}

/// Splits a payload back into (upn, qr id, secret).
pub fn parse_payload(text: &str) -> Option<(&str, &str, &str)> {
    let rest = text.strip_prefix("ms-qrpin:v1|")?;
    let mut parts = rest.splitn(3, '|');
    Some((parts.next()?, parts.next()?, parts.next()?))
}

fn ec_level(c: char) -> EcLevel {
    match c {
        'l' => EcLevel::L,
        'm' => EcLevel::M,
        'q' => EcLevel::Q,
        _ => EcLevel::H,
    }
}

/// An 8-bit greyscale PNG of `code`: a 4-module quiet zone, at least 4 pixels per module and
/// at least 195 pixels a side, black on white.
pub fn png_of(code: &QrCode) -> Result<Vec<u8>, crate::EmulatorError> {
    let modules = u32::try_from(code.width()).unwrap_or(u32::MAX);
    let span = modules + 2 * QUIET_ZONE;
    let scale = MIN_SIDE.div_ceil(span).max(4);
    let side = span * scale;
    let colors = code.to_colors();
    let mut pixels = vec![255u8; (side * side) as usize];
    for (i, c) in colors.iter().enumerate() {
        if *c != Color::Dark {
            continue;
        }
        let (mx, my) = (i as u32 % modules, i as u32 / modules);
        for y in (my + QUIET_ZONE) * scale..(my + QUIET_ZONE + 1) * scale {
            let row = (y * side) as usize;
            let x0 = ((mx + QUIET_ZONE) * scale) as usize;
            pixels[row + x0..row + x0 + scale as usize].fill(0);
        }
    }
    let err =
        |e: png::EncodingError| crate::EmulatorError::Crypto(format!("PNG encoding failed: {e}"));
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, side, side);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().map_err(err)?;
        w.write_image_data(&pixels).map_err(err)?;
        w.finish().map_err(err)?;
    }
    Ok(out)
}

/// Creates a new secret for QR code `qr_id` of `upn`, renders it (SVG), and hashes the
/// secret.
pub fn mint(upn: &str, qr_id: &str, ec: char) -> Result<MintedQr, crate::EmulatorError> {
    mint_as(upn, qr_id, ec, QrImageFormat::Svg)
}

/// Like [`mint`], rendering the image as `format`.
pub fn mint_as(
    upn: &str,
    qr_id: &str,
    ec: char,
    format: QrImageFormat,
) -> Result<MintedQr, crate::EmulatorError> {
    // The secret's real alphabet and length are unconfirmed (the docs' example is truncated
    // after "3763…"); 40 random decimal digits carry about 133 bits.
    let secret = random_digits(40);
    let text = payload(upn, qr_id, &secret);
    let code = QrCode::with_error_correction_level(text.as_bytes(), ec_level(ec))
        .map_err(|e| crate::EmulatorError::Crypto(format!("QR encoding failed: {e:?}")))?;
    let version = match code.version() {
        Version::Normal(v) | Version::Micro(v) => v,
    };
    let bytes = match format {
        QrImageFormat::Svg => code
            .render::<svg::Color<'_>>()
            .min_dimensions(MIN_SIDE, MIN_SIDE)
            .dark_color(svg::Color("#000000"))
            .light_color(svg::Color("#ffffff"))
            .build()
            .into_bytes(),
        QrImageFormat::Png => png_of(&code)?,
    };
    Ok(MintedQr {
        image: json!({
            "@odata.type": "#microsoft.graph.qrCodeImageDetails",
            "binaryValue": B64.encode(&bytes),
            "version": version,
            "errorCorrectionLevel": ec.to_string(),
            "rawContent": B64.encode(text.as_bytes()),
        }),
        secret_hash: Hashed::new(&secret),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_matches_payload() {
        let m = mint(
            "ada@contoso.test",
            "1a253da5-3f9a-457d-bd9c-de1aab9a2e59",
            'h',
        )
        .expect("mint");
        let raw = B64
            .decode(m.image["rawContent"].as_str().expect("raw"))
            .expect("b64");
        let text = String::from_utf8(raw).expect("utf8");
        let (upn, id, secret) = parse_payload(&text).expect("payload");
        assert_eq!(upn, "ada@contoso.test");
        assert_eq!(id, "1a253da5-3f9a-457d-bd9c-de1aab9a2e59");
        assert!(m.secret_hash.matches(secret));
        let svg = B64
            .decode(m.image["binaryValue"].as_str().expect("bin"))
            .expect("b64");
        assert!(String::from_utf8(svg).expect("utf8").starts_with("<?xml"));
        // Rebuild the QR from the text at the stated level: its version must match.
        let again = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::H).expect("qr");
        assert_eq!(
            Version::Normal(m.image["version"].as_i64().expect("v") as i16),
            again.version()
        );
        assert_eq!(m.image["errorCorrectionLevel"], "h");
    }

    #[test]
    fn png_decodes_and_scans_to_the_payload() {
        let m = mint_as("ada@contoso.test", "id-1", 'h', QrImageFormat::Png).expect("mint");
        let png = B64
            .decode(m.image["binaryValue"].as_str().expect("bin"))
            .expect("b64");
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        let mut reader = png::Decoder::new(std::io::Cursor::new(&png))
            .read_info()
            .expect("png header");
        let mut buf = vec![0; reader.output_buffer_size().expect("size")];
        let frame = reader.next_frame(&mut buf).expect("frame");
        assert_eq!(frame.color_type, png::ColorType::Grayscale);
        let (w, h) = (frame.width as usize, frame.height as usize);
        assert!(w >= 195 && w == h);
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, text) = grids[0].decode().expect("decodes");
        let raw = B64
            .decode(m.image["rawContent"].as_str().expect("raw"))
            .expect("b64");
        assert_eq!(text.as_bytes(), raw.as_slice());
    }
}
