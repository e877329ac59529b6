//! Checking the QR image Graph returns against its `rawContent`: the PNG is decoded (the
//! `image` crate, bounded like a logo) and read back with an independent QR decoder (`rqrr`).
//! The badge itself is always re-rendered from `rawContent`; this tells whether Graph's own
//! picture of the code, which the app may show, says the same. Neither input is ever logged.

/// What reading Graph's QR image back found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrImageCheck {
    /// A QR code in the image encodes exactly `rawContent`.
    Matches,
    /// The image holds QR codes, none of which encodes `rawContent`.
    Differs,
    /// The image is a PNG, JPEG or WebP but no QR code could be read from it.
    Unreadable,
    /// Not a raster image this crate reads (Graph's SVG, or no image): not checked.
    NotChecked,
}

/// The largest side of a QR image read back, in pixels (Graph's are a few hundred).
const MAX_QR_IMAGE_SIDE: u32 = 4096;

/// Whether `image_bytes` (Graph's `image.binaryValue`) shows a QR code that encodes exactly
/// `raw_content`. SVG and unknown formats are [`QrImageCheck::NotChecked`].
pub fn qr_image_matches(image_bytes: &[u8], raw_content: &[u8]) -> QrImageCheck {
    if image_bytes.is_empty() || image::guess_format(image_bytes).is_err() {
        return QrImageCheck::NotChecked;
    }
    let Ok(rgba) = crate::logo::decode_rgba(image_bytes, MAX_QR_IMAGE_SIDE) else {
        return QrImageCheck::Unreadable;
    };
    let (w, h) = (rgba.width() as usize, rgba.height() as usize);
    // Flattened onto white, as a scanner sees a transparent background.
    let grey = |x: usize, y: usize| {
        let [r, g, b, a] = rgba.get_pixel(x as u32, y as u32).0;
        let l = (299 * u32::from(r) + 587 * u32::from(g) + 114 * u32::from(b)) / 1000;
        ((l * u32::from(a) + 255 * (255 - u32::from(a))) / 255) as u8
    };
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, grey);
    let mut found = false;
    for grid in prepared.detect_grids() {
        let mut bytes = Vec::new();
        if grid.decode_to(&mut bytes).is_ok() {
            if bytes == raw_content {
                return QrImageCheck::Matches;
            }
            found = true;
        }
    }
    if found {
        QrImageCheck::Differs
    } else {
        QrImageCheck::Unreadable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of `payload` as a QR code, 4 pixels a module with a quiet zone.
    fn qr_png(payload: &[u8]) -> Vec<u8> {
        let code = qrcode::QrCode::new(payload).unwrap();
        let n = code.width();
        let (k, q) = (4usize, 4usize);
        let side = (n + 2 * q) * k;
        let colors = code.to_colors();
        let img = image::GrayImage::from_fn(side as u32, side as u32, |x, y| {
            let (mx, my) = (
                (x as usize / k).wrapping_sub(q),
                (y as usize / k).wrapping_sub(q),
            );
            let dark = mx < n && my < n && colors[my * n + mx] == qrcode::Color::Dark;
            image::Luma([if dark { 0 } else { 255 }])
        });
        let mut out = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn graphs_png_is_read_back_and_compared_with_raw_content() {
        let raw = b"ms-qrpin:v1|jane@contoso.example|1a25|\xff\x00\x80 secret".to_vec();
        let png = qr_png(&raw);
        assert_eq!(qr_image_matches(&png, &raw), QrImageCheck::Matches);
        assert_eq!(
            qr_image_matches(&png, b"ms-qrpin:v1|someone else"),
            QrImageCheck::Differs
        );
        let svg = br#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>"#;
        assert_eq!(qr_image_matches(svg, &raw), QrImageCheck::NotChecked);
        assert_eq!(qr_image_matches(&[], &raw), QrImageCheck::NotChecked);
        // A PNG without a code, and a broken one: unreadable, never a panic.
        let mut blank = Vec::new();
        image::GrayImage::from_pixel(50, 50, image::Luma([255]))
            .write_to(
                &mut std::io::Cursor::new(&mut blank),
                image::ImageFormat::Png,
            )
            .unwrap();
        assert_eq!(qr_image_matches(&blank, &raw), QrImageCheck::Unreadable);
        assert_eq!(
            qr_image_matches(&png[..png.len() / 2], &raw),
            QrImageCheck::Unreadable
        );
    }
}
