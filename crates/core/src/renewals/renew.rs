//! "Renew" on a selection: each worker's method is read again (the cache may be old), then
//! planned as a bulk row — `extend` (the code is valid and may live longer: only its expiry
//! moves, the printed badge stays), `rotate` (a new standard code, its badge printed; the PIN
//! stays), `replace` (expired: the method is re-created, new badge and PIN), `create` (no
//! method) or `skip` (not due). [`crate::bulk::start`] makes it a job;
//! [`crate::bulk::run_renewal`] runs it.

use chrono::Duration;

use super::{scan_workers, BadgeState, Worker, WorkerStatus};
use crate::bulk::{Destination, Pins, Plan, PlannedRow, Problem, RowAction};
use crate::{Result, Station};

/// The longest a standard code may live, from its `startDateTime` ("The expireDateTime …
/// can be modified for a standard QR code up to the maximum lifetime of 395 days from the
/// startDateTime value", v1.0 `resources/qrcode.md` and `api/qrcode-update.md`).
pub const MAX_STANDARD_DAYS: i64 = 395;

/// What to do for worker `s` at `now_ms`: the action, the new expiry of an extension (unix
/// ms), and a problem (why a row is skipped or invalid).
///
/// An extension must stay within 395 days of the code's start (documented) **and** end no
/// later than the tenant's lifetime from now. The docs are silent on whether the tenant's
/// `standardQRCodeLifetimeInDays` also caps a later edit of `expireDateTime` (they say only
/// "up to the maximum lifetime of 395 days from the startDateTime"); the real service most
/// likely checks only the 395 days, and staying inside both is what the operator means by
/// "renew for a lifetime" anyway. An extension that would leave the code expiring within the
/// window again is not worth it: the code is rotated instead (new badge).
pub fn decide_action(
    s: &WorkerStatus,
    now_ms: i64,
    within_days: u32,
    lifetime_days: i64,
) -> (RowAction, Option<i64>, Option<(String, String, bool)>) {
    let day = Duration::days(1).num_milliseconds();
    match s.state {
        BadgeState::Unreadable => (
            RowAction::Invalid,
            None,
            Some((
                "renew.unreadable".into(),
                format!(
                    "the user's method could not be read ({})",
                    s.error_code.as_deref().unwrap_or("unknown")
                ),
                false,
            )),
        ),
        BadgeState::NoMethod => (RowAction::Create, None, None),
        BadgeState::Expired => (RowAction::Replace, None, None),
        BadgeState::Valid => (
            RowAction::Skip,
            None,
            Some((
                "renew.not_due".into(),
                format!("the badge is valid for more than {within_days} days"),
                true,
            )),
        ),
        BadgeState::Expiring => {
            let Some(start) = s.dates.starts_ms.or(s.dates.created_ms) else {
                return (RowAction::Rotate, None, None);
            };
            let target = (now_ms + lifetime_days * day).min(start + MAX_STANDARD_DAYS * day);
            let worth = target > now_ms + i64::from(within_days) * day + day
                && s.dates.expires_ms.is_none_or(|e| target > e);
            if worth {
                (RowAction::Extend, Some(target), None)
            } else {
                (RowAction::Rotate, None, None)
            }
        }
    }
}

/// Plans the renewal of `workers` ("due" = expiring within `within_days`); `source` names
/// the selection in the job list.
pub async fn plan_renewal(
    station: &Station,
    source: &str,
    workers: &[Worker],
    within_days: u32,
) -> Result<Plan> {
    let (_, lifetime_days) = station.policy_rules().await?;
    let fresh = scan_workers(station, workers, within_days, |_| {}).await?;
    let now_ms = crate::time::now_ms();
    // The selection's order (the scan sorts by urgency).
    let mut by_upn: std::collections::HashMap<String, WorkerStatus> = fresh
        .rows
        .into_iter()
        .map(|r| (r.upn.to_ascii_lowercase(), r))
        .collect();
    let mut rows = Vec::with_capacity(workers.len());
    for (i, w) in workers.iter().enumerate() {
        let line = i as u32 + 1;
        let Some(s) = by_upn.remove(&w.upn.to_ascii_lowercase()) else {
            continue; // the same worker twice in the selection
        };
        let (action, expires, problem) = decide_action(&s, now_ms, within_days, lifetime_days);
        let problems = problem
            .map(|(code, msg, warning)| {
                if warning {
                    Problem::warning(line, &code, &msg)
                } else {
                    Problem::new(line, &code, &msg)
                }
            })
            .into_iter()
            .collect();
        rows.push(PlannedRow {
            line,
            upn: s.upn.clone(),
            user_id: s.user_id.clone(),
            display_name: s.display_name.clone(),
            department: s.office.clone().or(s.department.clone()),
            action,
            start: None,
            expires,
            days: None,
            custom_pin: false,
            template: None,
            printer: None,
            destination: Destination::Job,
            problems,
            seen: s.seen.clone(),
        });
    }
    let count = |a: RowAction| rows.iter().filter(|r| r.action == a).count() as u32;
    let replace = count(RowAction::Replace);
    Ok(Plan {
        source: source.to_owned(),
        create: count(RowAction::Create),
        rotate: count(RowAction::Rotate),
        skip: count(RowAction::Skip),
        invalid: count(RowAction::Invalid),
        renew: replace,
        replace,
        extend: count(RowAction::Extend),
        generated_pins: count(RowAction::Create) + replace,
        rows,
        problems: Vec::new(),
        source_sha256: None,
        pins: Pins::default(),
    })
}
