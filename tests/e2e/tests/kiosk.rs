//! The kiosk in the real app window against a local tenant: a worker changes their PIN after
//! signing in with a device code (approved through the emulator's hook), a wrong current PIN is
//! counted, the idle timeout returns to the start mid-flow, a manager approves the PIN reset of
//! the one worker the approval screen names and confirms it, a manager command from the kiosk
//! window is refused, a manager signs in to leave; afterwards no PIN and no token is in any
//! file; and a computer that was a kiosk refuses to start once its settings are gone.

use std::path::Path;
use std::time::Duration;

use fantoccini::{Client, Locator};
use qrstation_e2e::{click, run_app_test_in, shot, text_of, walk, TestResult, JWT_STARTS};
use qrstation_emulator::{seed, Emulator, EmulatorConfig};
use qrstation_emulator_hooks::{Hooks, TenantState};

const MANAGER: &str = "megan.bowen@contoso-retail.onmicrosoft.com";

fn sel(test_id: &str) -> String {
    format!("[data-testid=\"{test_id}\"]")
}

async fn type_into(c: &Client, test_id: &str, text: &str) -> TestResult {
    c.find(Locator::Css(&sel(test_id)))
        .await?
        .send_keys(text)
        .await?;
    Ok(())
}

/// A seeded worker whose PIN must be changed (seeded with the demo PIN), from the hook.
fn worker_with_temporary_pin(state: &TenantState) -> (String, String) {
    let (uid, _) = state
        .methods
        .iter()
        .find(|(_, m)| m.pin.force_change_pin_next_sign_in)
        .expect("a seeded temporary PIN");
    let user = state.users.iter().find(|u| &u.id == uid).unwrap();
    (user.user_principal_name.clone(), user.display_name.clone())
}

fn kiosk_data_dir(base: &str, idle_seconds: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let settings = format!(
        r#"{{"mode":{{"kind":"entra","tenant":"{t}","clientId":"{c}"}},"authority":"{base}/{t}","graphUrl":"{base}","kiosk":{{"enabled":true,"idleSeconds":{idle_seconds},"language":"en"}}}}"#,
        t = seed::TENANT_ID,
        c = seed::QRSTATION_CLIENT_ID,
    );
    std::fs::write(dir.path().join("settings.json"), settings).unwrap();
    dir
}

fn assert_nothing_left(dir: &Path, secrets: &[String]) {
    let files = walk(dir);
    assert!(files.iter().any(|f| f.ends_with("qrstation.db")));
    assert!(files.iter().any(|f| f.ends_with("qrstation.log")));
    for path in files {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for s in secrets {
            assert!(!text.contains(s.as_str()), "a PIN is in {}", path.display());
        }
        for jwt in JWT_STARTS {
            assert!(!text.contains(jwt), "a token is in {}", path.display());
        }
    }
}

#[test]
fn a_worker_changes_their_pin_at_the_kiosk_and_nothing_is_left_behind() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let emulator = rt
        .block_on(Emulator::start(EmulatorConfig {
            device_code_interval: 1,
            ..EmulatorConfig::for_tests()
        }))
        .unwrap();
    let base = emulator.base_url();
    let hooks = Hooks::new(&base);
    let (upn, name) = worker_with_temporary_pin(&rt.block_on(hooks.tenant()));
    let data = kiosk_data_dir(&base, 15);
    // Its own client: the body runs on another runtime, whose connections end with it.
    let h = Hooks::new(&base);
    let worker = upn.clone();
    run_app_test_in("kiosk_change_pin", data.path(), move |ctx| {
        let upn = worker;
        Box::pin(async move {
            let c = &ctx.client;
            click(c, "language").await?; // to Spanish and back: both are there
            assert!(text_of(c, "change-pin").await?.contains("Cambiar mi PIN"));
            click(c, "language").await?;
            shot(c, "kiosk-start").await?;

            // A manager command from the kiosk window is refused by its capability.
            let refused = c
                .execute_async(
                    "const done = arguments[arguments.length - 1];\
                     window.__TAURI_INTERNALS__.invoke('create_method', { request: \
                     { user: arguments[0], start: null, expires: null, pin: null } })\
                     .then(() => done('allowed'), (e) => done(String(e)));",
                    vec![serde_json::json!(upn)],
                )
                .await?;
            let refused = refused.as_str().unwrap_or_default().to_owned();
            assert!(refused.contains("not allowed"), "{refused}");

            // Change my PIN: the device code on screen, approved on "the phone".
            click(c, "change-pin").await?;
            let code = text_of(c, "user-code").await?;
            shot(c, "kiosk-code").await?;
            h.approve_device(&code, &upn, true).await;
            assert_eq!(text_of(c, "hello").await?, format!("Hello, {name}"));
            type_into(c, "pin-current", "99999999").await?;
            type_into(c, "pin-next", "57391824").await?;
            type_into(c, "pin-again", "57391824").await?;
            assert_eq!(text_of(c, "pin-rule").await?, "This PIN can be used.");
            shot(c, "kiosk-pin").await?;
            click(c, "save-pin").await?;
            let wrong = text_of(c, "pin-error").await?;
            assert!(wrong.contains("2 tries left"), "{wrong}");
            type_into(c, "pin-current", seed::DEMO_PIN).await?;
            click(c, "save-pin").await?;
            c.wait()
                .at_most(Duration::from_secs(20))
                .for_element(Locator::XPath("//h1[contains(., 'Your PIN is changed')]"))
                .await?;
            shot(c, "kiosk-done").await?;
            assert!(
                h.verify_pin(&upn, "57391824").await,
                "the tenant has the new PIN"
            );
            assert_eq!(
                h.tenant().await.refresh_tokens,
                0,
                "no refresh token was issued"
            );
            click(c, "done").await?;

            // The idle timeout returns to the start mid-flow, with the worker signed in, and
            // Rust has dropped the flow: a late PIN change finds none.
            click(c, "change-pin").await?;
            let code = text_of(c, "user-code").await?;
            h.approve_device(&code, &upn, true).await;
            text_of(c, "hello").await?;
            type_into(c, "pin-current", "5739").await?;
            tokio::time::sleep(Duration::from_secs(17)).await;
            c.wait()
                .at_most(Duration::from_secs(10))
                .for_element(Locator::XPath(
                    "//*[contains(., 'That took too long, so we started again.')]",
                ))
                .await?;
            assert!(c.find(Locator::Css(&sel("pin-current"))).await.is_err());
            let late = c
                .execute_async(
                    "const done = arguments[arguments.length - 1];\
                     window.__TAURI_INTERNALS__.invoke('kiosk_change_pin', \
                     { current: '57391824', new: '68402935' })\
                     .then(() => done('changed'), (e) => done(e.code));",
                    vec![],
                )
                .await?;
            assert_eq!(late.as_str(), Some("kiosk.flow_ended"));
            Ok(())
        })
    });
    // The force-change flag is cleared by the worker's own change.
    let state = rt.block_on(hooks.tenant());
    assert_eq!(
        state
            .method_of(&upn)
            .map(|m| m.pin.force_change_pin_next_sign_in),
        Some(false)
    );
    assert_nothing_left(
        data.path(),
        &["57391824".into(), seed::DEMO_PIN.into(), "99999999".into()],
    );
    rt.block_on(emulator.shutdown());
}

