//! Label templates: the data files in `templates/` (embedded) and any a user adds to a
//! directory, parsed and checked.

use crate::LabelError;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Which family of printer a template is made for; decides which formats it can render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrinterKind {
    /// Brother QL raster printers (PNG, PDF, Brother QL raster).
    BrotherQl,
    /// Zebra ZPL printers (PNG, PDF, ZPL).
    Zebra,
    /// Card printers and anything driven through a driver (PNG, PDF).
    Card,
    /// Office printers: sheets of several badges (PDF, PNG of one badge).
    Office,
}

impl PrinterKind {
    /// Whether templates for this kind of printer render as `format`.
    pub fn supports(self, format: crate::Format) -> bool {
        match format {
            crate::Format::Png | crate::Format::Pdf => true,
            crate::Format::Zpl => self == PrinterKind::Zebra,
            crate::Format::BrotherQl => self == PrinterKind::BrotherQl,
        }
    }
}

/// Where the QR code sits relative to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Arrangement {
    /// QR on top, centred; text lines below.
    Stacked,
    /// QR on the left; text lines in a column on the right.
    SideBySide,
}

/// A text field a template can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    /// The display name (large, up to two lines).
    Name,
    /// The user principal name.
    Upn,
    /// Store or department.
    Department,
    /// "Valid from … until …".
    Validity,
    /// The optional onboarding line (up to three lines).
    Onboarding,
}

/// Brother QL media as the print-information command states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrotherMedia {
    /// Continuous tape (`true`) or die-cut labels.
    pub continuous: bool,
    /// Media width in mm (62).
    pub width_mm: u8,
    /// Label length in mm, 0 for continuous.
    pub length_mm: u8,
}

/// A page of several badges.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sheet {
    /// Page width in mm.
    pub page_width_mm: f64,
    /// Page height in mm.
    pub page_height_mm: f64,
    /// Badges across.
    pub columns: u32,
    /// Badges down.
    pub rows: u32,
    /// Space between badges in mm.
    pub gap_mm: f64,
}

/// One label template, as read from its JSON file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Short name used on the command line, e.g. `brother-ql-62`.
    pub name: String,
    /// Human title.
    pub title: String,
    /// The short name a non-technical person picks from ("Brother QL 62 mm", "A4 sheet");
    /// absent in a user's template, which then shows its `title` ([`Template::display_name`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Printer family.
    pub printer: PrinterKind,
    /// Printer resolution in dots per inch.
    pub dpi: u32,
    /// Label (or badge cell) width in mm.
    pub width_mm: f64,
    /// Label height in mm; absent for continuous media, whose length follows the content.
    #[serde(default)]
    pub height_mm: Option<f64>,
    /// Printable width in dots when it is not simply `width_mm` at `dpi` (Brother QL 62 mm: 696).
    #[serde(default)]
    pub width_dots: Option<u32>,
    /// Printable height in dots when it is not `height_mm` at `dpi`.
    #[serde(default)]
    pub height_dots: Option<u32>,
    /// Blank border on every side, in mm.
    pub margin_mm: f64,
    /// QR and text arrangement.
    pub arrangement: Arrangement,
    /// Smallest QR width in inches, quiet zone included. Below 2 the render carries a warning.
    #[serde(default = "default_qr_min_in")]
    pub qr_min_in: f64,
    /// Name size in points: largest first, smallest allowed second.
    #[serde(default = "default_name_pt")]
    pub name_pt: [f32; 2],
    /// Size of the other lines in points: largest, smallest.
    #[serde(default = "default_line_pt")]
    pub line_pt: [f32; 2],
    /// The fields shown, in order. Absent: all of them.
    #[serde(default = "default_fields")]
    pub fields: Vec<Field>,
    /// Height of the logo box in mm; absent: the template shows no logo.
    #[serde(default)]
    pub logo_height_mm: Option<f64>,
    /// Brother QL media, for Brother templates.
    #[serde(default)]
    pub brother: Option<BrotherMedia>,
    /// Page layout, for sheet templates.
    #[serde(default)]
    pub sheet: Option<Sheet>,
}

fn default_qr_min_in() -> f64 {
    crate::geometry::DEFAULT_MIN_WIDTH_IN
}
fn default_name_pt() -> [f32; 2] {
    [16.0, 7.0]
}
fn default_line_pt() -> [f32; 2] {
    [9.0, 5.0]
}
fn default_fields() -> Vec<Field> {
    vec![
        Field::Name,
        Field::Upn,
        Field::Department,
        Field::Validity,
        Field::Onboarding,
    ]
}

