//! What the app says about itself: version, mode and where its files are.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use crate::{Mode, Result, Settings};

/// The answer of the `app_info` command and of `qrstation info`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// Product name, "qrstation".
    pub name: String,
    /// Version of this build, e.g. "0.1.0".
    pub version: String,
    /// The tenant qrstation talks to.
    pub mode: Mode,
    /// The mode in words for a person.
    pub mode_label: String,
    /// Where the database, settings and logs live.
    pub data_dir: String,
    /// The settings file (it may not exist yet: defaults apply).
    pub settings_file: String,
}

impl AppInfo {
    /// Reads the settings of `data_dir` and describes this installation. `version` is the
    /// caller's own package version, so the app and the CLI each report what was built.
    pub fn gather(version: &str, data_dir: &Path) -> Result<AppInfo> {
        let settings = Settings::load(data_dir)?;
        Ok(AppInfo {
            name: "qrstation".to_owned(),
            version: version.to_owned(),
            mode_label: settings.mode.label(),
            mode: settings.mode,
            data_dir: data_dir.display().to_string(),
            settings_file: crate::DataDir::new(data_dir)
                .settings_file()
                .display()
                .to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gather_reports_demo_tenant_and_paths() {
        let dir = tempfile::tempdir().unwrap();
        let info = AppInfo::gather("9.8.7", dir.path()).unwrap();
        assert_eq!(info.version, "9.8.7");
        assert_eq!(info.mode, Mode::DemoTenant);
        assert_eq!(info.mode_label, "Demo tenant");
        assert_eq!(info.data_dir, dir.path().display().to_string());
        assert!(info.settings_file.ends_with("settings.json"));
        let json = serde_json::to_value(&info).unwrap();
        assert_eq!(json["mode"]["kind"], "demoTenant");
        assert_eq!(json["modeLabel"], "Demo tenant");
    }
}
