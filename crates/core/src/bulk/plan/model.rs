//! What a plan is made of: the operator's choices ([`PlanOptions`], [`Selection`]), each
//! row's outcome ([`PlannedRow`], [`Destination`], [`Seen`]) and the [`Plan`] with the CSV's PINs
//! ([`Pins`], in memory only).

use std::collections::HashMap;

use serde::Serialize;
use ts_rs::TS;

use crate::bulk::unusable::Unusable;
use crate::bulk::{Problem, RowAction};
use crate::printer_profiles::PrinterProfile;

/// Choices that change what rows do.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PlanOptions {
    /// Give users who already have a method a new badge (standard QR code; the PIN stays).
    pub rotate_existing: bool,
    /// What to do with users whose method cannot be used (default: ask, i.e. report them).
    pub unusable: Unusable,
    /// Directory of the user's own label templates (checked with the built-in ones). Filled
    /// in by the caller (the data directory's `templates/`), never by the window: a directory
    /// named over IPC could make the app read any folder.
    #[serde(skip)]
    #[ts(skip)]
    pub template_dir: Option<String>,
    /// The configured printer profiles (from the settings, filled in by the caller, never by
    /// the window): a row's `printer` column may only name one of these.
    #[serde(skip)]
    #[ts(skip)]
    pub profiles: Vec<PrinterProfile>,
}

/// Where a row's badge goes, as the plan shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Destination {
    /// The job's own choice: the template and printer profile picked for the run.
    Job,
    /// The CSV named a printer profile and/or a template for this row (a profile's own
    /// template when the row names a profile and no template).
    Row {
        /// The printer profile the row named.
        profile: Option<String>,
        /// The template the row named (or its profile's).
        template: Option<String>,
    },
}

/// What the plan saw of a user's method before anything was sent, in Graph's own time: the
/// reconcile compares it with what a later GET sees (never with this machine's clock).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Seen {
    /// The method's id, `None` when the user had no method.
    pub method_id: Option<String>,
    /// The method's `createdDateTime` (unix ms, Graph's clock).
    pub created_ms: Option<i64>,
}

/// Users picked from Graph instead of a CSV.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "by", content = "value")]
pub enum Selection {
    /// Everyone whose `department` is this.
    Department(String),
    /// Everyone whose `officeLocation` is this.
    OfficeLocation(String),
}

/// One row of the plan. Times are unix ms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlannedRow {
    /// The row's line in the CSV (or its place in the selection).
    pub line: u32,
    /// Who the row is for, as written.
    pub upn: String,
    /// The user's object id, when Graph found them.
    pub user_id: Option<String>,
    /// The user's name, when Graph found them.
    pub display_name: Option<String>,
    /// The user's department, when Graph found them.
    pub department: Option<String>,
    /// What the row will do.
    pub action: RowAction,
    /// When the badge code starts (unix ms); `None`: when it is sent.
    pub start: Option<i64>,
    /// When it expires (unix ms); `None`: from `days` or the policy.
    pub expires: Option<i64>,
    /// The code's lifetime in days, when the CSV gave one.
    pub days: Option<i64>,
    /// The CSV gave this row's PIN (else one is generated).
    pub custom_pin: bool,
    /// The row's template (the CSV's, or its printer profile's); `None`: the job's.
    pub template: Option<String>,
    /// The printer profile the CSV named for this row (its name as configured); `None`: the
    /// job's choice. Never a printer address.
    pub printer: Option<String>,
    /// Where the badge goes, in one value for the plan table.
    pub destination: Destination,
    /// Why the row cannot be sent as written (empty when it can).
    pub problems: Vec<Problem>,
    /// What the plan saw of the user's method (`None` when it could not look).
    #[serde(skip)]
    #[ts(skip)]
    pub seen: Option<Seen>,
}

/// The PINs the CSV gave, by line; only ever in memory. `Debug` shows how many.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Pins(pub(crate) HashMap<u32, String>);

impl std::fmt::Debug for Pins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pins({} redacted)", self.0.len())
    }
}

/// What a job would do, row by row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// The CSV's path, or the selection in words.
    pub source: String,
    /// Every row, in line order.
    pub rows: Vec<PlannedRow>,
    /// Problems of the file as a whole (line 1: the header).
    pub problems: Vec<Problem>,
    /// Rows that create a method.
    pub create: u32,
    /// Rows that rotate an existing standard code.
    pub rotate: u32,
    /// Rows with nothing to do.
    pub skip: u32,
    /// Rows that cannot be sent as written.
    pub invalid: u32,
    /// Rows whose unusable method is renewed (new code, PIN reset) or replaced.
    pub renew: u32,
    /// Of those, the rows whose method is replaced (deleted, then created).
    pub replace: u32,
    /// Renewals: rows whose still-valid code only gets a later expiry (no reprint).
    pub extend: u32,
    /// Rows whose PIN will be generated (shown only on PIN slips, if asked for).
    pub generated_pins: u32,
    /// SHA-256 of the CSV, kept with the job for a resume.
    #[serde(skip)]
    #[ts(skip)]
    pub source_sha256: Option<String>,
    /// The PINs the CSV gave (in memory only).
    #[serde(skip)]
    #[ts(skip)]
    pub pins: Pins,
}

impl Plan {
    /// True when a file-level error (no `upn` column, not UTF-8) stops the whole job.
    pub fn is_blocked(&self) -> bool {
        self.problems.iter().any(|p| !p.warning)
    }
}