/// The templates shipped with qrstation, embedded at build time.
const BUILTIN: &[(&str, &str)] = &[
    (
        "brother-ql-62",
        include_str!("../templates/brother-ql-62.json"),
    ),
    (
        "brother-ql-62x100",
        include_str!("../templates/brother-ql-62x100.json"),
    ),
    (
        "zebra-4x3-203",
        include_str!("../templates/zebra-4x3-203.json"),
    ),
    (
        "zebra-4x3-300",
        include_str!("../templates/zebra-4x3-300.json"),
    ),
    (
        "zebra-2x2-203",
        include_str!("../templates/zebra-2x2-203.json"),
    ),
    (
        "zebra-2x2-300",
        include_str!("../templates/zebra-2x2-300.json"),
    ),
    ("cr80", include_str!("../templates/cr80.json")),
    ("sheet-a4", include_str!("../templates/sheet-a4.json")),
    (
        "sheet-letter",
        include_str!("../templates/sheet-letter.json"),
    ),
];

impl Template {
    /// What a person picks this label by: its `display_name`, else its `title`.
    pub fn display_name(&self) -> &str {
        self.display_name.as_deref().unwrap_or(&self.title)
    }

    /// Parses and checks one template file's text (at most [`MAX_TEMPLATE_BYTES`]). Every
    /// malformed or hostile file is `label.invalid_template` (or `label.canvas_too_large`),
    /// never a panic, and the message quotes at most a few characters of the file.
    pub fn from_json(text: &str) -> Result<Template, LabelError> {
        let unparsed = |reason: String| LabelError::InvalidTemplate {
            name: String::from("(unparsed)"),
            reason,
        };
        if text.len() > MAX_TEMPLATE_BYTES {
            return Err(unparsed(format!(
                "the file is over {} KiB",
                MAX_TEMPLATE_BYTES / 1024
            )));
        }
        let t: Template =
            serde_json::from_str(text).map_err(|e| unparsed(quiet(&e.to_string())))?;
        t.validate()?;
        Ok(t)
    }

    /// Every built-in template.
    pub fn builtin() -> Vec<Template> {
        BUILTIN
            .iter()
            .map(|(_, text)| Template::from_json(text).expect("built-in templates are valid"))
            .collect()
    }

