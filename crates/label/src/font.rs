//! The two bundled fonts and per-glyph fallback: DejaVu Sans Condensed where it has the glyph
//! (Latin, Greek, Cyrillic, …), WenQuanYi Micro Hei otherwise (Chinese, Japanese, Korean).
//!
//! **Choice: bundled, not discovered.** The fallback is compiled in (about 5 MB of the binary)
//! instead of being looked up among the system's fonts at run time. A fresh store PC (a Linux
//! kiosk especially) often has no CJK font at all, and a discovered font differs from PC to PC,
//! so the badge would no longer print exactly as previewed and tested. Badges must print the
//! first time, so determinism wins over binary size. WenQuanYi Micro Hei (Apache-2.0, from
//! Debian's `fonts-wqy-microhei`, licence in `fonts/WenQuanYi-LICENSE.txt`) is the most compact
//! freely licensed font covering Hanzi/Kanji, Kana *and* Hangul in one file (Droid Sans Fallback,
//! its parent, has no Hangul syllables). It is parsed on first use only.

use ab_glyph::{Font, FontRef, GlyphId};
use std::sync::OnceLock;

/// The primary font file (licence in `fonts/DejaVu-LICENSE.txt`).
pub(crate) static PRIMARY_BYTES: &[u8] = include_bytes!("../fonts/DejaVuSansCondensed.ttf");

/// The fallback font collection (licence in `fonts/WenQuanYi-LICENSE.txt`); face 0 is used.
pub(crate) static FALLBACK_BYTES: &[u8] = include_bytes!("../fonts/wqy-microhei.ttc");

/// Which face of the collection `FALLBACK_BYTES` is used.
pub(crate) const FALLBACK_INDEX: u32 = 0;

/// One of the bundled fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    /// DejaVu Sans Condensed.
    Primary,
    /// WenQuanYi Micro Hei, for characters the primary font lacks.
    Fallback,
}

impl Face {
    /// Both faces, primary first.
    pub const ALL: [Face; 2] = [Face::Primary, Face::Fallback];

    /// The parsed font.
    pub(crate) fn font(self) -> &'static FontRef<'static> {
        static PRIMARY: OnceLock<FontRef<'static>> = OnceLock::new();
        static FALLBACK: OnceLock<FontRef<'static>> = OnceLock::new();
        match self {
            Face::Primary => PRIMARY.get_or_init(|| {
                FontRef::try_from_slice(PRIMARY_BYTES).expect("the bundled font parses")
            }),
            Face::Fallback => FALLBACK.get_or_init(|| {
                FontRef::try_from_slice_and_index(FALLBACK_BYTES, FALLBACK_INDEX)
                    .expect("the bundled fallback font parses")
            }),
        }
    }

    /// The font file and the face index in it.
    pub(crate) fn file(self) -> (&'static [u8], u32) {
        match self {
            Face::Primary => (PRIMARY_BYTES, 0),
            Face::Fallback => (FALLBACK_BYTES, FALLBACK_INDEX),
        }
    }

    /// The PostScript-style name used in PDFs.
    pub(crate) fn pdf_name(self) -> &'static str {
        match self {
            Face::Primary => "QRSTAT+DejaVuSansCondensed",
            Face::Fallback => "QRSTAF+WenQuanYiMicroHei",
        }
    }

    /// Font units per em.
    pub(crate) fn units_per_em(self) -> f32 {
        self.font().units_per_em().unwrap_or(2048.0)
    }

    /// Advance width of `g` in ems.
    pub(crate) fn advance_em(self, g: GlyphId) -> f32 {
        self.font().h_advance_unscaled(g) / self.units_per_em()
    }
}

/// The face and glyph that draw `c`: the primary font's when it has one, else the fallback's;
/// when neither has it, the primary font's missing-glyph box (glyph 0).
pub fn glyph(c: char) -> (Face, GlyphId) {
    let id = Face::Primary.font().glyph_id(c);
    if id.0 != 0 || c.is_ascii() {
        return (Face::Primary, id);
    }
    let fb = Face::Fallback.font().glyph_id(c);
    if fb.0 != 0 {
        (Face::Fallback, fb)
    } else {
        (Face::Primary, id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_first_fallback_for_cjk() {
        assert_eq!(glyph('A').0, Face::Primary);
        assert_eq!(glyph('Ж').0, Face::Primary);
        for c in "王秀英佐藤花子さとうカタカナ김민준".chars() {
            let (face, id) = glyph(c);
            assert_eq!(face, Face::Fallback, "{c}");
            assert_ne!(id.0, 0, "{c}");
        }
        // Neither font has it: the primary font's box (Thai is a known gap, docs/printing.md).
        assert_eq!(glyph('\u{10FFFD}'), (Face::Primary, GlyphId(0)));
        assert_eq!(glyph('ก'), (Face::Primary, GlyphId(0)));
        // Hebrew and Arabic letters are in DejaVu (drawn left to right, unshaped).
        assert_eq!(glyph('ש').0, Face::Primary);
        assert_ne!(glyph('ع').1 .0, 0);
    }

    #[test]
    fn both_faces_have_sane_metrics() {
        for f in Face::ALL {
            assert!(f.units_per_em() >= 1000.0, "{f:?}");
        }
        // A CJK ideograph is about one em wide.
        let (face, id) = glyph('王');
        assert!((0.8..=1.1).contains(&face.advance_em(id)));
    }
}
