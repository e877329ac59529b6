//! The bundled fonts in a PDF: each face used becomes a subset TrueType embedded as a CID font
//! (Identity-H), with widths and a ToUnicode map so text can be searched and copied. Text is
//! split into runs per face (per-glyph fallback, `crate::font`).

use crate::font::{self, Face};
use ab_glyph::Font;
use std::collections::BTreeMap;
use std::fmt::Write;
use subsetter::GlyphRemapper;

/// The glyphs a document uses of one face, numbered as they will be in the subset.
pub(crate) struct FontUse {
    face: Face,
    remapper: GlyphRemapper,
    unicode: BTreeMap<u16, char>,
}

impl FontUse {
    pub(crate) fn new(face: Face) -> FontUse {
        FontUse {
            face,
            remapper: GlyphRemapper::new(),
            unicode: BTreeMap::new(),
        }
    }

    /// Appends the subset glyph id of `c` (a glyph of this face) as four hex digits.
    fn push(&mut self, out: &mut String, c: char, old: u16) {
        let new = self.remapper.remap(old);
        self.unicode.entry(new).or_insert(c);
        let _ = write!(out, "{new:04X}");
    }

    /// The objects of the font: `(Type0 dict, CIDFont dict, descriptor, font file, ToUnicode)`
    /// bodies, given the object ids they will have (`ids` in the same order).
    pub(crate) fn objects(&self, ids: [u32; 5]) -> Result<FontObjects, String> {
        let f = self.face.font();
        let upem = self.face.units_per_em();
        let (bytes, index) = self.face.file();
        let subset = subsetter::subset(bytes, index, &self.remapper).map_err(|e| e.to_string())?;
        let name = self.face.pdf_name();
        let mut widths = String::new();
        for old in self.remapper.remapped_gids() {
            let w = f.h_advance_unscaled(ab_glyph::GlyphId(old)) * 1000.0 / upem;
            let _ = write!(widths, "{} ", w.round() as i64);
        }
        let k = 1000.0 / upem;
        let ascent = (f.ascent_unscaled() * k).round() as i64;
        let descent = (f.descent_unscaled() * k).round() as i64;
        let [_, cid, desc, file, tounicode] = ids;
        let type0 = format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /{name} /Encoding /Identity-H \
             /DescendantFonts [{cid} 0 R] /ToUnicode {tounicode} 0 R >>"
        );
        let cid_font = format!(
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} \
             /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> \
             /FontDescriptor {desc} 0 R /DW 1000 /W [0 [{widths}]] /CIDToGIDMap /Identity >>"
        );
        let descriptor = format!(
            "<< /Type /FontDescriptor /FontName /{name} /Flags 4 \
             /FontBBox [-1000 {descent} 2000 {ascent}] /ItalicAngle 0 /Ascent {ascent} \
             /Descent {descent} /CapHeight {ascent} /StemV 80 /FontFile2 {file} 0 R >>"
        );
        let mut cmap = String::from(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
             /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
             /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n\
             1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
        );
        let entries: Vec<_> = self.unicode.iter().collect();
        for chunk in entries.chunks(100) {
            let _ = writeln!(cmap, "{} beginbfchar", chunk.len());
            for (gid, c) in chunk {
                let mut utf16 = [0u16; 2];
                let hex: String = c
                    .encode_utf16(&mut utf16)
                    .iter()
                    .map(|u| format!("{u:04X}"))
                    .collect();
                let _ = writeln!(cmap, "<{gid:04X}> <{hex}>");
            }
            cmap.push_str("endbfchar\n");
        }
        cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
        Ok(FontObjects {
            type0,
            cid_font,
            descriptor,
            file: subset,
            to_unicode: cmap.into_bytes(),
        })
    }
}

/// The faces a document uses: the primary one always, the others when some text needs them.
pub(crate) struct Fonts {
    faces: Vec<FontUse>,
}

impl Fonts {
    /// The primary face, plus each other face in `used`.
    pub(crate) fn new(used: &std::collections::BTreeSet<Face>) -> Fonts {
        let faces = Face::ALL
            .into_iter()
            .filter(|f| *f == Face::Primary || used.contains(f))
            .map(FontUse::new)
            .collect();
        Fonts { faces }
    }

    /// The faces in resource order: `/F1` is the first, `/F2` the next, and so on.
    pub(crate) fn faces(&self) -> &[FontUse] {
        &self.faces
    }

    /// Text-showing operators for `s` at `size`: one `/Fn size Tf <…> Tj` per run of one face,
    /// right-to-left text in visual order (as PDFs store it).
    /// A character needing the fallback when the document has none shows the missing glyph.
    pub(crate) fn show(&mut self, s: &str, size: f32) -> String {
        let mut out = String::with_capacity(16 + 4 * s.len());
        let mut current: Option<usize> = None;
        let (mut base, mut prev) = (None, None);
        for c in crate::bidi::visual(s).chars() {
            let (face, id) = font::glyph(c);
            let (slot, id) = match self.faces.iter().position(|f| f.face == face) {
                Some(i) => (i, id.0),
                None => (0, 0),
            };
            let (dx, up) = font::mark_offset(base, prev, c);
            prev = Some(c);
            if !font::is_thai_mark(c) {
                base = Some(c);
            }
            if (dx, up) != (0.0, 0.0) {
                // A moved mark (no advance) in its own run: the text rise lifts it; a TJ
                // adjustment (thousandths of an em, positive moves left) shifts it and is
                // undone after it.
                if current.take().is_some() {
                    out.push_str("> Tj ");
                }
                let k = (-dx * 1000.0).round();
                let _ = write!(
                    out,
                    "{:.2} Ts /F{} {size:.2} Tf [{k} <",
                    up * size,
                    slot + 1
                );
                self.faces[slot].push(&mut out, c, id);
                let _ = write!(out, "> {}] TJ 0 Ts ", -k);
                continue;
            }
            if current != Some(slot) {
                if current.is_some() {
                    out.push_str("> Tj ");
                }
                let _ = write!(out, "/F{} {size:.2} Tf <", slot + 1);
                current = Some(slot);
            }
            self.faces[slot].push(&mut out, c, id);
        }
        if current.is_some() {
            out.push_str("> Tj");
        }
        out
    }
}

/// The finished font objects.
pub(crate) struct FontObjects {
    pub type0: String,
    pub cid_font: String,
    pub descriptor: String,
    pub file: Vec<u8>,
    pub to_unicode: Vec<u8>,
}
