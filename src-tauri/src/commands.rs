//! The Tauri commands: each one line, delegating to qrstation-core.

use qrstation_core::AppInfo;
use tauri::State;

use crate::{error::AppError, state::AppState};

/// Version, mode and data directory of this installation.
#[tauri::command]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, AppError> {
    Ok(AppInfo::gather(env!("CARGO_PKG_VERSION"), &state.data_dir)?)
}
