//! The bundled fonts and per-glyph fallback: DejaVu Sans Condensed where it has the glyph
//! (Latin, Greek, Cyrillic, Hebrew, Arabic, …), else WenQuanYi Micro Hei (Chinese, Japanese,
//! Korean), else Noto Sans Thai.
//!
//! **Choice: bundled, not discovered.** The fallback is compiled in (2.3 MB of the binary, deflated)
//! instead of being looked up among the system's fonts at run time. A fresh store PC (a Linux
//! kiosk especially) often has no CJK font at all, and a discovered font differs from PC to PC,
//! so the badge would no longer print exactly as previewed and tested. Badges must print the
//! first time, so determinism wins over binary size. WenQuanYi Micro Hei (Apache-2.0, from
//! Debian's `fonts-wqy-microhei`, licence in `fonts/WenQuanYi-LICENSE.txt`) is the most compact
//! freely licensed font covering Hanzi/Kanji, Kana *and* Hangul in one file (Droid Sans Fallback,
//! its parent, has no Hangul syllables). Noto Sans Thai (OFL-1.1, from Debian's `fonts-noto-core`,
//! 38 kB) adds Thai. The fonts are stored deflated (`build.rs`: 2.7 MB instead of 5.9 MB) and each
//! is inflated and parsed on first use only.

use ab_glyph::{Font, FontRef, GlyphId};
use std::io::Read;
use std::sync::OnceLock;

/// The primary font file, deflated by `build.rs` (licence in `fonts/DejaVu-LICENSE.txt`).
static PRIMARY_Z: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/DejaVuSansCondensed.ttf.z"));

/// The fallback font collection, deflated (licence in `fonts/WenQuanYi-LICENSE.txt`); face 0
/// is used.
static FALLBACK_Z: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/wqy-microhei.ttc.z"));

/// Which face of the fallback collection is used.
pub(crate) const FALLBACK_INDEX: u32 = 0;

/// The Thai font, deflated (licence in `fonts/NotoSansThai-LICENSE.txt`).
static THAI_Z: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/NotoSansThai-Regular.ttf.z"));

/// Inflates one of the bundled fonts, once per process (a few milliseconds for the primary
/// font; the CJK fallback only when a name needs it).
fn inflate(cell: &'static OnceLock<Vec<u8>>, packed: &[u8]) -> &'static [u8] {
    cell.get_or_init(|| {
        let mut bytes = Vec::new();
        flate2::read::ZlibDecoder::new(packed)
            .read_to_end(&mut bytes)
            .expect("the bundled font inflates");
        bytes
    })
}

/// One of the bundled fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    /// DejaVu Sans Condensed.
    Primary,
    /// WenQuanYi Micro Hei, for characters the primary font lacks (CJK).
    Fallback,
    /// Noto Sans Thai, for Thai.
    Thai,
}

impl Face {
    /// Every face, in the order they are tried.
    pub const ALL: [Face; 3] = [Face::Primary, Face::Fallback, Face::Thai];

    /// The parsed font.
    pub(crate) fn font(self) -> &'static FontRef<'static> {
        static PRIMARY: OnceLock<FontRef<'static>> = OnceLock::new();
        static FALLBACK: OnceLock<FontRef<'static>> = OnceLock::new();
        static THAI: OnceLock<FontRef<'static>> = OnceLock::new();
        match self {
            Face::Primary => PRIMARY.get_or_init(|| {
                FontRef::try_from_slice(Face::Primary.file().0).expect("the bundled font parses")
            }),
            Face::Fallback => FALLBACK.get_or_init(|| {
                FontRef::try_from_slice_and_index(Face::Fallback.file().0, FALLBACK_INDEX)
                    .expect("the bundled fallback font parses")
            }),
            Face::Thai => THAI.get_or_init(|| {
                FontRef::try_from_slice(Face::Thai.file().0).expect("the bundled Thai font parses")
            }),
        }
    }

    /// The font file and the face index in it.
    pub(crate) fn file(self) -> (&'static [u8], u32) {
        static PRIMARY: OnceLock<Vec<u8>> = OnceLock::new();
        static FALLBACK: OnceLock<Vec<u8>> = OnceLock::new();
        static THAI: OnceLock<Vec<u8>> = OnceLock::new();
        match self {
            Face::Primary => (inflate(&PRIMARY, PRIMARY_Z), 0),
            Face::Fallback => (inflate(&FALLBACK, FALLBACK_Z), FALLBACK_INDEX),
            Face::Thai => (inflate(&THAI, THAI_Z), 0),
        }
    }

