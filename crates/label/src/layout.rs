//! Placing the QR code, the text lines and the logo on a label, in printer dots.

use crate::geometry::{QrGeometry, DEFAULT_MIN_WIDTH_IN};
use crate::input::{BadgeInput, Warning};
use crate::logo::GreyImage;
use crate::qr::{self, QrMatrix};
use crate::template::{mm_to_dots, Arrangement, Field, Template};
use crate::text;
use crate::LabelError;

/// The QR code's place: `x`, `y` are the top-left corner of its quiet zone.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedQr {
    /// Left edge of the quiet zone, in dots.
    pub x: u32,
    /// Top edge of the quiet zone, in dots.
    pub y: u32,
    /// Module size and overall width.
    pub geometry: QrGeometry,
    /// The symbol.
    pub matrix: QrMatrix,
}

/// One line of text: its baseline starts at (`x`, `baseline`).
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLine {
    /// The field this line belongs to.
    pub field: Field,
    /// The text.
    pub text: String,
    /// Left end of the baseline, in dots.
    pub x: f32,
    /// Baseline, in dots from the top.
    pub baseline: f32,
    /// Em size in dots.
    pub em_px: f32,
}

/// The logo's box in dots.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLogo {
    /// Left, top, width, height in dots.
    pub rect: [u32; 4],
    /// The image, scaled into `rect` when drawn.
    pub image: GreyImage,
}

/// A finished badge layout at the template's dpi.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Width in dots.
    pub width: u32,
    /// Height in dots.
    pub height: u32,
    /// Dots per inch.
    pub dpi: u32,
    /// The QR code.
    pub qr: PlacedQr,
    /// The text lines, top to bottom.
    pub lines: Vec<PlacedLine>,
    /// The logo, if shown.
    pub logo: Option<PlacedLogo>,
    /// What the user should be told.
    pub warnings: Vec<Warning>,
}

/// Lays out one badge.
pub fn layout(input: &BadgeInput, t: &Template) -> Result<Layout, LabelError> {
    let enc = qr::encode(&input.payload, input.ecc, input.reported_version)?;
    let mut warnings = Vec::new();
    if let Some(m) = enc.version_mismatch {
        warnings.push(Warning::VersionMismatch {
            reported: m.reported,
            used: m.used,
        });
    }
    let dpi = t.dpi;
    let m = mm_to_dots(t.margin_mm, dpi);
    let w = t.width_px();
    let fixed_h = t.height_px();
    let inches = |dots: u32| f64::from(dots) / f64::from(dpi);
    let qr_max = match (t.arrangement, fixed_h) {
        (Arrangement::Stacked, Some(h)) => (w - 2 * m).min(h.saturating_sub(2 * m)),
        (Arrangement::Stacked, None) => w - 2 * m,
        (Arrangement::SideBySide, h) => (w * 3 / 5).min(h.unwrap_or(w).saturating_sub(2 * m)),
    };
    let geometry = QrGeometry::fit(enc.matrix.version, dpi, t.qr_min_in, inches(qr_max))?;
    if geometry.width_in < DEFAULT_MIN_WIDTH_IN - 1e-9 {
        warnings.push(Warning::QrBelowRecommended {
            width_in: geometry.width_in,
        });
    }
    let q = geometry.width_dots;
    let logo_h = t.logo_height_mm.map(|h| mm_to_dots(h, dpi));
    let image = match (&input.logo_png, logo_h) {
        (Some(bytes), Some(_)) => Some(GreyImage::decode(bytes)?),
        (Some(_), None) => {
            warnings.push(Warning::LogoNotShown);
            None
        }
        _ => None,
    };
    let gap = mm_to_dots(1.5, dpi);
    // The QR code, the text column and the space the text may use.
    let (qr_xy, col_x, col_w, mut top, bottom) = match t.arrangement {
        Arrangement::Stacked => {
            let mut y = m;
            if image.is_some() {
                y += logo_h.unwrap_or(0) + gap;
            }
            let qr_xy = ((w - q) / 2, y);
            let top = y + q;
            (qr_xy, m, w - 2 * m, top, fixed_h.map(|h| h - m))
        }
        Arrangement::SideBySide => {
            let h = fixed_h.unwrap_or(q + 2 * m);
            let col_x = m + q + gap;
            (
                ((m), (h - q) / 2),
                col_x,
                w.saturating_sub(col_x + m),
                m,
                Some(h - m),
            )
        }
    };
    let logo = match (image, logo_h) {
        (Some(image), Some(lh)) => {
            let lw = (u64::from(image.width) * u64::from(lh) / u64::from(image.height)) as u32;
            let lw = lw.min(col_w).max(1);
            let x = match t.arrangement {
                Arrangement::Stacked => (w - lw) / 2,
                Arrangement::SideBySide => col_x,
            };
            let y = match t.arrangement {
                Arrangement::Stacked => m,
                Arrangement::SideBySide => {
                    let y = top;
                    top += lh + gap;
                    y
                }
            };
            Some(PlacedLogo {
                rect: [x, y, lw, lh],
                image,
            })
        }
        _ => None,
    };
    // A text column narrower than 10 mm cannot hold a name legibly.
    let min_col = mm_to_dots(10.0, dpi);
    if col_w < min_col {
        return Err(LabelError::DoesNotFit {
            needed_in: inches(q + min_col + 2 * m),
            available_in: inches(w),
        });
    }
    let available = bottom.map(|b| b.saturating_sub(top) as f32);
    let (blocks, mut more) = fit_block(input, t, col_w as f32, available)?;
    warnings.append(&mut more);
    let total: f32 = blocks.iter().map(block_height).sum();
    let (mut y, height) = match (t.arrangement, fixed_h) {
        (Arrangement::Stacked, Some(h)) => (top as f32 + gap as f32 * 0.5, h),
        (Arrangement::Stacked, None) => {
            let y = top as f32 + gap as f32 * 0.5;
            (y, (y + total).ceil() as u32 + m)
        }
        (Arrangement::SideBySide, _) => {
            let b = bottom.unwrap_or(top) as f32;
            let start = if logo.is_some() {
                top as f32
            } else {
                top as f32 + ((b - top as f32 - total) / 2.0).max(0.0)
            };
            (start, fixed_h.unwrap_or(q + 2 * m))
        }
    };
    let mut lines = Vec::new();
    for (field, fitted) in blocks {
        let (ascent, _) = text::vertical_metrics(fitted.em_px);
        let lh = text::line_height(fitted.em_px);
        for line in fitted.lines {
            let lw = text::width(&line, fitted.em_px);
            let x = match t.arrangement {
                Arrangement::Stacked => (w as f32 - lw) / 2.0,
                Arrangement::SideBySide => col_x as f32,
            };
            lines.push(PlacedLine {
                field,
                text: line,
                x,
                baseline: y + ascent,
                em_px: fitted.em_px,
            });
            y += lh;
        }
        y += lh * 0.25;
    }
    // Continuous media: the length is known only now, and is capped before anything is drawn.
    crate::template::check_canvas(w, height)?;
    Ok(Layout {
        width: w,
        height,
        dpi,
        qr: PlacedQr {
            x: qr_xy.0,
            y: qr_xy.1,
            geometry,
            matrix: enc.matrix,
        },
        lines,
        logo,
        warnings,
    })
}

