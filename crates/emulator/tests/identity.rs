//! The identity platform over real HTTP: discovery, JWKS, authorization code + PKCE with
//! loopback redirects, refresh-token rotation, the device-code flow and its errors.

mod common;

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const SCOPE: &str = "https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite.All https://graph.microsoft.com/User.Read offline_access openid profile";
const VERIFIER: &str = "dBjftJeZ4CVP-mJ92K9qP1Wq0eY2mXq3vN8rT5uH7kL_aZ9";

fn challenge(v: &str) -> String {
    B64URL.encode(Sha256::digest(v.as_bytes()))
}

fn authorize_url(env: &Env, redirect: &str, extra: &[(&str, &str)]) -> String {
    let mut u = url::Url::parse(&env.url("/organizations/oauth2/v2.0/authorize")).expect("url");
    {
        let mut q = u.query_pairs_mut();
        q.append_pair("client_id", CLIENT_ID)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", redirect)
            .append_pair("scope", SCOPE)
            .append_pair("state", "st-42")
            .append_pair("nonce", "n-1");
        for (k, v) in extra {
            q.append_pair(k, v);
        }
    }
    u.to_string()
}

async fn token(env: &Env, form: &[(&str, &str)]) -> (StatusCode, Value) {
    json_of(
        env.http
            .post(env.url("/organizations/oauth2/v2.0/token"))
            .header("client-request-id", "corr-1")
            .form(form)
            .send()
            .await
            .expect("post"),
    )
    .await
}

/// Asserts Microsoft's token error shape and returns (error, first error code).
fn aad_error(b: &Value) -> (String, i64) {
    assert!(
        b["error_description"]
            .as_str()
            .expect("desc")
            .starts_with("AADSTS"),
        "{b}"
    );
    assert!(b["trace_id"].is_string() && b["timestamp"].is_string());
    assert_eq!(b["correlation_id"], "corr-1");
    (
        b["error"].as_str().expect("error").to_string(),
        b["error_codes"][0].as_i64().expect("code"),
    )
}

/// Runs the picker: GET authorize, POST the form for `upn`; returns the redirect Location.
async fn pick(env: &Env, url: &str, upn: &str) -> String {
    let r = env.http.get(url).send().await.expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.expect("html");
    assert!(html.contains(upn), "the picker lists the seeded accounts");
    let flow = html
        .split("name=\"flow\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("flow")
        .to_string();
    let r = env
        .http
        .post(env.url("/organizations/oauth2/v2.0/login"))
        .form(&[("flow", flow.as_str()), ("user", upn)])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::FOUND);
    r.headers()["location"].to_str().expect("loc").to_string()
}

