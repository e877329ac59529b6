//! A printer profile as `settings.json` holds it (the data only): a named set-up of a printer,
//! a label template, a format, copies and CUPS media. What a profile means — its format, its
//! checks, adding and choosing one — lives in `printing::printer_profiles`, which reads and
//! writes the settings; the settings never look at printing.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The name given to the profile made from a settings file of before profiles.
pub const MIGRATED_PROFILE: &str = "Default";

/// A named printer set-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrinterProfile {
    /// What people call it, e.g. "Front desk Zebra"; unique (ignoring case).
    pub name: String,
    /// `cups:QUEUE`, `cups:QUEUE@HOST:PORT`, `tcp:HOST[:PORT]`, `file:PATH` or a CUPS queue name.
    pub printer: String,
    /// A label template name (`badge::templates`).
    pub template: String,
    /// `pdf`, `png`, `zpl` or `brother-ql`; when absent, the template's natural one
    /// (`PrinterProfile::format`, in `printing::printer_profiles`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Copies per print, 1 to `printing::printer_profiles::MAX_COPIES`; 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copies: Option<u32>,
    /// For a CUPS driver queue: the media to ask for, one of the names the queue lists
    /// (`badge::printers`); the queue's default when absent. Not for raw printers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<String>,
}

impl PrinterProfile {
    /// A profile of a printer and a template with every option at its default (the
    /// template's format, one copy, the queue's media).
    pub fn plain(name: String, printer: String, template: String) -> PrinterProfile {
        PrinterProfile {
            name,
            printer,
            template,
            format: None,
            copies: None,
            media: None,
        }
    }
}
