//! The optional logo: a PNG, JPEG or WebP (decoded by the `image` crate, only those three),
//! flattened onto white as 8-bit grey. Logos come from template folders a person fills, so
//! they are treated as hostile: bounded in bytes, in pixels and in the memory a decoder may
//! take, before anything is allocated for their pixels.

use crate::LabelError;

/// The largest logo file read, in bytes.
pub const MAX_LOGO_BYTES: usize = 8 * 1024 * 1024;
/// The largest logo side, in pixels.
pub const MAX_LOGO_SIDE: u32 = 8192;
/// The most pixels a logo may have.
pub const MAX_LOGO_PIXELS: u64 = 16_000_000;
/// The most memory a decoder may allocate for one logo.
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;

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
    /// Decodes a PNG logo (any image [`GreyImage::decode`] reads; kept for callers).
    pub fn from_png(bytes: &[u8]) -> Result<GreyImage, LabelError> {
        GreyImage::decode(bytes)
    }

    /// Decodes a PNG, JPEG or WebP logo (told apart by their bytes, not a file name) into
    /// grey, transparent parts flattened onto white. Other formats, files over
    /// [`MAX_LOGO_BYTES`], sides over [`MAX_LOGO_SIDE`] and images over [`MAX_LOGO_PIXELS`]
    /// are refused (`label.invalid_logo`).
    pub fn decode(bytes: &[u8]) -> Result<GreyImage, LabelError> {
        let bad = |why: String| LabelError::InvalidLogo(why);
        if bytes.len() > MAX_LOGO_BYTES {
            return Err(bad(format!(
                "the logo file is over {} MB",
                MAX_LOGO_BYTES / 1024 / 1024
            )));
        }
        let rgba = decode_rgba(bytes, MAX_LOGO_SIDE).map_err(bad)?;
        let (w, h) = rgba.dimensions();
        let pixels = rgba
            .pixels()
            .map(|p| {
                let [r, g, b, a] = p.0;
                let grey = luma(&[r, g, b]);
                let alpha = u32::from(a);
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

/// Decodes PNG, JPEG or WebP bytes within bounds: at most `max_side` pixels a side,
/// [`MAX_LOGO_PIXELS`] in all, and [`MAX_DECODE_ALLOC`] of decoder memory (the header is
/// checked before the pixels are allocated). Errors are plain words, never the bytes.
pub(crate) fn decode_rgba(bytes: &[u8], max_side: u32) -> Result<image::RgbaImage, String> {
    use image::ImageFormat;
    let format = image::guess_format(bytes).map_err(|_| "not a PNG, JPEG or WebP image")?;
    if !matches!(
        format,
        ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP
    ) {
        return Err(format!(
            "a {} image: only PNG, JPEG and WebP are read",
            format.extensions_str().first().copied().unwrap_or("other")
        ));
    }
    let reader = || {
        let mut reader = image::ImageReader::with_format(std::io::Cursor::new(bytes), format);
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(max_side);
        limits.max_image_height = Some(max_side);
        limits.max_alloc = Some(MAX_DECODE_ALLOC);
        reader.limits(limits);
        reader
    };
    let (w, h) = reader()
        .into_dimensions()
        .map_err(|e| format!("the image cannot be read: {e}"))?;
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > MAX_LOGO_PIXELS {
        return Err("the image is empty or over 16 megapixels".into());
    }
    let img = reader()
        .decode()
        .map_err(|e| format!("the image cannot be read: {e}"))?;
    Ok(img.into_rgba8())
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

    fn rgb(w: u32, h: u32) -> image::RgbImage {
        image::RgbImage::from_fn(w, h, |x, _| {
            if x < w / 2 {
                image::Rgb([0, 0, 0])
            } else {
                image::Rgb([255, 255, 255])
            }
        })
    }

    #[test]
    fn jpeg_and_webp_logos_decode_to_grey() {
        let img = rgb(16, 8);
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
            .encode_image(&img)
            .unwrap();
        let mut webp = Vec::new();
        image::codecs::webp::WebPEncoder::new_lossless(&mut webp)
            .encode(img.as_raw(), 16, 8, image::ExtendedColorType::Rgb8)
            .unwrap();
        for (what, bytes) in [("jpeg", jpeg), ("webp", webp)] {
            let g = GreyImage::decode(&bytes).unwrap();
            assert_eq!((g.width, g.height), (16, 8), "{what}");
            assert!(g.at(1, 4) < 40 && g.at(14, 4) > 215, "{what}");
        }
    }

    #[test]
    fn hostile_logos_are_refused_before_their_pixels_are_allocated() {
        let code = |b: &[u8]| GreyImage::decode(b).unwrap_err().code();
        // A PNG header claiming 60000 x 60000 pixels (3.6 gigapixels) in a few bytes.
        let mut png = Vec::new();
        {
            let enc = png::Encoder::new(&mut png, 1, 1);
            enc.write_header().unwrap().write_image_data(&[0]).unwrap();
        }
        let mut huge = png.clone();
        huge[16..20].copy_from_slice(&60_000u32.to_be_bytes());
        huge[20..24].copy_from_slice(&60_000u32.to_be_bytes());
        assert_eq!(code(&huge), "label.invalid_logo");
        // A real image wider than MAX_LOGO_SIDE: the limit, not the CRC, refuses it.
        let mut wide = Vec::new();
        {
            let enc = png::Encoder::new(&mut wide, MAX_LOGO_SIDE + 1, 1);
            let row = vec![0u8; MAX_LOGO_SIDE as usize + 1];
            enc.write_header().unwrap().write_image_data(&row).unwrap();
        }
        let err = GreyImage::decode(&wide).unwrap_err();
        assert_eq!(err.code(), "label.invalid_logo");
        assert!(err.to_string().contains("limit"), "{err}");
        // Truncated files, a GIF, a file over the byte limit: refused, never a panic.
        assert_eq!(code(&png[..png.len() / 2]), "label.invalid_logo");
        assert_eq!(code(b"GIF89a\x01\x00\x01\x00"), "label.invalid_logo");
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new(&mut jpeg)
            .encode_image(&rgb(64, 64))
            .unwrap();
        // A cut JPEG decodes as far as it goes (the decoder pads it grey): no panic, no
        // more pixels than its header says.
        let cut = GreyImage::decode(&jpeg[..jpeg.len() - 40]);
        assert!(cut.is_err() || cut.is_ok_and(|g| g.pixels.len() == 64 * 64));
        let mut big = jpeg.clone();
        big.resize(MAX_LOGO_BYTES + 1, 0);
        assert_eq!(code(&big), "label.invalid_logo");
        // Junk after a valid signature is an error too.
        let mut junk = b"\x89PNG\r\n\x1a\n".to_vec();
        junk.extend_from_slice(&[0xAB; 200]);
        assert_eq!(code(&junk), "label.invalid_logo");
    }
}
