//! Printing, in one place: badges rendered from what Graph issued ([`badge`]), the printer
//! profiles that are the station's only print defaults ([`printer_profiles`]), printing with a
//! profile ([`profile_print`]), the installed printers to pick from ([`installed`]), a test
//! label for a profile ([`test_label`]), and which output format a template and a profile print in
//! ([`output_format`]). Rendering and the PIN slips themselves live in `qrstation-label`.

pub mod badge;
pub mod installed;
pub mod printer_profiles;
pub mod profile_print;
pub mod test_label;

use qrstation_label::{Format, PrinterKind, Template};

use crate::Result;
use printer_profiles::PrinterProfile;

/// The format a badge on `template` prints in: the profile's when one is given (its own
/// format, else what its printer takes: see [`PrinterProfile::format`]), else the template's
/// own — ZPL for Zebra labels, Brother QL raster for Brother QL labels, PDF for cards and
/// sheets. The one place this is decided: the UI shows what this answers and never guesses
/// from a template's name.
pub fn output_format(template: &Template, profile: Option<&PrinterProfile>) -> Result<Format> {
    match profile {
        Some(p) => p.format(template),
        None => Ok(template_format(template)),
    }
}

/// A template's own format (a raw label printer's language, or PDF).
pub(crate) fn template_format(template: &Template) -> Format {
    match template.printer {
        PrinterKind::Zebra => Format::Zpl,
        PrinterKind::BrotherQl => Format::BrotherQl,
        PrinterKind::Card | PrinterKind::Office => Format::Pdf,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_template_prints_in_its_printers_language() {
        for (name, want) in [
            ("zebra-4x3-203", Format::Zpl),
            ("cr80", Format::Pdf),
            ("sheet-a4", Format::Pdf),
        ] {
            let t = Template::find(name, None).unwrap();
            assert_eq!(output_format(&t, None).unwrap(), want, "{name}");
        }
        let brother = Template::all(None)
            .unwrap()
            .into_iter()
            .find(|t| t.printer == PrinterKind::BrotherQl)
            .unwrap();
        assert_eq!(output_format(&brother, None).unwrap(), Format::BrotherQl);
        // A profile naming a format wins; a file printer takes the template's language.
        let p = PrinterProfile {
            name: "x".into(),
            printer: "file:/tmp/x".into(),
            template: "zebra-4x3-203".into(),
            format: Some("pdf".into()),
            copies: None,
            media: None,
        };
        let zebra = Template::find("zebra-4x3-203", None).unwrap();
        assert_eq!(output_format(&zebra, Some(&p)).unwrap(), Format::Pdf);
        let auto = PrinterProfile { format: None, ..p };
        assert_eq!(output_format(&zebra, Some(&auto)).unwrap(), Format::Zpl);
    }
}
