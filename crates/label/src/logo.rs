//! The optional logo: any 8- or 16-bit PNG, flattened onto white as 8-bit grey.

use crate::LabelError;

/// A greyscale image, 0 black to 255 white, row by row.
#[derive(Debug, Clone, PartialEq)]
pub struct GreyImage {
    /// Pixels across.
    pub width: u32,
    /// Pixels down.
    pub height: u32,
    /// `width * height` grey levels.
    pub pixels: Vec<u8>,
}

impl GreyImage {
    /// Decodes a PNG logo.
    pub fn from_png(bytes: &[u8]) -> Result<GreyImage, LabelError> {
        let bad = |e: png::DecodingError| LabelError::InvalidLogo(e.to_string());
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder.read_info().map_err(bad)?;
        let (w, h) = (reader.info().width, reader.info().height);
        if w == 0 || h == 0 || u64::from(w) * u64::from(h) > 16_000_000 {
            return Err(LabelError::InvalidLogo(
                "the image is empty or over 16 megapixels".into(),
            ));
        }
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| LabelError::InvalidLogo("the image is too large".into()))?;
        let mut buf = vec![0; size];
        let frame = reader.next_frame(&mut buf).map_err(bad)?;
        let channels = frame.color_type.samples();
        let pixels = buf[..frame.buffer_size()]
            .chunks_exact(channels)
            .map(|p| {
                let (grey, alpha) = match p.len() {
                    1 => (u32::from(p[0]), 255),
                    2 => (u32::from(p[0]), u32::from(p[1])),
                    3 => (luma(p), 255),
                    _ => (luma(p), u32::from(p[3])),
                };
                ((grey * alpha + 255 * (255 - alpha)) / 255) as u8
            })
            .collect();
        Ok(GreyImage {
            width: w,
            height: h,
            pixels,
        })
    }

    /// The grey level at (`x`, `y`).
    pub fn at(&self, x: u32, y: u32) -> u8 {
        self.pixels[(y * self.width + x) as usize]
    }
}

fn luma(p: &[u8]) -> u32 {
    (299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2])) / 1000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rgba_flattens_onto_white_and_junk_is_refused() {
        let mut out = Vec::new();
        {
            let mut enc = png::Encoder::new(&mut out, 2, 1);
            enc.set_color(png::ColorType::Rgba);
            let mut w = enc.write_header().unwrap();
            w.write_image_data(&[0, 0, 0, 255, 0, 0, 0, 0]).unwrap();
        }
        let img = GreyImage::from_png(&out).unwrap();
        assert_eq!(img.pixels, vec![0, 255]);
        assert_eq!(
            GreyImage::from_png(b"nope").unwrap_err().code(),
            "label.invalid_logo"
        );
    }
}