#[tokio::test]
async fn discovery_and_jwks_verify_issued_tokens() {
    let env = start().await;
    let tid = env.emu.tenant_id();
    let conf: Value = env
        .http
        .get(env.url(&format!("/{tid}/v2.0/.well-known/openid-configuration")))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(conf["issuer"], format!("{}/{tid}/v2.0", env.base));
    assert_eq!(
        conf["token_endpoint"],
        format!("{}/{tid}/oauth2/v2.0/token", env.base)
    );
    assert_eq!(
        conf["device_authorization_endpoint"],
        format!("{}/{tid}/oauth2/v2.0/devicecode", env.base)
    );
    let common: Value = env
        .http
        .get(env.url("/organizations/v2.0/.well-known/openid-configuration"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(common["issuer"], format!("{}/{{tenantid}}/v2.0", env.base));
    let by_domain = env
        .http
        .get(env.url(&format!("/{DOMAIN}/v2.0/.well-known/openid-configuration")))
        .send()
        .await
        .expect("get");
    assert_eq!(by_domain.status(), StatusCode::OK);
    let bad = env
        .http
        .get(env.url("/nope.example/v2.0/.well-known/openid-configuration"))
        .header("client-request-id", "corr-1")
        .send()
        .await
        .expect("get");
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(aad_error(&bad.json().await.expect("json")).1, 90002);

    let jwks: Value = env
        .http
        .get(conf["jwks_uri"].as_str().expect("jwks"))
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    let key = &jwks["keys"][0];
    let t = env.admin();
    let parts: Vec<&str> = t.split('.').collect();
    let header: Value =
        serde_json::from_slice(&B64URL.decode(parts[0]).expect("b64")).expect("json");
    assert_eq!(
        (header["alg"].as_str(), &header["kid"]),
        (Some("RS256"), &key["kid"])
    );
    let n = B64URL.decode(key["n"].as_str().expect("n")).expect("n");
    let e = B64URL.decode(key["e"].as_str().expect("e")).expect("e");
    let sig = B64URL.decode(parts[2]).expect("sig");
    let public = aws_lc_rs::signature::RsaPublicKeyComponents { n: &n, e: &e };
    public
        .verify(
            &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
            format!("{}.{}", parts[0], parts[1]).as_bytes(),
            &sig,
        )
        .expect("signature verifies with the JWKS key");
}

#[tokio::test]
async fn auth_code_with_pkce_s256_and_refresh_rotation() {
    let env = start().await;
    let redirect = "http://localhost:53123";
    let url = authorize_url(
        &env,
        redirect,
        &[
            ("code_challenge", &challenge(VERIFIER)),
            ("code_challenge_method", "S256"),
            ("login_hint", MANAGER),
        ],
    );
    let loc = pick(&env, &url, MANAGER).await;
    assert!(
        loc.starts_with("http://localhost:53123/?"),
        "bare origin gets a trailing slash: {loc}"
    );
    let p = location_params(&loc);
    assert_eq!(p["state"], "st-42");
    let code = p["code"].clone();
    let redeem = |verifier: &'static str, code: String| {
        let env = &env;
        async move {
            token(
                env,
                &[
                    ("client_id", CLIENT_ID),
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("redirect_uri", redirect),
                    ("code_verifier", verifier),
                    ("scope", SCOPE),
                ],
            )
            .await
        }
    };
    let (s, b) = redeem(
        "wrong-verifier-wrong-verifier-wrong-verifier-00",
        code.clone(),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(aad_error(&b), ("invalid_grant".into(), 501481));
    let (s, b) = redeem(VERIFIER, code.clone()).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(
        (b["token_type"].as_str(), b["expires_in"].as_i64()),
        (Some("Bearer"), Some(3599))
    );
    let id: Value = serde_json::from_slice(
        &B64URL
            .decode(
                b["id_token"]
                    .as_str()
                    .expect("id")
                    .split('.')
                    .nth(1)
                    .expect("p"),
            )
            .expect("b64"),
    )
    .expect("json");
    assert_eq!(
        (
            id["aud"].as_str(),
            id["nonce"].as_str(),
            id["preferred_username"].as_str()
        ),
        (Some(CLIENT_ID), Some("n-1"), Some(MANAGER))
    );
    let at = b["access_token"].as_str().expect("at").to_string();
    let (s, me) = env.get("/me", &at).await;
    assert_eq!(
        (s, me["userPrincipalName"].as_str()),
        (StatusCode::OK, Some(MANAGER))
    );
    // One-shot code.
    let (_, b2) = redeem(VERIFIER, code).await;
    assert_eq!(aad_error(&b2), ("invalid_grant".into(), 54005));

    // Refresh rotation: the new refresh token works once, the old one never again.
    let rt1 = b["refresh_token"].as_str().expect("rt").to_string();
    let (s, r2) = token(
        &env,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "refresh_token"),
            ("refresh_token", &rt1),
            ("scope", SCOPE),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{r2}");
    let rt2 = r2["refresh_token"].as_str().expect("rt2").to_string();
    assert_ne!(rt1, rt2);
    let (s, e) = token(
        &env,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "refresh_token"),
            ("refresh_token", &rt1),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(aad_error(&e).0, "invalid_grant");
    let (s, e) = token(
        &env,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "refresh_token"),
            ("refresh_token", &rt2),
            (
                "scope",
                "https://graph.microsoft.com/Directory.ReadWrite.All offline_access",
            ),
        ],
    )
    .await;
    assert_eq!(
        (s, aad_error(&e).0.as_str()),
        (StatusCode::BAD_REQUEST, "invalid_grant"),
        "scope must be a subset"
    );
    // That failed attempt used rt2 up too; a fresh chain still works end to end.
    let (s, _) = token(
        &env,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "refresh_token"),
            ("refresh_token", &rt2),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn plain_pkce_loopback_ip_form_post_and_code_expiry() {
    let env = start().await;
    env.hook("sign-in", json!({"user": HEALTHY})).await;
    let url = authorize_url(
        &env,
        "http://127.0.0.1:40001/cb",
        &[
            (
                "code_challenge",
                "plain-verifier-plain-verifier-plain-verifier-1",
            ),
            ("code_challenge_method", "plain"),
        ],
    );
    let r = env.http.get(&url).send().await.expect("get");
    assert_eq!(
        r.status(),
        StatusCode::FOUND,
        "the hook signs in without a click"
    );
    let p = location_params(r.headers()["location"].to_str().expect("loc"));
    let (s, b) = token(
        &env,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", &p["code"]),
            ("redirect_uri", "http://127.0.0.1:40001/cb"),
            (
                "code_verifier",
                "plain-verifier-plain-verifier-plain-verifier-1",
            ),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // form_post answers an auto-submitting form.
    let html = env
        .http
        .get(authorize_url(
            &env,
            "http://localhost:9",
            &[("response_mode", "form_post")],
        ))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(
        html.contains("method=\"POST\"")
            && html.contains("name=\"code\"")
            && html.contains("st-42")
    );
    // Codes live about a minute.
    let r = env
        .http
        .get(authorize_url(&env, "http://localhost:9", &[]))
        .send()
        .await
        .expect("get");
    let p = location_params(r.headers()["location"].to_str().expect("loc"));
    env.hook("clock", json!({"advanceSeconds": 61})).await;
    let (_, b) = token(
        &env,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "authorization_code"),
            ("code", &p["code"]),
            ("redirect_uri", "http://localhost:9"),
        ],
    )
    .await;
    assert_eq!(aad_error(&b), ("invalid_grant".into(), 70008));
}

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
