//! `qrstation config show` and `config check` as real processes, with `QRSTATION_POLICY`.

use std::process::Command;

fn qrstation(
    data_dir: &std::path::Path,
    policy: Option<&std::path::Path>,
    args: &[&str],
) -> std::process::Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_qrstation"));
    c.args(args)
        .env("QRSTATION_DATA_DIR", data_dir)
        .env_remove("QRSTATION_POLICY");
    if let Some(p) = policy {
        c.env("QRSTATION_POLICY", p);
    }
    c.output().expect("qrstation runs")
}

const POLICY: &str = r#"{"tenant": "contoso.onmicrosoft.com",
  "clientId": "11111111-2222-3333-4444-555555555555",
  "kiosk": {"idleSeconds": {"value": 120, "locked": false}},
  "demoTenant": {"offered": false}}"#;

#[test]
fn show_names_each_values_source() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    std::fs::write(&policy, POLICY).unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(
        data.join("settings.json"),
        r#"{"kiosk": {"maxWrongPins": 4}}"#,
    )
    .unwrap();
    let out = qrstation(&data, Some(&policy), &["config", "show", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["policyFile"], policy.display().to_string());
    let find = |k: &str| {
        v["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["key"] == k)
            .unwrap()
            .clone()
    };
    assert_eq!(find("tenant")["source"], "policy");
    assert_eq!(find("tenant")["locked"], true);
    assert_eq!(find("tenant")["value"], "\"contoso.onmicrosoft.com\"");
    assert_eq!(find("kiosk.idleSeconds")["source"], "policy");
    assert_eq!(find("kiosk.idleSeconds")["locked"], false);
    assert_eq!(find("kiosk.maxWrongPins")["source"], "user");
    assert_eq!(find("kiosk.cooldownMinutes")["source"], "default");
    let text = qrstation(&data, Some(&policy), &["config", "show"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("(policy, locked)") && text.contains("(user)"),
        "{text}"
    );
    // The CLI refuses the demo tenant the policy does not offer.
    let out = qrstation(&data, Some(&policy), &["--demo", "whoami"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("[policy.demo_not_offered]"), "{err}");
    // And a tenant flag other than the locked one.
    let out = qrstation(
        &data,
        Some(&policy),
        &["--tenant", "fabrikam.com", "whoami"],
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("[policy.locked]"));
}

#[test]
fn check_lists_every_problem_with_its_key_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.json");
    std::fs::write(&good, POLICY).unwrap();
    let out = qrstation(
        dir.path(),
        None,
        &["config", "check", good.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("is a valid policy: 4 keys, 3 locked"));

    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"kiosk": {"idleSeconds": 9999}, "logLevel": 3, "colour": "red"}"#,
    )
    .unwrap();
    let out = qrstation(
        dir.path(),
        None,
        &["config", "check", bad.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("kiosk.idleSeconds: must be a whole number from 15 to 600, not 9999"),
        "{text}"
    );
    assert!(text.contains("logLevel: must be one of"), "{text}");
    assert!(text.contains("colour: unknown key"), "{text}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error [policy.invalid]"), "{err}");

    let out = qrstation(
        dir.path(),
        None,
        &["config", "check", bad.to_str().unwrap(), "--json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["problems"].as_array().unwrap().len(), 3);
}

#[test]
fn a_malformed_policy_stops_the_cli_with_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    std::fs::write(&policy, r#"{"signIn": {"idleMinutes": -1}}"#).unwrap();
    let out = qrstation(dir.path(), Some(&policy), &["config", "show"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("[policy.invalid]") && err.contains("signIn.idleMinutes"),
        "{err}"
    );
}
