//! Test support: one typed client for the emulator's test hooks under `/_emulator/…` (see
//! `crates/emulator/src/hooks.rs`), shared by the emulator's, core's, the CLI's, the contract
//! and the E2E tests. It speaks HTTP only and does not link the emulator, so the rule that
//! `qrstation-graph` and `qrstation-emulator` never import each other holds; the graph crate's
//! own tests do not use it.
//!
//! Every call panics with the hook's status and answer when the hook refuses (these are test
//! helpers); [`Hooks::try_post`] returns the refusal instead, for tests about refusals.

use serde::Serialize;
use serde_json::{json, Value};

mod state;

pub use state::{StateCode, StateMethod, StatePin, StateUser, TenantState};

/// A hook that answered with an error status.
#[derive(Debug, Clone, PartialEq)]
pub struct Refused {
    /// The hook's path after `/_emulator/`.
    pub path: String,
    /// The HTTP status.
    pub status: u16,
    /// The answer's JSON (`null` when it had none).
    pub body: Value,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "hook {} failed: {} {}",
            self.path, self.status, self.body
        )
    }
}

/// The runtime knobs `/_emulator/faults` changes; `None` leaves a knob as it is.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Faults {
    /// Extra delay before every response, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latency_ms: Option<u64>,
    /// Graph requests per second before 429 (0: no throttling).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throttle_rps: Option<u32>,
    /// Probability (0..=1) of an injected fault per Graph request.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault_rate: Option<f64>,
    /// Probability (0..=1) that a request is carried out and its response lost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lost_rate: Option<f64>,
    /// Probability (0..=1) of a 429/503 for one request inside a `$batch`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_fault_rate: Option<f64>,
    /// How long a `slow` fault delays its response, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slow_ms: Option<u64>,
    /// Faults forced on the next Graph requests, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Vec<Fault>>,
    /// Strict mode: reject what the docs call required but clients often omit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strict: Option<bool>,
    /// Replication lag of reads after a write, in milliseconds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replica_lag_ms: Option<u64>,
}

/// One forced fault (the emulator's `Fault`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Fault {
    /// 503 `serviceNotAvailable`.
    Unavailable,
    /// The response is delayed by `slowMs`.
    Slow,
    /// The connection is closed without a response.
    Drop,
    /// 429 `TooManyRequests`.
    Throttle,
    /// The request is carried out, then the connection is closed without its response.
    Lost,
}

/// What `/_emulator/token` mints: an access token for `user` with `scopes`.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenRequest {
    /// The user (UPN or object id).
    pub user: String,
    /// The scopes granted.
    pub scopes: Vec<String>,
    /// The app the token is for (default: qrstation's demo client id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// Lifetime in seconds (default: the emulator's access-token lifetime).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifetime_seconds: Option<i64>,
    /// The token's `amr` (default `["pwd"]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub amr: Option<Vec<String>>,
    /// How long ago the person signed in, in seconds (default 0).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_age_seconds: Option<u64>,
}

/// The emulator's clock after `/_emulator/clock`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClockNow {
    /// Seconds the clock runs ahead of the wall clock.
    pub offset_seconds: i64,
    /// The emulator's time now, as Graph writes times.
    pub now: String,
}

/// A client for one emulator's hooks.
#[derive(Debug, Clone)]
pub struct Hooks {
    http: reqwest::Client,
    base: String,
}

impl Hooks {
    /// Hooks of the emulator at `base_url` (`http://127.0.0.1:PORT`, no trailing slash).
    pub fn new(base_url: impl Into<String>) -> Self {
        Self::with_client(reqwest::Client::new(), base_url)
    }

    /// Hooks reached through `http` (to share a client with its settings).
    pub fn with_client(http: reqwest::Client, base_url: impl Into<String>) -> Self {
        let base = base_url.into().trim_end_matches('/').to_owned();
        Self { http, base }
    }

    /// The emulator's base URL.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// POSTs `body` to `/_emulator/{path}`; the answer's JSON (`null` when none), or the
    /// refusal.
    pub async fn try_post(&self, path: &str, body: &Value) -> Result<Value, Refused> {
        let r = self
            .http
            .post(format!("{}/_emulator/{path}", self.base))
            .json(body)
            .send()
            .await
            .unwrap_or_else(|e| panic!("hook {path} unreachable: {e}"));
        let status = r.status();
        let v: Value = r.json().await.unwrap_or(Value::Null);
        if status.is_success() {
            Ok(v)
        } else {
            Err(Refused {
                path: path.to_owned(),
                status: status.as_u16(),
                body: v,
            })
        }
    }

