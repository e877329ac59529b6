//! Browser sign-in against the emulator's identity platform: authorization code + PKCE through a
//! loopback listener (the "browser" is a scripted HTTP client), then the session: Graph calls
//! with its token, silent refresh with rotation, 401 handling, restore, sign-out.

use std::sync::Arc;
use std::time::Duration;

use qrstation_contract_tests::harness::{admin, manager, session, Env, SIGN_IN_SCOPES};
use qrstation_emulator::seed::QRSTATION_CLIENT_ID;
use qrstation_graph::auth::{
    BrowserSignIn, Cancel, IdentityClient, MemoryStore, SecretStore, TokenSource,
};
use qrstation_graph::{ApiVersion, GraphClient, Transport};
use serde_json::json;
use url::Url;

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

    let key = s.cache_key();
    let saved = store.get(&key).unwrap().expect("refresh token stored");
    let (who, rt1) = saved
        .split_once('\n')
        .expect("account, then the refresh token");
    assert_eq!(who, admin());
    let rt1 = rt1.to_owned();
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
    let scopes: Vec<String> = SIGN_IN_SCOPES.iter().map(|s| (*s).to_owned()).collect();
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
async fn loopback_ignores_forged_state_and_slow_clients_times_out_and_cancels() {
    let env = Env::start().await;
    env.hook("sign-in", json!({ "user": admin() })).await;
    let s = session(&env, env.transport(), Arc::new(MemoryStore::new()));
    let http = env.http.clone();
    let forged = move |url: &Url| {
        let redirect = url
            .query_pairs()
            .find(|(k, _)| k == "redirect_uri")
            .unwrap()
            .1
            .into_owned();
        assert!(
            url.query_pairs()
                .any(|(k, v)| k == "nonce" && v.len() >= 16),
            "a random nonce is sent on /authorize"
        );
        let (http, authorize) = (http.clone(), url.clone());
        tokio::spawn(async move {
            // A client that connects and says nothing must not stall the listener.
            let port = Url::parse(&redirect).unwrap().port().unwrap();
            let silent = tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .unwrap();
            let favicon = http
                .get(format!("{redirect}/favicon.ico"))
                .send()
                .await
                .unwrap();
            assert_eq!(favicon.status(), 404);
            for forged in [
                "?code=stolen&state=wrong",
                "?code=stolen",
                "?error=access_denied",
            ] {
                let page = http
                    .get(format!("{redirect}/{forged}"))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(page.status(), 400, "{forged}");
            }
            // The real answer still completes the sign-in.
            let _ = http.get(authorize).send().await;
            drop(silent);
        });
        Ok(())
    };
    let account = s
        .sign_in_with_browser(&forged, &quick(), &Cancel::new())
        .await
        .unwrap();
    assert_eq!(account.username, admin());

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

#[tokio::test]
async fn an_access_token_refused_by_graph_is_refreshed_once_and_the_call_succeeds() {
    let env = Env::start().await;
    env.hook("sign-in", json!({ "user": admin() })).await;
    let store = Arc::new(MemoryStore::new());
    // Sign in while the emulator's clock is an hour behind, then set it right: its access
    // token has expired there, while the local clock does not know. (Moving the emulator's
    // clock ahead instead would date the refreshed ID token in the future, which the client
    // rightly refuses: `nbf` is checked with 5 minutes' skew.)
    let signed_in_an_hour_ago = || async {
        env.hook("clock", json!({ "advanceSeconds": -3700 })).await;
        let s = Arc::new(session(&env, env.transport(), store.clone()));
        s.sign_in_with_browser(&follow(env.http.clone()), &quick(), &Cancel::new())
            .await
            .unwrap();
        env.hook("clock", json!({ "advanceSeconds": 3700 })).await;
        let graph =
            GraphClient::new(&env.endpoints(), ApiVersion::V1, env.transport(), s.clone()).unwrap();
        (s, graph)
    };
    let (s, graph) = signed_in_an_hour_ago().await;
    let before = s.token().await.unwrap();
    let me = graph.me().await.unwrap();
    assert_eq!(me.user_principal_name.as_deref(), Some(admin().as_str()));
    assert_ne!(
        s.token().await.unwrap(),
        before,
        "a new access token is in use"
    );

    // Concurrent calls with the refused token share one refresh (rotation would break a second).
    env.hook("sign-in", json!({ "user": admin() })).await;
    let (s, graph) = signed_in_an_hour_ago().await;
    let calls = (0..4).map(|_| {
        let g = graph.clone();
        tokio::spawn(async move { g.me().await.map(|u| u.id) })
    });
    for c in calls {
        c.await.unwrap().unwrap();
    }
    assert!(
        store.get(&s.cache_key()).unwrap().is_some(),
        "still signed in"
    );
}
