//! Browser-side details of sign-in over real HTTP: `login_hint` ordering on the picker,
//! `prompt=login` despite a session, sign-out, and declining on the device page.

mod common;

use common::identity::*;
use common::*;
use reqwest::StatusCode;

fn cookie_client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client")
}

async fn picker_flow(client: &reqwest::Client, url: &str) -> String {
    let html = client
        .get(url)
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    html.split("name=\"flow\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("picker page")
        .to_string()
}

#[tokio::test]
async fn login_hint_goes_first_and_prompt_login_forces_the_picker() {
    let env = start().await;
    let html = env
        .http
        .get(authorize_url(
            &env,
            "http://localhost:7000",
            &[("login_hint", FORCED)],
        ))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    let first = html
        .split("data-upn=\"")
        .nth(1)
        .and_then(|s| s.split('"').next());
    assert_eq!(first, Some(FORCED));

    let client = cookie_client();
    let flow = picker_flow(&client, &authorize_url(&env, "http://localhost:7000", &[])).await;
    let r = client
        .post(env.url("/organizations/oauth2/v2.0/login"))
        .form(&[("flow", flow.as_str()), ("user", HEALTHY)])
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::FOUND);
    // With the session, a plain authorize is silent...
    let r = client
        .get(authorize_url(&env, "http://localhost:7000", &[]))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::FOUND);
    // ...but prompt=login shows the picker again.
    let r = client
        .get(authorize_url(
            &env,
            "http://localhost:7000",
            &[("prompt", "login")],
        ))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    // Signing out ends the session: prompt=none then needs a sign-in.
    let r = client
        .get(env.url("/organizations/oauth2/v2.0/logout?post_logout_redirect_uri=http%3A%2F%2Flocalhost%3A7000%2Fbye"))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::FOUND);
    assert_eq!(r.headers()["location"], "http://localhost:7000/bye");
    let r = client
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
}

#[tokio::test]
async fn declining_on_the_device_page() {
    let env = start().await;
    let dc: serde_json::Value = env
        .http
        .post(env.url("/organizations/oauth2/v2.0/devicecode"))
        .form(&[("client_id", CLIENT_ID), ("scope", SCOPE)])
        .send()
        .await
        .expect("post")
        .json()
        .await
        .expect("json");
    let code = dc["user_code"].as_str().expect("code");
    let r = env
        .http
        .post(env.url("/devicelogin"))
        .form(&[("user_code", code), ("action", "decline")])
        .send()
        .await
        .expect("post");
    assert!(r.text().await.expect("html").contains("declined"));
    let (_, b) = token(
        &env,
        &[
            ("client_id", CLIENT_ID),
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("device_code", dc["device_code"].as_str().expect("dc")),
        ],
    )
    .await;
    assert_eq!(aad_error(&b).0, "authorization_declined");
    // The landing page names the authority and the Graph roots.
    let index = env
        .http
        .get(env.url("/"))
        .send()
        .await
        .expect("get")
        .text()
        .await
        .expect("html");
    assert!(index.contains("/organizations") && index.contains("/v1.0"));
}