    /// The built-in templates plus every `*.json` in `dir` (a user template with a built-in's
    /// name replaces it). A missing directory is not an error.
    pub fn all(dir: Option<&Path>) -> Result<Vec<Template>, LabelError> {
        let mut all = Template::builtin();
        let Some(dir) = dir else { return Ok(all) };
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(all),
            Err(e) => return Err(LabelError::io("reading the template directory", &e)),
        };
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let text = read_small(&path)?;
            let t = Template::from_json(&text).map_err(|e| match e {
                LabelError::InvalidTemplate { reason, .. } => LabelError::InvalidTemplate {
                    name: path.display().to_string(),
                    reason,
                },
                other => other,
            })?;
            all.retain(|b| b.name != t.name);
            all.push(t);
        }
        Ok(all)
    }

    /// Finds a template by name among the built-ins and `dir`.
    pub fn find(name: &str, dir: Option<&Path>) -> Result<Template, LabelError> {
        Template::all(dir)?
            .into_iter()
            .find(|t| t.name == name)
            .ok_or_else(|| LabelError::UnknownTemplate(name.chars().take(64).collect()))
    }

    /// Printable width in dots.
    pub fn width_px(&self) -> u32 {
        self.width_dots
            .unwrap_or_else(|| mm_to_dots(self.width_mm, self.dpi))
    }

    /// Printable height in dots; `None` for continuous media.
    pub fn height_px(&self) -> Option<u32> {
        self.height_dots
            .or_else(|| self.height_mm.map(|h| mm_to_dots(h, self.dpi)))
    }

    fn validate(&self) -> Result<(), LabelError> {
        let name_ok = !self.name.is_empty()
            && self.name.len() <= 64
            && self
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        let bad = |reason: &str| LabelError::InvalidTemplate {
            // A name that is not valid is not echoed (it may be a megabyte of anything).
            name: if name_ok {
                self.name.clone()
            } else {
                "(unnamed)".into()
            },
            reason: reason.to_string(),
        };
        if !name_ok {
            return Err(bad("the name must be 1 to 64 letters, digits and '-'"));
        }
        if self.title.chars().count() > 200 || self.title.chars().any(char::is_control) {
            return Err(bad(
                "the title must be at most 200 characters, no control characters",
            ));
        }
        if !(100..=1200).contains(&self.dpi) {
            return Err(bad("dpi must be 100 to 1200"));
        }
        let positive = |v: f64| v.is_finite() && v > 0.0 && v < 1000.0;
        if !positive(self.width_mm) || self.height_mm.is_some_and(|h| !positive(h)) {
            return Err(bad("width_mm and height_mm must be between 0 and 1000"));
        }
        if self.width_dots == Some(0) || self.height_dots == Some(0) {
            return Err(bad("width_dots and height_dots must be at least 1"));
        }
        // Before anything is allocated: the label in dots, and for continuous media its width
        // (its length is checked once the layout knows it).
        check_canvas(self.width_px(), self.height_px().unwrap_or(1))?;
        if !(0.0..self.width_mm / 3.0).contains(&self.margin_mm)
            || self.height_mm.is_some_and(|h| self.margin_mm >= h / 3.0)
        {
            return Err(bad(
                "margin_mm must be at least 0 and under a third of the width and height",
            ));
        }
        let m = mm_to_dots(self.margin_mm, self.dpi);
        if m.saturating_mul(3) >= self.width_px()
            || self.height_px().is_some_and(|h| m.saturating_mul(3) >= h)
        {
            return Err(bad(
                "margin_mm must be under a third of width_dots and height_dots",
            ));
        }
        if !(0.5..=8.0).contains(&self.qr_min_in) {
            return Err(bad("qr_min_in must be 0.5 to 8"));
        }
        for pt in [self.name_pt, self.line_pt] {
            if !(pt[1] >= 3.0 && pt[0] >= pt[1] && pt[0] <= 72.0) {
                return Err(bad(
                    "point sizes must be [largest, smallest] with 3 <= smallest <= largest <= 72",
                ));
            }
        }
        if !self.fields.contains(&Field::Name) {
            return Err(bad("fields must include name"));
        }
        let mut seen = Vec::with_capacity(self.fields.len());
        for f in &self.fields {
            if seen.contains(f) {
                return Err(bad("each field may appear once"));
            }
            seen.push(*f);
        }
        if let Some(h) = self.logo_height_mm {
            if !positive(h) || self.height_mm.is_some_and(|lh| h >= lh) {
                return Err(bad(
                    "logo_height_mm must be above 0 and under the label height",
                ));
            }
        }
        if self.printer == PrinterKind::BrotherQl && self.brother.is_none() {
            return Err(bad("a brother-ql template needs a brother media section"));
        }
        if let Some(s) = &self.sheet {
            let page = |v: f64| v.is_finite() && v > 0.0 && v <= 2000.0;
            let gap_ok = s.gap_mm.is_finite() && (0.0..=100.0).contains(&s.gap_mm);
            if !(page(s.page_width_mm) && page(s.page_height_mm) && gap_ok) {
                return Err(bad(
                    "a sheet's page is 0 to 2000 mm each way and its gap 0 to 100 mm",
                ));
            }
            if !(1..=50).contains(&s.columns)
                || !(1..=50).contains(&s.rows)
                || self.height_mm.is_none()
            {
                return Err(bad(
                    "a sheet needs 1 to 50 columns and rows and a badge height",
                ));
            }
            let w = f64::from(s.columns) * self.width_mm + f64::from(s.columns - 1) * s.gap_mm;
            let h = f64::from(s.rows) * self.height_mm.unwrap_or(0.0)
                + f64::from(s.rows - 1) * s.gap_mm;
            if w > s.page_width_mm || h > s.page_height_mm {
                return Err(bad("the badges do not fit on the page"));
            }
        }
        Ok(())
    }
}

/// The largest template file read, in bytes (the built-ins are under 1 KiB).
pub const MAX_TEMPLATE_BYTES: usize = 64 * 1024;
/// The most printer dots along either side of a label (1 m is 11,811 dots at 300 dpi).
pub const MAX_SIDE_DOTS: u32 = 20_000;
/// The most printer dots in one label: an A4 page at 600 dpi (34.8 million) fits; the grey
/// canvas is one byte per dot.
pub const MAX_CANVAS_DOTS: u64 = 36_000_000;

/// Refuses a label of `width` by `height` dots that is over [`MAX_SIDE_DOTS`] on a side or
/// [`MAX_CANVAS_DOTS`] in all (`label.canvas_too_large`); nothing is allocated before this.
pub fn check_canvas(width: u32, height: u32) -> Result<(), LabelError> {
    let (w, h) = (u64::from(width), u64::from(height));
    if w > u64::from(MAX_SIDE_DOTS) || h > u64::from(MAX_SIDE_DOTS) || w * h > MAX_CANVAS_DOTS {
        return Err(LabelError::CanvasTooLarge {
            width: w,
            height: h,
            max_side: u64::from(MAX_SIDE_DOTS),
            max_dots: MAX_CANVAS_DOTS,
        });
    }
    Ok(())
}

