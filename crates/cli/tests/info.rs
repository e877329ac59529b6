//! `qrstation info` run as a real process against a temporary data directory.

use std::process::Command;

fn qrstation(data_dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_qrstation"))
        .args(args)
        .env("QRSTATION_DATA_DIR", data_dir)
        .output()
        .expect("qrstation runs")
}

#[test]
fn info_json_reports_version_mode_and_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let out = qrstation(dir.path(), &["info", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["mode"]["kind"], "demoTenant");
    assert_eq!(v["dataDir"], dir.path().display().to_string());
}

#[test]
fn broken_settings_fail_with_a_code_and_the_file_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("settings.json"), "{oops").unwrap();
    let out = qrstation(dir.path(), &["info"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("error [core.invalid_settings]: The settings file "),
        "{err}"
    );
    assert!(err.contains("settings.json"), "{err}");
}
