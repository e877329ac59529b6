//! PDF output, written by hand: one page per badge or sheets of several badges; the QR code as
//! vector squares (horizontal runs of dark modules merged with identical runs below), text in
//! the embedded subset font, the logo as a grey image.

use crate::geometry::QUIET_ZONE_MODULES;
use crate::layout::Layout;
use crate::pdf_font::Fonts;
use crate::template::Sheet;
use crate::LabelError;
use flate2::write::ZlibEncoder;
use std::fmt::Write as _;
use std::io::Write as _;

const PT_PER_MM: f64 = 72.0 / 25.4;

/// A page: width and height in points, and its badges with their bottom-left corners.
type Page<'a> = (f64, f64, Vec<(f64, f64, &'a Layout)>);

/// Where badges go on a page.
pub enum PageLayout {
    /// One page per badge, the page the size of the label.
    OnePerPage,
    /// Grids of badges on pages of this sheet.
    Sheet(Sheet),
}

/// A PDF of `badges`, laid out by `pages`.
pub fn encode(badges: &[Layout], pages: &PageLayout) -> Result<Vec<u8>, LabelError> {
    let mut w = Writer::new();
    let catalog = w.alloc();
    let pages_id = w.alloc();
    let used: std::collections::BTreeSet<_> = badges
        .iter()
        .flat_map(|b| b.lines.iter())
        .flat_map(|l| crate::text::faces(&l.text))
        .collect();
    let mut font = Fonts::new(&used);
    let font_ids: Vec<[u32; 5]> = font
        .faces()
        .iter()
        .map(|_| [w.alloc(), w.alloc(), w.alloc(), w.alloc(), w.alloc()])
        .collect();
    let font_resources: String = font_ids
        .iter()
        .enumerate()
        .map(|(i, ids)| format!("/F{} {} 0 R ", i + 1, ids[0]))
        .collect();
    let mut images: Vec<(u32, &crate::logo::GreyImage)> = Vec::new();
    let mut page_ids = Vec::new();
    let groups: Vec<Page> = match pages {
        PageLayout::OnePerPage => badges
            .iter()
            .map(|b| {
                let (pw, ph) = size_pt(b);
                (pw, ph, vec![(0.0, 0.0, b)])
            })
            .collect(),
        PageLayout::Sheet(s) => sheet_pages(badges, s),
    };
    for (pw, ph, cells) in groups {
        let mut content = String::new();
        let mut xobjects = String::new();
        for (ox, oy, b) in cells {
            let logo = match &b.logo {
                Some(l) => {
                    let id = match images.iter().find(|(_, img)| *img == &l.image) {
                        Some((id, _)) => *id,
                        None => {
                            let id = w.alloc();
                            images.push((id, &l.image));
                            id
                        }
                    };
                    let _ = write!(xobjects, "/Im{id} {id} 0 R ");
                    Some(id)
                }
                None => None,
            };
            draw_badge(&mut content, &mut font, b, ox, oy, logo);
        }
        let content_id = w.alloc();
        w.stream(content_id, "", content.as_bytes());
        let page = w.alloc();
        w.object(
            page,
            &format!(
                "<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {pw:.3} {ph:.3}] \
                 /Resources << /Font << {font_resources}>> /XObject << {xobjects}>> >> \
                 /Contents {content_id} 0 R >>"
            ),
        );
        page_ids.push(page);
    }
    for (id, img) in &images {
        w.stream(
            *id,
            &format!(
                "/Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace /DeviceGray /BitsPerComponent 8",
                img.width, img.height
            ),
            &img.pixels,
        );
    }
    finish_document(w, &font, &font_ids, pages_id, &page_ids, catalog)
}

/// Ends a document: the embedded subset fonts, the page tree and the catalog. Badges and PIN
/// slips share it.
pub(crate) fn finish_document(
    mut w: Writer,
    fonts: &Fonts,
    font_ids: &[[u32; 5]],
    pages_id: u32,
    page_ids: &[u32],
    catalog: u32,
) -> Result<Vec<u8>, LabelError> {
    for (face, ids) in fonts.faces().iter().zip(font_ids) {
        let objs = face.objects(*ids).map_err(LabelError::Font)?;
        w.object(ids[0], &objs.type0);
        w.object(ids[1], &objs.cid_font);
        w.object(ids[2], &objs.descriptor);
        w.stream(ids[3], &format!("/Length1 {}", objs.file.len()), &objs.file);
        w.stream(ids[4], "", &objs.to_unicode);
    }
    let kids: String = page_ids.iter().map(|p| format!("{p} 0 R ")).collect();
    w.object(
        pages_id,
        &format!(
            "<< /Type /Pages /Kids [{kids}] /Count {} >>",
            page_ids.len()
        ),
    );
    w.object(
        catalog,
        &format!("<< /Type /Catalog /Pages {pages_id} 0 R >>"),
    );
    Ok(w.finish(catalog))
}

