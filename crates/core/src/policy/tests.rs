//! The reader's problems (keys and reasons), the precedence and the save guard, without the
//! environment (tests/policy.rs runs them through `QRSTATION_POLICY`).

use serde_json::{json, Value};

use super::*;
use crate::Settings;

fn problems(text: &str) -> Vec<(String, String)> {
    Policy::parse(text)
        .unwrap_err()
        .into_iter()
        .map(|p| (p.key, p.reason))
        .collect()
}

#[test]
fn every_problem_is_listed_with_its_key() {
    let got = problems(
        r#"{"tenant": 5, "kiosk": {"idleSeconds": 5000, "colour": "red"},
            "nope": 1, "logLevel": "loud", "pins": {"customAllowed": "no"},
            "printing": {"profiles": [{"name": "A", "printer": "tcp:10.0.0.9", "copies": 0}]}}"#,
    );
    let keys: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
    for k in [
        "tenant",
        "kiosk.idleSeconds",
        "kiosk.colour",
        "nope",
        "logLevel",
        "pins.customAllowed",
        "printing.profiles[0].template",
        "printing.profiles[0].copies",
    ] {
        assert!(keys.contains(&k), "{k} missing from {got:?}");
    }
    let reason = |k: &str| &got.iter().find(|(key, _)| key == k).unwrap().1;
    assert_eq!(reason("nope"), "unknown key");
    assert_eq!(reason("tenant"), "must be text, not a number");
    assert!(reason("kiosk.idleSeconds").contains("15 to 600"));
    assert!(reason("logLevel").contains("error, warn, info"));
}

