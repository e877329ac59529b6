//! Whether the app starts as a kiosk, failing closed. A kiosk leaves a marker file
//! (`<data dir>/kiosk`) when it starts, so a computer that was a kiosk stays one even when its
//! settings are later missing, empty, truncated or unreadable: it then refuses to start,
//! rather than open the manager window (whose commands need no sign-in to list users and the
//! audit log). A marker is used, not the settings alone, because the settings file is exactly
//! what may be lost. The marker is removed only when valid settings say
//! `"kiosk": {"enabled": false}` explicitly and no `--kiosk` asks for one; deleting it by
//! hand makes the computer a station again.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::{CoreError, DataDir, Result, Settings};

/// The marker's file name inside the data directory.
pub use crate::data_dir::MARKER_FILE;

/// Where the marker lives for `data_dir`.
pub fn marker_path(data_dir: &Path) -> PathBuf {
    DataDir::new(data_dir).kiosk_marker()
}

/// What the settings file says, read the way the start decision needs it.
enum Read {
    /// No file.
    Missing,
    /// A file that is empty or cannot be read or parsed, and why.
    Unreadable(String),
    /// Valid settings, and whether `kiosk.enabled` is written out as `false`.
    Valid {
        settings: Box<Settings>,
        explicitly_off: bool,
    },
}

fn read(data_dir: &Path) -> Read {
    let path = DataDir::new(data_dir).settings_file();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Read::Missing,
        Err(e) => return Read::Unreadable(format!("cannot be read ({e})")),
    };
    if text.trim().is_empty() {
        return Read::Unreadable("are empty".into());
    }
    match Settings::load(data_dir) {
        Ok(settings) => {
            let explicitly_off = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v.get("kiosk")?.get("enabled")?.as_bool())
                == Some(false);
            Read::Valid {
                settings: Box::new(settings),
                explicitly_off,
            }
        }
        Err(e) => Read::Unreadable(format!("are not valid ({e})")),
    }
}

/// Decides whether the app in `data_dir` starts as a kiosk, with `requested` for `--kiosk`
/// (or `QRSTATION_KIOSK=1`), and keeps the marker in step: written (and synced) when the
/// answer is a kiosk, removed when valid settings turn the kiosk off explicitly.
///
/// Without a settings file the machine's policy still applies (`kiosk.enabled` set there
/// makes a kiosk, marker or not). Refuses (`kiosk.settings_lost`) when the marker is there but
/// the settings are missing (and no policy enables the kiosk) or unreadable; refuses (`core.invalid_settings`) unreadable settings that a kiosk would need
/// (`requested`, or a file that mentions `"kiosk"`). Unreadable settings on a computer that
/// never was a kiosk open the manager window, which says what is wrong with them.
pub fn start_as_kiosk(data_dir: &Path, requested: bool) -> Result<bool> {
    let marker = marker_path(data_dir);
    let marked = marker.exists();
    let lost = |reason: &str| CoreError::KioskSettingsLost {
        marker: marker.clone(),
        settings: DataDir::new(data_dir).settings_file(),
        reason: reason.to_owned(),
    };
    let kiosk = match read(data_dir) {
        // No settings file: the machine's policy alone may still make this a kiosk.
        Read::Missing => match (Settings::load(data_dir), marked) {
            (Ok(s), _) if s.kiosk.enabled => true,
            (Ok(_), true) => return Err(lost("are missing")),
            (Ok(_), false) => requested,
            (Err(e), true) => return Err(lost(&format!("are missing and {e}"))),
            (Err(e), false) if requested => return Err(e),
            (Err(_), false) => false,
        },
        Read::Unreadable(why) if marked => return Err(lost(&why)),
        Read::Unreadable(why) => {
            let path = DataDir::new(data_dir).settings_file();
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            if requested || text.contains("\"kiosk\"") {
                return Err(CoreError::InvalidSettings {
                    path,
                    reason: format!("a kiosk cannot start: the settings {why}"),
                });
            }
            false
        }
        Read::Valid {
            settings,
            explicitly_off,
        } => {
            let kiosk = requested || settings.kiosk.enabled || (marked && !explicitly_off);
            if !kiosk && marked {
                std::fs::remove_file(&marker).map_err(|source| CoreError::Io {
                    action: "remove",
                    path: marker.clone(),
                    source,
                })?;
            }
            kiosk
        }
    };
    if kiosk {
        write_marker(&marker)?;
    }
    Ok(kiosk)
}

/// Writes the marker and syncs it (and its directory, where the platform allows), so a power
/// cut right after the start cannot lose it.
fn write_marker(marker: &Path) -> Result<()> {
    let io = |action: &'static str| {
        let path = marker.to_owned();
        move |source| CoreError::Io {
            action,
            path,
            source,
        }
    };
    let mut f = std::fs::File::create(marker).map_err(io("create"))?;
    f.write_all(
        b"This computer runs qrstation as a kiosk. Delete this file to make it a station again.\n",
    )
    .map_err(io("write"))?;
    f.sync_all().map_err(io("sync"))?;
    #[cfg(unix)]
    if let Some(dir) = marker.parent() {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}
