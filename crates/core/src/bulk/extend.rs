//! Renewal jobs on the bulk journal (issue #16 §3). A renewal job is an ordinary bulk job
//! whose rows are `extend` (move a still-valid standard code's expiry: no reprint), `rotate`
//! (a new standard code, badge printed) or `replace` (an expired method re-created). The
//! extensions go first, as `$batch` PATCHes at the adaptive pace of [`super::pace`]; then the
//! engine ([`super::run`]) does the rotations and re-creations exactly as a bulk run does
//! (badge sheet, PIN slips, reconcile of lost answers).
//!
//! An extension sets an absolute `expireDateTime`, so sending it twice is harmless: after a
//! crash (SIGKILL included) a row left `sent` is simply sent again. The one answer that is not
//! an extension is a 201 (or an answer carrying an image): the code had expired meanwhile and
//! Graph issued a new one ("Create a standard or temporary QR code, if there is no active QR
//! code, or update a standard QR code", v1.0 `qrcode-update`). Its picture is not kept (this
//! pass writes no badges): the row ends `badgeLost`, for [`super::rotate_lost`].
//!
//! Each extension writes one `qr.extend` audit row (a code Graph issued instead, `qr.rotate`);
//! the engine audits the rotations and re-creations. [`super::resume`] recognises a renewal
//! job and resumes it as [`resume_renewal`] does.

use std::time::Instant;

use chrono::DateTime;
use qrstation_graph::{BatchAnswer, BatchItem, ExpiryChange, GraphError, Subject};
use serde_json::json;

use super::journal::{self, JRow, Update};
use super::plan::Pins;
use super::{BulkControl, Phase, Progress, RowAction, RowState};
use crate::store::audit::AuditAction;
use crate::{Result, Station};

/// Rows per round of the pass: progress is reported after each round. Large enough that the
/// pace's slow start is a small part of a round.
const ROUND: usize = 400;

/// Runs renewal job `job_id`: its extensions, then (unless cancelled) the engine for its
/// rotations and re-creations. Returns the counts.
pub async fn run_renewal(
    station: &Station,
    job_id: &str,
    progress: impl Fn(Progress) + Send + Sync,
    control: &BulkControl,
) -> Result<Progress> {
    let job = journal::load_job(station.store(), job_id).await?;
    journal::set_job_state(station.store(), job_id, super::JobState::Running).await?;
    let t0 = Instant::now();
    extend_pass(station, job_id, &job.options, &progress, control, t0).await?;
    if control.is_cancelled() {
        journal::set_job_state(station.store(), job_id, super::JobState::Cancelled).await?;
        let mut p = journal::counts(station.store(), job_id).await?;
        p.phase = Phase::Cancelled;
        p.elapsed_ms = t0.elapsed().as_millis() as i64;
        progress(p.clone());
        return Ok(p);
    }
    // Renewals never take PINs from a file: a re-created method's PIN is generated.
    super::run(station, job_id, Pins::default(), progress, control).await
}

/// Continues a renewal job after a crash, `kill -9`, cancel or failure. Use this (not
/// [`super::resume`]) for renewal jobs: it settles the extensions left `sent` first.
pub async fn resume_renewal(
    station: &Station,
    job_id: &str,
    progress: impl Fn(Progress) + Send + Sync,
    control: &BulkControl,
) -> Result<Progress> {
    run_renewal(station, job_id, progress, control).await
}

