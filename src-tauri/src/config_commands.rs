//! The effective configuration for the windows: every policy key's value, where it came from
//! (policy, user, default) and whether the organisation locks it ("Set by your organisation").
//! Delegates to `qrstation_core::policy::Effective`, which holds the precedence rules.

use qrstation_core::policy::{Effective, EffectiveConfig};
use tauri::State;

use crate::{error::AppError, state::AppState};

/// Every key's effective value, its source and whether it is locked (off the main thread: it
/// reads the policy and settings files while the first screen paints).
#[tauri::command(async)]
pub fn config_effective(state: State<'_, AppState>) -> Result<EffectiveConfig, AppError> {
    Ok(Effective::load(&state.data_dir)?.config().clone())
}
