//! The data directory and every path inside it: the one place that names the files qrstation
//! keeps (settings, database, exports, templates, logs, lock, kiosk marker, demo tenant state).
//! The names never change, so existing installs keep working.

use std::path::{Path, PathBuf};

use crate::{CoreError, Result};

/// The application identifier: also the name of the data directory, as Tauri names it.
pub const IDENTIFIER: &str = "com.qrstation.desktop";
/// Environment variable that overrides the data directory (tests, portable installs).
pub const DATA_DIR_ENV: &str = "QRSTATION_DATA_DIR";
/// The settings file's name.
pub const SETTINGS_FILE: &str = "settings.json";
/// The SQLite database's name.
pub const DB_FILE: &str = "qrstation.db";
/// The single-instance lock file's name.
pub const LOCK_FILE: &str = "qrstation.lock";
/// The kiosk marker's name (see `kiosk::start`).
pub const MARKER_FILE: &str = "kiosk";
/// The demo tenant's state file's name.
pub const DEMO_STATE_FILE: &str = "demo-tenant.json";
/// The folder badge sheets, PIN slips, badge PDFs and audit exports go to.
pub const EXPORTS_DIR: &str = "exports";
/// The folder of the user's own label templates.
pub const TEMPLATES_DIR: &str = "templates";
/// The folder of the desktop app's log.
pub const LOGS_DIR: &str = "logs";
/// The desktop app's log file's name (inside [`LOGS_DIR`]).
pub const LOG_FILE: &str = "qrstation.log";

/// A data directory: where qrstation keeps its files. Cheap to build from a path; it does not
/// create anything until [`DataDir::ensure`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// The data directory at `root`.
    pub fn new(root: impl Into<PathBuf>) -> DataDir {
        DataDir { root: root.into() }
    }

    /// `$QRSTATION_DATA_DIR` when set and not empty, else the platform's data directory
    /// joined with [`IDENTIFIER`] (the same place Tauri's `app_data_dir` names).
    pub fn locate() -> Result<DataDir> {
        if let Some(dir) = std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
            return Ok(DataDir::new(dir));
        }
        let base = directories::BaseDirs::new().ok_or_else(|| CoreError::Io {
            action: "find the home directory for",
            path: PathBuf::from("qrstation data"),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        })?;
        Ok(DataDir::new(base.data_dir().join(IDENTIFIER)))
    }

    /// The directory itself.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Creates the directory (and its parents) when missing, owner-only (0700; see
    /// [`crate::files::ensure_private_dir`]).
    pub fn ensure(&self) -> Result<()> {
        crate::files::ensure_private_dir(&self.root)
    }

    /// `settings.json`.
    pub fn settings_file(&self) -> PathBuf {
        self.root.join(SETTINGS_FILE)
    }

    /// `qrstation.db`, the SQLite store.
    pub fn database(&self) -> PathBuf {
        self.root.join(DB_FILE)
    }

    /// `qrstation.lock`, held by the running app.
    pub fn lock_file(&self) -> PathBuf {
        self.root.join(LOCK_FILE)
    }

    /// `kiosk`, the marker a kiosk leaves.
    pub fn kiosk_marker(&self) -> PathBuf {
        self.root.join(MARKER_FILE)
    }

    /// `demo-tenant.json`, the demo tenant's state.
    pub fn demo_state(&self) -> PathBuf {
        self.root.join(DEMO_STATE_FILE)
    }

    /// `exports/`, where badge sheets, PIN slips, badge PDFs and audit exports go.
    pub fn exports(&self) -> PathBuf {
        self.root.join(EXPORTS_DIR)
    }

    /// `templates/`, the user's own label templates.
    pub fn templates(&self) -> PathBuf {
        self.root.join(TEMPLATES_DIR)
    }

    /// `logs/`, the desktop app's log folder.
    pub fn logs(&self) -> PathBuf {
        self.root.join(LOGS_DIR)
    }

    /// `logs/qrstation.log`.
    pub fn log_file(&self) -> PathBuf {
        self.logs().join(LOG_FILE)
    }
}

impl AsRef<Path> for DataDir {
    fn as_ref(&self) -> &Path {
        &self.root
    }
}

impl From<PathBuf> for DataDir {
    fn from(root: PathBuf) -> DataDir {
        DataDir::new(root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_what_existing_installs_have() {
        let d = DataDir::new("/data");
        let names = [
            (d.settings_file(), "/data/settings.json"),
            (d.database(), "/data/qrstation.db"),
            (d.lock_file(), "/data/qrstation.lock"),
            (d.kiosk_marker(), "/data/kiosk"),
            (d.demo_state(), "/data/demo-tenant.json"),
            (d.exports(), "/data/exports"),
            (d.templates(), "/data/templates"),
            (d.logs(), "/data/logs"),
            (d.log_file(), "/data/logs/qrstation.log"),
        ];
        for (path, want) in names {
            assert_eq!(path, PathBuf::from(want));
        }
        assert_eq!(d.root(), Path::new("/data"));
    }
}
