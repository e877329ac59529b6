//! MFA freshness for self-service writes over real HTTP: the 403 + claims challenge after
//! 10 minutes, a device-code sign-in that sends the claims (with and without completing
//! MFA), `amr` in tokens, refresh keeping the sign-in time, and the switches.

mod common;

use std::collections::HashMap;

use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64URL};
use base64::Engine;
use common::identity::*;
use common::*;
use qrstation_emulator::MintOptions;
use reqwest::StatusCode;
use serde_json::{json, Value};

const STEP_UP: &str = r#"{"access_token":{"amr":{"essential":true,"values":["ngcmfa"]}}}"#;

fn claims_of(token: &str) -> Value {
    let part = token.split('.').nth(1).expect("payload");
    serde_json::from_slice(&B64URL.decode(part).expect("b64")).expect("json")
}

async fn device_code(env: &Env, claims: Option<&str>) -> Value {
    let mut form = vec![("client_id", CLIENT_ID), ("scope", SCOPE)];
    if let Some(c) = claims {
        form.push(("claims", c));
    }
    let r = env
        .http
        .post(env.url("/organizations/oauth2/v2.0/devicecode"))
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("json")
}

async fn redeem(env: &Env, dc: &Value) -> Value {
    let (s, b) = token(
        env,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("device_code", dc["device_code"].as_str().expect("dc")),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b
}

/// A device-code sign-in of `user`, approved by the hook (`mfa` as given).
async fn device_sign_in(env: &Env, user: &str, claims: Option<&str>, mfa: Option<bool>) -> Value {
    let dc = device_code(env, claims).await;
    let mut body = json!({"userCode": dc["user_code"], "user": user});
    if let Some(m) = mfa {
        body["mfa"] = json!(m);
    }
    env.hook("device/approve", body).await;
    redeem(env, &dc).await
}

async fn update_pin(env: &Env, token: &str, current: &str, new: &str) -> reqwest::Response {
    env.graph(
        reqwest::Method::POST,
        "/me/authentication/qrCodePinMethod/pin/updatePin",
        token,
        Some(json!({"currentPin": current, "newPin": new})),
    )
    .await
}

/// The decoded `claims=` of a `WWW-Authenticate` claims challenge.
fn challenge_claims(r: &reqwest::Response) -> Option<String> {
    let h = r
        .headers()
        .get("www-authenticate")?
        .to_str()
        .ok()?
        .to_string();
    assert!(
        h.starts_with("Bearer realm=\"\", authorization_uri=\""),
        "{h}"
    );
    assert!(h.contains("/common/oauth2/authorize\""), "{h}");
    assert!(h.contains("error=\"insufficient_claims\""), "{h}");
    let b64 = h.split("claims=\"").nth(1)?.split('"').next()?;
    Some(String::from_utf8(B64.decode(b64).expect("standard base64")).expect("utf8"))
}

async fn assert_mfa_denied(r: reqwest::Response, header: bool) {
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let claims = challenge_claims(&r);
    let (_, body) = json_of(r).await;
    assert_eq!(error_code(&body), "accessDenied");
    assert!(
        body["error"]["message"]
            .as_str()
            .expect("message")
            .contains("multifactor authentication within the last 10 minutes"),
        "{body}"
    );
    if header {
        let c: Value = serde_json::from_str(&claims.expect("claims header")).expect("json");
        assert_eq!(c, serde_json::from_str::<Value>(STEP_UP).expect("json"));
    } else {
        assert!(
            claims.is_none(),
            "no claims header when mfaChallengeHeader is off"
        );
    }
}

#[tokio::test]
async fn stale_self_service_write_is_403_until_an_mfa_sign_in() {
    let env = start().await;
    let first = device_sign_in(&env, HEALTHY, None, None).await;
    let at = first["access_token"].as_str().expect("at");
    assert_eq!(claims_of(at)["amr"], json!(["pwd"]));
    // Fresh sign-in: allowed.
    let r = update_pin(&env, at, DEMO_PIN, "73920485").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    env.hook("clock", json!({"advanceSeconds": 11 * 60})).await;
    let r = update_pin(&env, at, "73920485", "58203746").await;
    assert_mfa_denied(r, true).await;
    // Other self-service writes are refused the same way; reads are not.
    let r = env
        .graph(
            reqwest::Method::DELETE,
            "/me/authentication/qrCodePinMethod/temporaryQRCode",
            at,
            None,
        )
        .await;
    assert_mfa_denied(r, true).await;
    let (s, _) = env.get("/me/authentication/qrCodePinMethod", at).await;
    assert_eq!(s, StatusCode::OK);

    // Signing in again WITHOUT completing MFA (QR is the worker's only method) does not
    // satisfy the challenge.
    let no_mfa = device_sign_in(&env, HEALTHY, Some(STEP_UP), Some(false)).await;
    let t = no_mfa["access_token"].as_str().expect("at");
    assert_eq!(claims_of(t)["amr"], json!(["pwd"]));
    assert_mfa_denied(update_pin(&env, t, "73920485", "58203746").await, true).await;

    // The sign-in that sends the claims and completes MFA does.
    let mfa = device_sign_in(&env, HEALTHY, Some(STEP_UP), None).await;
    let t = mfa["access_token"].as_str().expect("at");
    assert_eq!(claims_of(t)["amr"], json!(["pwd", "mfa"]));
    let r = update_pin(&env, t, "73920485", "58203746").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        env.hook("verify-pin", json!({"user": HEALTHY, "pin": "58203746"}))
            .await["matches"],
        true
    );
}

