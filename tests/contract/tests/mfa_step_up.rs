//! MFA freshness for self-service writes against the emulator: the 403 with and without the
//! claims header is `graph.mfa_required` with the right claims, admin writes are not affected,
//! and a new sign-in carrying the claims (device code and browser) gets an MFA token with
//! which the retry succeeds.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use chrono::Utc;
use qrstation_contract_tests::harness::{manager, session, Env, ADMIN_SCOPES};
use qrstation_graph::auth::{BrowserSignIn, Cancel, MemoryStore, TokenSource};
use qrstation_graph::models::{CodeWindow, CreateMethod, Pin};
use qrstation_graph::transport::sleep::BoxFuture;
use qrstation_graph::{ApiVersion, GraphClient, Sleeper, Subject, MFA_STEP_UP_CLAIMS};
use serde_json::{json, Value};
use url::Url;

const SELF: &[&str] = &["https://graph.microsoft.com/Directory.AccessAsUser.All"];
const ELEVEN_MINUTES: Duration = Duration::from_secs(11 * 60);

/// A worker with a fresh method whose PIN is `pin`.
async fn worker_with_method(env: &Env, pin: &str) -> String {
    let upn = env.workers_without_method().await.remove(0);
    let start = Utc::now() - chrono::Duration::minutes(1);
    let req = CreateMethod {
        standard_qr_code: CodeWindow::new(start, start + chrono::Duration::days(30)),
        pin: Some(Pin::new(pin)),
    };
    env.admin()
        .create_method(&Subject::user(upn.clone()), &req)
        .await
        .unwrap();
    upn
}

fn json_of(s: &str) -> Value {
    serde_json::from_str(s).unwrap()
}

/// The `amr` claim of a JWT access token.
fn amr(token: &str) -> Vec<String> {
    let payload = token.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .unwrap();
    let v: Value = serde_json::from_slice(&bytes).unwrap();
    v["amr"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_stale_self_service_write_is_mfa_required_with_or_without_the_header() {
    let env = Env::start().await;
    let upn = worker_with_method(&env, "73920485").await;
    let (cur, new) = (Pin::new("73920485"), Pin::new("58203917"));

    let stale = env.client_aged(&upn, SELF, &["pwd"], ELEVEN_MINUTES);
    let e = stale
        .update_pin(&Subject::Me, &cur, &new)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "graph.mfa_required", "{e}");
    assert_eq!(e.status(), Some(403));
    assert_eq!(json_of(e.claims().unwrap()), json_of(MFA_STEP_UP_CLAIMS));
    assert!(!e.to_string().contains("Directory.AccessAsUser.All"), "{e}");
    assert!(env.pin_matches(&upn, "73920485").await, "nothing changed");

    // The other reading: the same 403 without the header; the documented claims are used.
    env.compat(json!({"mfaChallengeHeader": false})).await;
    let e = stale
        .update_pin(&Subject::Me, &cur, &new)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "graph.mfa_required");
    assert_eq!(e.claims(), Some(MFA_STEP_UP_CLAIMS));

    // An admin's write on another user is never affected.
    let admin = env.client_aged(&manager(), ADMIN_SCOPES, &["pwd"], ELEVEN_MINUTES);
    assert!(admin
        .reset_pin(&Subject::user(upn.clone()))
        .await
        .unwrap()
        .code
        .is_some());

    // An MFA sign-in, however old, may write.
    let mfa = env.client_aged(&upn, SELF, &["pwd", "mfa"], ELEVEN_MINUTES);
    let reset = admin.reset_pin(&Subject::user(upn.clone())).await.unwrap();
    let temp = reset.code.unwrap();
    mfa.update_pin(&Subject::Me, &temp, &new).await.unwrap();
    assert!(env.pin_matches(&upn, "58203917").await);

    // With the switch off the emulator does not check at all.
    env.compat(json!({"mfaFreshness": false})).await;
    stale
        .update_pin(&Subject::Me, &new, &Pin::new("61839274"))
        .await
        .unwrap();
}

/// Approves the device code shown to the session on the first poll wait, as `user`.
#[derive(Debug)]
struct Approver {
    http: reqwest::Client,
    base: String,
    user: String,
    code: Mutex<Option<String>>,
}