fn size_pt(b: &Layout) -> (f64, f64) {
    let k = 72.0 / f64::from(b.dpi);
    (f64::from(b.width) * k, f64::from(b.height) * k)
}

/// Splits badges into pages of the sheet's grid, centred on the page; origins are the
/// bottom-left corners of the cells in points.
fn sheet_pages<'a>(badges: &'a [Layout], s: &Sheet) -> Vec<Page<'a>> {
    let (pw, ph) = (s.page_width_mm * PT_PER_MM, s.page_height_mm * PT_PER_MM);
    let gap = s.gap_mm * PT_PER_MM;
    let per_page = (s.columns * s.rows) as usize;
    badges
        .chunks(per_page.max(1))
        .map(|chunk| {
            let (cw, ch) = size_pt(&chunk[0]);
            let grid_w = f64::from(s.columns) * cw + f64::from(s.columns - 1) * gap;
            let grid_h = f64::from(s.rows) * ch + f64::from(s.rows - 1) * gap;
            let (left, top) = ((pw - grid_w) / 2.0, ph - (ph - grid_h) / 2.0);
            let cells = chunk
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    let (c, r) = ((i as u32 % s.columns) as f64, (i as u32 / s.columns) as f64);
                    (left + c * (cw + gap), top - r * (ch + gap) - ch, b)
                })
                .collect();
            (pw, ph, cells)
        })
        .collect()
}

/// Appends one badge's drawing operators, in a coordinate system of printer dots with the
/// origin at the badge's top-left corner.
fn draw_badge(out: &mut String, font: &mut Fonts, b: &Layout, ox: f64, oy: f64, logo: Option<u32>) {
    let k = 72.0 / f64::from(b.dpi);
    let top = oy + f64::from(b.height) * k;
    let _ = writeln!(out, "q {k:.6} 0 0 {:.6} {ox:.3} {top:.3} cm 0 g", -k);
    let q = &b.qr;
    let d = q.geometry.dots_per_module;
    let origin = QUIET_ZONE_MODULES * d;
    let _ = writeln!(out, "q {d} 0 0 {d} {} {} cm", q.x + origin, q.y + origin);
    for [x, y, w, h] in q.matrix.rectangles() {
        let _ = writeln!(out, "{x} {y} {w} {h} re");
    }
    out.push_str("f Q\n");
    for line in &b.lines {
        let _ = writeln!(
            out,
            "BT 1 0 0 -1 {:.2} {:.2} Tm {} ET",
            line.x,
            line.baseline,
            font.show(&line.text, line.em_px)
        );
    }
    if let (Some(l), Some(id)) = (&b.logo, logo) {
        let [x, y, w, h] = l.rect;
        let _ = writeln!(out, "q {w} 0 0 -{h} {x} {} cm /Im{id} Do Q", y + h);
    }
    out.push_str("Q\n");
}

/// A minimal PDF object writer with a cross-reference table (badges here, PIN slips in
/// [`crate::slip`]).
pub(crate) struct Writer {
    buf: Vec<u8>,
    offsets: Vec<usize>,
}

impl Writer {
    pub(crate) fn new() -> Writer {
        Writer {
            buf: b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec(),
            offsets: Vec::new(),
        }
    }

    pub(crate) fn alloc(&mut self) -> u32 {
        self.offsets.push(0);
        self.offsets.len() as u32
    }

    pub(crate) fn object(&mut self, id: u32, body: &str) {
        self.offsets[id as usize - 1] = self.buf.len();
        let _ = write!(self.buf, "{id} 0 obj\n{body}\nendobj\n");
    }

    pub(crate) fn stream(&mut self, id: u32, dict: &str, data: &[u8]) {
        let mut z = ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = z.write_all(data);
        let packed = z.finish().unwrap_or_default();
        self.offsets[id as usize - 1] = self.buf.len();
        let _ = write!(
            self.buf,
            "{id} 0 obj\n<< {dict} /Filter /FlateDecode /Length {} >>\nstream\n",
            packed.len()
        );
        self.buf.extend_from_slice(&packed);
        self.buf.extend_from_slice(b"\nendstream\nendobj\n");
    }

    pub(crate) fn finish(mut self, root: u32) -> Vec<u8> {
        let xref = self.buf.len();
        let _ = write!(
            self.buf,
            "xref\n0 {}\n0000000000 65535 f \n",
            self.offsets.len() + 1
        );
        for off in &self.offsets {
            let _ = writeln!(self.buf, "{off:010} 00000 n ");
        }
        let _ = write!(
            self.buf,
            "trailer\n<< /Size {} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            self.offsets.len() + 1
        );
        self.buf
    }
}
