//! QR mask selection with the ISO/IEC 18004 penalty rules, computed on a flat grid.
//!
//! The `qrcode` crate encodes the data, error correction and module placement; its own mask
//! scoring allocates per module and took most of a badge's render time, so the eight masked
//! candidates are scored here instead. Any mask decodes; the score only picks the most
//! scanner-friendly one.

use qrcode::canvas::{Canvas, MaskPattern};

const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// Applies each mask to `base` (data and function patterns drawn) and returns the modules of
/// the one with the lowest penalty, `true` = dark.
pub(crate) fn best(base: &Canvas, width: usize) -> Vec<bool> {
    let mut best: Option<(u32, Vec<bool>)> = None;
    for pattern in MASKS {
        let mut c = base.clone();
        c.apply_mask(pattern);
        let modules: Vec<bool> = c
            .into_colors()
            .into_iter()
            .map(|m| m == qrcode::Color::Dark)
            .collect();
        let score = penalty(&modules, width);
        if best.as_ref().is_none_or(|(s, _)| score < *s) {
            best = Some((score, modules));
        }
    }
    best.map(|(_, m)| m).unwrap_or_default()
}

/// The total penalty of a symbol (rules N1 to N4).
pub(crate) fn penalty(m: &[bool], w: usize) -> u32 {
    let rows: Vec<u8> = m.iter().map(|&d| u8::from(d)).collect();
    let mut cols = vec![0u8; w * w];
    for y in 0..w {
        for x in 0..w {
            cols[x * w + y] = rows[y * w + x];
        }
    }
    let mut score = 0u32;
    for line in rows.chunks_exact(w).chain(cols.chunks_exact(w)) {
        score += line_penalty(line);
    }
    // N2: each 2x2 block of one colour: 3.
    for y in 0..w - 1 {
        let (a, b) = (&rows[y * w..(y + 1) * w], &rows[(y + 1) * w..(y + 2) * w]);
        for x in 0..w - 1 {
            let c = a[x];
            if a[x + 1] == c && b[x] == c && b[x + 1] == c {
                score += 3;
            }
        }
    }
    // N4: 10 for every full 5 % the dark share is away from 50 %.
    let dark: u32 = rows.iter().map(|&d| u32::from(d)).sum();
    let percent = dark * 100 / (w * w) as u32;
    score + 10 * (percent.abs_diff(50) / 5)
}

/// N1 (runs of five or more: 3 + (run - 5)) and N3 (1:1:3:1:1 with four light modules before
/// or after, the quiet zone counting as light: 40) for one row or column.
fn line_penalty(line: &[u8]) -> u32 {
    const CORE: [u8; 7] = [1, 0, 1, 1, 1, 0, 1];
    let w = line.len();
    let mut score = 0;
    let mut run = 1;
    for b in 1..w {
        if line[b] == line[b - 1] {
            run += 1;
        } else {
            if run >= 5 {
                score += 3 + (run - 5);
            }
            run = 1;
        }
    }
    if run >= 5 {
        score += 3 + (run - 5);
    }
    let light = |from: usize, to: usize| line[from.min(w)..to.min(w)].iter().all(|&d| d == 0);
    for b in 0..w.saturating_sub(6) {
        if line[b..b + 7] == CORE {
            let before = light(b.saturating_sub(4), b);
            let after = light(b + 7, b + 11);
            if before || after {
                score += 40;
            }
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn penalty_of_a_blank_grid() {
        // 5 rows + 5 columns of run 5: 30; 16 blocks: 48; 0 % dark: 100.
        assert_eq!(penalty(&[false; 25], 5), 178);
    }

    #[test]
    fn finder_like_pattern_needs_four_light_modules_beside_it() {
        assert_eq!(line_penalty(&[0, 0, 0, 0, 1, 0, 1, 1, 1, 0, 1]), 40);
        // Dark on both sides: no N3, only the closing run of five (3).
        assert_eq!(line_penalty(&[1, 1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 1, 1]), 3);
    }
}