impl Sleeper for Approver {
    fn sleep(&self, _: Duration) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            let code = self.code.lock().unwrap().take();
            if let Some(code) = code {
                let r = self
                    .http
                    .post(format!("{}/_emulator/device/approve", self.base))
                    .json(&json!({"userCode": code, "user": self.user}))
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success());
            }
        })
    }
}

#[tokio::test]
async fn a_device_code_step_up_with_the_claims_gets_an_mfa_token_and_the_retry_succeeds() {
    let env = Env::start().await;
    let upn = worker_with_method(&env, "73920485").await;
    let approver = Arc::new(Approver {
        http: env.http.clone(),
        base: env.emu.base_url(),
        user: upn.clone(),
        code: Mutex::new(None),
    });
    let cfg = qrstation_graph::TransportConfig {
        sleeper: approver.clone(),
        ..env.transport()
    };
    let s = Arc::new(session(&env, cfg.clone(), Arc::new(MemoryStore::new())));
    let show = |a: &Arc<Approver>| {
        let a = a.clone();
        move |dc: &qrstation_graph::auth::DeviceCode| {
            *a.code.lock().unwrap() = Some(dc.user_code.clone());
        }
    };
    // The worker signed in 11 minutes ago (the emulator's clock is set back for the
    // sign-in, then forward again: ID tokens stay valid for this computer's clock).
    env.hook("clock", json!({"advanceSeconds": -11 * 60})).await;
    s.sign_in_with_device_code(show(&approver), &Cancel::new())
        .await
        .unwrap();
    env.hook("clock", json!({"advanceSeconds": 11 * 60})).await;
    assert_eq!(amr(&s.token().await.unwrap()), ["pwd"]);
    let graph = GraphClient::new(&env.endpoints(), ApiVersion::V1, cfg, s.clone()).unwrap();
    let (cur, new) = (Pin::new("73920485"), Pin::new("58203917"));
    let e = graph
        .update_pin(&Subject::Me, &cur, &new)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "graph.mfa_required");
    let claims = e.claims().unwrap().to_owned();

    s.sign_in_with_device_code_claims(Some(&claims), show(&approver), &Cancel::new())
        .await
        .unwrap();
    let token = s.token().await.unwrap();
    assert!(amr(&token).iter().any(|a| a == "mfa"), "{:?}", amr(&token));
    graph.update_pin(&Subject::Me, &cur, &new).await.unwrap();
    assert!(env.pin_matches(&upn, "58203917").await);
}

#[tokio::test]
async fn a_browser_step_up_sends_the_claims_on_authorize() {
    let env = Env::start().await;
    let upn = worker_with_method(&env, "73920485").await;
    env.hook("sign-in", json!({"user": upn})).await;
    let seen = Arc::new(Mutex::new(Vec::<Url>::new()));
    let follow = {
        let (http, seen) = (env.http.clone(), seen.clone());
        move |url: &Url| {
            seen.lock().unwrap().push(url.clone());
            let (http, url) = (http.clone(), url.clone());
            tokio::spawn(async move {
                let _ = http.get(url).send().await;
            });
            Ok(())
        }
    };
    let opts = BrowserSignIn {
        timeout: Duration::from_secs(10),
        ..BrowserSignIn::default()
    };
    let s = session(&env, env.transport(), Arc::new(MemoryStore::new()));
    s.sign_in_with_browser(&follow, &opts, &Cancel::new())
        .await
        .unwrap();
    assert_eq!(amr(&s.token().await.unwrap()), ["pwd"]);
    s.sign_in_with_browser_claims(&follow, &opts, Some(MFA_STEP_UP_CLAIMS), &Cancel::new())
        .await
        .unwrap();
    assert!(amr(&s.token().await.unwrap()).iter().any(|a| a == "mfa"));
    let urls = seen.lock().unwrap().clone();
    let claims = |u: &Url| {
        u.query_pairs()
            .find(|(k, _)| k == "claims")
            .map(|(_, v)| v.into_owned())
    };
    assert_eq!(claims(&urls[0]), None);
    assert_eq!(claims(&urls[1]).as_deref(), Some(MFA_STEP_UP_CLAIMS));
}
