//! The state every command can reach: resolved once at start, the database opened and
//! migrated before the window exists.

use std::path::PathBuf;
use std::sync::Arc;

use qrstation_core::{
    bulk::{BulkDesk, RenewalDesk},
    kiosk::Kiosk,
    session::StationSession,
    store::audit::DEFAULT_RETENTION_DAYS,
    CoreError, Store,
};

/// Managed by Tauri; commands take it as `State<'_, AppState>`.
pub struct AppState {
    /// The data directory (database, settings, logs); it exists.
    pub data_dir: PathBuf,
    /// The signed-in station, if any, and the local store.
    pub session: StationSession,
    /// The kiosk service when the app runs as a kiosk (then no station signs in).
    pub kiosk: Option<Arc<Kiosk>>,
    /// The bulk import's plan on screen and its running job.
    pub bulk: BulkDesk,
    /// The Renewals tab's plan on screen (its job runs on `bulk`).
    pub renewals: RenewalDesk,
}

impl AppState {
    /// The state over an existing data directory; with the kiosk service when `kiosk`.
    pub async fn open(data_dir: PathBuf, kiosk: bool) -> Result<AppState, CoreError> {
        let (store, report) = Store::open(&data_dir).await?;
        if report.applied > 0 {
            tracing::info!(applied = report.applied, backup = ?report.backup, "database migrated");
        }
        let purged = store
            .purge_audit(DEFAULT_RETENTION_DAYS, qrstation_core::time::now_ms())
            .await?;
        if purged > 0 {
            tracing::info!(purged, "audit rows past the retention period removed");
        }
        // Badge sheets, PIN slips and badge PDFs past their retention (24 h by default) go.
        sweep_exports(&data_dir);
        let kiosk = match kiosk {
            true => Some(Arc::new(Kiosk::open(&data_dir, store.clone()).await?)),
            false => None,
        };
        Ok(AppState {
            session: StationSession::new(data_dir.clone(), store),
            bulk: BulkDesk::new(qrstation_core::DataDir::new(&data_dir).exports()),
            renewals: RenewalDesk::new(),
            data_dir,
            kiosk,
        })
    }
}

/// Deletes the exports past their retention; a failure is logged (the next sweep tries again).
pub fn sweep_exports(data_dir: &std::path::Path) {
    match qrstation_core::exports::sweep(data_dir, qrstation_core::time::now_ms()) {
        Ok(gone) if !gone.is_empty() => {
            tracing::info!(files = gone.len(), "exports past their retention deleted")
        }
        Ok(_) => {}
        Err(e) => tracing::error!(code = e.code(), "exports not swept: {e}"),
    }
}
