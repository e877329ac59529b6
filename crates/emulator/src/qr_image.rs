//! The QR payload (`ms-qrpin:v1|{upn}|{qrCodeId}|{secret}`) and a real QR image of it (SVG,
//! as Microsoft's beta example shows), returned once at creation as `qrCodeImageDetails`.

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode, Version};
use serde_json::{json, Value};

use crate::secrets::{random_digits, Hashed};

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

/// Creates a new secret for QR code `qr_id` of `upn`, renders it, and hashes the secret.
pub fn mint(upn: &str, qr_id: &str, ec: char) -> Result<MintedQr, crate::EmulatorError> {
    // The secret's real alphabet and length are unconfirmed (the docs' example is truncated
    // after "3763…"); 40 random decimal digits carry about 133 bits.
    let secret = random_digits(40);
    let text = payload(upn, qr_id, &secret);
    let code = QrCode::with_error_correction_level(text.as_bytes(), ec_level(ec))
        .map_err(|e| crate::EmulatorError::Crypto(format!("QR encoding failed: {e:?}")))?;
    let version = match code.version() {
        Version::Normal(v) | Version::Micro(v) => v,
    };
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(195, 195)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .build();
    Ok(MintedQr {
        image: json!({
            "@odata.type": "#microsoft.graph.qrCodeImageDetails",
            "binaryValue": B64.encode(image.as_bytes()),
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
}
