//! Authorization errors over real HTTP: redirect URIs outside the loopback rules, errors
//! returned to the app, prompt=none with and without a session, cancel, public-client rules.

mod common;

use common::identity::*;
use common::*;
use reqwest::StatusCode;

#[tokio::test]
async fn authorize_errors_go_to_the_redirect_or_the_page() {
    let env = start().await;
    for bad in [
        "http://[::1]:5000",
        "https://localhost:5000",
        "http://evil.example:80",
        "http://localhost.evil.example",
    ] {
        let r = env
            .http
            .get(authorize_url(&env, bad, &[]))
            .send()
            .await
            .expect("get");
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad}");
        assert!(r.text().await.expect("html").contains("AADSTS50011"));
    }
    let mut u = url::Url::parse(&authorize_url(&env, "http://localhost:7000", &[])).expect("u");
    let pairs: Vec<(String, String)> = u
        .query_pairs()
        .into_owned()
        .map(|(k, v)| {
            if k == "response_type" {
                (k, "token".into())
            } else {
                (k, v)
            }
        })
        .collect();
    u.query_pairs_mut().clear().extend_pairs(pairs);
    let r = env.http.get(u.as_str()).send().await.expect("get");
    let p = location_params(r.headers()["location"].to_str().expect("loc"));
    assert_eq!(
        (p["error"].as_str(), p["state"].as_str()),
        ("unsupported_response_type", "st-42")
    );
    let r = env
        .http
        .get(authorize_url(
            &env,
            "http://localhost:7000",
            &[("prompt", "none")],
        ))
        .send()
        .await
        .expect("get");
    let p = location_params(r.headers()["location"].to_str().expect("loc"));
    assert_eq!(p["error"], "login_required");
    assert!(p["error_description"].starts_with("AADSTS50058"));
    let r = env
        .http
        .get(authorize_url(
            &env,
            "http://localhost:7000",
            &[("code_challenge", "x"), ("code_challenge_method", "S512")],
        ))
        .send()
        .await
        .expect("get");
    assert_eq!(
        location_params(r.headers()["location"].to_str().expect("loc"))["error"],
        "invalid_request"
    );
    // Cancel on the picker: access_denied to the app.
    let html = env
        .http
        .get(authorize_url(&env, "http://localhost:7000", &[]))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    let flow = html
        .split("name=\"flow\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("flow")
        .to_string();
    let r = env
        .http
        .post(env.url("/organizations/oauth2/v2.0/login"))
        .form(&[("flow", flow.as_str()), ("cancel", "1")])
        .send()
        .await
        .expect("post");
    assert_eq!(
        location_params(r.headers()["location"].to_str().expect("loc"))["error"],
        "access_denied"
    );
    // After a sign-in the session cookie makes prompt=none succeed.
    let loc = pick(
        &env,
        &authorize_url(&env, "http://localhost:7000", &[]),
        WORKER,
    )
    .await;
    assert!(location_params(&loc).contains_key("code"));
    let jar_client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client");
    let html = jar_client
        .get(authorize_url(&env, "http://localhost:7000", &[]))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    let flow = html
        .split("name=\"flow\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("flow")
        .to_string();
    jar_client
        .post(env.url("/organizations/oauth2/v2.0/login"))
        .form(&[("flow", flow.as_str()), ("user", WORKER)])
        .send()
        .await
        .expect("post");
    let r = jar_client
        .get(authorize_url(
            &env,
            "http://localhost:7000",
            &[("prompt", "none")],
        ))
        .send()
        .await
        .expect("get");
    assert!(location_params(r.headers()["location"].to_str().expect("loc")).contains_key("code"));
    // Public clients must not send secrets; unknown grant types are refused.
    let (s, b) = token(
        &env,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", "x"),
            ("client_secret", "s"),
        ],
    )
    .await;
    assert_eq!(
        (s, aad_error(&b)),
        (StatusCode::UNAUTHORIZED, ("invalid_client".into(), 700025))
    );
    let (_, b) = token(
        &env,
        &[("client_id", CLIENT_ID), ("grant_type", "password")],
    )
    .await;
    assert_eq!(aad_error(&b).0, "unsupported_grant_type");
}

#[tokio::test]
async fn token_and_devicecode_need_form_parameters() {
    let env = start().await;
    for ep in ["token", "devicecode"] {
        let r = env
            .http
            .post(env.url(&format!("/organizations/oauth2/v2.0/{ep}")))
            .header("client-request-id", "corr-1")
            .json(&serde_json::json!({"client_id": CLIENT_ID}))
            .send()
            .await
            .expect("post");
        let (s, b) = json_of(r).await;
        assert_eq!(s, StatusCode::BAD_REQUEST);
        assert_eq!(aad_error(&b), ("invalid_request".into(), 900144), "{ep}");
    }
    let (_, b) = token(&env, &[("grant_type", "authorization_code")]).await;
    assert!(b["error_description"]
        .as_str()
        .expect("d")
        .contains("'client_id'"));
    let r = env
        .http
        .post(env.url("/consumers/oauth2/v2.0/token"))
        .header("client-request-id", "corr-1")
        .form(&[("client_id", CLIENT_ID), ("grant_type", "refresh_token")])
        .send()
        .await
        .expect("post");
    let (_, b) = json_of(r).await;
    assert_eq!(aad_error(&b).1, 90002);
}
