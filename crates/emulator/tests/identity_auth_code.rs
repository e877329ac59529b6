//! The identity platform over real HTTP: discovery, JWKS, and authorization code + PKCE
//! with loopback redirects, errors and refresh-token rotation.

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use common::identity::*;
use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

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
