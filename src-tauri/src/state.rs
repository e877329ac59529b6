//! The state every command can reach: resolved once at start.

use std::path::PathBuf;

use qrstation_core::{settings, CoreError};

/// Managed by Tauri; commands take it as `State<'_, AppState>`.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The data directory (database, settings, logs); it exists.
    pub data_dir: PathBuf,
}

impl AppState {
    /// Resolves and creates the data directory (`QRSTATION_DATA_DIR` overrides the default).
    pub fn init() -> Result<AppState, CoreError> {
        let data_dir = settings::data_dir()?;
        settings::ensure_dir(&data_dir)?;
        Ok(AppState { data_dir })
    }
}
