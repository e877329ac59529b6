//! Renewals (issue #16 §3): find what expires in a store, renew it, print it. A standard QR
//! code lives at most 395 days, so every badge of a chain is renewed every year.
//!
//! - [`scan`]: every worker of a [`Scope`] (office, department; administrative unit once
//!   helper E's `unit_members` lands), their method fetched with `$batch` GETs at the bulk
//!   engine's adaptive pace, with progress; the statuses cached in SQLite ([`cached`]) with
//!   their age, never a secret.
//! - [`write_csv`]: the report as CSV, through the one formula-defusing writer.
//! - [`plan_renewal`]: a selection becomes a bulk [`Plan`](crate::bulk::Plan) whose rows
//!   extend (no reprint), rotate (new badge) or re-create (expired) — then
//!   [`crate::bulk::start`] and [`crate::bulk::run_renewal`] / [`crate::bulk::resume_renewal`]
//!   run it as a resumable job on the bulk journal.

mod cache;
mod csv;
mod renew;
mod scan;
mod status;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use cache::cached;
pub use csv::write_csv;
pub use renew::{decide_action, plan_renewal, MAX_STANDARD_DAYS};
pub use scan::{scan, scan_workers, Worker};
pub use status::{decide, BadgeDates, BadgeState, NEVER_USED_AFTER_DAYS};

/// The days ahead that count as "expiring" unless the operator says otherwise.
pub const DEFAULT_WITHIN_DAYS: u32 = 30;

/// Which workers a scan covers: a store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "by", content = "value")]
pub enum Scope {
    /// Everyone whose `officeLocation` is this (the store).
    Office(String),
    /// Everyone whose `department` is this.
    Department(String),
    /// The members of an administrative unit (by id).
    /// Its members come from `Station::unit_members` (issue #16 §1).
    Unit(String),
}

impl Scope {
    /// The cache key, e.g. `office:Store 501`.
    pub fn key(&self) -> String {
        match self {
            Scope::Office(v) => format!("office:{v}"),
            Scope::Department(v) => format!("department:{v}"),
            Scope::Unit(v) => format!("unit:{v}"),
        }
    }

    /// The store in words, e.g. `office Store 501`.
    pub fn label(&self) -> String {
        match self {
            Scope::Office(v) => format!("office {v}"),
            Scope::Department(v) => format!("department {v}"),
            Scope::Unit(v) => format!("administrative unit {v}"),
        }
    }
}

/// One worker's badge status, as the Renewals table and the report show it. No secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkerStatus {
    /// The sign-in name.
    pub upn: String,
    /// The object id.
    pub user_id: Option<String>,
    /// The name on screen and on the badge.
    pub display_name: Option<String>,
    /// `officeLocation` (the store).
    pub office: Option<String>,
    /// `department`.
    pub department: Option<String>,
    /// Where the badge is.
    pub state: BadgeState,
    /// The dates the state was decided from.
    pub dates: BadgeDates,
    /// A temporary code is active now.
    pub temporary_active: bool,
    /// The standard code was never used, a week or more after it was created.
    pub never_used: bool,
    /// Why the method could not be read (state `unreadable`).
    pub error_code: Option<String>,
    /// The method's id and `createdDateTime` as seen (for the renewal plan; not cached).
    #[serde(skip)]
    #[ts(skip)]
    pub(crate) seen: Option<crate::bulk::Seen>,
}

/// A scan's result, fresh or from the cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// The scope's key.
    pub scope_key: String,
    /// The store in words.
    pub scope_label: String,
    /// The "expiring within N days" of the statuses.
    pub within_days: u32,
    /// When Graph was read (unix ms).
    pub scanned_at: i64,
    /// How old the data is (ms) when this report was made.
    pub age_ms: i64,
    /// Workers, most urgent first (expired, expiring soonest, no method, …).
    pub rows: Vec<WorkerStatus>,
}

impl Report {
    /// How many workers are in `state`.
    pub fn count(&self, state: BadgeState) -> usize {
        self.rows.iter().filter(|r| r.state == state).count()
    }

    /// The workers that need something done: no method, expired or expiring.
    pub fn due(&self) -> impl Iterator<Item = &WorkerStatus> {
        self.rows.iter().filter(|r| {
            matches!(
                r.state,
                BadgeState::NoMethod | BadgeState::Expired | BadgeState::Expiring
            )
        })
    }
}

/// Where a scan is: what its progress bar shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScanProgress {
    /// Workers whose method has been read.
    pub done: u32,
    /// Workers in the scope.
    pub total: u32,
    /// Milliseconds since the scan started.
    pub elapsed_ms: i64,
}

/// Most urgent first: expired, then expiring (soonest first), no method, unreadable, valid;
/// then by sign-in name.
pub(crate) fn sort_rows(rows: &mut [WorkerStatus]) {
    let rank = |s: BadgeState| match s {
        BadgeState::Expired => 0,
        BadgeState::Expiring => 1,
        BadgeState::NoMethod => 2,
        BadgeState::Unreadable => 3,
        BadgeState::Valid => 4,
    };
    rows.sort_by(|a, b| {
        rank(a.state)
            .cmp(&rank(b.state))
            .then(a.dates.expires_ms.cmp(&b.dates.expires_ms))
            .then_with(|| a.upn.cmp(&b.upn))
    });
}

/// The status of a worker with `dates` at `now_ms`.
pub(crate) fn status_of(
    w: &Worker,
    dates: BadgeDates,
    now_ms: i64,
    within_days: u32,
    error_code: Option<String>,
) -> WorkerStatus {
    let state = if error_code.is_some() {
        BadgeState::Unreadable
    } else {
        decide(&dates, now_ms, within_days)
    };
    WorkerStatus {
        upn: w.upn.clone(),
        user_id: w.user_id.clone(),
        display_name: w.display_name.clone(),
        office: w.office.clone(),
        department: w.department.clone(),
        state,
        temporary_active: dates.temporary_active(now_ms),
        never_used: dates.never_used(now_ms),
        dates,
        error_code,
        seen: None,
    }
}
