//! The ways to continue a job: [`resume`] (any job; a renewal's extensions included),
//! [`retry_failed`] and [`rotate_lost`].

use crate::bulk::journal;
use crate::bulk::plan::reread_pins;
use crate::bulk::{BulkControl, Progress, RowAction, RowState};
use crate::{Result, Station};

/// Continues a job after a crash, `kill -9`, cancel or failure: rows `sent` are checked
/// first, rows `created` without a written badge become `badgeLost`. The CSV's PINs are read
/// again from the file if it is unchanged; else rows still needing one are reported failed.
/// A renewal job is resumed as [`crate::bulk::resume_renewal`] does (its extensions first).
pub async fn resume(
    station: &Station,
    job_id: &str,
    progress: impl Fn(Progress) + Send + Sync,
    control: &BulkControl,
) -> Result<Progress> {
    let job = journal::load_job(station.store(), job_id).await?;
    if is_renewal(station, job_id).await? {
        // Its extensions are not the engine's: settle them first, as `resume_renewal` does.
        return crate::bulk::run_renewal(station, job_id, progress, control).await;
    }
    let pins = reread_pins(&job.source, job.source_sha256.as_deref()).unwrap_or_default();
    super::run(station, job_id, pins, progress, control).await
}

/// Whether job `job_id` is a renewal: it has rows that extend a code's expiry.
async fn is_renewal(station: &Station, job_id: &str) -> Result<bool> {
    Ok(journal::load_rows(station.store(), job_id)
        .await?
        .iter()
        .any(|r| r.action == RowAction::Extend))
}

/// Sends the failed rows again (e.g. after fixing a permission or waiting out an outage).
pub async fn retry_failed(
    station: &Station,
    job_id: &str,
    progress: impl Fn(Progress) + Send + Sync,
    control: &BulkControl,
) -> Result<Progress> {
    journal::requeue(station.store(), job_id, RowState::Failed, None).await?;
    resume(station, job_id, progress, control).await
}

/// One step for every `badgeLost` row: a new standard QR code (the old, unseen one stops
/// working) and, unless the CSV's PIN is still at hand, a PIN reset; badges and slips are
/// written as in a run.
pub async fn rotate_lost(
    station: &Station,
    job_id: &str,
    progress: impl Fn(Progress) + Send + Sync,
    control: &BulkControl,
) -> Result<Progress> {
    journal::requeue(
        station.store(),
        job_id,
        RowState::BadgeLost,
        Some(RowAction::Reissue),
    )
    .await?;
    resume(station, job_id, progress, control).await
}