    /// POSTs `body` to `/_emulator/{path}`; panics when the hook refuses.
    pub async fn post(&self, path: &str, body: Value) -> Value {
        self.try_post(path, &body)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// `GET /_emulator/state`: the tenant's books (no secrets in them).
    pub async fn state(&self) -> Value {
        let r = self
            .http
            .get(format!("{}/_emulator/state", self.base))
            .send()
            .await
            .expect("state hook reachable");
        assert!(r.status().is_success(), "hook state failed: {}", r.status());
        r.json().await.expect("state json")
    }

    /// `GET /_emulator/state`, typed: users, methods, refresh tokens, method creates.
    pub async fn tenant(&self) -> TenantState {
        TenantState::from_json(self.state().await)
    }

    /// `/_emulator/reset`: the seed again (`"demo"` when `seed` is `None`) and the clock back.
    pub async fn reset(&self, seed: Option<&str>) {
        let body = match seed {
            Some(s) => json!({ "seed": s }),
            None => json!({}),
        };
        self.post("reset", body).await;
    }

    /// `/_emulator/device/approve`: `user` signs in for device code `user_code` (with MFA when
    /// `mfa`).
    pub async fn approve_device(&self, user_code: &str, user: &str, mfa: bool) {
        if let Err(e) = self.try_approve_device(user_code, user, mfa).await {
            panic!("{e}");
        }
    }

    /// [`Hooks::approve_device`], returning the hook's refusal (an unknown or spent code, an
    /// unknown user) instead of panicking.
    pub async fn try_approve_device(
        &self,
        user_code: &str,
        user: &str,
        mfa: bool,
    ) -> Result<(), Refused> {
        let body = json!({ "userCode": user_code, "user": user, "mfa": mfa });
        self.try_post("device/approve", &body).await.map(drop)
    }

    /// `/_emulator/device/decline`: the person declines device code `user_code`.
    pub async fn decline_device(&self, user_code: &str) {
        self.post("device/decline", json!({ "userCode": user_code }))
            .await;
    }

    /// `/_emulator/sign-in`: the next browser sign-ins go through as `user` (None: stop).
    pub async fn auto_sign_in(&self, user: Option<&str>, mfa: bool) {
        self.post("sign-in", json!({ "user": user, "mfa": mfa }))
            .await;
    }

    /// `/_emulator/token`: a signed access token.
    pub async fn token(&self, req: &TokenRequest) -> String {
        let v = self
            .post("token", serde_json::to_value(req).expect("token request"))
            .await;
        v["access_token"]
            .as_str()
            .expect("access_token in the token hook's answer")
            .to_owned()
    }

    /// `/_emulator/faults`: changes the knobs `faults` names.
    pub async fn fault(&self, faults: &Faults) {
        self.post("faults", serde_json::to_value(faults).expect("faults"))
            .await;
    }

    /// Forces `next` on the next Graph requests, in order.
    pub async fn next_faults(&self, next: &[Fault]) {
        self.fault(&Faults {
            next: Some(next.to_vec()),
            ..Faults::default()
        })
        .await;
    }

    /// `/_emulator/clock`: moves the emulator's clock by `advance_seconds`.
    pub async fn clock(&self, advance_seconds: i64) -> ClockNow {
        let v = self
            .post("clock", json!({ "advanceSeconds": advance_seconds }))
            .await;
        ClockNow {
            offset_seconds: v["offsetSeconds"].as_i64().expect("offsetSeconds"),
            now: v["now"].as_str().expect("now").to_owned(),
        }
    }

    /// `/_emulator/compat`: sets the `Compat` switches in `switches` (a partial object).
    pub async fn set_compat(&self, switches: Value) {
        self.post("compat", switches).await;
    }

    /// `/_emulator/verify-pin`: whether `pin` is `user`'s PIN.
    pub async fn verify_pin(&self, user: &str, pin: &str) -> bool {
        self.post("verify-pin", json!({ "user": user, "pin": pin }))
            .await["matches"]
            .as_bool()
            .expect("matches")
    }

    /// `/_emulator/qr-sign-in`: signs in with a badge's `rawContent` (base64) and `pin`.
    pub async fn qr_sign_in(&self, raw_content: &str, pin: &str) -> Value {
        self.post(
            "qr-sign-in",
            json!({ "rawContent": raw_content, "pin": pin }),
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_send_only_what_is_set_in_camel_case() {
        let f = Faults {
            item_fault_rate: Some(0.5),
            next: Some(vec![Fault::Throttle, Fault::Lost]),
            ..Faults::default()
        };
        assert_eq!(
            serde_json::to_value(&f).unwrap(),
            json!({"itemFaultRate": 0.5, "next": ["throttle", "lost"]})
        );
    }
}
