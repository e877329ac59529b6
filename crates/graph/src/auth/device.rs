//! The device code flow (RFC 8628 as Entra implements it): show `user_code` and
//! `verification_uri`, poll at `interval`, add 5 s on `slow_down` (RFC only; Entra does not
//! document it), stop on `expired_token` / `authorization_declined`, cancellable.

use std::fmt;
use std::time::{Duration, Instant};

use reqwest::Method;
use serde::Deserialize;

use super::cancel::Cancel;
use super::identity::{failure, IdentityClient, TokenFailure};
use super::tokens::{OAuthError, TokenSet};
use crate::transport::{Body, RetryClass};
use crate::GraphError;

/// What to show the person signing in. `device_code` is secret (`Debug` hides it).
#[derive(Clone)]
pub struct DeviceCode {
    pub device_code: String,
    /// The code the person types, e.g. `YZMYLD4K`.
    pub user_code: String,
    /// Where to type it (`https://microsoft.com/devicelogin`, `…/link`). Show it as a QR too.
    pub verification_uri: String,
    /// Entra's own sentence with both.
    pub message: String,
    pub interval: Duration,
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
    interval: Option<u64>,
    #[serde(default)]
    expires_in: Option<u64>,
}

impl IdentityClient {
    /// Asks for a device code.
    pub async fn start_device_code(&self, scopes: &[String]) -> Result<DeviceCode, GraphError> {
        let url = self.endpoint("devicecode");
        let form = vec![
            ("client_id".to_owned(), self.client_id().to_owned()),
            ("scope".to_owned(), scopes.join(" ")),
        ];
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
        let w: Wire = serde_json::from_slice(&reply.body).map_err(|e| GraphError::SignIn {
            error: "invalid_response".into(),
            description: format!("device code answer is not the documented JSON ({e})"),
        })?;
        Ok(DeviceCode {
            device_code: w.device_code,
            user_code: w.user_code,
            verification_uri: w.verification_uri,
            message: w.message,
            interval: Duration::from_secs(w.interval.unwrap_or(5).max(1)),
            expires_at: Instant::now() + Duration::from_secs(w.expires_in.unwrap_or(900)),
        })
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
            match self.token_request(form).await {
                Ok(tokens) => return Ok(tokens),
                Err(TokenFailure::OAuth(e)) if e.error == "authorization_pending" => {}
                Err(TokenFailure::OAuth(e)) if e.error == "slow_down" => {
                    interval += Duration::from_secs(5);
                }
                Err(f) => return Err(failure(f)),
            }
        }
    }
}