async fn extend_pass(
    station: &Station,
    job_id: &str,
    opts: &super::RunOptions,
    progress: &(impl Fn(Progress) + Send + Sync),
    control: &BulkControl,
    t0: Instant,
) -> Result<()> {
    let rows: Vec<JRow> = journal::load_rows(station.store(), job_id)
        .await?
        .into_iter()
        .filter(|r| {
            r.action == RowAction::Extend && matches!(r.state, RowState::Pending | RowState::Sent)
        })
        .collect();
    let graph = station.graph();
    let report = |phase: Phase| async move {
        let mut p = journal::counts(station.store(), job_id).await?;
        p.phase = phase;
        p.concurrency = opts.concurrency;
        p.elapsed_ms = t0.elapsed().as_millis() as i64;
        Ok::<Progress, crate::CoreError>(p)
    };
    progress(report(Phase::Sending).await?);
    for round in rows.chunks(ROUND) {
        while control.is_paused() && !control.is_cancelled() {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        if control.is_cancelled() {
            return Ok(());
        }
        let mut items = Vec::with_capacity(round.len());
        let mut sent = Vec::with_capacity(round.len());
        for r in round {
            items.push(extend_item(station, r)?);
            let mut u = Update::to(r.line, RowState::Sent);
            u.sent = true;
            u.attempt = true;
            sent.push(u);
        }
        // Journalled before it leaves (harmless to repeat, but the journal says what is out).
        journal::apply(station.store(), job_id, &sent).await?;
        let answers = super::get_many(
            graph,
            items.clone(),
            opts.concurrency,
            opts.max_attempts.max(1),
        )
        .await;
        let mut updates = Vec::with_capacity(round.len());
        let mut audited = Vec::new();
        for ((r, item), answer) in round.iter().zip(&items).zip(answers) {
            let u = settle(station, r, item, answer).await;
            match u.state {
                Some(RowState::Extended) => audited.push((AuditAction::QrExtend, r.upn.clone())),
                // Graph issued a new code instead: the old badge stopped working.
                Some(RowState::BadgeLost) => audited.push((AuditAction::QrRotate, r.upn.clone())),
                _ => {}
            }
            updates.push(u);
        }
        journal::apply(station.store(), job_id, &updates).await?;
        // Activity: one row per code changed, once the journal holds it.
        super::run::audit::record(station, audited).await;
        progress(report(Phase::Sending).await?);
    }
    Ok(())
}

/// `PATCH …/qrCodePinMethod/standardQRCode {expireDateTime}` for row `r` (E5, update).
fn extend_item(station: &Station, r: &JRow) -> Result<BatchItem> {
    let graph = station.graph();
    let get = BatchItem::get_method(graph, &Subject::user(r.upn.clone()))?;
    let expires = r
        .expires_ms
        .and_then(DateTime::from_timestamp_millis)
        .ok_or(crate::CoreError::InvalidTime(r.expires_ms.unwrap_or(0)))?;
    Ok(BatchItem {
        method: "PATCH".into(),
        url: format!("{}/standardQRCode", get.url),
        body: Some(json!({
            "@odata.type": "#microsoft.graph.qrCode",
            "expireDateTime": qrstation_graph::models::time::format(&expires),
        })),
    })
}

/// The journal change for one extension's answer.
async fn settle(
    station: &Station,
    r: &JRow,
    item: &BatchItem,
    answer: std::result::Result<BatchAnswer, GraphError>,
) -> Update {
    let e = match answer {
        Ok(a) if a.is_success() => {
            let issued = a.status == 201
                || a.body
                    .as_ref()
                    .and_then(|b| b.get("image"))
                    .is_some_and(|i| !i.is_null());
            let mut u = if issued {
                reissued(r.line)
            } else {
                Update::to(r.line, RowState::Extended)
            };
            u.request_id = a.request_id.clone();
            u.method_id = a
                .body
                .as_ref()
                .and_then(|b| b.get("id"))
                .and_then(|v| v.as_str())
                .map(str::to_owned);
            return u;
        }
        Ok(a) => a.to_error(item),
        Err(e) => e,
    };
    // Graph will not take this write inside `$batch`: send it alone, once.
    let e = if matches!(e, GraphError::NotInBatch(_)) {
        match single(station, r).await {
            Ok(u) => return u,
            Err(e) => e,
        }
    } else {
        e
    };
    let mut u = Update::to(r.line, RowState::Failed);
    u.request_id = e.request_id().map(str::to_owned);
    u.error = Some(match &e {
        GraphError::NotFound(_) => (
            "renew.no_code".into(),
            "the user's standard QR code is gone: scan the store again and renew".into(),
        ),
        other => (other.code().to_owned(), other.to_string()),
    });
    u
}

/// The extension as a single request (when Graph refuses it inside `$batch`).
async fn single(station: &Station, r: &JRow) -> std::result::Result<Update, GraphError> {
    let expires = r
        .expires_ms
        .and_then(DateTime::from_timestamp_millis)
        .unwrap_or_else(chrono::Utc::now);
    let who = Subject::user(r.upn.clone());
    Ok(
        match station
            .graph()
            .update_standard_qr_expiry(&who, expires)
            .await?
        {
            ExpiryChange::Extended(c) => {
                let mut u = Update::to(r.line, RowState::Extended);
                u.method_id = Some(c.id);
                u
            }
            ExpiryChange::Issued(_) => reissued(r.line),
        },
    )
}

/// Graph issued a new code instead of extending (the old one had expired meanwhile).
fn reissued(line: u32) -> Update {
    let mut u = Update::to(line, RowState::BadgeLost);
    u.error = Some((
        "renew.code_reissued".into(),
        "the code expired before its extension, so Graph issued a new one that was not printed: \
         rotate the QR code"
            .into(),
    ));
    u
}
