//! The bulk import wizard's commands: each one line, delegating to `qrstation_core::bulk`.
//! Progress reaches the window over a Channel after every Graph answer.

use qrstation_core::bulk::{
    Again, JobInfo, JobStatus, Plan, PlanOptions, Progress, RunChoice, Selection,
};
use tauri::{ipc::Channel, State};

use crate::{error::AppError, state::AppState};

type Res<T> = Result<T, AppError>;

fn sender(on_progress: Channel<Progress>) -> impl Fn(Progress) + Send + Sync {
    move |p| drop(on_progress.send(p))
}

/// Checks a CSV the person picked (its text) and says what each row will do.
#[tauri::command]
pub async fn bulk_plan_csv(
    state: State<'_, AppState>,
    name: String,
    csv: String,
    options: PlanOptions,
) -> Res<Plan> {
    let station = state.session.station().await?;
    Ok(state
        .bulk
        .plan_csv(&station, &name, csv.as_bytes(), &options)
        .await?)
}

/// Plans everyone of a department or store, from Graph.
#[tauri::command]
pub async fn bulk_plan_selection(
    state: State<'_, AppState>,
    selection: Selection,
    options: PlanOptions,
) -> Res<Plan> {
    let station = state.session.station().await?;
    Ok(state
        .bulk
        .plan_selection(&station, &selection, &options)
        .await?)
}

/// Runs the plan on screen as a job.
#[tauri::command]
pub async fn bulk_run(
    state: State<'_, AppState>,
    choice: RunChoice,
    on_progress: Channel<Progress>,
) -> Res<Progress> {
    let station = state.session.station().await?;
    Ok(state
        .bulk
        .run(&station, &choice, sender(on_progress))
        .await?)
}

/// Continues a job, first retrying failed rows or re-issuing lost badges if asked.
#[tauri::command]
pub async fn bulk_resume(
    state: State<'_, AppState>,
    job: String,
    again: Again,
    on_progress: Channel<Progress>,
) -> Res<Progress> {
    let station = state.session.station().await?;
    Ok(state
        .bulk
        .resume(&station, &job, again, sender(on_progress))
        .await?)
}

/// Pauses or un-pauses the running job.
#[tauri::command]
pub fn bulk_pause(state: State<'_, AppState>, paused: bool) {
    state.bulk.pause(paused)
}

/// Cancels the running job after the batches in flight.
#[tauri::command]
pub fn bulk_cancel(state: State<'_, AppState>) {
    state.bulk.cancel()
}

/// Every job, newest first (works without signing in).
#[tauri::command]
pub async fn bulk_jobs(state: State<'_, AppState>) -> Res<Vec<JobInfo>> {
    Ok(state.bulk.jobs(state.session.store()).await?)
}

/// A job's counts and rows.
#[tauri::command]
pub async fn bulk_status(state: State<'_, AppState>, job: String) -> Res<JobStatus> {
    Ok(state.bulk.status(state.session.store(), &job).await?)
}

/// Writes a job's results CSV into the exports folder and returns its path.
#[tauri::command]
pub async fn bulk_export_results(state: State<'_, AppState>, job: String) -> Res<String> {
    Ok(state
        .bulk
        .export_results(state.session.store(), &job)
        .await?)
}
