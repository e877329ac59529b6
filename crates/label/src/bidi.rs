//! Right-to-left text (Hebrew, Arabic) put in visual order for drawing: a reduced form of the
//! Unicode bidirectional algorithm for one line without explicit embeddings. The paragraph
//! direction is that of the first strong character; digits and Latin keep their left-to-right
//! order inside right-to-left text; neutrals between two runs of one direction take it, others
//! the paragraph's; combining marks stay with their base; paired brackets in right-to-left runs
//! are mirrored. Arabic letters are not joined (no shaping): `needs_shaping` tells the layout to
//! warn.

use std::borrow::Cow;

/// Whether `c` is a strong right-to-left character (Hebrew, Arabic, Syriac, Thaana, NKo and
/// their presentation forms).
pub fn is_rtl(c: char) -> bool {
    matches!(c as u32,
        0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
        && !is_mark(c)
        && !c.is_numeric()
}

/// Whether `c` is in a script whose letters must be joined to be read correctly (Arabic,
/// Syriac, NKo), which this crate does not do.
pub fn needs_shaping(c: char) -> bool {
    matches!(c as u32, 0x0600..=0x08FF) && c.is_alphabetic() && !is_mark(c)
}

/// Combining marks that belong to the character before them.
fn is_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0591..=0x05BD | 0x05BF | 0x05C1..=0x05C2 | 0x05C4..=0x05C5 | 0x05C7
        | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 | 0x06D6..=0x06DC | 0x06DF..=0x06E4
        | 0x06E7..=0x06E8 | 0x06EA..=0x06ED | 0xFB1E | 0xFE20..=0xFE2F)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Left,
    Right,
    /// A digit: left to right inside itself, attached to the strong text before it.
    Number,
    Neutral,
}

fn class(c: char) -> Class {
    if c.is_numeric() {
        Class::Number
    } else if is_rtl(c) {
        Class::Right
    } else if c.is_alphanumeric() {
        Class::Left
    } else {
        Class::Neutral
    }
}

/// Embedding levels of the clusters: 0 left-to-right, 1 right-to-left, 2 left-to-right inside
/// right-to-left (the bidi algorithm's W7, N1, N2 and I1-I2 rules, no explicit embeddings).
fn levels(classes: &[Class]) -> Vec<u8> {
    let base = classes
        .iter()
        .copied()
        .find(|c| matches!(c, Class::Left | Class::Right))
        .unwrap_or(Class::Left);
    // W7: a number after left-to-right text (or at the start of a left-to-right paragraph) is
    // left-to-right text.
    let mut resolved = classes.to_vec();
    let mut strong = base;
    for c in resolved.iter_mut() {
        match *c {
            Class::Left | Class::Right => strong = *c,
            Class::Number if strong == Class::Left => *c = Class::Left,
            _ => {}
        }
    }
    // N1/N2: neutrals between two runs of one direction take it (numbers count as
    // right-to-left here); others the paragraph's.
    let dir = |c: Class| if c == Class::Number { Class::Right } else { c };
    let mut i = 0;
    while i < resolved.len() {
        if resolved[i] != Class::Neutral {
            i += 1;
            continue;
        }
        let start = i;
        while i < resolved.len() && resolved[i] == Class::Neutral {
            i += 1;
        }
        let before = if start == 0 {
            base
        } else {
            dir(resolved[start - 1])
        };
        let after = if i == resolved.len() {
            base
        } else {
            dir(resolved[i])
        };
        resolved[start..i].fill(if before == after { before } else { base });
    }
    resolved
        .iter()
        .map(|c| match (base, c) {
            (_, Class::Number) => 2,
            (Class::Right, Class::Left) => 2,
            (Class::Right, _) => 1,
            (_, Class::Right) => 1,
            _ => 0,
        })
        .collect()
}

/// `line` in the order its characters are drawn from left to right. Lines without
/// right-to-left characters come back unchanged (and unallocated).
pub fn visual(line: &str) -> Cow<'_, str> {
    if !line.chars().any(is_rtl) {
        return Cow::Borrowed(line);
    }
    // Clusters: a base character with the marks after it.
    let mut clusters: Vec<String> = Vec::new();
    for c in line.chars() {
        match clusters.last_mut() {
            Some(last) if is_mark(c) => last.push(c),
            _ => clusters.push(c.to_string()),
        }
    }
    let classes: Vec<Class> = clusters
        .iter()
        .map(|s| class(s.chars().next().unwrap_or(' ')))
        .collect();
    let levels = levels(&classes);
    let mut order: Vec<usize> = (0..clusters.len()).collect();
    let max = levels.iter().copied().max().unwrap_or(0);
    for level in (1..=max).rev() {
        let mut i = 0;
        while i < order.len() {
            if levels[order[i]] < level {
                i += 1;
                continue;
            }
            let start = i;
            while i < order.len() && levels[order[i]] >= level {
                i += 1;
            }
            order[start..i].reverse();
        }
    }
    let mut out = String::with_capacity(line.len());
    for i in order {
        if levels[i] % 2 == 1 {
            for c in clusters[i].chars() {
                out.push(mirror(c));
            }
        } else {
            out.push_str(&clusters[i]);
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
    fn arabic_is_reordered_and_flagged_for_shaping() {
        assert_eq!(visual("سارة"), "ةراس");
        assert!("سارة".chars().any(needs_shaping));
        assert!(!"דוד".chars().any(needs_shaping));
    }
}
