//! Text measuring with per-glyph font fallback (`crate::font`), and fitting a field into a box
//! by shrinking and wrapping, never clipping.

use crate::font::{self, Face};
use ab_glyph::{Font, PxScale, ScaleFont};

/// Whether every visible character of `text` has a glyph in one of the bundled fonts.
pub fn covers(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_control() || c.is_whitespace() || font::glyph(c).1 .0 != 0)
}

/// The faces `text` is drawn with (the primary one not necessarily among them).
pub(crate) fn faces(text: &str) -> impl Iterator<Item = Face> + '_ {
    text.chars().map(|c| font::glyph(c).0)
}

/// Width of `text` at an em size of `em_px` pixels.
pub fn width(text: &str, em_px: f32) -> f32 {
    text.chars()
        .map(|c| {
            let (face, id) = font::glyph(c);
            face.advance_em(id)
        })
        .sum::<f32>()
        * em_px
}

/// Ascent and descent (positive, below the baseline) at `em_px`. Lines are spaced by the
/// primary font's metrics; the fallback's CJK glyphs sit inside them.
pub fn vertical_metrics(em_px: f32) -> (f32, f32) {
    let f = Face::Primary.font();
    let k = em_px / Face::Primary.units_per_em();
    (f.ascent_unscaled() * k, -f.descent_unscaled() * k)
}

/// Line advance at `em_px` (ascent + descent, a little extra).
pub(crate) fn line_height(em_px: f32) -> f32 {
    let (a, d) = vertical_metrics(em_px);
    (a + d) * 1.05
}

/// A field fitted into its box.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fitted {
    /// Em size in pixels.
    pub em_px: f32,
    /// The lines, each within the box width.
    pub lines: Vec<String>,
    /// Whether text had to be cut short with an ellipsis.
    pub truncated: bool,
}

/// How far a wrap may go to make a line fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Breaks {
    /// Between words only.
    Words,
    /// Also inside a word after `.` or `-` and before `@` (e-mail addresses, double names).
    Punctuation,
    /// Also between any two characters (a piece with no such place that is still too wide).
    Characters,
}

/// Fits `text` into `max_lines` lines of `box_px` width, at the largest size from `max_px`
/// down to `min_px` (in steps of about 4 %). Whole words are tried first at every size; then
/// words broken only after `.` or `-` or before `@` (so `uma.abbott@contoso-retail.example`
/// wraps as `uma.abbott@contoso-` / `retail.example`, never mid-word); only when no size fits
/// that way are pieces wider than the box broken between characters. Only when nothing fits
/// at `min_px` is the last line ended with an ellipsis.
pub(crate) fn fit(text: &str, box_px: f32, max_px: f32, min_px: f32, max_lines: usize) -> Fitted {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let sizes = || {
        std::iter::successors(Some(max_px), move |&s| {
            (s > min_px).then(|| (s * 0.96).max(min_px))
        })
    };
    for breaks in [Breaks::Words, Breaks::Punctuation, Breaks::Characters] {
        for size in sizes() {
            if let Some(lines) = wrap_with(&text, box_px, size, breaks) {
                if lines.len() <= max_lines {
                    return Fitted {
                        em_px: size,
                        lines,
                        truncated: false,
                    };
                }
            }
        }
    }
    let mut lines = wrap(&text, box_px, min_px);
    lines.truncate(max_lines.max(1));
    if let Some(last) = lines.last_mut() {
        *last = ellipsize(last, box_px, min_px);
    }
    Fitted {
        em_px: min_px,
        lines,
        truncated: true,
    }
}

/// Greedy word wrap; a word wider than the box is split at `.`, `-` or `@` first, and between
/// characters only where a piece is still too wide.
pub(crate) fn wrap(text: &str, box_px: f32, em_px: f32) -> Vec<String> {
    wrap_with(text, box_px, em_px, Breaks::Characters).unwrap_or_default()
}

/// The pieces of `word` between its soft break places: after `.` and `-`, before `@`.
fn pieces(word: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in word.char_indices() {
        let cut = match c {
            '@' if i > start => Some(i),
            '.' | '-' => Some(i + c.len_utf8()),
            _ => None,
        };
        if let Some(cut) = cut {
            if cut > start && cut < word.len() {
                out.push(&word[start..cut]);
                start = cut;
            }
        }
    }
    out.push(&word[start..]);
    out
}