type Block = (Field, text::Fitted);

fn block_height(b: &Block) -> f32 {
    text::line_height(b.1.em_px) * (b.1.lines.len() as f32 + 0.25)
}

/// Fits every field into the column; shrinks everything, then drops optional fields, until the
/// block fits `available` dots of height.
fn fit_block(
    input: &BadgeInput,
    t: &Template,
    col_w: f32,
    available: Option<f32>,
) -> Result<(Vec<Block>, Vec<Warning>), LabelError> {
    let px = |pt: f32| pt * t.dpi as f32 / 72.0;
    let mut fields: Vec<(Field, String)> = t
        .fields
        .iter()
        .filter_map(|&f| input.text(f).map(|s| (f, s)))
        .collect();
    let mut warnings: Vec<Warning> = fields
        .iter()
        .filter(|(_, s)| !text::covers(s))
        .map(|&(field, _)| Warning::MissingGlyphs { field })
        .collect();
    warnings.extend(
        fields
            .iter()
            .filter(|(_, s)| s.chars().any(crate::bidi::needs_shaping))
            .map(|&(field, _)| Warning::NotShaped { field }),
    );
    let mut scale = 1.0f32;
    loop {
        let blocks: Vec<Block> = fields
            .iter()
            .map(|(f, s)| {
                let (sizes, max_lines) = match f {
                    Field::Name => (t.name_pt, 2),
                    Field::Onboarding => (t.line_pt, 3),
                    Field::Upn | Field::Department => (t.line_pt, 2),
                    Field::Validity => (t.line_pt, 1),
                };
                let max = px(sizes[0] * scale).max(px(sizes[1]));
                (*f, text::fit(s, col_w, max, px(sizes[1]), max_lines))
            })
            .collect();
        let total: f32 = blocks.iter().map(block_height).sum();
        if available.is_none_or(|a| total <= a) {
            for (f, fitted) in &blocks {
                if fitted.truncated {
                    warnings.push(Warning::TextShortened { field: *f });
                }
            }
            return Ok((blocks, warnings));
        }
        if scale * t.name_pt[0] > t.name_pt[1] || scale * t.line_pt[0] > t.line_pt[1] {
            scale *= 0.92;
            continue;
        }
        let drop = [
            Field::Onboarding,
            Field::Department,
            Field::Upn,
            Field::Validity,
        ]
        .into_iter()
        .find(|d| fields.iter().any(|(f, _)| f == d));
        match drop {
            Some(d) => {
                fields.retain(|(f, _)| *f != d);
                warnings.push(Warning::FieldDropped { field: d });
            }
            None => {
                return Err(LabelError::DoesNotFit {
                    needed_in: f64::from(total) / f64::from(t.dpi),
                    available_in: f64::from(available.unwrap_or(0.0)) / f64::from(t.dpi),
                })
            }
        }
    }
}
