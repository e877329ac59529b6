//! Where qrstation keeps its files, and the settings file (`settings.json`) in that place.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{CoreError, Result};

use crate::data_dir::DataDir;
pub use crate::data_dir::{DATA_DIR_ENV, IDENTIFIER};

pub mod kiosk;
pub mod printer_profile;

/// Which tenant qrstation talks to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Mode {
    /// The embedded local emulator of Microsoft Graph and the identity platform.
    #[default]
    DemoTenant,
    /// A real Microsoft Entra tenant, by domain or id, with the app registration to sign in with.
    #[serde(rename_all = "camelCase")]
    Entra {
        /// Tenant id or domain.
        tenant: String,
        /// The app registration's client id.
        client_id: String,
    },
}

impl Mode {
    /// Words for a person, e.g. "Demo tenant" or "Microsoft Entra (contoso.onmicrosoft.com)".
    pub fn label(&self) -> String {
        match self {
            Mode::DemoTenant => "Demo tenant".to_owned(),
            Mode::Entra { tenant, .. } => format!("Microsoft Entra ({tenant})"),
        }
    }
}

/// The user's settings. Unknown fields are ignored, missing ones take their defaults, so a
/// file written by a newer or older qrstation still loads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Settings {
    /// Which tenant the station works with.
    pub mode: Mode,
    /// Overrides the sign-in authority (sovereign clouds, tests), e.g.
    /// `https://login.microsoftonline.us/contoso.onmicrosoft.us`.
    pub authority: Option<String>,
    /// Overrides the Graph base URL, e.g. `https://graph.microsoft.us`.
    pub graph_url: Option<String>,
    /// The account signed in last (a UPN, not a secret): the next start restores its session.
    pub last_account: Option<String>,
    /// The label template of files from before printer profiles: read, moved into a profile
    /// on load ([`Settings::load`]) and never written again. Printer profiles are the one
    /// source of print defaults; this is always `None` after a load.
    #[serde(skip_serializing)]
    pub label_template: Option<String>,
    /// The printer of files from before printer profiles (`cups:Q`, `tcp:host`,
    /// `file:path`); moved into a profile on load like `label_template`, never written.
    #[serde(skip_serializing)]
    pub printer: Option<String>,
    /// The kiosk's behaviour (`kiosk.enabled` starts the app as a kiosk).
    pub kiosk: kiosk::KioskSettings,
    /// Named printer set-ups (`printing::printer_profiles`).
    pub printer_profiles: Vec<printer_profile::PrinterProfile>,
    /// The profile badges print with when none is named.
    pub default_profile: Option<String>,
    /// Minutes without input before the manager window signs out (default 15, 1 to 1440).
    pub idle_minutes: Option<u32>,
    /// Hours badge sheets, PIN slips and badge PDFs stay in the exports folder before
    /// `exports::sweep` deletes them; 24 when absent or zero.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub export_retention_hours: Option<u32>,
}

/// The idle sign-out when the settings name none.
pub const DEFAULT_IDLE_MINUTES: u32 = 15;

/// The data directory: `$QRSTATION_DATA_DIR` when set and not empty, else the platform's data
/// directory joined with [`IDENTIFIER`] (see [`DataDir::locate`]).
pub fn data_dir() -> Result<PathBuf> {
    Ok(DataDir::locate()?.root().to_owned())
}

/// Creates `dir` (and its parents) when missing, owner-only (0700; see
/// [`crate::files::ensure_private_dir`]).
pub fn ensure_dir(dir: &Path) -> Result<()> {
    crate::files::ensure_private_dir(dir)
}

/// The settings file inside a data directory ([`DataDir::settings_file`]).
pub fn settings_path(data_dir: &Path) -> PathBuf {
    DataDir::new(data_dir).settings_file()
}

impl Settings {
    // --- Policy hook (managed configuration, `crate::policy`): `load` is the effective
    // settings (policy > user > defaults, in `policy::effective`), `save` refuses to change a
    // value the policy locks. `load_user` is the user's file alone.

