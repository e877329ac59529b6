//! Bulk provisioning: a whole store's (or chain's) QR code + PIN methods in one safe, resumable
//! operation. Plan a CSV or a Graph selection (every problem found before anything is sent),
//! start a job (a journal row per user in SQLite), run it over Graph `$batch` with a pace that
//! adapts to 429/503, and resume it after a crash with no user lost or created twice.
//!
//! The UI and the CLI call: [`plan_csv`] / [`plan_selection`] → [`start`] → [`run`] (or
//! [`resume`]) with a progress callback and a [`BulkControl`]; [`status`], [`jobs`],
//! [`retry_failed`], [`rotate_lost`], and [`results_csv`] for the report.

mod csv_input;
mod desk;
mod extend;
mod job_files;
mod journal;
mod output;
mod pace;
mod plan;
mod run;
mod start;
mod unusable;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::printer_profiles::PrinterProfile;

pub use csv_input::{parse as parse_csv, parse_time, InputRow, ParsedCsv};
pub use csv_input::{MAX_CSV_BYTES, MAX_CSV_ROWS};
pub use desk::{Again, BulkDesk, RenewalDesk, RunChoice};
pub use extend::{resume_renewal, run_renewal};
pub use job_files::JobFiles;
pub use journal::{jobs, status, JobInfo, JobStatus, RowStatus};
pub use output::results_csv;
pub(crate) use pace::get_many;
pub use plan::{
    plan_csv, plan_selection, Destination, Pins, Plan, PlanOptions, PlannedRow, Seen, Selection,
};
pub use run::{resume, retry_failed, rotate_lost, run};
pub use start::{check_pin_record, start};
pub use unusable::Unusable;

/// A problem with one line of the input, found before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// 1-based line of the CSV (1 = header); the position for a Graph selection.
    pub line: u32,
    /// Stable code, e.g. `bulk.duplicate`, `pin.too_short`.
    pub code: String,
    /// What is wrong and what to change. Never holds a PIN.
    pub message: String,
    /// A warning does not stop the job; an error keeps its row out of it.
    pub warning: bool,
}

impl Problem {
    pub(crate) fn new(line: u32, code: &str, message: &str) -> Problem {
        Problem {
            line,
            code: code.into(),
            message: message.into(),
            warning: false,
        }
    }

    pub(crate) fn warning(line: u32, code: &str, message: &str) -> Problem {
        Problem {
            warning: true,
            ..Problem::new(line, code, message)
        }
    }
}

/// What a row will do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RowAction {
    /// The user has no usable method: create one.
    Create,
    /// The user has one: replace its standard QR code (only with `rotate_existing`).
    Rotate,
    /// `rotate_lost`: a new standard code for a row whose badge was lost, and a new PIN
    /// unless the CSV's PIN is still at hand.
    Reissue,
    /// The user's method cannot be used: keep it, give it a new standard code and reset the
    /// PIN (the operator chose "renew").
    Renew,
    /// The user's method cannot be used: delete it, then create a new one (the operator
    /// consented to "replace").
    Replace,
    /// Renewals: the standard code is still valid; move its expiry (`PATCH expireDateTime`,
    /// no new badge). The new expiry is the row's `expires`.
    Extend,
    /// The user already has a method: nothing is sent.
    Skip,
    /// A problem keeps the row out of the job.
    Invalid,
}

impl RowAction {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RowAction::Create => "create",
            RowAction::Rotate => "rotate",
            RowAction::Reissue => "reissue",
            RowAction::Renew => "renew",
            RowAction::Replace => "replace",
            RowAction::Extend => "extend",
            RowAction::Skip => "skip",
            RowAction::Invalid => "invalid",
        }
    }

    /// Whether the row sends something.
    pub fn sends(self) -> bool {
        matches!(
            self,
            RowAction::Create
                | RowAction::Rotate
                | RowAction::Reissue
                | RowAction::Renew
                | RowAction::Replace
                | RowAction::Extend
        )
    }

    pub(crate) fn parse(s: &str) -> RowAction {
        match s {
            "create" => RowAction::Create,
            "rotate" => RowAction::Rotate,
            "reissue" => RowAction::Reissue,
            "renew" => RowAction::Renew,
            "replace" => RowAction::Replace,
            "extend" => RowAction::Extend,
            "skip" => RowAction::Skip,
            _ => RowAction::Invalid,
        }
    }
}

/// Where a job is: `running` (also after a crash, until resumed), `cancelled` or `finished`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum JobState {
    /// Started and not ended (also a job whose process died: resume it).
    Running,
    /// The operator cancelled it; what was sent stays done.
    Cancelled,
    /// Every row reached an end.
    Finished,
}

