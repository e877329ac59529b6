//! "I forgot my badge" at the kiosk over real HTTP against the demo tenant, with a real SQLite
//! file: the manager's approval is bound to one worker (another worker's id is refused), the
//! temporary code gets the hours asked for, the code on screen signs the worker in, an active
//! code is replaced only when asked, every step is audited, and no code is in any file or log.

use std::sync::{Arc, Mutex};

use base64::{engine::general_purpose::STANDARD, Engine};
use qrstation_core::kiosk::{ApprovalPurpose, DeviceCodePrompt, Kiosk, KioskSettings};
use qrstation_core::store::audit::Outcome;
use qrstation_core::Store;
use qrstation_emulator::{seed, Emulator, EmulatorConfig};
use qrstation_emulator_hooks::Hooks;
use tokio::sync::mpsc;

const MANAGER: &str = "megan.bowen@contoso-retail.onmicrosoft.com";

/// Every log line written while the test runs (a minimal `tracing` subscriber).
#[derive(Clone, Default)]
struct Logs(Arc<Mutex<String>>);

struct Fields<'a>(&'a mut String);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }
}

impl tracing::Subscriber for Logs {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut s = self.0.lock().unwrap();
        span.record(&mut Fields(&mut s));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Fields(&mut self.0.lock().unwrap()));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut s = self.0.lock().unwrap();
        event.record(&mut Fields(&mut s));
        s.push('\n');
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// Reads the QR code back from the kiosk's SVG (drawn at 6 pixels a module, as a screen would).
fn read_back(svg: &str) -> Vec<u8> {
    let side: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let d = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let scale = 6;
    let w = side * scale;
    let mut px = vec![255u8; w * w];
    for rect in d.split('M').filter(|r| !r.is_empty()) {
        let n: Vec<usize> = rect
            .trim_end_matches('z')
            .split(['h', 'v', ' '])
            .filter(|n| !n.is_empty() && !n.starts_with('-'))
            .map(|n| n.parse().unwrap())
            .collect();
        for row in n[1] * scale..(n[1] + n[3]) * scale {
            px[row * w + n[0] * scale..row * w + (n[0] + n[2]) * scale].fill(0);
        }
    }
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, w, |x, y| px[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on screen");
    let mut out = Vec::new();
    grids[0].decode_to(&mut out).unwrap();
    out
}

#[tokio::test]
async fn a_manager_approves_a_temporary_code_for_one_worker_and_it_is_shown_once() {
    let logs = Logs::default();
    let _guard = tracing::subscriber::set_default(logs.clone());
    let dir = tempfile::tempdir().unwrap();
    let tenant = Emulator::start(EmulatorConfig {
        device_code_interval: 1,
        ..EmulatorConfig::for_tests()
    })
    .await
    .unwrap();
    let (base, t, c) = (
        tenant.base_url(),
        seed::TENANT_ID,
        seed::QRSTATION_CLIENT_ID,
    );
    std::fs::write(
        dir.path().join("settings.json"),
        format!(
            r#"{{"mode":{{"kind":"entra","tenant":"{t}","clientId":"{c}"}},"authority":"{base}/{t}","graphUrl":"{base}"}}"#
        ),
    )
    .unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    let kiosk = Arc::new(
        Kiosk::open_with(dir.path(), store.clone(), KioskSettings::default())
            .await
            .unwrap(),
    );
    let hooks = Hooks::new(base.clone());
    let state = hooks.state().await;
    // Two workers with a method (the demo PIN) and no temporary code, neither an admin.
    let with_method: Vec<(String, String)> = state["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["roles"].as_array().unwrap().is_empty())
        .filter(|u| {
            let m = &state["methods"][u["id"].as_str().unwrap()];
            m.is_object() && m["temporaryQRCode"].is_null()
        })
        .map(|u| {
            let s = |k: &str| u[k].as_str().unwrap().to_owned();
            (s("userPrincipalName"), s("id"))
        })
        .collect();
    let (upn, uid) = with_method[0].clone();
    let (_, other_id) = with_method[1].clone();

    // Approves `worker` as the manager through the device-code hook.
    let approve = |worker: String| {
        let (kiosk, hooks) = (kiosk.clone(), Hooks::new(base.clone()));
        async move {
            let (tx, mut rx) = mpsc::unbounded_channel::<DeviceCodePrompt>();
            let task = tokio::spawn(async move {
                kiosk
                    .approve_temporary_code(&worker, move |p| drop(tx.send(p)))
                    .await
            });
            let prompt = rx.recv().await.expect("a device code");
            hooks
                .approve_device(&prompt.user_code, MANAGER, false)
                .await;
            (prompt, task.await.unwrap())
        }
    };

    // The prompt names the purpose and the worker; the approval cannot make anyone else's code.
    let (prompt, approval) = approve(upn.clone()).await;
    match prompt.approval {
        Some(ApprovalPurpose::TemporaryCode { worker }) => assert_eq!(worker.upn, upn),
        other => panic!("{other:?}"),
    }
    let approval = approval.unwrap();
    assert_eq!(
        (approval.manager.upn.as_str(), approval.worker.id.as_str()),
        (MANAGER, uid.as_str())
    );
    assert!(approval.has_method && approval.active_until.is_none());
    assert_eq!(
        (
            approval.min_hours,
            approval.default_hours,
            approval.max_hours
        ),
        (1, 8, 12)
    );
    assert!(kiosk.holds_token());
    assert_eq!(
        kiosk.reset_pin(&uid).await.unwrap_err().code(),
        "kiosk.flow_ended",
        "a temporary-code approval resets no PIN"
    );
    let (_, approval) = approve(upn.clone()).await;
    approval.unwrap();
    let other = kiosk
        .issue_temporary_code(&other_id, 8, false)
        .await
        .unwrap_err();
    assert_eq!(other.code(), "kiosk.approval_mismatch");
    assert!(!kiosk.holds_token(), "the approval is used up");
    let s = hooks.state().await;
    assert!(s["methods"][&other_id]["temporaryQRCode"].is_null());
    assert!(s["methods"][&uid]["temporaryQRCode"].is_null());

    // Hours out of range are refused before the approval is touched.
    let (_, approval) = approve(upn.clone()).await;
    approval.unwrap();
    for h in [0, 13] {
        let e = kiosk
            .issue_temporary_code(&uid, h, false)
            .await
            .unwrap_err();
        assert_eq!(e.code(), "core.invalid_lifetime");
    }
    let badge = kiosk.issue_temporary_code(&uid, 8, false).await.unwrap();
    assert!(!kiosk.holds_token(), "the manager's token is gone");
    assert_eq!((badge.show_seconds, badge.replaced), (60, false));
    assert_eq!(badge.expires - badge.starts, 8 * 3_600_000);
    assert!(
        !format!("{badge:?}").contains(&badge.qr_svg),
        "Debug hides the code"
    );
    let s = hooks.state().await;
    let temp = &s["methods"][&uid]["temporaryQRCode"];
    let at = |k: &str| chrono::DateTime::parse_from_rfc3339(temp[k].as_str().unwrap()).unwrap();
    assert_eq!((at("expireDateTime") - at("startDateTime")).num_hours(), 8);
    let first_id = temp["id"].as_str().unwrap().to_owned();
    // The code on screen is the worker's: it signs them in with their PIN.
    let raw = read_back(&badge.qr_svg);
    let raw_b64 = STANDARD.encode(&raw);
    let signed = hooks.qr_sign_in(&raw_b64, seed::DEMO_PIN).await;
    assert!(
        ["success", "pinChangeRequired"].contains(&signed["outcome"].as_str().unwrap()),
        "{signed}"
    );

    // An active code: the approval says so; only the manager's choice replaces it.
    let (_, approval) = approve(uid.clone()).await;
    let approval = approval.unwrap();
    assert_eq!(approval.active_until, Some(badge.expires));
    let kept = kiosk
        .issue_temporary_code(&uid, 4, false)
        .await
        .unwrap_err();
    assert_eq!(kept.code(), "graph.active_code_exists");
    let (_, approval) = approve(uid.clone()).await;
    approval.unwrap();
    let replaced = kiosk.issue_temporary_code(&uid, 4, true).await.unwrap();
    assert!(replaced.replaced);
    assert_eq!(replaced.expires - replaced.starts, 4 * 3_600_000);
    let s = hooks.state().await;
    assert_ne!(
        s["methods"][&uid]["temporaryQRCode"]["id"]
            .as_str()
            .unwrap(),
        first_id
    );
    let new_raw = read_back(&replaced.qr_svg);
    assert_eq!(
        hooks.qr_sign_in(&raw_b64, seed::DEMO_PIN).await["outcome"],
        "unknownCode",
        "the replaced code no longer works"
    );

    // Audited: who, for whom, how it ended.
    let audit = store.list_audit(None, 50).await.unwrap();
    let rows = |action: &str| -> Vec<Outcome> {
        audit
            .iter()
            .filter(|a| a.action == action)
            .map(|a| a.outcome)
            .collect()
    };
    assert_eq!(rows("kiosk.approve_temporary_code").len(), 5);
    assert_eq!(
        rows("kiosk.temporary_code"),
        vec![Outcome::Failure, Outcome::Success, Outcome::Failure]
    );
    assert_eq!(rows("kiosk.temporary_code_replace"), vec![Outcome::Success]);
    assert!(audit
        .iter()
        .filter(|a| a.action.as_str().starts_with("kiosk.temporary_code"))
        .all(|a| a.operator_upn == MANAGER));

    // No code in any file (the database included) nor in the logs.
    let secrets: Vec<String> = [&raw, &new_raw]
        .iter()
        .flat_map(|r| [String::from_utf8_lossy(r).into_owned(), STANDARD.encode(r)])
        .chain([badge.qr_svg.clone(), replaced.qr_svg.clone()])
        .collect();
    let mut stack = vec![dir.path().to_path_buf()];
    let mut files = 0;
    while let Some(p) = stack.pop() {
        for e in std::fs::read_dir(&p).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            files += 1;
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            for s in &secrets {
                assert!(
                    !text.contains(s.as_str()),
                    "{} holds a code",
                    path.display()
                );
            }
            assert!(
                !text.contains("ms-qrpin") && !text.contains("eyJ0eXAi"),
                "{}",
                path.display()
            );
        }
    }
    assert!(files >= 2);
    let logged = logs.0.lock().unwrap().clone();
    for s in &secrets {
        assert!(!logged.contains(s.as_str()), "a code was logged");
    }
    assert!(!logged.contains("ms-qrpin"));
    tenant.shutdown().await;
}
