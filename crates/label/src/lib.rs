//! Badges: the QR code re-rendered from Graph's `rawContent` at whole printer dots per module,
//! label templates, the PDF/PNG/ZPL/Brother QL outputs and the printer transports.
//!
//! What does not belong here: Graph calls, the database, the user interface. The bytes given
//! to this crate are secrets; it never logs them and writes them only to the requested output.

pub mod bidi;
pub mod brother;
mod child;
pub mod cups;
pub mod cups_installed;
pub mod error;
pub mod file_out;
pub mod font;
pub mod geometry;
pub mod input;
pub mod layout;
pub mod logo;
mod mask;
pub mod pdf;
mod pdf_font;
pub mod png_out;
pub mod qr;
pub mod raster;
pub mod slip;
mod spec;
pub mod template;
pub mod text;
pub mod transport;
pub mod verify;
pub mod zpl;

pub use error::LabelError;
pub use geometry::QrGeometry;
pub use input::{BadgeInput, Warning};
pub use layout::Layout;
pub use qr::Ecc;
pub use template::{PrinterKind, Template};
pub use transport::{Printer, PrinterInfo};

use std::str::FromStr;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PNG, 8-bit grey, at the printer's resolution.
    Png,
    /// PDF with the QR code as vector squares and the font embedded.
    Pdf,
    /// Zebra ZPL II.
    Zpl,
    /// Brother QL raster commands.
    BrotherQl,
}

impl Format {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Pdf => "pdf",
            Format::Zpl => "zpl",
            Format::BrotherQl => "brother-ql",
        }
    }

    /// Whether this format goes to a printer as is (a raw queue, port 9100).
    pub fn is_raw(self) -> bool {
        matches!(self, Format::Zpl | Format::BrotherQl)
    }
}

impl FromStr for Format {
    type Err = LabelError;
    fn from_str(s: &str) -> Result<Format, LabelError> {
        match s.to_ascii_lowercase().as_str() {
            "png" => Ok(Format::Png),
            "pdf" => Ok(Format::Pdf),
            "zpl" => Ok(Format::Zpl),
            "brother-ql" | "brother" | "ql" => Ok(Format::BrotherQl),
            other => Err(LabelError::UnknownFormat(other.chars().take(20).collect())),
        }
    }
}

/// A rendered badge: the bytes to save or print, and what the user must be told.
#[derive(Clone, PartialEq)]
pub struct Rendered {
    /// The output file's bytes.
    pub bytes: Vec<u8>,
    /// Warnings to show before printing (QR below 2 in, shortened text, …).
    pub warnings: Vec<Warning>,
    /// The QR code's size on the label.
    pub qr: QrGeometry,
}

impl std::fmt::Debug for Rendered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rendered")
            .field("bytes", &format_args!("<{} bytes>", self.bytes.len()))
            .field("warnings", &self.warnings)
            .field("qr", &self.qr)
            .finish()
    }
}

fn check_format(t: &Template, format: Format) -> Result<(), LabelError> {
    if t.printer.supports(format) {
        Ok(())
    } else {
        Err(LabelError::UnsupportedFormat {
            template: t.name.clone(),
            format: format.name().into(),
        })
    }
}

/// Renders one badge. For a sheet template, PDF gives a sheet with the badge in its first cell
/// and PNG gives the one badge.
pub fn render_badge(
    input: &BadgeInput,
    t: &Template,
    format: Format,
) -> Result<Rendered, LabelError> {
    check_format(t, format)?;
    let l = layout::layout(input, t)?;
    let bytes = match format {
        Format::Png => png_out::encode(&raster::render(&l), l.dpi)?,
        Format::Pdf => match t.sheet {
            Some(s) => pdf::encode(std::slice::from_ref(&l), &pdf::PageLayout::Sheet(s))?,
            None => pdf::encode(std::slice::from_ref(&l), &pdf::PageLayout::OnePerPage)?,
        },
        Format::Zpl => zpl::encode(&l, &raster::render(&l)),
        Format::BrotherQl => {
            let media = t.brother.ok_or_else(|| LabelError::UnsupportedFormat {
                template: t.name.clone(),
                format: format.name().into(),
            })?;
            brother::encode(&raster::render(&l).to_mono(), media)
        }
    };
    Ok(Rendered {
        bytes,
        warnings: l.warnings,
        qr: l.qr.geometry,
    })
}

/// Renders several badges into one PDF: sheets of the template's grid for a sheet template,
/// else one page per badge. Warnings are gathered from every badge, without repeats.
pub fn render_pdf_batch(inputs: &[BadgeInput], t: &Template) -> Result<Rendered, LabelError> {
    let layouts = layout_all(inputs, t)?;
    let Some(first) = layouts.first() else {
        return Err(LabelError::InvalidTemplate {
            name: t.name.clone(),
            reason: "no badges to print".into(),
        });
    };
    let qr = first.qr.geometry;
    let pages = match t.sheet {
        Some(s) => pdf::PageLayout::Sheet(s),
        None => pdf::PageLayout::OnePerPage,
    };
    let bytes = pdf::encode(&layouts, &pages)?;
    let mut warnings: Vec<Warning> = Vec::new();
    for w in layouts.into_iter().flat_map(|l| l.warnings) {
        if !warnings.contains(&w) {
            warnings.push(w);
        }
    }
    Ok(Rendered {
        bytes,
        warnings,
        qr,
    })
}

/// Lays out many badges, on every core for large batches (QR encoding dominates).
fn layout_all(inputs: &[BadgeInput], t: &Template) -> Result<Vec<Layout>, LabelError> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads == 1 || inputs.len() < 32 {
        return inputs.iter().map(|i| layout::layout(i, t)).collect();
    }
    let chunk = inputs.len().div_ceil(threads);
    std::thread::scope(|s| {
        let handles: Vec<_> = inputs
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    part.iter()
                        .map(|i| layout::layout(i, t))
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        let mut all = Vec::with_capacity(inputs.len());
        for h in handles {
            all.extend(h.join().expect("a layout thread panicked")?);
        }
        Ok(all)
    })
}

/// The exact picture that will print (for the preview): 8-bit grey at the template's dpi.
pub fn preview(
    input: &BadgeInput,
    t: &Template,
) -> Result<(raster::Canvas, Vec<Warning>), LabelError> {
    let l = layout::layout(input, t)?;
    Ok((raster::render(&l), l.warnings))
}