#[test]
fn a_manager_approves_a_pin_reset_and_signs_in_to_leave_the_kiosk() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let emulator = rt
        .block_on(Emulator::start(EmulatorConfig {
            device_code_interval: 1,
            ..EmulatorConfig::for_tests()
        }))
        .unwrap();
    let base = emulator.base_url();
    let hooks = Hooks::new(&base);
    let (upn, name) = worker_with_temporary_pin(&rt.block_on(hooks.tenant()));
    let data = kiosk_data_dir(&base, 60);
    // Its own client: the body runs on another runtime, whose connections end with it.
    let h = Hooks::new(&base);
    let temp = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let temp_seen = temp.clone();
    run_app_test_in("kiosk_assisted_reset", data.path(), move |ctx| {
        Box::pin(async move {
            let c = &ctx.client;
            // A fresh kiosk knows nobody by name: the worker types their sign-in name, and
            // the screen the manager reads the code from names that worker and the purpose.
            click(c, "forgot-pin").await?;
            type_into(c, "name", &upn).await?;
            click(c, "name-next").await?;
            let code = text_of(c, "user-code").await?;
            assert_eq!(
                text_of(c, "code-title").await?,
                format!("Manager approval: reset the PIN of {upn}")
            );
            h.approve_device(&code, MANAGER, true).await;
            let confirm = text_of(c, "confirm-text").await?;
            assert!(
                confirm.contains(&name) && confirm.contains(&upn),
                "{confirm}"
            );
            click(c, "confirm-reset").await?;
            let pin = text_of(c, "temp-pin").await?;
            assert!(
                pin.len() >= 8 && pin.chars().all(|d| d.is_ascii_digit()),
                "{pin}"
            );
            assert!(
                h.verify_pin(&upn, &pin).await,
                "the temporary PIN is the tenant's"
            );
            *temp_seen.lock().unwrap() = pin;
            click(c, "done").await?;
            assert!(c.find(Locator::Css(&sel("temp-pin"))).await.is_err());

            // Leaving needs a manager: a worker's sign-in is refused, a manager's closes the app.
            click(c, "exit").await?;
            let code = text_of(c, "user-code").await?;
            assert_eq!(
                text_of(c, "code-title").await?,
                "Manager approval: leave kiosk mode"
            );
            h.approve_device(&code, &upn, true).await;
            c.wait()
                .at_most(Duration::from_secs(20))
                .for_element(Locator::XPath("//*[contains(., 'may not approve this')]"))
                .await?;
            click(c, "exit").await?;
            let code = text_of(c, "user-code").await?;
            h.approve_device(&code, MANAGER, true).await;
            // The app exits: the WebDriver session loses its window.
            let mut gone = false;
            for _ in 0..50 {
                if c.find(Locator::Css(&sel("exit"))).await.is_err() {
                    gone = true;
                    break;
                }
                tokio::time::sleep(Duration::from_millis(400)).await;
            }
            assert!(gone, "the kiosk closed after the manager's sign-in");
            Ok(())
        })
    });
    let pin = temp.lock().unwrap().clone();
    assert_nothing_left(data.path(), &[pin, seed::DEMO_PIN.into()]);
    rt.block_on(emulator.shutdown());
}

#[test]
fn a_computer_that_was_a_kiosk_refuses_to_start_once_its_settings_are_empty() {
    // The kiosk ran here once (its marker is there); then settings.json was emptied.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kiosk"), "kiosk\n").unwrap();
    std::fs::write(dir.path().join("settings.json"), "").unwrap();
    let out = std::process::Command::new(qrstation_e2e::app_binary())
        .env("QRSTATION_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "no manager window opens");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("kiosk.settings_lost"), "{err}");
}
