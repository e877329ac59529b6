//! Helpers of the identity-platform tests: the scope, PKCE, authorize URLs, token calls,
//! Microsoft's error shape, and the account picker.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use reqwest::StatusCode;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::{json_of, Env, CLIENT_ID};

pub const SCOPE: &str = "https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite.All https://graph.microsoft.com/User.Read offline_access openid profile";
pub const VERIFIER: &str = "dBjftJeZ4CVP-mJ92K9qP1Wq0eY2mXq3vN8rT5uH7kL_aZ9";

pub fn challenge(v: &str) -> String {
    B64URL.encode(Sha256::digest(v.as_bytes()))
}

pub fn authorize_url(env: &Env, redirect: &str, extra: &[(&str, &str)]) -> String {
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

pub async fn token(env: &Env, form: &[(&str, &str)]) -> (StatusCode, Value) {
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
pub fn aad_error(b: &Value) -> (String, i64) {
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
pub async fn pick(env: &Env, url: &str, upn: &str) -> String {
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