impl JobState {
    /// The word stored in the journal.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            JobState::Running => "running",
            JobState::Cancelled => "cancelled",
            JobState::Finished => "finished",
        }
    }

    /// Reads the journal's word; an unknown one (a newer version's) reads as `running`, which
    /// offers a resume rather than hiding the job.
    pub(crate) fn parse(s: &str) -> JobState {
        match s {
            "cancelled" => JobState::Cancelled,
            "finished" => JobState::Finished,
            _ => JobState::Running,
        }
    }
}

impl std::fmt::Display for JobState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Where a run is, as its progress reports say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Phase {
    /// Requests are going to Graph.
    #[default]
    Sending,
    /// The run ended with every row at an end.
    Finished,
    /// The operator cancelled the run.
    Cancelled,
    /// The run ended but rows are still pending or sent (resume the job).
    Incomplete,
}

impl std::fmt::Display for Phase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(match self {
            Phase::Sending => "sending",
            Phase::Finished => "finished",
            Phase::Cancelled => "cancelled",
            Phase::Incomplete => "incomplete",
        })
    }
}

/// Where a row is in its life: `pending → sent → created → badgeWritten → printed`, or one of
/// the ends `skipped`, `failed`, `badgeLost` (created, but its QR image and PIN were lost in a
/// crash or a lost answer: rotate it), `invalid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RowState {
    /// Not sent yet.
    Pending,
    /// Sent; Graph's answer is not recorded yet.
    Sent,
    /// Graph created the method (or code); the badge is not written yet.
    Created,
    /// The badge file is written.
    BadgeWritten,
    /// The badge is printed.
    Printed,
    /// Nothing to do (the plan or the operator said skip).
    Skipped,
    /// Graph refused or the row could not finish; `error_code` says why.
    Failed,
    /// Created, but its QR image and PIN were lost: rotate it.
    BadgeLost,
    /// The row cannot be sent as written (see its problems).
    Invalid,
    /// Renewals: the standard code's expiry was moved; the printed badge stays valid.
    Extended,
}

impl RowState {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            RowState::Pending => "pending",
            RowState::Sent => "sent",
            RowState::Created => "created",
            RowState::BadgeWritten => "badge_written",
            RowState::Printed => "printed",
            RowState::Skipped => "skipped",
            RowState::Failed => "failed",
            RowState::BadgeLost => "badge_lost",
            RowState::Invalid => "invalid",
            RowState::Extended => "extended",
        }
    }

    pub(crate) fn parse(s: &str) -> RowState {
        match s {
            "pending" => RowState::Pending,
            "sent" => RowState::Sent,
            "created" => RowState::Created,
            "badge_written" => RowState::BadgeWritten,
            "printed" => RowState::Printed,
            "skipped" => RowState::Skipped,
            "badge_lost" => RowState::BadgeLost,
            "invalid" => RowState::Invalid,
            "extended" => RowState::Extended,
            _ => RowState::Failed,
        }
    }

    /// The outcome word of the results CSV.
    pub fn outcome(self) -> &'static str {
        match self {
            RowState::Pending | RowState::Sent => "not done",
            RowState::Created => "created",
            RowState::BadgeWritten => "created, badge written",
            RowState::Printed => "created, badge printed",
            RowState::Skipped => "skipped",
            RowState::Failed => "failed",
            RowState::BadgeLost => "created, badge lost - rotate the QR code",
            RowState::Invalid => "invalid",
            RowState::Extended => "expiry extended, same badge",
        }
    }
}

/// How a job runs; kept with the job (no secrets) so a resume runs it the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct RunOptions {
    /// Most `$batch` requests in flight; the pace starts lower and adapts (1–16).
    pub concurrency: u32,
    /// The badge sheet: `FILE.pdf` gets `FILE-0001.pdf`, `FILE-0002.pdf`, … one per flush, so
    /// a crash loses at most the badges not yet flushed.
    pub out_pdf: Option<String>,
    /// Label template of the badges (a row's `template` column wins).
    pub template: String,
    /// Print each flushed sheet with this printer profile (by name, one of `profiles`; a
    /// row's `printer` column, also a profile name, wins). Never a printer address.
    pub printer: Option<String>,
    /// The printer profiles this job may print to, as configured when it started (a resume
    /// prints where the plan said even if the settings changed since).
    pub profiles: Vec<PrinterProfile>,
    /// Write the PINs on slips, a separate PDF next to the badges (`FILE-0001-pins.pdf`), or
    /// in `pin_slips_dir` when there is no badge sheet (a printer-only run).
    pub pin_slips: bool,
    /// Where PIN slips go when the job writes no badge sheet.
    pub pin_slips_dir: Option<String>,
    /// The operator confirmed that generated PINs are written nowhere (no slips): without
    /// this or `pin_slips`, [`start`] refuses a job that generates PINs.
    pub no_pin_record: bool,
    /// Hours the files in the exports folder are kept (what the app tells the operator).
    pub retention_hours: Option<u32>,
    /// Badges gathered in memory before they are written (and their secrets dropped).
    pub flush_every: u32,
    /// Attempts of one row before it is reported failed.
    pub max_attempts: u32,
    /// Directory of user label templates.
    pub template_dir: Option<String>,
    /// Write the results CSV here at the end of every run (no secrets in it).
    pub results_csv: Option<String>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            concurrency: 6,
            out_pdf: None,
            template: "sheet-a4".into(),
            printer: None,
            profiles: Vec::new(),
            pin_slips: false,
            pin_slips_dir: None,
            no_pin_record: false,
            retention_hours: None,
            flush_every: 100,
            max_attempts: 8,
            template_dir: None,
            results_csv: None,
        }
    }
}

