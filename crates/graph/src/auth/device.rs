//! The device code flow (RFC 8628 as Entra implements it): show `user_code` and
//! `verification_uri`, poll at `interval`, add 5 s on `slow_down` (RFC only; Entra does not
//! document it), stop on `expired_token` / `authorization_declined`, cancellable. A transient
//! failure (network, a 5xx without an OAuth body) does not end the wait: polling goes on until
//! the code expires. Server lifetimes are clamped, so a hostile answer cannot overflow the clock.
//! Our own code, not `oauth2`'s device flow: the tests in `why_not_oauth2` pin why.

use std::fmt;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde::Deserialize;

use super::cancel::Cancel;
use super::identity::{failure, IdentityClient, TokenFailure};
use super::tokens::{instant_after, lifetime_secs, OAuthError, TokenSet};
use crate::transport::{Body, RetryClass};
use crate::GraphError;

/// What to show the person signing in. `device_code` is secret (`Debug` hides it).
#[derive(Clone)]
pub struct DeviceCode {
    /// The secret the client polls the token endpoint with.
    pub device_code: String,
    /// The code the person types, e.g. `YZMYLD4K`.
    pub user_code: String,
    /// Where to type it (`https://microsoft.com/devicelogin`, `…/link`). Show it as a QR too.
    pub verification_uri: String,
    /// Entra's own sentence with both.
    pub message: String,
    /// How long to wait between polls (grows on `slow_down`).
    pub interval: Duration,
    /// When the code stops working.
    pub expires_at: Instant,
}

