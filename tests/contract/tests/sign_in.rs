//! Both sign-in flows against the emulator's identity platform: authorization code + PKCE
//! through a loopback listener (the "browser" is a scripted HTTP client), and the device code
//! flow approved, declined, expired, slowed down or cancelled through the emulator's hooks.
//! Then the session: Graph calls with its token, silent refresh with rotation, restore, sign-out.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use qrstation_contract_tests::harness::{admin, manager, Env};
use qrstation_emulator::seed::QRSTATION_CLIENT_ID;
use qrstation_graph::auth::{
    BrowserSignIn, Cancel, CredentialStorage, IdentityClient, MemoryStore, SecretStore, Session,
    TokenSource,
};
use qrstation_graph::transport::sleep::BoxFuture;
use qrstation_graph::{ApiVersion, GraphClient, Sleeper, Transport, TransportConfig};
use serde_json::json;
use url::Url;

const SCOPES: &[&str] = &[
    "https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite.All",
    "https://graph.microsoft.com/User.Read.All",
    "offline_access",
    "openid",
    "profile",
];

fn session(env: &Env, cfg: TransportConfig, store: Arc<MemoryStore>) -> Session {
    let identity = IdentityClient::new(
        &env.endpoints(),
        QRSTATION_CLIENT_ID,
        Transport::new(cfg).unwrap(),
    );
    Session::new(
        identity,
        SCOPES,
        store,
        CredentialStorage::Memory {
            reason: "test".into(),
        },
    )
}

/// A "browser" that loads the authorize URL and follows redirects back to the loopback.
fn follow(http: reqwest::Client) -> impl Fn(&Url) -> Result<(), String> + Send + Sync {
    move |url: &Url| {
        let (http, url) = (http.clone(), url.clone());
        tokio::spawn(async move {
            let _ = http.get(url).send().await;
        });
        Ok(())
    }
}

fn quick() -> BrowserSignIn {
    BrowserSignIn {
        timeout: Duration::from_secs(10),
        ..BrowserSignIn::default()
    }
}

#[tokio::test]
async fn browser_sign_in_then_graph_refresh_rotation_restore_and_sign_out() {
    let env = Env::start().await;
    env.hook("sign-in", json!({ "user": admin() })).await;
    let store = Arc::new(MemoryStore::new());
    let s = Arc::new(session(&env, env.transport(), store.clone()));
    let account = s
        .sign_in_with_browser(&follow(env.http.clone()), &quick(), &Cancel::new())
        .await
        .unwrap();
    assert_eq!(account.username, admin());
    assert!(account.oid.is_some());

    let key = s.cache_key(&admin());
    let rt1 = store.get(&key).unwrap().expect("refresh token stored");
    let graph =
        GraphClient::new(&env.endpoints(), ApiVersion::V1, env.transport(), s.clone()).unwrap();
    assert_eq!(
        graph.me().await.unwrap().user_principal_name.as_deref(),
        Some(admin().as_str())
    );

    // Silent refresh rotates the refresh token; the old one stops working.
    let t1 = s.token().await.unwrap();
    let t2 = s.refresh(&t1).await.unwrap().expect("refreshed");
    assert_ne!(t1, t2);
    // A second caller that saw the same rejected token gets the new one, without a refresh
    // that would burn the rotated refresh token.
    assert_eq!(s.refresh(&t1).await.unwrap().as_deref(), Some(t2.as_str()));
    let rt2 = store.get(&key).unwrap().unwrap();
    assert_ne!(rt1, rt2);
    let identity = IdentityClient::new(
        &env.endpoints(),
        QRSTATION_CLIENT_ID,
        Transport::new(env.transport()).unwrap(),
    );
    let scopes: Vec<String> = SCOPES.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(
        identity.refresh(&rt1, &scopes).await.unwrap_err().code(),
        "graph.sign_in_required"
    );
    assert_eq!(
        s.token().await.unwrap(),
        t2,
        "the fresh access token is cached"
    );

    // A new session (app restart) restores silently from the store.
    let again = session(&env, env.transport(), store.clone());
    assert_eq!(again.restore(&admin()).await.unwrap().username, admin());
    assert_ne!(
        store.get(&key).unwrap().unwrap(),
        rt2,
        "restore rotated it again"
    );

    again.sign_out().await.unwrap();
    assert_eq!(store.get(&key).unwrap(), None);
    assert_eq!(
        again.token().await.unwrap_err().code(),
        "graph.sign_in_required"
    );
    assert_eq!(
        again.restore(&admin()).await.unwrap_err().code(),
        "graph.sign_in_required"
    );
}