#[tokio::test]
async fn admin_writes_on_others_are_unaffected_own_are_not() {
    let env = start().await;
    let old = env
        .emu
        .mint_access_token_with(
            ADMIN,
            ADMIN_SCOPES,
            MintOptions {
                auth_age: std::time::Duration::from_secs(3600),
                ..MintOptions::default()
            },
        )
        .expect("token");
    let (s, b) = env
        .send(
            "PATCH",
            &format!("/users/{HEALTHY}/authentication/qrCodePinMethod/pin"),
            &old,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    env.create_method(WORKER, "48302917").await;
    // The admin's own method, by /me and by their own UPN.
    let r = env
        .graph(
            reqwest::Method::PUT,
            "/me/authentication/qrCodePinMethod",
            &old,
            Some(create_body("48302917")),
        )
        .await;
    assert_mfa_denied(r, true).await;
    let r = env
        .graph(
            reqwest::Method::PUT,
            &format!("/users/{ADMIN}/authentication/qrCodePinMethod"),
            &old,
            Some(create_body("48302917")),
        )
        .await;
    assert_mfa_denied(r, true).await;
    // An old MFA token is fine (the contract's reading: amr with mfa satisfies the check).
    let mfa = env
        .emu
        .mint_access_token_with(
            ADMIN,
            ADMIN_SCOPES,
            MintOptions {
                amr: vec!["pwd".into(), "mfa".into()],
                auth_age: std::time::Duration::from_secs(3600),
            },
        )
        .expect("token");
    assert_eq!(claims_of(&mfa)["amr"], json!(["pwd", "mfa"]));
    let (s, b) = env
        .send(
            "PUT",
            "/me/authentication/qrCodePinMethod",
            &mfa,
            create_body("48302917"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
}

#[tokio::test]
async fn switches_turn_the_check_and_the_header_off() {
    let env = start().await;
    let stale = |env: &Env| {
        env.emu
            .mint_access_token_with(
                HEALTHY,
                WORKER_SCOPES,
                MintOptions {
                    auth_age: std::time::Duration::from_secs(601),
                    ..MintOptions::default()
                },
            )
            .expect("token")
    };
    let t = stale(&env);
    env.hook("compat", json!({"mfaChallengeHeader": false}))
        .await;
    assert_mfa_denied(update_pin(&env, &t, DEMO_PIN, "73920485").await, false).await;
    env.hook("compat", json!({"mfaFreshness": false})).await;
    let r = update_pin(&env, &t, DEMO_PIN, "73920485").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // 600 s exactly is still fresh.
    env.hook(
        "compat",
        json!({"mfaFreshness": true, "mfaChallengeHeader": true}),
    )
    .await;
    let t = env
        .emu
        .mint_access_token_with(
            HEALTHY,
            WORKER_SCOPES,
            MintOptions {
                auth_age: std::time::Duration::from_secs(590),
                ..MintOptions::default()
            },
        )
        .expect("token");
    let r = update_pin(&env, &t, "73920485", "58203746").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn token_hook_and_mint_carry_amr_and_sign_in_time() {
    let env = start().await;
    let plain = env.token(HEALTHY, WORKER_SCOPES);
    let c = claims_of(&plain);
    assert_eq!(c["amr"], json!(["pwd"]));
    assert!(
        (c["auth_time"].as_i64().expect("auth_time") - c["iat"].as_i64().expect("iat")).abs() <= 1
    );
    let b = env
        .hook(
            "token",
            json!({"user": HEALTHY, "scopes": WORKER_SCOPES, "amr": ["pwd", "mfa"], "authAgeSeconds": 900}),
        )
        .await;
    let t = b["access_token"].as_str().expect("at");
    let c = claims_of(t);
    assert_eq!(c["amr"], json!(["pwd", "mfa"]));
    assert_eq!(
        c["iat"].as_i64().expect("iat") - c["auth_time"].as_i64().expect("at"),
        900
    );
    assert_eq!(
        update_pin(&env, t, DEMO_PIN, "73920485").await.status(),
        StatusCode::NO_CONTENT
    );
    let b = env
        .hook(
            "token",
            json!({"user": HEALTHY, "scopes": WORKER_SCOPES, "authAgeSeconds": 900}),
        )
        .await;
    let t = b["access_token"].as_str().expect("at");
    assert_mfa_denied(update_pin(&env, t, "73920485", "58203746").await, true).await;
}

#[tokio::test]
async fn refresh_is_not_a_new_sign_in() {
    let env = start().await;
    let first = device_sign_in(&env, HEALTHY, None, None).await;
    let signed_in = claims_of(first["access_token"].as_str().expect("at"))["auth_time"].clone();
    env.hook("clock", json!({"advanceSeconds": 11 * 60})).await;
    let (s, b) = token(
        &env,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "refresh_token"),
            (
                "refresh_token",
                first["refresh_token"].as_str().expect("rt"),
            ),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let t = b["access_token"].as_str().expect("at");
    let c = claims_of(t);
    assert_eq!(
        c["auth_time"], signed_in,
        "the sign-in time survives the refresh"
    );
    assert_eq!(c["amr"], json!(["pwd"]));
    assert!(c["iat"].as_i64() > signed_in.as_i64());
    assert_mfa_denied(update_pin(&env, t, DEMO_PIN, "73920485").await, true).await;
    // An MFA sign-in's amr survives a refresh too.
    let mfa = device_sign_in(&env, HEALTHY, Some(STEP_UP), None).await;
    let (_, b) = token(
        &env,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "refresh_token"),
            ("refresh_token", mfa["refresh_token"].as_str().expect("rt")),
        ],
    )
    .await;
    assert_eq!(
        claims_of(b["access_token"].as_str().expect("at"))["amr"],
        json!(["pwd", "mfa"])
    );
}

#[tokio::test]
async fn sign_in_pages_add_an_mfa_step_when_the_claims_ask() {
    let env = start().await;
    // Device page: code + account, then "Approve sign-in request".
    let dc = device_code(&env, Some(STEP_UP)).await;
    let code = dc["user_code"].as_str().expect("uc").to_string();
    let mut form = HashMap::new();
    form.insert("user_code", code.as_str());
    form.insert("user", HEALTHY);
    let page = env
        .http
        .post(env.url("/devicelogin"))
        .form(&form)
        .send()
        .await
        .expect("post")
        .text()
        .await
        .expect("html");
    assert!(page.contains("Approve sign-in request"), "{page}");
    form.insert("mfa", "approve");
    let page = env
        .http
        .post(env.url("/devicelogin"))
        .form(&form)
        .send()
        .await
        .expect("post")
        .text()
        .await
        .expect("html");
    assert!(page.contains("signed in to the application"), "{page}");
    let b = redeem(&env, &dc).await;
    assert_eq!(
        claims_of(b["access_token"].as_str().expect("at"))["amr"],
        json!(["pwd", "mfa"])
    );

    // Authorization code flow: the picker, then the MFA step, then the redirect.
    let redirect = "http://localhost:7071/cb";
    let url = authorize_url(
        &env,
        redirect,
        &[
            ("code_challenge", &challenge(VERIFIER)),
            ("code_challenge_method", "S256"),
            ("claims", STEP_UP),
        ],
    );
    let html = env
        .http
        .get(&url)
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
    let login = env.url("/organizations/oauth2/v2.0/login");
    let r = env
        .http
        .post(&login)
        .form(&[("flow", flow.as_str()), ("user", HEALTHY)])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.expect("html");
    assert!(html.contains("Approve sign-in request"), "{html}");
    let flow = html
        .split("name=\"flow\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("flow")
        .to_string();
    let uid = env.user_id(HEALTHY).await;
    let r = env
        .http
        .post(&login)
        .form(&[
            ("flow", flow.as_str()),
            ("user", uid.as_str()),
            ("mfa", "approve"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::FOUND);
    let loc = r.headers()["location"].to_str().expect("loc").to_string();
    let code = location_params(&loc)["code"].clone();
    let (s, b) = token(
        &env,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", redirect),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(
        claims_of(b["access_token"].as_str().expect("at"))["amr"],
        json!(["pwd", "mfa"])
    );
    // Bad claims JSON is refused.
    let r = env
        .http
        .post(env.url("/organizations/oauth2/v2.0/devicecode"))
        .form(&[
            ("client_id", CLIENT_ID),
            ("scope", SCOPE),
            ("claims", "{nope"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

async fn code_to_token(env: &Env, loc: &str, redirect: &str) -> Value {
    let code = location_params(loc)["code"].clone();
    let (s, b) = token(
        env,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", redirect),
            ("code_verifier", VERIFIER),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b
}

#[tokio::test]
async fn sessions_and_the_sign_in_hook_with_claims() {
    let env = start().await;
    let redirect = "http://localhost:7071/cb";
    let pkce = [
        ("code_challenge", challenge(VERIFIER)),
        ("code_challenge_method", "S256".to_string()),
    ];
    let url = |extra: &[(&str, &str)]| {
        let mut all: Vec<(&str, &str)> = pkce.iter().map(|(k, v)| (*k, v.as_str())).collect();
        all.extend_from_slice(extra);
        authorize_url(&env, redirect, &all)
    };
    // The hook's automatic sign-in completes MFA unless told otherwise.
    env.hook("sign-in", json!({"user": HEALTHY})).await;
    let r = env
        .http
        .get(url(&[("claims", STEP_UP)]))
        .send()
        .await
        .expect("get");
    let loc = r.headers()["location"].to_str().expect("loc").to_string();
    let b = code_to_token(&env, &loc, redirect).await;
    assert_eq!(
        claims_of(b["access_token"].as_str().expect("at"))["amr"],
        json!(["pwd", "mfa"])
    );
    env.hook("sign-in", json!({"user": HEALTHY, "mfa": false}))
        .await;
    let r = env
        .http
        .get(url(&[("claims", STEP_UP)]))
        .send()
        .await
        .expect("get");
    let loc = r.headers()["location"].to_str().expect("loc").to_string();
    let b = code_to_token(&env, &loc, redirect).await;
    assert_eq!(
        claims_of(b["access_token"].as_str().expect("at"))["amr"],
        json!(["pwd"])
    );
    env.hook("sign-in", json!({"user": null})).await;

    // A session cookie signs in silently without claims, never with an MFA request.
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client");
    let html = client
        .get(url(&[]))
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
    let r = client
        .post(env.url("/organizations/oauth2/v2.0/login"))
        .form(&[("flow", flow.as_str()), ("user", HEALTHY)])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::FOUND);
    let r = client
        .get(url(&[("prompt", "none")]))
        .send()
        .await
        .expect("get");
    let loc = r.headers()["location"].to_str().expect("loc").to_string();
    assert!(
        location_params(&loc).contains_key("code"),
        "silent sign-in: {loc}"
    );
    let r = client
        .get(url(&[("prompt", "none"), ("claims", STEP_UP)]))
        .send()
        .await
        .expect("get");
    let loc = r.headers()["location"].to_str().expect("loc").to_string();
    assert_eq!(
        location_params(&loc)["error"],
        "interaction_required",
        "{loc}"
    );
    let r = client
        .get(url(&[("claims", STEP_UP)]))
        .send()
        .await
        .expect("get");
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "the picker, not a silent sign-in"
    );
}
