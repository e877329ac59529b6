//! The store the station works in (#16 §1), for the header's store picker: where the operator
//! may work and the store chosen. Scoping itself is `qrstation_core::station::scope`.

use qrstation_core::station::ScopeView;
use tauri::State;

use crate::{error::AppError, state::AppState};

/// Where the signed-in station works: tenant-wide, or the operator's stores and the one chosen.
#[tauri::command]
pub async fn scope_current(state: State<'_, AppState>) -> Result<ScopeView, AppError> {
    Ok(state.session.station().await?.scope_view().await)
}

/// Works in store `unit_id` (one of the operator's; any when tenant-wide, `""` for all stores).
#[tauri::command]
pub async fn scope_choose(
    state: State<'_, AppState>,
    unit_id: String,
) -> Result<ScopeView, AppError> {
    let station = state.session.station().await?;
    station.choose_unit(&unit_id)?;
    Ok(station.scope_view().await)
}