impl fmt::Debug for DeviceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeviceCode")
            .field("user_code", &self.user_code)
            .field("verification_uri", &self.verification_uri)
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct Wire {
    device_code: String,
    user_code: String,
    #[serde(alias = "verification_url")]
    verification_uri: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    interval: Option<serde_json::Value>,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

/// Polling interval bounds in seconds (Entra sends 5).
pub const INTERVAL_BOUNDS: (u64, u64) = (1, 60);
/// Device code lifetime bounds in seconds (Entra sends 900).
pub const DEVICE_CODE_LIFETIME_BOUNDS: (u64, u64) = (60, 3600);
/// The longest interval `slow_down` can grow to.
const MAX_INTERVAL: Duration = Duration::from_secs(120);

impl DeviceCode {
    /// Reads a `/devicecode` success body: the three documented strings are required and
    /// non-empty; `interval` and `expires_in` (numbers, or numeric strings) are clamped to
    /// [`INTERVAL_BOUNDS`] and [`DEVICE_CODE_LIFETIME_BOUNDS`].
    pub fn parse(body: &[u8]) -> Result<DeviceCode, GraphError> {
        let invalid = |why: &str| GraphError::SignIn {
            error: "invalid_response".into(),
            description: format!("device code answer {why}"),
        };
        // A JSON object (RFC 8628 3.2); serde would also fill the struct from an array.
        if !body.trim_ascii_start().starts_with(b"{") {
            return Err(invalid("is not a JSON object"));
        }
        let w: Wire =
            serde_json::from_slice(body).map_err(|_| invalid("is not the documented JSON"))?;
        if [&w.device_code, &w.user_code, &w.verification_uri]
            .iter()
            .any(|v| v.trim().is_empty())
        {
            return Err(invalid(
                "has an empty device_code, user_code or verification_uri",
            ));
        }
        let interval = lifetime_secs(w.interval.as_ref(), 5, INTERVAL_BOUNDS)
            .ok_or_else(|| invalid("has an interval that is not a number"))?;
        let expires = lifetime_secs(w.expires_in.as_ref(), 900, DEVICE_CODE_LIFETIME_BOUNDS)
            .ok_or_else(|| invalid("has an expires_in that is not a number"))?;
        Ok(DeviceCode {
            device_code: w.device_code,
            user_code: w.user_code,
            verification_uri: w.verification_uri,
            message: w.message,
            interval: Duration::from_secs(interval),
            expires_at: instant_after(expires),
        })
    }
}

impl IdentityClient {
    /// Asks for a device code.
    pub async fn start_device_code(&self, scopes: &[String]) -> Result<DeviceCode, GraphError> {
        self.start_device_code_with_claims(scopes, None).await
    }

    /// Asks for a device code whose sign-in must satisfy `claims` (JSON, e.g.
    /// [`crate::MFA_STEP_UP_CLAIMS`] after `graph.mfa_required`), sent as the `claims` form
    /// parameter of `/devicecode`, as MSAL's `initiate_device_flow(claims_challenge=…)` does.
    pub async fn start_device_code_with_claims(
        &self,
        scopes: &[String],
        claims: Option<&str>,
    ) -> Result<DeviceCode, GraphError> {
        let url = self.endpoint("devicecode");
        let mut form = vec![
            ("client_id".to_owned(), self.client_id().to_owned()),
            ("scope".to_owned(), scopes.join(" ")),
        ];
        if let Some(claims) = claims.filter(|c| !c.trim().is_empty()) {
            form.push(("claims".to_owned(), claims.to_owned()));
        }
        let reply = self
            .transport
            .send(
                Method::POST,
                &url,
                &[],
                None,
                &Body::Form(form),
                RetryClass::Once,
            )
            .await?;
        if !reply.is_success() {
            let e: OAuthError = serde_json::from_slice(&reply.body).unwrap_or_default();
            return Err(failure(TokenFailure::OAuth(OAuthError {
                error: if e.error.is_empty() {
                    format!("http_{}", reply.status)
                } else {
                    e.error
                },
                ..e
            })));
        }
        DeviceCode::parse(&reply.body)
    }

    /// Polls until the person signs in, declines, the code expires, or `cancel` fires.
    pub async fn poll_device_code(
        &self,
        code: &DeviceCode,
        cancel: &Cancel,
    ) -> Result<TokenSet, GraphError> {
        let mut interval = code.interval;
        let sleeper = self.transport.config().sleeper.clone();
        loop {
            if cancel.is_cancelled() {
                return Err(GraphError::SignInCancelled);
            }
            if Instant::now() >= code.expires_at {
                return Err(GraphError::SignInTimedOut);
            }
            tokio::select! {
                _ = sleeper.sleep(interval) => {}
                _ = cancel.cancelled() => return Err(GraphError::SignInCancelled),
            }
            let form = vec![
                ("client_id".to_owned(), self.client_id().to_owned()),
                (
                    "grant_type".to_owned(),
                    "urn:ietf:params:oauth:grant-type:device_code".to_owned(),
                ),
                ("device_code".to_owned(), code.device_code.clone()),
            ];
            match self.token_request(form, None).await {
                Ok(tokens) => return Ok(tokens),
                Err(TokenFailure::OAuth(e)) if e.error == "authorization_pending" => {}
                Err(TokenFailure::OAuth(e)) if e.error == "slow_down" => {
                    interval = (interval + Duration::from_secs(5)).min(MAX_INTERVAL);
                }
                // A lost answer or a flaky network: the code is still good until it expires.
                // If the lost answer carried tokens, Entra's docs do not say whether the next
                // poll gets them again or `bad_verification_code`; either way the loop ends.
                Err(TokenFailure::Other(e)) if is_transient(&e) => {
                    tracing::debug!(code = e.code(), "device code poll failed; polling on");
                }
                Err(f) => return Err(failure(f)),
            }
        }
    }
}

/// Failures worth another poll: the network, or an answer without an OAuth error body (a
/// proxy's or gateway's 5xx page).
fn is_transient(e: &GraphError) -> bool {
    match e {
        GraphError::Network { .. } => true,
        GraphError::SignIn { error, .. } => error
            .strip_prefix("http_")
            .is_some_and(|s| s.starts_with('5')),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_device_code_answers_are_clamped_or_refused() {
        let parse = |extra: &str| {
            DeviceCode::parse(
                format!(
                    r#"{{"device_code":"d","user_code":"U","verification_uri":"https://x"{extra}}}"#
                )
                .as_bytes(),
            )
        };
        let c =
            parse(r#","interval":18446744073709551615,"expires_in":18446744073709551615"#).unwrap();
        assert_eq!(c.interval, Duration::from_secs(60));
        let left = c
            .expires_at
            .saturating_duration_since(Instant::now())
            .as_secs();
        assert!((3590..=3600).contains(&left), "{left}");
        let c = parse(r#","interval":-3,"expires_in":"-1""#).unwrap();
        assert_eq!(c.interval, Duration::from_secs(1));
        // An array would fill the fields by position: never accepted (a fuzzer find).
        let array = br#"["interval","8888===cevmce_#*deluri","V"]"#;
        assert_eq!(
            DeviceCode::parse(array).unwrap_err().code(),
            "graph.sign_in_failed"
        );
        let c = parse(r#","interval":"7""#).unwrap();
        assert_eq!(c.interval, Duration::from_secs(7));
        for bad in [r#","interval":"soon""#, r#","expires_in":{}"#] {
            assert_eq!(
                parse(bad).unwrap_err().code(),
                "graph.sign_in_failed",
                "{bad}"
            );
        }
        for body in [
            r#"{"user_code":"U","verification_uri":"v"}"#,
            r#"{"device_code":"","user_code":"U","verification_uri":"v"}"#,
            "null",
        ] {
            assert!(DeviceCode::parse(body.as_bytes()).is_err(), "{body}");
        }
    }

    #[test]
    fn only_network_and_gateway_failures_are_transient() {
        let net = GraphError::Network {
            host: "h".into(),
            detail: "reset".into(),
            maybe_applied: true,
            client_request_id: None,
        };
        assert!(is_transient(&net));
        let gw = GraphError::SignIn {
            error: "http_502".into(),
            description: String::new(),
        };
        assert!(is_transient(&gw));
        let bad = GraphError::SignIn {
            error: "http_400".into(),
            description: String::new(),
        };
        assert!(!is_transient(&bad));
        assert!(!is_transient(&GraphError::IdTokenInvalid("aud".into())));
    }

    /// Why the device code flow is not `oauth2`'s (`DeviceAccessTokenRequest`): these pin the
    /// differences measured against oauth2 5.0 (ARCHITECTURE.md, "oauth2"). If one fails after
    /// an upgrade, the crate changed: look again.
    mod why_not_oauth2 {
        use std::cell::Cell;

        use oauth2::{HttpRequest, HttpResponse, StandardDeviceAuthorizationResponse};

        use super::*;
        use crate::auth::oauth;

        fn details(extra: &str) -> Result<StandardDeviceAuthorizationResponse, serde_json::Error> {
            serde_json::from_str(&format!(
                r#"{{"device_code":"d","user_code":"U","verification_uri":"https://x"{extra}}}"#
            ))
        }

        fn client() -> oauth::OAuthClient {
            let u = url::Url::parse("https://login.example/t/oauth2/v2.0/token").unwrap();
            oauth::client("c", u.clone(), u)
        }

        fn answer(status: u16, body: &str) -> Result<HttpResponse, GraphError> {
            let mut r = HttpResponse::new(body.as_bytes().to_vec());
            *r.status_mut() = oauth2::http::StatusCode::from_u16(status).unwrap();
            Ok(r)
        }

        #[test]
        fn numeric_text_lifetimes_are_refused_where_ours_read_them() {
            for extra in [
                r#","expires_in":"900""#,
                r#","expires_in":900,"interval":"7""#,
            ] {
                assert!(details(extra).is_err(), "{extra}");
            }
            let ours = DeviceCode::parse(
                br#"{"device_code":"d","user_code":"U","verification_uri":"v","expires_in":"900","interval":"7"}"#,
            )
            .unwrap();
            assert_eq!(ours.interval, Duration::from_secs(7));
        }

        #[test]
        fn a_huge_interval_then_slow_down_panics_where_ours_clamps() {
            let d = details(r#","expires_in":900,"interval":18446744073709551615"#).unwrap();
            let http = |_: HttpRequest| answer(400, r#"{"error":"slow_down"}"#);
            let c = client();
            let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                c.exchange_device_access_token(&d)
                    .request(&http, |_| {}, None)
            }));
            assert!(panicked.is_err(), "Duration overflow on slow_down");
        }

        #[test]
        fn a_huge_expires_in_fails_the_sign_in_where_ours_clamps() {
            let d = details(r#","expires_in":18446744073709551615"#).unwrap();
            let polls = Cell::new(0);
            let http = |_: HttpRequest| {
                polls.set(polls.get() + 1);
                answer(400, r#"{"error":"authorization_pending"}"#)
            };
            let r = client()
                .exchange_device_access_token(&d)
                .request(&http, |_| {}, None);
            assert!(matches!(r, Err(oauth2::RequestTokenError::Other(_))));
            assert_eq!(polls.get(), 0);
        }

        #[test]
        fn any_client_error_keeps_polling_until_expiry_where_ours_stops() {
            // A refusal ours ends on at once (e.g. a 400 without an OAuth body): oauth2 polls
            // on, doubling the interval, until the code expires.
            let d = details(r#","expires_in":60"#).unwrap();
            let polls = Cell::new(0u32);
            let clock = std::sync::Arc::new(std::sync::Mutex::new(chrono::Utc::now()));
            let now = clock.clone();
            let http = |_: HttpRequest| -> Result<HttpResponse, GraphError> {
                polls.set(polls.get() + 1);
                Err(GraphError::SignIn {
                    error: "http_400".into(),
                    description: String::new(),
                })
            };
            let sleep = |d: Duration| {
                *clock.lock().unwrap() += chrono::Duration::from_std(d).unwrap();
            };
            let r = client()
                .exchange_device_access_token(&d)
                .set_time_fn(move || *now.lock().unwrap())
                .request(&http, sleep, None);
            assert!(matches!(
                r,
                Err(oauth2::RequestTokenError::ServerResponse(_))
            ));
            assert!(polls.get() > 5, "{}", polls.get());
            assert!(!is_transient(&GraphError::SignIn {
                error: "http_400".into(),
                description: String::new(),
            }));
        }
    }
}
