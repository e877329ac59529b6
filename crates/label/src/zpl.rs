//! ZPL output: `^CI28` (UTF-8), `^PW`/`^LL` from the template, the QR code as a `^GFA` bitmap at
//! whole dots per module, and each text line and the logo as `^GFA` bitmaps too, so any script
//! prints exactly as previewed without fonts loaded on the printer.

use crate::geometry::QUIET_ZONE_MODULES;
use crate::layout::Layout;
use crate::raster::{Canvas, Mono};
use crate::text;
use std::fmt::Write;

/// The ZPL program for one badge. `canvas` must be `raster::render(layout)`.
pub fn encode(layout: &Layout, canvas: &Canvas) -> Vec<u8> {
    let mono = canvas.to_mono();
    let mut z = String::new();
    let _ = write!(
        z,
        "^XA\n^CI28\n^PW{}\n^LL{}\n^LH0,0\n",
        layout.width, layout.height
    );
    // The QR symbol without its quiet zone (the label around it is blank).
    let q = &layout.qr;
    let quiet = QUIET_ZONE_MODULES * q.geometry.dots_per_module;
    let side = q.matrix.width * q.geometry.dots_per_module;
    field(&mut z, &mono, q.x + quiet, q.y + quiet, side, side);
    for line in &layout.lines {
        let (ascent, descent) = text::vertical_metrics(line.em_px);
        let pad = 2.0;
        let x0 = (line.x - pad).floor().max(0.0) as u32;
        let y0 = (line.baseline - ascent - pad).floor().max(0.0) as u32;
        let w = (text::width(&line.text, line.em_px) + 2.0 * pad).ceil() as u32;
        let h = (ascent + descent + 2.0 * pad).ceil() as u32;
        let w = w.min(layout.width.saturating_sub(x0));
        let h = h.min(layout.height.saturating_sub(y0));
        field(&mut z, &mono, x0, y0, w, h);
    }
    if let Some(logo) = &layout.logo {
        let [x, y, w, h] = logo.rect;
        field(&mut z, &mono, x, y, w, h);
    }
    z.push_str("^PQ1\n^XZ\n");
    z.into_bytes()
}

fn field(z: &mut String, mono: &Mono, x: u32, y: u32, w: u32, h: u32) {
    if w == 0 || h == 0 {
        return;
    }
    let part = mono.crop(x, y, w, h);
    let total = part.bits.len();
    let _ = write!(z, "^FO{x},{y}^GFA,{total},{total},{},", part.bytes_per_row);
    z.push_str(&gfa_hex(&part));
    z.push_str("^FS\n");
}

/// The `^GFA` data of a bitmap: uppercase hex per row, with Zebra's two simplest compressions:
/// `:` repeats the previous row and `,` fills the rest of a row with zeros.
pub fn gfa_hex(m: &Mono) -> String {
    let mut out = String::with_capacity(m.bits.len());
    let mut previous: Option<&[u8]> = None;
    for y in 0..m.height {
        let row = m.row(y);
        if previous == Some(row) {
            out.push(':');
            continue;
        }
        previous = Some(row);
        let used = row.iter().rposition(|&b| b != 0).map_or(0, |i| i + 1);
        for b in &row[..used] {
            let _ = write!(out, "{b:02X}");
        }
        if used < row.len() {
            out.push(',');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gfa_rows_repeat_and_zero_fill() {
        let m = Mono {
            width: 16,
            height: 4,
            bytes_per_row: 2,
            bits: vec![0xF0, 0x0F, 0xF0, 0x0F, 0x80, 0x00, 0x00, 0x00],
        };
        assert_eq!(gfa_hex(&m), "F00F:80,,");
    }
}
