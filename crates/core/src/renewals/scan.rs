//! The status scan: the workers of a scope, then one `GET …/qrCodePinMethod` each, sent as
//! `$batch` requests of 20 at the bulk engine's adaptive pace (429/503 slow it down, lost
//! answers are asked again: reads are safe to repeat), with a progress report per round.
//! The result replaces the scope's cache in SQLite.

use std::time::Instant;

use chrono::Utc;
use qrstation_graph::models::{QrCodePinMethod, User};
use qrstation_graph::{BatchItem, Subject};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{sort_rows, status_of, BadgeDates, Report, ScanProgress, Scope, WorkerStatus};
use crate::{Result, Station};

/// `$batch` requests a scan keeps in flight at most (the pace starts at 2 and climbs).
const SCAN_CONCURRENCY: u32 = 8;
/// Attempts of one read before it is reported unreadable.
const SCAN_ATTEMPTS: u32 = 6;
/// Workers per round: progress is reported after each.
const ROUND: usize = 400;

/// A worker to scan (from the directory, or from a cached report's rows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Worker {
    /// The sign-in name.
    pub upn: String,
    /// The object id.
    pub user_id: Option<String>,
    /// The name.
    pub display_name: Option<String>,
    /// `officeLocation`.
    pub office: Option<String>,
    /// `department`.
    pub department: Option<String>,
}

impl Worker {
    fn of(u: &User) -> Option<Worker> {
        Some(Worker {
            upn: u.user_principal_name.clone()?,
            user_id: Some(u.id.clone()),
            display_name: u.display_name.clone(),
            office: u.office_location.clone(),
            department: u.department.clone(),
        })
    }
}

impl From<&WorkerStatus> for Worker {
    fn from(s: &WorkerStatus) -> Worker {
        Worker {
            upn: s.upn.clone(),
            user_id: s.user_id.clone(),
            display_name: s.display_name.clone(),
            office: s.office.clone(),
            department: s.department.clone(),
        }
    }
}

/// The workers of `scope`, by sign-in name.
pub(crate) async fn scope_users(station: &Station, scope: &Scope) -> Result<Vec<Worker>> {
    let users = match scope {
        Scope::Office(v) => station.graph().users_where("officeLocation", v).await?,
        Scope::Department(v) => station.graph().users_where("department", v).await?,
        // An administrative unit's member users (#16 §1).
        Scope::Unit(id) => station.unit_members(id).await?,
    };
    let mut workers: Vec<Worker> = users.iter().filter_map(Worker::of).collect();
    workers.sort_by(|a, b| a.upn.cmp(&b.upn));
    workers.dedup_by(|a, b| a.upn.eq_ignore_ascii_case(&b.upn));
    Ok(workers)
}

/// Scans every worker of `scope` ("expiring" = within `within_days`), caches the statuses
/// and returns them. `progress` is called after each round of reads.
pub async fn scan(
    station: &Station,
    scope: &Scope,
    within_days: u32,
    progress: impl Fn(ScanProgress) + Send + Sync,
) -> Result<Report> {
    let workers = scope_users(station, scope).await?;
    let report = scan_workers(station, &workers, within_days, progress).await?;
    let report = Report {
        scope_key: scope.key(),
        scope_label: scope.label(),
        ..report
    };
    super::cache::save(station, &report).await?;
    Ok(report)
}

/// Reads the methods of `workers` (not cached: the renewal plan's fresh look, or a caller's
/// own selection). The report's scope fields are empty.
pub async fn scan_workers(
    station: &Station,
    workers: &[Worker],
    within_days: u32,
    progress: impl Fn(ScanProgress) + Send + Sync,
) -> Result<Report> {
    let t0 = Instant::now();
    let graph = station.graph();
    let total = workers.len() as u32;
    let mut rows = Vec::with_capacity(workers.len());
    progress(ScanProgress {
        done: 0,
        total,
        elapsed_ms: 0,
    });
    for round in workers.chunks(ROUND) {
        let items = round
            .iter()
            .map(|w| BatchItem::get_method(graph, &Subject::user(w.upn.clone())))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let answers = crate::bulk::get_many(graph, items, SCAN_CONCURRENCY, SCAN_ATTEMPTS).await;
        let now = Utc::now();
        let now_ms = now.timestamp_millis();
        for (w, answer) in round.iter().zip(answers) {
            let (method, error) = match answer {
                Ok(a) if a.is_success() => {
                    match a
                        .body
                        .and_then(|b| serde_json::from_value::<QrCodePinMethod>(b).ok())
                    {
                        Some(m) => (Some(m), None),
                        None => (None, Some("graph.unexpected_response".to_owned())),
                    }
                }
                Ok(a) if a.status == 404 => (None, None),
                Ok(a) => (None, Some(format!("http_{}", a.status))),
                Err(e) => (None, Some(e.code().to_owned())),
            };
            let mut s = status_of(
                w,
                BadgeDates::of(method.as_ref(), now),
                now_ms,
                within_days,
                error,
            );
            s.seen = s.error_code.is_none().then(|| crate::bulk::Seen {
                method_id: method.as_ref().map(|m| m.id.clone()),
                created_ms: method
                    .as_ref()
                    .and_then(|m| m.created_date_time)
                    .map(|t| t.timestamp_millis()),
            });
            rows.push(s);
        }
        progress(ScanProgress {
            done: rows.len() as u32,
            total,
            elapsed_ms: t0.elapsed().as_millis() as i64,
        });
    }
    sort_rows(&mut rows);
    let scanned_at = crate::time::now_ms();
    Ok(Report {
        scope_key: String::new(),
        scope_label: String::new(),
        within_days,
        scanned_at,
        age_ms: 0,
        rows,
    })
}