#[test]
fn simple_and_wrapped_forms_and_their_locks() {
    let p = Policy::parse(
        r#"{"$schema": "x", "version": 1, "tenant": "contoso.onmicrosoft.com",
            "kiosk": {"idleSeconds": {"value": 120, "locked": false}, "enabled": {"value": true}}}"#,
    )
    .unwrap();
    assert!(p.entry("tenant").unwrap().locked);
    assert_eq!(p.entry("kiosk.idleSeconds").unwrap().value, json!(120));
    assert!(!p.entry("kiosk.idleSeconds").unwrap().locked);
    assert!(p.entry("kiosk.enabled").unwrap().locked);
    let bad = problems(r#"{"kiosk": {"enabled": {"value": true, "locked": "yes", "x": 1}}}"#);
    assert!(
        bad.iter().any(|(k, _)| k == "kiosk.enabled.locked"),
        "{bad:?}"
    );
    assert!(bad.iter().any(|(k, _)| k == "kiosk.enabled.x"), "{bad:?}");
    assert_eq!(problems(r#"{"version": 2}"#)[0].0, "version");
    assert_eq!(problems("[1]")[0].0, "(file)");
    assert_eq!(problems(r#"{"kiosk": 3}"#)[0].0, "kiosk");
    assert_eq!(problems(r#"{"tenant": "common"}"#)[0].0, "tenant");
    assert_eq!(problems(r#"{"clientId": "abc"}"#)[0].0, "clientId");
}

#[test]
fn cross_checks_name_the_key() {
    let got = problems(
        r#"{"printing": {"profiles": [{"name": "Desk", "printer": "file:/tmp/b.pdf", "template": "cr80"}],
            "defaultProfile": "Other", "allowedTemplates": ["a4-sheet"]}}"#,
    );
    let keys: Vec<&str> = got.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["printing.defaultProfile", "printing.profiles[0].template"],
        "{got:?}"
    );
}

#[test]
fn a_huge_file_is_refused_whole() {
    let text = format!("{{\"tenant\": \"{}\"}}", "a".repeat(MAX_POLICY_BYTES));
    assert_eq!(problems(&text)[0].0, "(file)");
}

fn effective(policy: &str, raw: Value) -> Effective {
    let user: Settings = serde_json::from_value(raw.clone()).unwrap();
    Effective::resolve(Policy::parse(policy).unwrap(), user, &raw).unwrap()
}

#[test]
fn locked_beats_user_beats_unlocked_policy_beats_default() {
    let e = effective(
        r#"{"tenant": "contoso.onmicrosoft.com",
            "clientId": "11111111-2222-3333-4444-555555555555",
            "kiosk": {"idleSeconds": {"value": 120, "locked": false},
                      "maxWrongPins": {"value": 5, "locked": false},
                      "enabled": true},
            "cloud": "usGovL4"}"#,
        json!({"mode": {"kind": "demoTenant"}, "kiosk": {"maxWrongPins": 2, "enabled": false}}),
    );
    assert_eq!(
        e.settings.mode,
        crate::Mode::Entra {
            tenant: "contoso.onmicrosoft.com".into(),
            client_id: "11111111-2222-3333-4444-555555555555".into()
        }
    );
    assert!(e.settings.kiosk.enabled, "locked policy beats the user");
    assert_eq!(
        e.settings.kiosk.max_wrong_pins, 2,
        "the user beats an unlocked policy"
    );
    assert_eq!(
        e.settings.kiosk.idle_seconds, 120,
        "an unlocked policy beats the default"
    );
    assert_eq!(e.settings.kiosk.cooldown_minutes, 15, "the default");
    assert_eq!(
        e.settings.graph_url.as_deref(),
        Some("https://graph.microsoft.us")
    );
    assert_eq!(
        e.settings.authority.as_deref(),
        Some("https://login.microsoftonline.us/contoso.onmicrosoft.com")
    );
    let src = |k: &str| {
        let v = e.value(k).unwrap();
        (v.source, v.locked)
    };
    assert_eq!(src("kiosk.enabled"), (Source::Policy, true));
    assert_eq!(src("kiosk.maxWrongPins"), (Source::User, false));
    assert_eq!(src("kiosk.idleSeconds"), (Source::Policy, false));
    assert_eq!(src("kiosk.cooldownMinutes"), (Source::Default, false));
    assert_eq!(src("demoTenant.offered"), (Source::Default, false));
    assert_eq!(e.value("demoTenant.offered").unwrap().value, "true");
    assert_eq!(e.value("cloud").unwrap().value, "\"usGovL4\"");
    assert!(e.locked("tenant") && !e.locked("kiosk.idleSeconds"));
}

#[test]
fn enforcement_by_policy() {
    let p = Policy::parse(
        r#"{"demoTenant": {"offered": false}, "printing": {"allowedTemplates": ["cr80"]}}"#,
    )
    .unwrap();
    assert_eq!(
        enforce::demo_offered_by(&p).unwrap_err().code(),
        "policy.demo_not_offered"
    );
    assert!(enforce::template_allowed_by(&p, "cr80").is_ok());
    let e = enforce::template_allowed_by(&p, "a4-sheet").unwrap_err();
    assert_eq!(e.code(), "policy.template_not_allowed");
    assert!(enforce::demo_offered_by(&Policy::default()).is_ok());
    assert!(enforce::template_allowed_by(&Policy::default(), "anything").is_ok());
}

#[cfg(unix)]
#[test]
fn a_policy_others_can_write_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.json");
    std::fs::write(&path, r#"{"logLevel": "warn"}"#).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let p = file::read_file(&path, Origin::Env).unwrap();
    assert_eq!(p.text("logLevel"), Some("warn"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    let e = file::read_file(&path, Origin::Env).unwrap_err();
    assert_eq!(e.code(), "policy.unsafe_file");
    assert!(e.to_string().contains("written by other users"), "{e}");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let e = file::read_file(&path, Origin::Env).unwrap_err();
    assert_eq!(e.code(), "policy.unsafe_file", "{e}");
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700)).unwrap();
    // The machine-wide path must be root's: a file of an ordinary user is refused.
    use std::os::unix::fs::MetadataExt;
    if std::fs::metadata(&path).unwrap().uid() != 0 {
        let e = file::read_file(&path, Origin::Machine).unwrap_err();
        assert!(e.to_string().contains("not owned by root"), "{e}");
    }
}

#[test]
fn the_machine_path_is_the_platforms() {
    let p = machine_path();
    assert!(p.ends_with("qrstation/policy.json") || p.ends_with(r"qrstation\policy.json"));
    #[cfg(target_os = "linux")]
    assert_eq!(p, std::path::Path::new("/etc/qrstation/policy.json"));
}
