//! PNG output: 8-bit grey at the printer's resolution, with the resolution recorded (pHYs).

use crate::raster::Canvas;
use crate::LabelError;

/// Encodes the canvas as a PNG that states `dpi`.
pub fn encode(canvas: &Canvas, dpi: u32) -> Result<Vec<u8>, LabelError> {
    let mut out = Vec::new();
    let err = |e: png::EncodingError| LabelError::Io {
        context: "encoding the PNG".into(),
        message: e.to_string(),
    };
    {
        let mut enc = png::Encoder::new(&mut out, canvas.width, canvas.height);
        enc.set_color(png::ColorType::Grayscale);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        // Rows repeat (each QR module is several dots high): "Up" filters them to zeros.
        enc.set_filter(png::Filter::Up);
        let per_metre = (f64::from(dpi) / 0.0254).round() as u32;
        enc.set_pixel_dims(Some(png::PixelDimensions {
            xppu: per_metre,
            yppu: per_metre,
            unit: png::Unit::Meter,
        }));
        let mut w = enc.write_header().map_err(err)?;
        w.write_image_data(&canvas.pixels).map_err(err)?;
        w.finish().map_err(err)?;
    }
    Ok(out)
}
