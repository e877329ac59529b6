//! The bundled font in a PDF: a subset TrueType embedded as a CID font (Identity-H), with
//! widths and a ToUnicode map so text can be searched and copied.

use crate::text;
use ab_glyph::Font;
use std::collections::BTreeMap;
use std::fmt::Write;
use subsetter::GlyphRemapper;

/// The glyphs a document uses, numbered as they will be in the subset.
pub(crate) struct FontUse {
    remapper: GlyphRemapper,
    unicode: BTreeMap<u16, char>,
}

impl FontUse {
    pub(crate) fn new() -> FontUse {
        FontUse {
            remapper: GlyphRemapper::new(),
            unicode: BTreeMap::new(),
        }
    }

    /// `text` as a PDF hex string of subset glyph ids.
    pub(crate) fn encode(&mut self, s: &str) -> String {
        let mut out = String::with_capacity(2 + 4 * s.len());
        out.push('<');
        for c in s.chars() {
            let new = self.remapper.remap(text::glyph(c).0);
            self.unicode.entry(new).or_insert(c);
            let _ = write!(out, "{new:04X}");
        }
        out.push('>');
        out
    }

    /// The objects of the font: `(Type0 dict, CIDFont dict, descriptor, font file, ToUnicode)`
    /// bodies, given the object ids they will have (`ids` in the same order).
    pub(crate) fn objects(&self, ids: [u32; 5]) -> Result<FontObjects, String> {
        let f = text::font();
        let upem = text::units_per_em();
        let subset =
            subsetter::subset(text::FONT_BYTES, 0, &self.remapper).map_err(|e| e.to_string())?;
        let name = "QRSTAT+DejaVuSansCondensed";
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

/// The finished font objects.
pub(crate) struct FontObjects {
    pub type0: String,
    pub cid_font: String,
    pub descriptor: String,
    pub file: Vec<u8>,
    pub to_unicode: Vec<u8>,
}
