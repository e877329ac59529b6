//! The kiosk when Microsoft asks a worker for a fresh multifactor sign-in before they change
//! their own PIN (403 with a claims challenge, since January 2026): the worker signs in again
//! with the claims, the change is sent once more; a worker who cannot do MFA is sent to a
//! manager. Against the demo tenant over real HTTP, its clock aged past the 10 minutes.

use std::sync::Arc;

use qrstation_core::kiosk::{DeviceCodePrompt, Kiosk, KioskSettings, PinChange};
use qrstation_core::Store;
use qrstation_emulator::{seed, Emulator, EmulatorConfig};
use serde_json::{json, Value};
use tokio::sync::mpsc;

const DEMO_PIN: &str = "48302917";
/// A seeded worker with the demo PIN.
const WORKER: &str = "dana.becker@contoso-retail.onmicrosoft.com";
const OTHER: &str = "carlos.okafor@contoso-retail.onmicrosoft.com";

struct Fx {
    _dir: tempfile::TempDir,
    kiosk: Arc<Kiosk>,
    tenant: Emulator,
    http: reqwest::Client,
}

async fn fx(tweak: impl FnOnce(&mut EmulatorConfig)) -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let mut config = EmulatorConfig {
        device_code_interval: 1,
        ..EmulatorConfig::for_tests()
    };
    tweak(&mut config);
    let tenant = Emulator::start(config).await.unwrap();
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
    let kiosk = Kiosk::open_with(dir.path(), store, KioskSettings::default())
        .await
        .unwrap();
    Fx {
        _dir: dir,
        kiosk: Arc::new(kiosk),
        tenant,
        http: reqwest::Client::new(),
    }
}

impl Fx {
    async fn hook(&self, path: &str, body: Value) -> Value {
        qrstation_emulator_hooks::Hooks::with_client(self.http.clone(), self.tenant.base_url())
            .post(path, body)
            .await
    }

    /// Runs a device-code sign-in started by `start`, approved as `approve` says.
    async fn approved<T: Send + 'static>(
        &self,
        approve: Value,
        start: impl FnOnce(
            Arc<Kiosk>,
            Box<dyn FnOnce(DeviceCodePrompt) + Send>,
        ) -> tokio::task::JoinHandle<T>,
    ) -> T {
        let (tx, mut rx) = mpsc::unbounded_channel::<DeviceCodePrompt>();
        let task = start(
            self.kiosk.clone(),
            Box::new(move |p| {
                let _ = tx.send(p);
            }),
        );
        let prompt = rx.recv().await.expect("a device code is shown");
        let mut body = approve;
        body["userCode"] = json!(prompt.user_code);
        self.hook("device/approve", body).await;
        task.await.unwrap()
    }

    /// The worker signs in "eleven minutes ago": Graph's clock is set back for the sign-in and
    /// forward again after it, so the sign-in is no longer fresh while every token the kiosk
    /// gets later is issued at this computer's time (its ID tokens are checked against it).
    async fn sign_in(&self) {
        self.hook("clock", json!({"advanceSeconds": -660})).await;
        let person = self
            .approved(json!({"user": WORKER}), |k, show| {
                tokio::spawn(async move { k.worker_sign_in(show).await })
            })
            .await
            .unwrap();
        assert_eq!(person.upn, WORKER);
        self.hook("clock", json!({"advanceSeconds": 660})).await;
    }

    async fn step_up(
        &self,
        approve: Value,
    ) -> qrstation_core::Result<qrstation_core::kiosk::Person> {
        self.approved(approve, |k, show| {
            tokio::spawn(async move { k.worker_step_up(show).await })
        })
        .await
    }

    async fn pin_is(&self, pin: &str) -> bool {
        self.hook("verify-pin", json!({"user": WORKER, "pin": pin}))
            .await["matches"]
            == true
    }
}

#[tokio::test]
async fn a_stale_sign_in_signs_in_again_with_the_claims_and_the_change_goes_through() {
    let fx = fx(|_| {}).await;
    fx.sign_in().await;
    let first = fx.kiosk.change_pin(DEMO_PIN, "57391824").await.unwrap();
    assert_eq!(first, PinChange::MfaRequired);
    assert!(fx.pin_is(DEMO_PIN).await, "nothing changed yet");
    assert!(
        fx.kiosk.holds_token(),
        "the flow waits for the second sign-in"
    );

    let again = fx.step_up(json!({"user": WORKER})).await.unwrap();
    assert_eq!(again.upn, WORKER);
    let done = fx.kiosk.change_pin(DEMO_PIN, "57391824").await.unwrap();
    assert_eq!(done, PinChange::Changed);
    assert!(fx.pin_is("57391824").await);
    assert!(!fx.kiosk.holds_token());
}

#[tokio::test]
async fn without_the_challenge_header_the_documented_claims_are_asked_for() {
    let fx = fx(|c| c.compat.mfa_challenge_header = false).await;
    fx.sign_in().await;
    assert_eq!(
        fx.kiosk.change_pin(DEMO_PIN, "57391824").await.unwrap(),
        PinChange::MfaRequired
    );
    fx.step_up(json!({"user": WORKER})).await.unwrap();
    assert_eq!(
        fx.kiosk.change_pin(DEMO_PIN, "57391824").await.unwrap(),
        PinChange::Changed
    );
}

#[tokio::test]
async fn a_worker_who_cannot_do_mfa_is_sent_to_a_manager_and_no_try_is_counted() {
    let fx = fx(|_| {}).await;
    fx.sign_in().await;
    assert_eq!(
        fx.kiosk.change_pin(DEMO_PIN, "57391824").await.unwrap(),
        PinChange::MfaRequired
    );
    // The worker approves on their phone but has no second factor Microsoft accepts.
    fx.step_up(json!({"user": WORKER, "mfa": false}))
        .await
        .unwrap();
    assert_eq!(
        fx.kiosk.change_pin(DEMO_PIN, "57391824").await.unwrap(),
        PinChange::MfaUnavailable
    );
    assert!(!fx.kiosk.holds_token(), "the flow is over");
    assert!(fx.pin_is(DEMO_PIN).await);
    // None of that counted as a wrong PIN.
    fx.sign_in().await;
    fx.hook("compat", json!({"mfaFreshness": false})).await;
    assert_eq!(
        fx.kiosk.change_pin("99999999", "57391824").await.unwrap(),
        PinChange::WrongPin { tries_left: 2 }
    );
}

#[tokio::test]
async fn only_the_same_worker_may_sign_in_again() {
    let fx = fx(|_| {}).await;
    fx.sign_in().await;
    fx.kiosk.change_pin(DEMO_PIN, "57391824").await.unwrap();
    let e = fx.step_up(json!({"user": OTHER})).await.unwrap_err();
    assert!(e.to_string().contains(WORKER), "{e}");
    assert!(!fx.kiosk.holds_token());
    let ended = fx.kiosk.change_pin(DEMO_PIN, "57391824").await.unwrap_err();
    assert_eq!(ended.code(), "kiosk.flow_ended");
    // A step-up without a refusal first is not a way in.
    let none = fx.kiosk.worker_step_up(|_| {}).await.unwrap_err();
    assert_eq!(none.code(), "kiosk.flow_ended");
}