#[tokio::test]
async fn browser_sign_in_through_the_account_picker_and_a_cancel() {
    let env = Env::start().await;
    let base = env.emu.base_url();
    let pick = |who: Option<String>| {
        let (http, base) = (env.http.clone(), base.clone());
        move |url: &Url| {
            let (http, url, base, who) = (http.clone(), url.clone(), base.clone(), who.clone());
            tokio::spawn(async move {
                let page = http.get(url).send().await.unwrap().text().await.unwrap();
                let flow = page
                    .split("name=\"flow\" value=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .to_owned();
                let mut form = vec![("flow", flow)];
                match who {
                    Some(u) => form.push(("user", u)),
                    None => form.push(("cancel", "1".into())),
                }
                let _ = http
                    .post(format!("{base}/organizations/oauth2/v2.0/login"))
                    .form(&form)
                    .send()
                    .await;
            });
            Ok(())
        }
    };
    let s = session(&env, env.transport(), Arc::new(MemoryStore::new()));
    let a = s
        .sign_in_with_browser(&pick(Some(manager())), &quick(), &Cancel::new())
        .await
        .unwrap();
    assert_eq!(a.username, manager());
    let e = s
        .sign_in_with_browser(&pick(None), &quick(), &Cancel::new())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "graph.sign_in_declined");
}

#[tokio::test]
async fn loopback_checks_state_times_out_and_cancels() {
    let env = Env::start().await;
    let s = session(&env, env.transport(), Arc::new(MemoryStore::new()));
    let http = env.http.clone();
    let forged = move |url: &Url| {
        let redirect = url
            .query_pairs()
            .find(|(k, _)| k == "redirect_uri")
            .unwrap()
            .1
            .into_owned();
        let http = http.clone();
        tokio::spawn(async move {
            let favicon = http
                .get(format!("{redirect}/favicon.ico"))
                .send()
                .await
                .unwrap();
            assert_eq!(favicon.status(), 404);
            let page = http
                .get(format!("{redirect}/?code=stolen&state=wrong"))
                .send()
                .await
                .unwrap();
            assert_eq!(page.status(), 400);
        });
        Ok(())
    };
    assert_eq!(
        s.sign_in_with_browser(&forged, &quick(), &Cancel::new())
            .await
            .unwrap_err()
            .code(),
        "graph.sign_in_state_mismatch"
    );

    let idle = |_: &Url| Ok(());
    let short = BrowserSignIn {
        timeout: Duration::from_millis(200),
        ..BrowserSignIn::default()
    };
    assert_eq!(
        s.sign_in_with_browser(&idle, &short, &Cancel::new())
            .await
            .unwrap_err()
            .code(),
        "graph.sign_in_timed_out"
    );

    let cancel = Cancel::new();
    let c2 = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(50)).await;
        c2.cancel();
    });
    assert_eq!(
        s.sign_in_with_browser(&idle, &quick(), &cancel)
            .await
            .unwrap_err()
            .code(),
        "graph.sign_in_cancelled"
    );
    let broken = |_: &Url| Err("no browser".to_owned());
    assert_eq!(
        s.sign_in_with_browser(&broken, &quick(), &Cancel::new())
            .await
            .unwrap_err()
            .code(),
        "graph.sign_in_failed"
    );
}

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

#[tokio::test]
async fn an_access_token_refused_by_graph_is_refreshed_once_and_the_call_succeeds() {
    let env = Env::start().await;
    env.hook("sign-in", json!({ "user": admin() })).await;
    let store = Arc::new(MemoryStore::new());
    let s = Arc::new(session(&env, env.transport(), store.clone()));
    s.sign_in_with_browser(&follow(env.http.clone()), &quick(), &Cancel::new())
        .await
        .unwrap();
    let graph =
        GraphClient::new(&env.endpoints(), ApiVersion::V1, env.transport(), s.clone()).unwrap();
    let before = s.token().await.unwrap();
    // The emulator's clock runs past the token's lifetime; the local clock does not know.
    env.hook("clock", json!({ "advanceSeconds": 3700 })).await;
    let me = graph.me().await.unwrap();
    assert_eq!(me.user_principal_name.as_deref(), Some(admin().as_str()));
    assert_ne!(
        s.token().await.unwrap(),
        before,
        "a new access token is in use"
    );

    // Concurrent calls with the refused token share one refresh (rotation would break a second).
    env.hook("clock", json!({ "advanceSeconds": 3700 })).await;
    let calls = (0..4).map(|_| {
        let g = graph.clone();
        tokio::spawn(async move { g.me().await.map(|u| u.id) })
    });
    for c in calls {
        c.await.unwrap().unwrap();
    }
    assert!(
        store.get(&s.cache_key(&admin())).unwrap().is_some(),
        "still signed in"
    );
}