    /// The PostScript-style name used in PDFs.
    pub(crate) fn pdf_name(self) -> &'static str {
        match self {
            Face::Primary => "QRSTAT+DejaVuSansCondensed",
            Face::Fallback => "QRSTAF+WenQuanYiMicroHei",
            Face::Thai => "QRSTAH+NotoSansThai",
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

/// The face and glyph that draw `c`: the first face in [`Face::ALL`] that has it; when none
/// has it, the primary font's missing-glyph box (glyph 0).
pub fn glyph(c: char) -> (Face, GlyphId) {
    let id = Face::Primary.font().glyph_id(c);
    if id.0 != 0 || c.is_ascii() {
        return (Face::Primary, id);
    }
    // Thai is tried first among the fallbacks only to skip a lookup in the large CJK font.
    let order = if ('\u{0E00}'..='\u{0E7F}').contains(&c) {
        [Face::Thai, Face::Fallback]
    } else {
        [Face::Fallback, Face::Thai]
    };
    order
        .into_iter()
        .map(|f| (f, f.font().glyph_id(c)))
        .find(|(_, g)| g.0 != 0)
        .unwrap_or((Face::Primary, id))
}

/// Where to move a Thai mark from where the font puts it, in ems `(right, up)`, given the
/// character before it and the last base (non-mark) character: a tone mark after an upper vowel
/// goes above the vowel instead of into it, and upper marks over a consonant with an ascender
/// (ป ฝ ฟ ฬ) move left of the ascender. This is what a shaping engine's mark positioning does;
/// the fonts here are drawn without one. Everything else is `(0, 0)`.
pub fn mark_offset(base: Option<char>, prev: Option<char>, c: char) -> (f32, f32) {
    let upper_vowel = |p: char| matches!(p, '\u{0E31}' | '\u{0E34}'..='\u{0E37}' | '\u{0E47}');
    let tone = matches!(c, '\u{0E48}'..='\u{0E4C}');
    if !tone && !upper_vowel(c) {
        return (0.0, 0.0);
    }
    // Noto Sans Thai's ascender strokes are about 0.09 em wide; leave a little gap.
    let left = if matches!(
        base,
        Some('\u{0E1B}' | '\u{0E1D}' | '\u{0E1F}' | '\u{0E2C}')
    ) {
        -0.12
    } else {
        0.0
    };
    let rise = match prev {
        Some(p) if tone && upper_vowel(p) => {
            let (vf, vowel) = glyph(p);
            let (tf, mark) = glyph(c);
            match (vf.font().outline(vowel), tf.font().outline(mark)) {
                // ab_glyph's outline bounds keep font units (y up), `min.y` the top.
                (Some(v), Some(t)) => {
                    ((v.bounds.min.y - t.bounds.max.y) / tf.units_per_em() + 0.06).max(0.0)
                }
                _ => 0.0,
            }
        }
        _ => 0.0,
    };
    (left, rise)
}

/// Whether `c` is a mark drawn on the character before it (no advance of its own).
pub fn is_thai_mark(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `build.rs` deflated inflates back to the very files in `fonts/`.
    #[test]
    fn bundled_fonts_inflate_to_the_shipped_files() {
        for (face, name) in [
            (Face::Primary, "DejaVuSansCondensed.ttf"),
            (Face::Fallback, "wqy-microhei.ttc"),
            (Face::Thai, "NotoSansThai-Regular.ttf"),
        ] {
            let path = format!("{}/fonts/{name}", env!("CARGO_MANIFEST_DIR"));
            let shipped = std::fs::read(&path).unwrap();
            assert!(face.file().0 == shipped.as_slice(), "{name} differs");
        }
        let packed = PRIMARY_Z.len() + FALLBACK_Z.len() + THAI_Z.len();
        assert!(packed < 3_000_000, "fonts take {packed} bytes deflated");
    }

    #[test]
    fn primary_first_fallback_for_cjk() {
        assert_eq!(glyph('A').0, Face::Primary);
        assert_eq!(glyph('Ж').0, Face::Primary);
        for c in "王秀英佐藤花子さとうカタカナ김민준".chars() {
            let (face, id) = glyph(c);
            assert_eq!(face, Face::Fallback, "{c}");
            assert_ne!(id.0, 0, "{c}");
        }
        // No font has it: the primary font's box.
        assert_eq!(glyph('\u{10FFFD}'), (Face::Primary, GlyphId(0)));
        // Thai from Noto Sans Thai; its vowel and tone marks have no advance (they sit on the
        // consonant before them).
        for c in "สมชาย ใจดี".chars().filter(|c| !c.is_whitespace()) {
            assert_eq!(glyph(c).0, Face::Thai, "{c}");
        }
        for mark in ['\u{0E34}', '\u{0E35}', '\u{0E48}', '\u{0E49}'] {
            let (face, id) = glyph(mark);
            assert_eq!(face.advance_em(id), 0.0, "{mark:?}");
        }
        // A tone mark over an upper vowel is raised; alone over a consonant it is not. Over a
        // consonant with an ascender, upper marks move left.
        let (ko, sara_i, mai_ek) = ('\u{0E01}', '\u{0E34}', '\u{0E48}');
        let (dx, up) = mark_offset(Some(ko), Some(sara_i), mai_ek);
        assert!(dx == 0.0 && up > 0.1, "{up}");
        assert_eq!(mark_offset(Some(ko), Some(ko), mai_ek), (0.0, 0.0));
        assert!(mark_offset(Some('\u{0E1B}'), Some('\u{0E1B}'), sara_i).0 < 0.0);
        assert_eq!(mark_offset(None, None, 'a'), (0.0, 0.0));
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
