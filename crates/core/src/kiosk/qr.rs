//! The device-code page's address as a QR code (SVG) for the kiosk's screen, so a worker's
//! phone camera opens it. The address is public; nothing secret is ever drawn here.

use crate::{CoreError, Result};

/// An SVG QR code of `text`, black on white with its quiet zone.
pub fn svg(text: &str) -> Result<String> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| CoreError::QrNotDrawable(e.to_string()))?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_address_becomes_an_svg() {
        let s = super::svg("https://microsoft.com/devicelogin").unwrap();
        assert!(
            s.starts_with("<?xml") && s.contains("<svg") && s.contains("<path"),
            "{s}"
        );
    }
}
