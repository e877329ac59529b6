//! Shared helpers of the emulator's integration tests: start an emulator on 127.0.0.1:0, a
//! real HTTP client, well-known seeded accounts and scopes, and small request shortcuts.
#![allow(dead_code)]

pub mod identity;

use qrstation_emulator::{Emulator, EmulatorConfig};
use qrstation_emulator_hooks::Hooks;
use reqwest::{Client, Response, StatusCode};
use serde_json::{json, Value};

pub const DOMAIN: &str = "contoso-retail.onmicrosoft.com";
pub const ADMIN: &str = "admin@contoso-retail.onmicrosoft.com";
pub const MANAGER: &str = "megan.bowen@contoso-retail.onmicrosoft.com";
/// A seeded worker without a QR method.
pub const WORKER: &str = "quinn.mensah@contoso-retail.onmicrosoft.com";
/// Another seeded worker without a QR method.
pub const WORKER2: &str = "rosa.walsh@contoso-retail.onmicrosoft.com";
pub const CLIENT_ID: &str = "5e7a1c3b-2f4d-4b6e-8a9c-0d1e2f3a4b5c";
pub const ADMIN_SCOPES: &[&str] = &[
    "https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite.All",
    "https://graph.microsoft.com/Policy.ReadWrite.AuthenticationMethod",
    "https://graph.microsoft.com/User.Read.All",
    "https://graph.microsoft.com/Directory.AccessAsUser.All",
];
pub const WORKER_SCOPES: &[&str] = &[
    "https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite",
    "https://graph.microsoft.com/User.Read",
    "https://graph.microsoft.com/Directory.AccessAsUser.All",
];

/// An emulator plus a client that does not follow redirects.
pub struct Env {
    pub emu: Emulator,
    pub http: Client,
    pub base: String,
}

pub async fn start() -> Env {
    start_with(EmulatorConfig::for_tests()).await
}

pub async fn start_with(config: EmulatorConfig) -> Env {
    let emu = Emulator::start(config).await.expect("emulator starts");
    let http = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let base = emu.base_url();
    Env { emu, http, base }
}

impl Env {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn token(&self, user: &str, scopes: &[&str]) -> String {
        self.emu.mint_access_token(user, scopes).expect("token")
    }

    pub fn admin(&self) -> String {
        self.token(ADMIN, ADMIN_SCOPES)
    }

    pub async fn graph(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Response {
        let mut rb = self
            .http
            .request(method, self.url(&format!("/v1.0{path}")))
            .bearer_auth(token);
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        rb.send().await.expect("request")
    }

    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        json_of(self.graph(reqwest::Method::GET, path, token, None).await).await
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        json_of(self.graph(m, path, token, Some(body)).await).await
    }

    /// The emulator's hooks, through this environment's client.
    pub fn hooks(&self) -> Hooks {
        Hooks::with_client(self.http.clone(), self.base.clone())
    }

    pub async fn hook(&self, path: &str, body: Value) -> Value {
        self.hooks().post(path, body).await
    }

    pub async fn state(&self) -> Value {
        self.hooks().state().await
    }

    pub async fn user_id(&self, upn: &str) -> String {
        let s = self.state().await;
        s["users"]
            .as_array()
            .expect("users")
            .iter()
            .find(|u| u["userPrincipalName"] == upn)
            .expect("seeded user")["id"]
            .as_str()
            .expect("id")
            .to_string()
    }

    /// Creates a QR method for `upn` with `pin` as the admin and returns the 201 body.
    pub async fn create_method(&self, upn: &str, pin: &str) -> Value {
        let (s, b) = self
            .send(
                "PUT",
                &format!("/users/{upn}/authentication/qrCodePinMethod"),
                &self.admin(),
                create_body(pin),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        b
    }
}

pub fn create_body(pin: &str) -> Value {
    let now = chrono::Utc::now();
    json!({
        "@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethod",
        "standardQRCode": {
            "startDateTime": now.to_rfc3339(),
            "expireDateTime": (now + chrono::Duration::days(200)).to_rfc3339(),
        },
        "pin": {"code": pin}
    })
}

pub async fn json_of(r: Response) -> (StatusCode, Value) {
    let s = r.status();
    let text = r.text().await.expect("body");
    let v = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    (s, v)
}

/// Asserts Graph's error envelope and returns its code.
pub fn error_code(body: &Value) -> String {
    let e = &body["error"];
    assert!(e["message"].is_string(), "no message in {body}");
    assert!(
        e["innerError"]["request-id"].is_string(),
        "no request-id in {body}"
    );
    assert!(e["innerError"]["date"].is_string(), "no date in {body}");
    assert!(
        e["innerError"]["client-request-id"].is_string(),
        "no client-request-id in {body}"
    );
    e["code"].as_str().expect("code").to_string()
}

/// Parses `key=value` pairs of a redirect Location (query or fragment).
pub fn location_params(loc: &str) -> std::collections::HashMap<String, String> {
    let u = url::Url::parse(loc).expect("location url");
    let q = u.query().or(u.fragment()).unwrap_or("").to_string();
    url::form_urlencoded::parse(q.as_bytes())
        .into_owned()
        .collect()
}

/// Seeded worker whose standard code expired 35 days ago.
pub const EXPIRED: &str = "alex.abbott@contoso-retail.onmicrosoft.com";
/// Seeded worker with an active temporary code.
pub const WITH_TEMP: &str = "bianca.haddad@contoso-retail.onmicrosoft.com";
/// Seeded worker who must change the PIN at next sign-in.
pub const FORCED: &str = "carlos.okafor@contoso-retail.onmicrosoft.com";
/// Seeded worker with a healthy method.
pub const HEALTHY: &str = "dana.becker@contoso-retail.onmicrosoft.com";
/// The PIN of every seeded method.
pub const DEMO_PIN: &str = "48302917";
