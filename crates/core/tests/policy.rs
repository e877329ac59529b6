//! Managed configuration through `QRSTATION_POLICY` (one test at a time: the variable is the
//! process's): the settings commands cannot change a locked value, the kiosk starts as the
//! policy says (with or without a settings file), the demo tenant and typed PINs are refused
//! when the policy says so.

use std::sync::Mutex;

use qrstation_core::connect::{Flags, Target};
use qrstation_core::policy::{Effective, Source, POLICY_ENV};
use qrstation_core::Settings;

static ENV: Mutex<()> = Mutex::new(());

/// Runs `f` with `policy` as the machine's policy file.
fn with_policy(policy: &str, f: impl FnOnce(&std::path::Path)) {
    let _g = ENV.lock().unwrap_or_else(|p| p.into_inner());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("policy.json");
    std::fs::write(&file, policy).unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    // The variable is only touched under ENV.
    std::env::set_var(POLICY_ENV, &file);
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&data)));
    std::env::remove_var(POLICY_ENV);
    if let Err(e) = r {
        std::panic::resume_unwind(e);
    }
}

const FLEET: &str = r#"{
  "tenant": "contoso.onmicrosoft.com",
  "clientId": "11111111-2222-3333-4444-555555555555",
  "kiosk": {"enabled": true, "idleSeconds": {"value": 120, "locked": false}},
  "signIn": {"idleMinutes": 5},
  "demoTenant": {"offered": false},
  "pins": {"customAllowed": false}
}"#;

#[test]
fn a_locked_value_cannot_be_changed_through_the_settings() {
    with_policy(FLEET, |data| {
        let mut s = Settings::load(data).unwrap();
        assert_eq!(s.idle_timeout().as_secs(), 5 * 60);
        assert_eq!(s.kiosk.idle_seconds, 120);
        s.idle_minutes = Some(30);
        let e = s.save(data).unwrap_err();
        assert_eq!(e.code(), "policy.locked");
        assert!(e
            .to_string()
            .starts_with("The setting signIn.idleMinutes is set by your organisation"));
        // Tenant settings (the app's save_tenant_settings) are refused too.
        let t = qrstation_core::entra::TenantSettings {
            tenant: "fabrikam.onmicrosoft.com".into(),
            client_id: "11111111-2222-3333-4444-555555555555".into(),
            authority: None,
            graph_url: None,
        };
        assert_eq!(t.save(data).unwrap_err().code(), "policy.locked");
        // An unlocked value may change, and what the user never set stays out of the file.
        let mut s = Settings::load(data).unwrap();
        s.kiosk.idle_seconds = 90;
        s.save(data).unwrap();
        assert_eq!(Settings::load(data).unwrap().kiosk.idle_seconds, 90);
        let file: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(data.join("settings.json")).unwrap())
                .unwrap();
        assert_eq!(file["kiosk"]["idleSeconds"], 90);
        assert!(file.get("idleMinutes").is_none(), "{file}");
        assert!(file["kiosk"].get("enabled").is_none(), "{file}");
        // A hand-edited file does not beat a lock.
        std::fs::write(data.join("settings.json"), r#"{"idleMinutes": 600}"#).unwrap();
        let e = Effective::load(data).unwrap();
        assert_eq!(e.settings.idle_minutes, Some(5));
        let v = e.value("signIn.idleMinutes").unwrap();
        assert_eq!((v.source, v.locked), (Source::Policy, true));
    });
}

#[test]
fn the_kiosk_starts_as_the_policy_says() {
    with_policy(FLEET, |data| {
        std::fs::write(
            data.join("settings.json"),
            r#"{"kiosk": {"enabled": false}}"#,
        )
        .unwrap();
        assert!(qrstation_core::kiosk::start::start_as_kiosk(data, false).unwrap());
        let s = Settings::load(data).unwrap();
        assert!(s.kiosk.enabled);
        assert_eq!(s.kiosk.clone().sane().idle_seconds, 120);
    });
}

#[test]
fn a_locked_kiosk_policy_starts_a_kiosk_without_a_settings_file() {
    use qrstation_core::kiosk::start::{marker_path, start_as_kiosk};
    with_policy(FLEET, |data| {
        let settings = data.join("settings.json");
        assert!(!settings.exists());
        assert!(start_as_kiosk(data, false).unwrap(), "the policy alone");
        assert!(marker_path(data).exists(), "it stays a kiosk");
        // Marked and still no settings file: the policy says kiosk, so it is not "lost".
        assert!(start_as_kiosk(data, false).unwrap());
        assert!(!settings.exists(), "nothing written for the user");
    });
    // Without that policy the same computer is refused, not opened as a station.
    with_policy(r#"{"signIn": {"idleMinutes": 5}}"#, |data| {
        std::fs::write(marker_path(data), "kiosk").unwrap();
        let e = start_as_kiosk(data, false).unwrap_err();
        assert_eq!(e.code(), "kiosk.settings_lost");
        std::fs::remove_file(marker_path(data)).unwrap();
        assert!(
            !start_as_kiosk(data, false).unwrap(),
            "never a kiosk: a station"
        );
        assert!(
            start_as_kiosk(data, true).unwrap(),
            "--kiosk still asks for one"
        );
    });
}

#[test]
fn the_demo_tenant_is_refused_when_not_offered() {
    with_policy(FLEET, |data| {
        let flags = Flags {
            demo: true,
            ..Flags::default()
        };
        let e = Target::resolve(&Settings::default(), &flags).unwrap_err();
        assert_eq!(e.code(), "policy.demo_not_offered");
        let rt = tokio::runtime::Runtime::new().unwrap();
        let e = rt.block_on(async {
            let (store, _) = qrstation_core::Store::open(data).await.unwrap();
            Target::Demo.open(data, store, None, None, None).await.err()
        });
        assert_eq!(e.unwrap().code(), "policy.demo_not_offered");
    });
}

#[test]
fn a_malformed_policy_is_refused_with_its_key() {
    with_policy(
        r#"{"kiosk": {"idleSeconds": "long"}, "colour": 1}"#,
        |data| {
            let e = Settings::load(data).unwrap_err();
            assert_eq!(e.code(), "policy.invalid");
            let text = e.to_string();
            assert!(
                text.contains("kiosk.idleSeconds: must be a whole number"),
                "{text}"
            );
            assert!(text.contains("colour: unknown key"), "{text}");
        },
    );
}

#[test]
fn flags_cannot_step_around_a_locked_tenant() {
    with_policy(FLEET, |_| {
        let flags = Flags {
            tenant: Some("fabrikam.onmicrosoft.com".into()),
            ..Flags::default()
        };
        let e = Target::resolve(&Settings::default(), &flags).unwrap_err();
        assert_eq!(e.code(), "policy.locked");
        let e = qrstation_core::policy::enforce::custom_pin_allowed().unwrap_err();
        assert_eq!(e.code(), "policy.custom_pin_not_allowed");
    });
}
