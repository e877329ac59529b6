//! A signed-in person changing their own PIN (`/me` updatePin) more than ten minutes after
//! signing in: Graph asks for a fresh multifactor sign-in (`graph.mfa_required`), and a new
//! interactive sign-in carrying the claims makes the same change go through. Against the
//! demo tenant over real HTTP, with a device-code sign-in approved through its hook.

use qrstation_core::entra::{EntraConfig, EntraConnection};
use qrstation_core::Store;
use qrstation_emulator::{seed, Emulator, EmulatorConfig};
use qrstation_graph::auth::{BrowserOpener, Cancel, DeviceCode};

/// No browser here: a device code is used.
struct NoBrowser;

impl BrowserOpener for NoBrowser {
    fn open(&self, _: &reqwest::Url) -> Result<(), String> {
        Err("no browser in this test".into())
    }
}
use serde_json::json;

const WORKER: &str = "dana.becker@contoso-retail.onmicrosoft.com";
const DEMO_PIN: &str = "48302917";

async fn hook(base: &str, path: &str, body: serde_json::Value) {
    qrstation_emulator_hooks::Hooks::new(base)
        .post(path, body)
        .await;
}

/// Runs `sign_in` (given a "show the code" callback), approving its device code as WORKER.
async fn approved<F, Fut, T>(base: &str, sign_in: F) -> T
where
    F: FnOnce(Box<dyn FnOnce(&DeviceCode) + Send>) -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let (tx, rx) = tokio::sync::oneshot::channel::<String>();
    let base = base.to_owned();
    let approve = tokio::spawn(async move {
        let code = rx.await.unwrap();
        hook(
            &base,
            "device/approve",
            json!({"userCode": code, "user": WORKER}),
        )
        .await;
    });
    let out = sign_in(Box::new(move |c: &DeviceCode| {
        let _ = tx.send(c.user_code.clone());
    }))
    .await;
    approve.await.unwrap();
    out
}

#[tokio::test]
async fn a_stale_sign_in_is_asked_for_mfa_and_a_claims_sign_in_lets_the_change_through() {
    let dir = tempfile::tempdir().unwrap();
    let emu = Emulator::start(EmulatorConfig {
        device_code_interval: 1,
        ..EmulatorConfig::for_tests()
    })
    .await
    .unwrap();
    let base = emu.base_url();
    let config = EntraConfig {
        tenant: seed::TENANT_ID.into(),
        client_id: seed::QRSTATION_CLIENT_ID.into(),
        authority: Some(format!("{base}/{}", seed::TENANT_ID)),
        graph_url: Some(base.clone()),
        ca_cert: None,
    };
    let conn = EntraConnection::new(&config).await.unwrap();
    let cancel = Cancel::new();
    // Signed in eleven minutes ago on Graph's clock.
    hook(&base, "clock", json!({"advanceSeconds": -660})).await;
    let account = approved(&base, |show| conn.sign_in_with_device_code(show, &cancel))
        .await
        .unwrap();
    hook(&base, "clock", json!({"advanceSeconds": 660})).await;
    let (store, _) = Store::open(dir.path()).await.unwrap();
    let station = conn.station(&account, store.clone());

    let refused = station
        .change_own_pin(DEMO_PIN, "57391824")
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "graph.mfa_required", "{refused}");
    assert!(!refused.to_string().contains(DEMO_PIN));

    let again = approved(&base, |show| {
        conn.sign_in_with_claims(
            qrstation_graph::MFA_STEP_UP_CLAIMS,
            true,
            &NoBrowser,
            show,
            &cancel,
        )
    })
    .await
    .unwrap();
    assert_eq!(again.username, WORKER);
    let station = conn.station(&again, store);
    station.change_own_pin(DEMO_PIN, "57391824").await.unwrap();
    emu.shutdown().await;
}