/// Greedy word wrap. A word wider than the box is split as `breaks` allows, else the wrap
/// fails (`None`).
fn wrap_with(text: &str, box_px: f32, em_px: f32, breaks: Breaks) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if width(&candidate, em_px) <= box_px {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if width(word, em_px) <= box_px {
            current = word.to_string();
            continue;
        }
        if breaks == Breaks::Words {
            return None;
        }
        for piece in pieces(word) {
            let candidate = format!("{current}{piece}");
            if width(&candidate, em_px) <= box_px {
                current = candidate;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            if width(piece, em_px) <= box_px {
                current = piece.to_string();
                continue;
            }
            if breaks == Breaks::Punctuation {
                return None;
            }
            for c in piece.chars() {
                current.push(c);
                if width(&current, em_px) > box_px && current.chars().count() > 1 {
                    current.pop();
                    lines.push(std::mem::take(&mut current));
                    current.push(c);
                }
            }
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    Some(lines)
}

fn ellipsize(line: &str, box_px: f32, em_px: f32) -> String {
    let mut s: String = line.to_string();
    while !s.is_empty() && width(&format!("{s}…"), em_px) > box_px {
        s.pop();
    }
    format!("{}…", s.trim_end())
}

/// Calls `put(x, y, coverage)` for every pixel of `text` drawn with its baseline starting at
/// (`x`, `baseline`), `em_px` high; right-to-left text in visual order (`crate::bidi`).
pub(crate) fn draw(
    text: &str,
    x: f32,
    baseline: f32,
    em_px: f32,
    mut put: impl FnMut(i32, i32, f32),
) {
    let mut pen = x;
    let (mut base, mut prev) = (None, None);
    for c in crate::bidi::visual(text).chars() {
        let (face, id) = font::glyph(c);
        let f = face.font();
        let scale = PxScale::from(em_px * f.height_unscaled() / face.units_per_em());
        let (dx, up) = font::mark_offset(base, prev, c);
        prev = Some(c);
        if !font::is_thai_mark(c) {
            base = Some(c);
        }
        let at = ab_glyph::point(pen + dx * em_px, baseline - up * em_px);
        let g = id.with_scale_and_position(scale, at);
        pen += f.as_scaled(scale).h_advance(id);
        if let Some(outlined) = f.outline_glyph(g) {
            let b = outlined.px_bounds();
            outlined.draw(|gx, gy, cov| {
                put(b.min.x as i32 + gx as i32, b.min.y as i32 + gy as i32, cov)
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covers_latin_greek_cyrillic_and_cjk() {
        assert!(covers("Zoë Ñúñez Ødegård"));
        assert!(covers("Αλέξανδρος Παπαδόπουλος"));
        assert!(covers("Екатерина Смирнова"));
        let uses = |s: &str, face: Face| faces(s).any(|f| f == face);
        assert!(!uses("Екатерина Смирнова", Face::Fallback));
        for name in ["山田太郎", "王秀英", "佐藤 花子", "김민준"] {
            assert!(covers(name) && uses(name, Face::Fallback), "{name}");
        }
        assert!(covers("สมชาย ใจดี") && uses("สมชาย ใจดี", Face::Thai));
        assert!(!covers("\u{10FFFD}"));
    }

    #[test]
    fn long_names_shrink_then_wrap_never_clip() {
        let short = fit("Jo Li", 300.0, 60.0, 20.0, 2);
        assert_eq!(
            (short.em_px, short.lines.len(), short.truncated),
            (60.0, 1, false)
        );
        let long = "Maximiliane Alexandra-Konstantina von Hohenzollern-Sigmaringen";
        let f = fit(long, 400.0, 60.0, 12.0, 2);
        assert!(f.em_px < 60.0 && !f.truncated, "{f:?}");
        assert!(f.lines.len() <= 2);
        assert_eq!(f.lines.join(" "), long);
        for l in &f.lines {
            assert!(width(l, f.em_px) <= 400.0);
        }
        // Impossible even at the smallest size: an ellipsis, still inside the box.
        let f = fit(&long.repeat(5), 300.0, 60.0, 20.0, 2);
        assert!(f.truncated && f.lines[1].ends_with('…'));
        assert!(f.lines.iter().all(|l| width(l, 20.0) <= 300.0));
    }

    #[test]
    fn unbreakable_words_break_between_characters() {
        let lines = wrap("averyveryveryverylongupn@contoso.example", 100.0, 20.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width(l, 20.0) <= 100.0));
        assert_eq!(lines.concat(), "averyveryveryverylongupn@contoso.example");
        // A long UPN shrinks onto one line before it is ever broken…
        let f = fit(
            "averyveryveryverylongupn@contoso.example",
            300.0,
            40.0,
            8.0,
            2,
        );
        assert_eq!(f.lines.len(), 1, "{f:?}");
        assert!(f.em_px < 40.0 && !f.truncated);
        // …and is broken between characters only when even the smallest size is too wide.
        let f = fit(
            "averyveryveryverylongupn@contoso.example",
            300.0,
            40.0,
            20.0,
            2,
        );
        assert_eq!((f.lines.len(), f.truncated), (2, false), "{f:?}");
    }

    #[test]
    fn addresses_and_double_names_break_at_punctuation_never_mid_word() {
        assert_eq!(
            pieces("uma.abbott@contoso-retail.onmicrosoft.com"),
            [
                "uma.",
                "abbott",
                "@contoso-",
                "retail.",
                "onmicrosoft.",
                "com"
            ]
        );
        assert_eq!(pieces("@x"), ["@x"]);
        assert_eq!(pieces("a-"), ["a-"]);
        // The review's badge: the e-mail broke as "contoso-reta / il.onmicrosoft.com".
        let upn = "uma.abbott@contoso-retail.onmicrosoft.com";
        let whole = width(upn, 20.0);
        let f = fit(upn, whole * 0.6, 20.0, 18.0, 2);
        assert_eq!(f.lines.len(), 2, "{f:?}");
        assert!(!f.truncated);
        assert_eq!(f.lines.concat(), upn);
        let places = ["uma.", "abbott", "@contoso-", "retail.", "onmicrosoft."];
        for l in &f.lines[..1] {
            assert!(
                places.iter().any(|p| l.ends_with(p)),
                "broke mid-word: {:?}",
                f.lines
            );
        }
        assert!(f.lines.iter().all(|l| width(l, f.em_px) <= whole * 0.6));
        // Shrinking comes first: with room to shrink it stays on one line.
        let f = fit(upn, whole * 0.6, 20.0, 8.0, 2);
        assert_eq!(f.lines, [upn]);
        assert!(f.em_px < 20.0);
        // A double name breaks after its hyphen, not inside either half.
        let name = "Maximiliane Alexandra-Konstantina";
        let f = fit(
            name,
            width("Alexandra-Konstantina", 30.0) * 0.7,
            30.0,
            30.0,
            3,
        );
        assert!(f.lines.contains(&"Alexandra-".to_owned()), "{f:?}");
        assert!(f.lines.contains(&"Konstantina".to_owned()), "{f:?}");
    }
}
