//! The state every command can reach: resolved once at start, the database opened and
//! migrated before the window exists.

use std::path::PathBuf;

use qrstation_core::{session::StationSession, settings, CoreError, Store};

/// Managed by Tauri; commands take it as `State<'_, AppState>`.
pub struct AppState {
    /// The data directory (database, settings, logs); it exists.
    pub data_dir: PathBuf,
    /// The signed-in station, if any, and the local store.
    pub session: StationSession,
}

impl AppState {
    /// Resolves and creates the data directory (`QRSTATION_DATA_DIR` overrides the default),
    /// then opens and migrates the database.
    pub async fn init() -> Result<AppState, CoreError> {
        let data_dir = settings::data_dir()?;
        settings::ensure_dir(&data_dir)?;
        AppState::open(data_dir).await
    }

    /// The state over an existing data directory.
    pub async fn open(data_dir: PathBuf) -> Result<AppState, CoreError> {
        let (store, report) = Store::open(&data_dir).await?;
        if report.applied > 0 {
            tracing::info!(applied = report.applied, backup = ?report.backup, "database migrated");
        }
        Ok(AppState {
            session: StationSession::new(data_dir.clone(), store),
            data_dir,
        })
    }
}
