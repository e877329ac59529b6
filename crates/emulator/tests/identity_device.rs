//! The device-code flow over real HTTP: pending, approve, decline, expiry, unknown codes,
//! the optional slow_down and the verification page.

mod common;

use std::collections::HashMap;

use common::identity::*;
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

async fn device_code(env: &Env) -> Value {
    let r = env
        .http
        .post(env.url("/organizations/oauth2/v2.0/devicecode"))
        .form(&[("client_id", CLIENT_ID), ("scope", SCOPE)])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("json")
}

async fn poll(env: &Env, dc: &Value) -> (StatusCode, Value) {
    token(
        env,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("device_code", dc["device_code"].as_str().expect("dc")),
        ],
    )
    .await
}

#[tokio::test]
async fn device_code_flow_pending_approve_decline_expire() {
    let env = start().await;
    let dc = device_code(&env).await;
    let user_code = dc["user_code"].as_str().expect("uc").to_string();
    assert_eq!(user_code.len(), 8);
    assert_eq!(
        (dc["expires_in"].as_i64(), dc["interval"].as_i64()),
        (Some(900), Some(5))
    );
    assert_eq!(dc["verification_uri"], format!("{}/devicelogin", env.base));
    assert!(dc["message"].as_str().expect("m").contains(&user_code));
    let (s, b) = poll(&env, &dc).await;
    assert_eq!(
        (s, aad_error(&b)),
        (
            StatusCode::BAD_REQUEST,
            ("authorization_pending".into(), 70016)
        )
    );
    env.hook(
        "device/approve",
        json!({"userCode": user_code, "user": ADMIN}),
    )
    .await;
    let (s, b) = poll(&env, &dc).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert!(b["refresh_token"].is_string() && b["id_token"].is_string());
    let (s, me) = env
        .get("/me", b["access_token"].as_str().expect("at"))
        .await;
    assert_eq!(
        (s, me["userPrincipalName"].as_str()),
        (StatusCode::OK, Some(ADMIN))
    );
    let (_, b) = poll(&env, &dc).await;
    assert_eq!(aad_error(&b).0, "bad_verification_code");

    let dc2 = device_code(&env).await;
    env.hook("device/decline", json!({"userCode": dc2["user_code"]}))
        .await;
    let (_, b) = poll(&env, &dc2).await;
    assert_eq!(aad_error(&b).0, "authorization_declined");

    let dc3 = device_code(&env).await;
    env.hook("clock", json!({"advanceSeconds": 901})).await;
    let (_, b) = poll(&env, &dc3).await;
    assert_eq!(aad_error(&b), ("expired_token".into(), 70019));
    let (_, b) = poll(&env, &json!({"device_code": "never-issued"})).await;
    assert_eq!(aad_error(&b).0, "bad_verification_code");
}

#[tokio::test]
async fn device_page_and_slow_down() {
    let env = start().await;
    env.hook("compat", json!({"deviceCodeSlowDown": true}))
        .await;
    let dc = device_code(&env).await;
    let (_, b) = poll(&env, &dc).await;
    assert_eq!(aad_error(&b).0, "authorization_pending");
    let (_, b) = poll(&env, &dc).await;
    assert_eq!(aad_error(&b).0, "slow_down");
    let page = env
        .http
        .get(env.url("/devicelogin"))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(page.contains("user_code") && page.contains(HEALTHY));
    // Typing the code with a dash and in lower case, then picking an account.
    let typed = format!(
        "{}-{}",
        &dc["user_code"].as_str().expect("uc")[..4],
        &dc["user_code"].as_str().expect("uc")[4..]
    )
    .to_lowercase();
    let mut form = HashMap::new();
    form.insert("user_code", typed.as_str());
    form.insert("user", HEALTHY);
    let r = env
        .http
        .post(env.url("/devicelogin"))
        .form(&form)
        .send()
        .await
        .expect("post");
    assert!(r.text().await.expect("html").contains("signed in"));
    env.hook("clock", json!({"advanceSeconds": 11})).await;
    let (s, b) = poll(&env, &dc).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let r = env
        .http
        .post(env.url("/devicelogin"))
        .form(&[("user_code", "ZZZZZZZZ"), ("user", HEALTHY)])
        .send()
        .await
        .expect("post");
    assert!(r.text().await.expect("html").contains("didn"));
}