/// Reads a template file of at most [`MAX_TEMPLATE_BYTES`].
fn read_small(path: &Path) -> Result<String, LabelError> {
    use std::io::Read;
    let io = |e: std::io::Error| LabelError::io(format!("reading {}", path.display()), &e);
    let mut text = String::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(MAX_TEMPLATE_BYTES as u64 + 1)
        .read_to_string(&mut text)
        .map_err(io)?;
    if text.len() > MAX_TEMPLATE_BYTES {
        return Err(LabelError::InvalidTemplate {
            name: path.display().to_string(),
            reason: format!("the file is over {} KiB", MAX_TEMPLATE_BYTES / 1024),
        });
    }
    Ok(text)
}

/// A parser message with every quoted fragment of the file (between backticks or double
/// quotes) cut to 24 characters, and the whole to 240.
fn quiet(msg: &str) -> String {
    let mut out = String::new();
    let (mut open, mut inside) = (None, 0usize);
    for c in msg.chars() {
        match open {
            Some(q) if c == q => {
                open = None;
                out.push(c);
            }
            Some(_) => {
                inside += 1;
                let c = if c.is_control() { '?' } else { c };
                if inside <= 24 {
                    out.push(c);
                } else if inside == 25 {
                    out.push('…');
                }
            }
            None => {
                if c == '`' || c == '"' {
                    open = Some(c);
                    inside = 0;
                }
                out.push(if c.is_control() { '?' } else { c });
            }
        }
    }
    match out.char_indices().nth(240) {
        Some((i, _)) => format!("{}…", &out[..i]),
        None => out,
    }
}

/// Millimetres to whole dots at `dpi`.
pub fn mm_to_dots(mm: f64, dpi: u32) -> u32 {
    (mm / 25.4 * f64::from(dpi)).round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_parse_with_expected_sizes() {
        let all = Template::builtin();
        assert_eq!(all.len(), BUILTIN.len());
        for (name, _) in BUILTIN {
            assert!(all.iter().any(|t| &t.name == name), "{name}");
        }
        let z = Template::find("zebra-4x3-203", None).unwrap();
        assert_eq!((z.width_px(), z.height_px()), (812, Some(609)));
        let b = Template::find("brother-ql-62", None).unwrap();
        assert_eq!((b.width_px(), b.height_px()), (696, None));
        let d = Template::find("brother-ql-62x100", None).unwrap();
        assert_eq!((d.width_px(), d.height_px()), (696, Some(1109)));
    }

    #[test]
    fn every_builtin_has_a_short_readable_name() {
        let names: Vec<(String, String)> = Template::builtin()
            .iter()
            .map(|t| (t.name.clone(), t.display_name().to_owned()))
            .collect();
        for (id, shown) in &names {
            assert!(shown.len() < 30 && shown != id, "{id}: {shown}");
            assert!(shown.starts_with(char::is_uppercase), "{id}: {shown}");
        }
        let by = |id: &str| names.iter().find(|(n, _)| n == id).unwrap().1.clone();
        assert_eq!(by("brother-ql-62"), "Brother QL 62 mm");
        assert_eq!(by("zebra-4x3-203"), "Zebra 4×3 in, 203 dpi");
        assert_eq!(by("sheet-a4"), "A4 sheet");
        assert_eq!(by("cr80"), "Card CR80");
        // A user's template without one shows its title.
        let mut t = Template::find("cr80", None).unwrap();
        t.display_name = None;
        assert_eq!(t.display_name(), t.title);
    }

    #[test]
    fn user_directory_adds_and_overrides() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Template::find("cr80", None).unwrap();
        t.name = "my-card".into();
        t.margin_mm = 2.5;
        std::fs::write(
            dir.path().join("my.json"),
            serde_json::to_string(&t).unwrap(),
        )
        .unwrap();
        assert_eq!(
            Template::find("my-card", Some(dir.path()))
                .unwrap()
                .margin_mm,
            2.5
        );
        assert_eq!(
            Template::find("nope", Some(dir.path())).unwrap_err().code(),
            "label.unknown_template"
        );
        std::fs::write(dir.path().join("bad.json"), "{\"name\":1}").unwrap();
        assert_eq!(
            Template::all(Some(dir.path())).unwrap_err().code(),
            "label.invalid_template"
        );
    }

    #[test]
    fn validation_rejects_nonsense() {
        let mut t = Template::find("sheet-a4", None).unwrap();
        t.sheet.as_mut().unwrap().columns = 9;
        let err = Template::from_json(&serde_json::to_string(&t).unwrap()).unwrap_err();
        assert!(err.to_string().contains("do not fit"), "{err}");
    }
}