    /// The settings everything uses: the user's ([`Settings::load_user`]) with the machine's
    /// policy applied (`crate::policy::effective`). An invalid or unsafe policy file is an
    /// error (`policy.*`), never ignored.
    pub fn load(data_dir: &Path) -> Result<Settings> {
        crate::policy::effective::load_settings(data_dir)
    }

    // --- End of the policy hook.

    /// Loads the user's settings of `data_dir` alone (no policy); defaults when there is no
    /// file yet. A file that exists but does not parse is an error, never silently replaced.
    pub fn load_user(data_dir: &Path) -> Result<Settings> {
        let path = settings_path(data_dir);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(source) => {
                return Err(CoreError::Io {
                    action: "read",
                    path,
                    source,
                })
            }
        };
        let mut settings: Settings =
            serde_json::from_str(&text).map_err(|e| CoreError::InvalidSettings {
                path,
                reason: e.to_string(),
            })?;
        settings.migrate_print_defaults();
        Ok(settings)
    }

    /// Files from before printer profiles hold one default label and printer: they become a
    /// profile named [`printer_profile::MIGRATED_PROFILE`], the default, and the old
    /// keys are dropped (the next save writes the profile and not the keys). Once: a file with
    /// profiles keeps them as they are (its old keys, written by versions that kept them in
    /// step with the default profile, are dropped); half a pair is no printer set-up.
    fn migrate_print_defaults(&mut self) {
        let (printer, template) = (self.printer.take(), self.label_template.take());
        if !self.printer_profiles.is_empty() {
            return;
        }
        let kept = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
        let (Some(printer), Some(template)) = (kept(printer), kept(template)) else {
            return;
        };
        let name = printer_profile::MIGRATED_PROFILE.to_owned();
        self.printer_profiles
            .push(printer_profile::PrinterProfile::plain(
                name.clone(),
                printer,
                template,
            ));
        self.default_profile = Some(name);
    }

    /// Writes the settings atomically and durably (0600 temporary file, fsync, rename, fsync
    /// of the directory): a crash never leaves a torn file.
    /// Refused (`policy.locked`) when it would change a value the machine's policy locks
    /// (the policy hook: `crate::policy::effective::to_save`).
    pub fn save(&self, data_dir: &Path) -> Result<()> {
        ensure_dir(data_dir)?;
        let json = crate::policy::effective::to_save(self, data_dir)?;
        let text = serde_json::to_string_pretty(&json).expect("settings always serialise");
        crate::files::replace_atomically(&settings_path(data_dir), text.as_bytes())
    }

    /// How long the manager window may sit without input before it signs out.
    pub fn idle_timeout(&self) -> std::time::Duration {
        let minutes = self
            .idle_minutes
            .unwrap_or(DEFAULT_IDLE_MINUTES)
            .clamp(1, 24 * 60);
        std::time::Duration::from_secs(u64::from(minutes) * 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_gives_demo_tenant() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings::load(dir.path()).unwrap();
        assert_eq!(s.mode, Mode::DemoTenant);
        assert_eq!(s.mode.label(), "Demo tenant");
    }

    #[test]
    fn save_then_load_round_trips_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let s = Settings {
            mode: Mode::Entra {
                tenant: "contoso.onmicrosoft.com".into(),
                client_id: "11111111-2222-3333-4444-555555555555".into(),
            },
            last_account: Some("manager@contoso.onmicrosoft.com".into()),
            ..Settings::default()
        };
        s.save(&dir.path().join("nested")).unwrap();
        assert_eq!(Settings::load(&dir.path().join("nested")).unwrap(), s);
        assert_eq!(s.mode.label(), "Microsoft Entra (contoso.onmicrosoft.com)");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("nested"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec!["settings.json".to_owned()]);
    }

    #[test]
    fn unknown_fields_are_ignored_and_bad_json_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = settings_path(dir.path());
        std::fs::write(&path, r#"{"mode":{"kind":"demoTenant"},"fromTheFuture":1}"#).unwrap();
        assert_eq!(Settings::load(dir.path()).unwrap().mode, Mode::DemoTenant);

        std::fs::write(&path, "{not json").unwrap();
        let err = Settings::load(dir.path()).unwrap_err();
        assert_eq!(err.code(), "core.invalid_settings");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "{not json");
    }
}
