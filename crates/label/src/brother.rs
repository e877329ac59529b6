//! Brother QL raster output: invalidate, initialise, raster mode, print information, auto-cut,
//! margins, TIFF PackBits compressed rows, print.

use crate::raster::Mono;
use crate::template::BrotherMedia;

/// Bytes in one raster row of the 62 mm capable models (QL-5xx/7xx/8xx): 720 dots.
pub const ROW_BYTES: usize = 90;
/// Dots the head leaves blank on the right for 62 mm media.
pub const RIGHT_MARGIN_DOTS: usize = 12;

/// The command stream that prints `label` (printable width, at most 708 dots) on `media`.
pub fn encode(label: &Mono, media: BrotherMedia) -> Vec<u8> {
    let rows = label.height;
    let mut out = vec![0u8; 400]; // invalidate
    out.extend_from_slice(&[0x1B, 0x40]); // initialise
    out.extend_from_slice(&[0x1B, 0x69, 0x61, 0x01]); // raster mode
                                                      // Print information: flags (recover, quality, kind, width, length valid), media, sizes,
                                                      // raster rows (u32 LE), first page, 0.
    out.extend_from_slice(&[0x1B, 0x69, 0x7A, 0xCE]);
    out.push(if media.continuous { 0x0A } else { 0x0B });
    out.push(media.width_mm);
    out.push(media.length_mm);
    out.extend_from_slice(&rows.to_le_bytes());
    out.extend_from_slice(&[0x00, 0x00]);
    out.extend_from_slice(&[0x1B, 0x69, 0x4D, 0x40]); // various mode: auto-cut
    out.extend_from_slice(&[0x1B, 0x69, 0x41, 0x01]); // cut every label
    out.extend_from_slice(&[0x1B, 0x69, 0x4B, 0x08]); // expanded mode: cut at end
    let margin: u16 = if media.continuous { 35 } else { 0 };
    out.extend_from_slice(&[0x1B, 0x69, 0x64]);
    out.extend_from_slice(&margin.to_le_bytes());
    out.extend_from_slice(&[0x4D, 0x02]); // TIFF PackBits compression
    for y in 0..rows {
        let row = device_row(label, y);
        let packed = packbits(&row);
        out.extend_from_slice(&[0x67, 0x00, packed.len() as u8]);
        out.extend_from_slice(&packed);
    }
    out.push(0x1A); // print, last page
    out
}

/// One head row: the label's dots placed left of the right margin and mirrored, since the
/// head's first byte is the label's right-hand edge.
pub fn device_row(label: &Mono, y: u32) -> [u8; ROW_BYTES] {
    let w = (label.width as usize).min(ROW_BYTES * 8 - RIGHT_MARGIN_DOTS);
    // Unmirrored head row: the label's dots start `pad` dots from the left.
    let pad = ROW_BYTES * 8 - RIGHT_MARGIN_DOTS - w;
    let (skip, shift) = (pad / 8, pad % 8);
    let mut plain = [0u8; ROW_BYTES];
    let src = &label.row(y)[..w.div_ceil(8)];
    for (j, &b) in src.iter().enumerate() {
        let b = if (j + 1) * 8 > w {
            b & (0xFFu8 << ((j + 1) * 8 - w))
        } else {
            b
        };
        plain[skip + j] |= b >> shift;
        if shift > 0 && skip + j + 1 < ROW_BYTES {
            plain[skip + j + 1] |= b << (8 - shift);
        }
    }
    // Mirror: byte order reversed, bits within each byte reversed.
    let mut row = [0u8; ROW_BYTES];
    for (out, b) in row.iter_mut().zip(plain.iter().rev()) {
        *out = b.reverse_bits();
    }
    row
}

/// TIFF PackBits: runs of 2 to 128 equal bytes as `(1 - n) as u8, byte`; literals as
/// `n - 1, bytes…` (1 to 128 bytes).
pub fn packbits(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let mut run = 1;
        while i + run < data.len() && run < 128 && data[i + run] == data[i] {
            run += 1;
        }
        if run >= 2 {
            out.push((1i16 - run as i16) as u8);
            out.push(data[i]);
            i += run;
            continue;
        }
        let start = i;
        while i < data.len() && i - start < 128 {
            if i + 1 < data.len() && data[i + 1] == data[i] {
                break;
            }
            i += 1;
        }
        out.push((i - start - 1) as u8);
        out.extend_from_slice(&data[start..i]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packbits_matches_the_tiff_specification_example() {
        // Apple's PackBits example from TIFF 6.0, section 9.
        let unpacked = [
            0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0xAA, 0xAA, 0xAA, 0xAA, 0x80, 0x00, 0x2A, 0x22,
            0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA,
        ];
        let packed = [
            0xFE, 0xAA, 0x02, 0x80, 0x00, 0x2A, 0xFD, 0xAA, 0x03, 0x80, 0x00, 0x2A, 0x22, 0xF7,
            0xAA,
        ];
        assert_eq!(packbits(&unpacked), packed);
        assert_eq!(packbits(&[0u8; 90]), vec![0xA7, 0x00]);
    }

    #[test]
    fn rows_are_mirrored_inside_the_right_margin() {
        let label = Mono {
            width: 696,
            height: 1,
            bytes_per_row: 87,
            bits: {
                let mut b = vec![0u8; 87];
                b[0] = 0x80; // leftmost label dot
                b
            },
        };
        let row = device_row(&label, 0);
        // Dot 0 of the label lands on head dot 696 + 12 - 1 = 707: byte 88, bit 3.
        assert_eq!(row[88], 0x10);
        assert_eq!(row.iter().filter(|&&b| b != 0).count(), 1);
        // The rightmost label dot (695) lands on head dot 12: byte 1, bit 4.
        let mut label = label;
        label.bits[0] = 0;
        label.bits[86] = 0x01;
        assert_eq!(device_row(&label, 0)[1], 0x08);
        // A narrower label (8 dots) sits against the right margin too: head dots 12 to 19.
        let narrow = Mono {
            width: 8,
            height: 1,
            bytes_per_row: 1,
            bits: vec![0xFF],
        };
        let row = device_row(&narrow, 0);
        assert_eq!((row[1], row[2]), (0x0F, 0xF0));
    }
}
