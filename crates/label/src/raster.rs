//! Drawing a layout into printer dots: 8-bit grey for PNG and preview, 1-bit for thermal heads.

use crate::layout::Layout;
use crate::text;

/// A greyscale picture of the label at printer resolution: 0 black, 255 white.
#[derive(Clone, PartialEq)]
pub struct Canvas {
    /// Dots across.
    pub width: u32,
    /// Dots down.
    pub height: u32,
    /// Row-major grey levels.
    pub pixels: Vec<u8>,
}

impl std::fmt::Debug for Canvas {
    // The pixels hold the secret QR code: never print them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Canvas({}x{})", self.width, self.height)
    }
}

impl Canvas {
    /// A white canvas.
    pub fn new(width: u32, height: u32) -> Canvas {
        Canvas {
            width,
            height,
            pixels: vec![255; width as usize * height as usize],
        }
    }

    /// The grey level at (`x`, `y`).
    pub fn at(&self, x: u32, y: u32) -> u8 {
        self.pixels[y as usize * self.width as usize + x as usize]
    }

    fn fill(&mut self, x: u32, y: u32, w: u32, h: u32) {
        for row in y..(y + h).min(self.height) {
            let start = row as usize * self.width as usize;
            let (a, b) = (x.min(self.width) as usize, (x + w).min(self.width) as usize);
            self.pixels[start + a..start + b].fill(0);
        }
    }

    fn darken(&mut self, x: i32, y: i32, coverage: f32) {
        if x < 0 || y < 0 || x as u32 >= self.width || y as u32 >= self.height {
            return;
        }
        let i = y as usize * self.width as usize + x as usize;
        let v = 255.0 * (1.0 - coverage.clamp(0.0, 1.0));
        self.pixels[i] = self.pixels[i].min(v.round() as u8);
    }

    /// One bit per dot, rows padded to whole bytes, most significant bit first, 1 = black
    /// (grey below 128).
    pub fn to_mono(&self) -> Mono {
        let bytes_per_row = self.width.div_ceil(8) as usize;
        let mut bits = vec![0u8; bytes_per_row * self.height as usize];
        let w = self.width as usize;
        for (row, out) in self
            .pixels
            .chunks_exact(w.max(1))
            .zip(bits.chunks_exact_mut(bytes_per_row.max(1)))
        {
            for (eight, byte) in row.chunks(8).zip(out.iter_mut()) {
                let mut b = 0u8;
                for (i, &v) in eight.iter().enumerate() {
                    b |= u8::from(v < 128) << (7 - i);
                }
                *byte = b;
            }
        }
        Mono {
            width: self.width,
            height: self.height,
            bytes_per_row,
            bits,
        }
    }
}

/// A 1-bit bitmap, rows of `bytes_per_row` bytes, MSB first, 1 = black.
#[derive(Clone, PartialEq)]
pub struct Mono {
    /// Dots across.
    pub width: u32,
    /// Dots down.
    pub height: u32,
    /// Bytes in each row.
    pub bytes_per_row: usize,
    /// The rows.
    pub bits: Vec<u8>,
}

impl Mono {
    /// Row `y`.
    pub fn row(&self, y: u32) -> &[u8] {
        let s = y as usize * self.bytes_per_row;
        &self.bits[s..s + self.bytes_per_row]
    }

    /// The dots of the rectangle at (`x`, `y`), `w` by `h`.
    pub fn crop(&self, x: u32, y: u32, w: u32, h: u32) -> Mono {
        let bytes_per_row = w.div_ceil(8) as usize;
        let mut bits = vec![0u8; bytes_per_row * h as usize];
        for row in 0..h {
            for col in 0..w {
                let (sx, sy) = (x + col, y + row);
                let on = sx < self.width
                    && sy < self.height
                    && self.row(sy)[sx as usize / 8] & (0x80 >> (sx % 8)) != 0;
                if on {
                    bits[row as usize * bytes_per_row + col as usize / 8] |= 0x80 >> (col % 8);
                }
            }
        }
        Mono {
            width: w,
            height: h,
            bytes_per_row,
            bits,
        }
    }
}

/// Draws the whole badge.
pub fn render(layout: &Layout) -> Canvas {
    let mut c = Canvas::new(layout.width, layout.height);
    draw_qr(&mut c, layout);
    for line in &layout.lines {
        text::draw(
            &line.text,
            line.x,
            line.baseline,
            line.em_px,
            |x, y, cov| c.darken(x, y, cov),
        );
    }
    if let Some(logo) = &layout.logo {
        let [lx, ly, lw, lh] = logo.rect;
        for y in 0..lh {
            for x in 0..lw {
                let sx = (u64::from(x) * u64::from(logo.image.width) / u64::from(lw)) as u32;
                let sy = (u64::from(y) * u64::from(logo.image.height) / u64::from(lh)) as u32;
                let v = logo.image.at(sx, sy);
                c.darken((lx + x) as i32, (ly + y) as i32, 1.0 - f32::from(v) / 255.0);
            }
        }
    }
    c
}

fn draw_qr(c: &mut Canvas, layout: &Layout) {
    let q = &layout.qr;
    let d = q.geometry.dots_per_module;
    let origin = crate::geometry::QUIET_ZONE_MODULES * d;
    for my in 0..q.matrix.width {
        for (start, len) in q.matrix.row_runs(my) {
            c.fill(q.x + origin + start * d, q.y + origin + my * d, len * d, d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mono_packs_msb_first_and_crops() {
        let mut c = Canvas::new(10, 2);
        c.fill(0, 0, 1, 1);
        c.fill(9, 1, 1, 1);
        let m = c.to_mono();
        assert_eq!(m.bytes_per_row, 2);
        assert_eq!(m.bits, vec![0x80, 0x00, 0x00, 0x40]);
        let k = m.crop(8, 1, 2, 1);
        assert_eq!(k.bits, vec![0x40]);
    }
}