impl RunOptions {
    /// Whether badges go anywhere (else a created row ends at `created`).
    pub fn has_badge_output(&self) -> bool {
        self.out_pdf.is_some() || self.printer.is_some()
    }

    /// Where PIN slips are written (the badge sheet's name, or a name in `pin_slips_dir`),
    /// when slips are asked for.
    pub fn slips_base(&self, job_id: &str) -> Option<std::path::PathBuf> {
        if !self.pin_slips {
            return None;
        }
        self.out_pdf.as_ref().map(Into::into).or_else(|| {
            self.pin_slips_dir
                .as_ref()
                .map(|d| std::path::Path::new(d).join(format!("job-{job_id}.pdf")))
        })
    }
}

/// Counts of a job's rows by state, and the pace: what a progress bar shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// The job these counts are for.
    pub job_id: String,
    /// Rows that send something (create or rotate).
    pub total: u32,
    /// Of those, rows at an end (created/written/printed/skipped/failed/badge lost).
    pub done: u32,
    /// Rows [`RowState::Pending`].
    pub pending: u32,
    /// Rows [`RowState::Sent`].
    pub sent: u32,
    /// Rows [`RowState::Created`].
    pub created: u32,
    /// Rows [`RowState::BadgeWritten`].
    pub badge_written: u32,
    /// Rows [`RowState::Printed`].
    pub printed: u32,
    /// Rows [`RowState::Skipped`].
    pub skipped: u32,
    /// Rows [`RowState::Failed`].
    pub failed: u32,
    /// Rows [`RowState::BadgeLost`].
    pub badge_lost: u32,
    /// Rows [`RowState::Invalid`].
    pub invalid: u32,
    /// Rows [`RowState::Extended`] (renewals: expiry moved, no reprint).
    pub extended: u32,
    /// `$batch` requests in flight now, and the pace's current limit.
    pub in_flight: u32,
    /// How many `$batch` requests may be in flight now (lowered on 429/503).
    pub concurrency: u32,
    /// 429/503 answers seen so far in this run.
    pub throttled: u32,
    /// Milliseconds since this run started.
    pub elapsed_ms: i64,
    /// Where the run is.
    pub phase: Phase,
    /// Graph refused authentication-method writes inside `$batch` (every one answered
    /// `graph.not_in_batch`): this run sends them one request at a time, at the same pace.
    pub single_requests: bool,
}

/// Pause and cancel for a running job (the UI's buttons, the CLI's Ctrl-C).
#[derive(Debug, Clone, Default)]
pub struct BulkControl {
    inner: Arc<ControlFlags>,
}

#[derive(Debug, Default)]
struct ControlFlags {
    paused: AtomicBool,
    cancelled: AtomicBool,
}

impl BulkControl {
    /// Running: neither paused nor cancelled.
    pub fn new() -> BulkControl {
        BulkControl::default()
    }

    /// Stops sending new batches until [`BulkControl::resume`]; answers in flight are handled.
    pub fn pause(&self) {
        self.inner.paused.store(true, Ordering::SeqCst);
    }

    /// Sends new batches again after [`BulkControl::pause`].
    pub fn resume(&self) {
        self.inner.paused.store(false, Ordering::SeqCst);
    }

    /// Stops after the batches in flight; their badges are written. `resume` continues later.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
    }

    /// Whether [`BulkControl::pause`] is in effect.
    pub fn is_paused(&self) -> bool {
        self.inner.paused.load(Ordering::SeqCst)
    }

    /// Whether [`BulkControl::cancel`] was asked for.
    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }
}
