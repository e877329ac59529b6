//! The Renewals tab's commands (issue #16 §3): each one line, delegating to
//! `qrstation_core::renewals` and the bulk desk. Progress reaches the window over a Channel.

use qrstation_core::bulk::{Plan, Progress, RunChoice};
use qrstation_core::export_files::SavedFile;
use qrstation_core::renewals::{self, Report, ScanProgress, Scope};
use qrstation_core::station::StoreUnit;
use tauri::{ipc::Channel, State};

use crate::{bulk_commands::sender, error::AppError, state::AppState};

type Res<T> = Result<T, AppError>;

/// The store the station works in, when one is chosen (the tab's default scope).
#[tauri::command]
pub async fn renewal_store(state: State<'_, AppState>) -> Res<Option<StoreUnit>> {
    Ok(state.session.station().await?.scope_view().await.chosen)
}

/// Reads every worker's badge in `scope` ("expiring" = within `within_days`), caches it.
#[tauri::command]
pub async fn renewal_scan(
    state: State<'_, AppState>,
    scope: Scope,
    within_days: u32,
    on_progress: Channel<ScanProgress>,
) -> Res<Report> {
    let station = state.session.station().await?;
    Ok(renewals::scan(&station, &scope, within_days, sender(on_progress)).await?)
}

/// The last scan of `scope` with its age, its states decided now (works without signing in).
#[tauri::command]
pub async fn renewal_cached(
    state: State<'_, AppState>,
    scope: Scope,
    within_days: Option<u32>,
) -> Res<Option<Report>> {
    Ok(renewals::cached(state.session.store(), &scope, within_days).await?)
}

/// Writes the last scan of `scope` as CSV into the exports folder; its path and exports name
/// (`None`: never scanned).
#[tauri::command]
pub async fn renewal_export_csv(
    state: State<'_, AppState>,
    scope: Scope,
    within_days: Option<u32>,
) -> Res<Option<SavedFile>> {
    let path = state
        .renewals
        .export_csv(&state.bulk, state.session.store(), &scope, within_days)
        .await?;
    let dirs = qrstation_core::DataDir::new(&state.data_dir);
    Ok(path.map(|p| SavedFile::of(&dirs, std::path::Path::new(&p))))
}

/// Says what renewing the chosen workers will do (each read again from Graph).
#[tauri::command]
pub async fn renewal_plan(
    state: State<'_, AppState>,
    scope: Scope,
    upns: Vec<String>,
    within_days: u32,
) -> Res<Plan> {
    let station = state.session.station().await?;
    Ok(state
        .renewals
        .plan(&station, &scope, &upns, within_days)
        .await?)
}

/// Runs the renewal plan on screen as a bulk job (pause and cancel: `bulk_pause`/`bulk_cancel`).
#[tauri::command]
pub async fn renewal_run(
    state: State<'_, AppState>,
    choice: RunChoice,
    on_progress: Channel<Progress>,
) -> Res<Progress> {
    let station = state.session.station().await?;
    Ok(state
        .renewals
        .run(&state.bulk, &station, &choice, sender(on_progress))
        .await?)
}

/// Finishes a renewal job (extensions first, then the rest).
#[tauri::command]
pub async fn renewal_resume(
    state: State<'_, AppState>,
    job: String,
    on_progress: Channel<Progress>,
) -> Res<Progress> {
    let station = state.session.station().await?;
    Ok(state
        .renewals
        .resume(&state.bulk, &station, &job, sender(on_progress))
        .await?)
}
