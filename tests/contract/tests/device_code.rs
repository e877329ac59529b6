//! The device code flow against the emulator: approved, declined, expired, slowed down
//! (`slow_down`) or cancelled, driven through the emulator's hooks in virtual time.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use qrstation_contract_tests::harness::{admin, session, Env};
use qrstation_graph::auth::{Cancel, MemoryStore};
use qrstation_graph::transport::sleep::BoxFuture;
use qrstation_graph::{Sleeper, TransportConfig};
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
