//! The device code flow against the emulator: approved, declined, expired, slowed down
//! (`slow_down`) or cancelled, driven through the emulator's hooks in virtual time; and a poll
//! whose answer is lost on the way does not end the wait.

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use qrstation_contract_tests::harness::{admin, session, Env, SIGN_IN_SCOPES};
use qrstation_contract_tests::proxy;
use qrstation_emulator::seed::QRSTATION_CLIENT_ID;
use qrstation_graph::auth::{Cancel, IdentityClient, MemoryStore};
use qrstation_graph::transport::sleep::BoxFuture;
use qrstation_graph::{Endpoints, Sleeper, Transport, TransportConfig};
use serde_json::json;

/// Virtual time for device-code polling: each "sleep" moves the emulator's clock instead, and
/// at chosen calls it skips the wait (to provoke `slow_down`) or acts on the user code.
#[derive(Debug)]
struct Script {
    http: reqwest::Client,
    base: String,
    calls: Mutex<Vec<Duration>>,
    user_code: Mutex<Option<String>>,
    /// On call n: "approve", "decline", "skip" (do not advance), "expire", "cancel".
    plan: Vec<(usize, &'static str)>,
    cancel: Cancel,
}

impl Sleeper for Script {
    fn sleep(&self, d: Duration) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            let n = {
                let mut c = self.calls.lock().unwrap();
                c.push(d);
                c.len()
            };
            let action = self.plan.iter().find(|(k, _)| *k == n).map(|(_, a)| *a);
            let code = self.user_code.lock().unwrap().clone().unwrap();
            let hook = |path: &str, body: serde_json::Value| {
                self.http
                    .post(format!("{}/_emulator/{path}", self.base))
                    .json(&body)
                    .send()
            };
            let advance = match action {
                Some("skip") => 0,
                Some("expire") => 1000,
                _ => d.as_secs(),
            };
            hook("clock", json!({ "advanceSeconds": advance }))
                .await
                .unwrap();
            match action {
                Some("approve") => assert!(hook(
                    "device/approve",
                    json!({"userCode": code, "user": admin()})
                )
                .await
                .unwrap()
                .status()
                .is_success()),
                Some("decline") => assert!(hook("device/decline", json!({"userCode": code}))
                    .await
                    .unwrap()
                    .status()
                    .is_success()),
                Some("cancel") => self.cancel.cancel(),
                _ => {}
            }
        })
    }
}

async fn device_flow(
    env: &Env,
    plan: Vec<(usize, &'static str)>,
) -> (Result<String, String>, Vec<Duration>) {
    let cancel = Cancel::new();
    let script = Arc::new(Script {
        http: env.http.clone(),
        base: env.emu.base_url(),
        calls: Mutex::new(Vec::new()),
        user_code: Mutex::new(None),
        plan,
        cancel: cancel.clone(),
    });
    let cfg = TransportConfig {
        sleeper: script.clone(),
        ..env.transport()
    };
    let s = session(env, cfg, Arc::new(MemoryStore::new()));
    let shown = script.clone();
    let r = s
        .sign_in_with_device_code(
            move |dc| {
                assert_eq!(dc.user_code.len(), 8);
                assert!(dc.verification_uri.ends_with("/devicelogin"));
                assert!(dc.message.contains(&dc.user_code));
                assert!(!format!("{dc:?}").contains(&dc.device_code));
                *shown.user_code.lock().unwrap() = Some(dc.user_code.clone());
            },
            &cancel,
        )
        .await;
    let calls = script.calls.lock().unwrap().clone();
    (
        r.map(|a| a.username).map_err(|e| e.code().to_owned()),
        calls,
    )
}

#[tokio::test]
async fn device_code_approved_declined_expired_and_cancelled() {
    let env = Env::start().await;
    let five = Duration::from_secs(5);
    let (r, calls) = device_flow(&env, vec![(2, "approve")]).await;
    assert_eq!(r, Ok(admin()));
    assert_eq!(
        calls,
        vec![five, five],
        "polls at the server's interval; approved before the second poll"
    );
    let (r, _) = device_flow(&env, vec![(1, "decline")]).await;
    assert_eq!(r.unwrap_err(), "graph.sign_in_declined");
    let (r, _) = device_flow(&env, vec![(1, "expire")]).await;
    assert_eq!(r.unwrap_err(), "graph.sign_in_timed_out");
    let (r, calls) = device_flow(&env, vec![(2, "cancel")]).await;
    assert_eq!(r.unwrap_err(), "graph.sign_in_cancelled");
    assert_eq!(calls.len(), 2);
}

#[tokio::test]
async fn device_code_slow_down_adds_five_seconds() {
    let env = Env::start().await;
    env.hook("compat", json!({ "deviceCodeSlowDown": true }))
        .await;
    let (r, calls) = device_flow(&env, vec![(2, "skip"), (3, "approve")]).await;
    assert_eq!(r, Ok(admin()));
    let secs: Vec<u64> = calls.iter().map(Duration::as_secs).collect();
    assert_eq!(
        secs,
        vec![5, 5, 10],
        "slow_down after the early second poll raised the interval by 5 s"
    );
}

/// Approves `code` on the second wait; the first wait does nothing.
#[derive(Debug)]
struct ApproveSecond {
    http: reqwest::Client,
    base: String,
    code: String,
    calls: Mutex<usize>,
}

impl Sleeper for ApproveSecond {
    fn sleep(&self, _: Duration) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            let n = {
                let mut c = self.calls.lock().unwrap();
                *c += 1;
                *c
            };
            if n == 2 {
                let r = self
                    .http
                    .post(format!("{}/_emulator/device/approve", self.base))
                    .json(&json!({"userCode": self.code, "user": admin()}))
                    .send()
                    .await
                    .unwrap();
                assert!(r.status().is_success());
            }
        })
    }
}

#[tokio::test]
async fn polling_goes_on_after_a_lost_answer() {
    let env = Env::start().await;
    let scopes: Vec<String> = SIGN_IN_SCOPES.iter().map(|s| (*s).to_owned()).collect();
    let direct = IdentityClient::new(
        &env.endpoints(),
        QRSTATION_CLIENT_ID,
        Transport::new(env.transport()).unwrap(),
    );
    let code = direct.start_device_code(&scopes).await.unwrap();
    // The first poll reaches the emulator (authorization_pending) but its answer is lost.
    let lossy = proxy::start(env.emu.addr(), "POST", 1).await;
    let via = Endpoints::custom(
        &format!("{}/organizations", lossy.base_url),
        &lossy.base_url,
    )
    .unwrap();
    let sleeper = Arc::new(ApproveSecond {
        http: env.http.clone(),
        base: env.emu.base_url(),
        code: code.user_code.clone(),
        calls: Mutex::new(0),
    });
    let cfg = TransportConfig {
        sleeper,
        ..env.transport()
    };
    let polling = IdentityClient::new(&via, QRSTATION_CLIENT_ID, Transport::new(cfg).unwrap());
    let tokens = polling
        .poll_device_code(&code, &Cancel::new())
        .await
        .unwrap();
    assert_eq!(lossy.lost.load(Ordering::SeqCst), 1);
    assert_eq!(tokens.account.unwrap().username, admin());
}
