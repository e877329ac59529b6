//! Right-to-left text (Hebrew, Arabic) put in visual order for drawing, one line at a time:
//! the Unicode bidirectional algorithm of the `unicode-bidi` crate (paragraph direction from
//! the first strong character, explicit embeddings and isolates, weak types such as `12-34`
//! or `1.5`, neutrals, brackets), then two steps that crate leaves to its callers: combining
//! marks stay after their base character (rule L3) and paired brackets in right-to-left runs
//! are mirrored (L4). Arabic letters are not joined (no shaping): `needs_shaping` tells the
//! layout to warn.

use std::borrow::Cow;

use unicode_bidi::{bidi_class, BidiClass, ParagraphBidiInfo};

/// Whether `c` is a strong right-to-left character (Hebrew, Arabic, Syriac, Thaana, NKo and
/// their presentation forms): bidi class R or AL.
pub fn is_rtl(c: char) -> bool {
    matches!(bidi_class(c), BidiClass::R | BidiClass::AL)
}

/// Whether `c` is in a script whose letters must be joined to be read correctly (Arabic,
/// Syriac, NKo), which this crate does not do.
pub fn needs_shaping(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x08FF) && c.is_alphabetic() && !is_mark(c)
}

/// Combining marks that belong to the character before them (bidi class NSM).
fn is_mark(c: char) -> bool {
    bidi_class(c) == BidiClass::NSM
}

/// Whether `line` can come out in another order: it holds a right-to-left character or an
/// explicit right-to-left embedding, override or isolate.
fn may_reorder(line: &str) -> bool {
    // ASCII has none of them (most names): no table look-up then.
    !line.is_ascii()
        && line.chars().any(|c| {
            matches!(
                bidi_class(c),
                BidiClass::R | BidiClass::AL | BidiClass::RLE | BidiClass::RLO | BidiClass::RLI
            )
        })
}

/// `line` in the order its characters are drawn from left to right. Lines without
/// right-to-left characters come back unchanged (and unallocated).
pub fn visual(line: &str) -> Cow<'_, str> {
    if !may_reorder(line) {
        return Cow::Borrowed(line);
    }
    let info = ParagraphBidiInfo::new(line, None);
    // One level per character.
    let levels = info.reordered_levels_per_char(0..line.len());
    // Clusters: a base character with the marks after it, at the base's level.
    let mut clusters: Vec<(usize, usize)> = Vec::new();
    let mut cluster_levels = Vec::new();
    for ((i, c), level) in line.char_indices().zip(levels) {
        match clusters.last_mut() {
            Some(last) if is_mark(c) => last.1 = i + c.len_utf8(),
            _ => {
                clusters.push((i, i + c.len_utf8()));
                cluster_levels.push(level);
            }
        }
    }
    let mut out = String::with_capacity(line.len());
    for i in ParagraphBidiInfo::reorder_visual(&cluster_levels) {
        let (from, to) = clusters[i];
        if cluster_levels[i].is_rtl() {
            out.extend(line[from..to].chars().map(mirror));
        } else {
            out.push_str(&line[from..to]);
        }
    }
    Cow::Owned(out)
}

fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_is_untouched() {
        assert!(matches!(visual("Zoë Ødegård (Oslo)"), Cow::Borrowed(_)));
        assert!(matches!(visual("王秀英"), Cow::Borrowed(_)));
    }

    #[test]
    fn hebrew_is_reversed_with_numbers_and_latin_kept_in_order() {
        assert_eq!(visual("דוד כהן"), "ןהכ דוד");
        // Right-to-left paragraph: runs in reverse order, each left-to-right run intact.
        assert_eq!(visual("כהן 12 Anna"), "Anna 12 ןהכ");
        // Left-to-right paragraph with a Hebrew surname; a number after Hebrew goes with it.
        assert_eq!(visual("Anna כהן-לוי"), "Anna יול-ןהכ");
        assert_eq!(visual("Anna כהן-לוי 7"), "Anna 7 יול-ןהכ");
        assert_eq!(visual("Store 12 כהן"), "Store 12 ןהכ");
        // Brackets mirror inside right-to-left text; marks stay after their base letter.
        assert_eq!(
            visual("(\u{5E9}\u{5B8}\u{5C1}\u{5DC}\u{5D5}\u{5B9}\u{5DD})"),
            "(\u{5DD}\u{5D5}\u{5B9}\u{5DC}\u{5E9}\u{5B8}\u{5C1})"
        );
    }

    #[test]
    fn numbers_with_separators_stay_whole_in_right_to_left_text() {
        // A phone-like `12-34` is one left-to-right number (rules W4, W5): the reduced
        // algorithm this replaced made the `-` right-to-left and drew "34-12".
        assert_eq!(visual("כהן 12-34"), "12-34 ןהכ");
        assert_eq!(visual("דוד 1.5"), "1.5 דוד");
        // Mixed: a Latin word and a number with a separator inside a Hebrew name.
        assert_eq!(visual("כהן Anna 2-3 לוי"), "יול Anna 2-3 ןהכ");
        // An explicit right-to-left mark makes a Latin-first line right-to-left.
        assert_eq!(visual("\u{200F}Anna כהן"), "ןהכ Anna\u{200F}");
    }

    #[test]
    fn arabic_is_reordered_and_flagged_for_shaping() {
        assert_eq!(visual("سارة"), "ةراس");
        assert!("سارة".chars().any(needs_shaping));
        assert!(!"דוד".chars().any(needs_shaping));
    }
}
