//! Error shapes of the identity platform: the token endpoint's JSON (`error`,
//! `error_description` with `AADSTS…`, `error_codes`, `timestamp`, `trace_id`,
//! `correlation_id`), errors returned to a redirect URI, and the HTML error page.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use chrono::{DateTime, Utc};
use serde_json::json;

use crate::clock::aad_timestamp;

/// One identity-platform error.
#[derive(Debug, Clone)]
pub struct AadError {
    /// OAuth error (`invalid_grant`, `authorization_pending`, …).
    pub error: &'static str,
    /// AADSTS number. Where Microsoft documents none (declined device code, reused refresh
    /// token, …) a plausible one is used; clients should branch on `error`, not on this.
    pub code: u32,
    /// Human text after `AADSTS{code}: `.
    pub message: String,
    /// HTTP status for the token endpoint (400, or 401 for `invalid_client`).
    pub status: u16,
}

impl AadError {
    /// A 400 error.
    pub fn new(error: &'static str, code: u32, message: impl Into<String>) -> Self {
        Self {
            error,
            code,
            message: message.into(),
            status: 400,
        }
    }

    /// A missing required parameter (AADSTS900144).
    pub fn missing(param: &str) -> Self {
        Self::new(
            "invalid_request",
            900144,
            format!("The request body must contain the following parameter: '{param}'."),
        )
    }

    /// An unknown tenant (AADSTS90002).
    pub fn tenant(tenant: &str) -> Self {
        Self::new("invalid_tenant", 90002, format!("Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."))
    }

    /// `AADSTS{code}: {message}` plus the trace lines Microsoft appends.
    pub fn description(&self, trace: &str, corr: &str, now: &DateTime<Utc>) -> String {
        format!(
            "AADSTS{}: {}\r\nTrace ID: {trace}\r\nCorrelation ID: {corr}\r\nTimestamp: {}",
            self.code,
            self.message,
            aad_timestamp(now)
        )
    }

    /// The token-endpoint JSON response.
    pub fn to_json_response(&self, headers: &HeaderMap, now: DateTime<Utc>) -> Response {
        let trace = uuid::Uuid::new_v4().to_string();
        let corr = correlation(headers);
        let body = json!({
            "error": self.error,
            "error_description": self.description(&trace, &corr, &now),
            "error_codes": [self.code],
            "timestamp": aad_timestamp(&now),
            "trace_id": trace,
            "correlation_id": corr,
            "error_uri": format!("https://login.microsoftonline.com/error?code={}", self.code),
        });
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        (
            status,
            [
                ("cache-control", "no-store, no-cache"),
                ("pragma", "no-cache"),
            ],
            Json(body),
        )
            .into_response()
    }

    /// Query pairs for an error returned to the redirect URI.
    pub fn redirect_pairs(&self, now: &DateTime<Utc>) -> Vec<(String, String)> {
        let trace = uuid::Uuid::new_v4().to_string();
        let corr = uuid::Uuid::new_v4().to_string();
        vec![
            ("error".into(), self.error.into()),
            (
                "error_description".into(),
                self.description(&trace, &corr, now),
            ),
            (
                "error_uri".into(),
                format!("https://login.microsoftonline.com/error?code={}", self.code),
            ),
        ]
    }

    /// The HTML page shown when the error cannot go back to the app (bad client or redirect).
    pub fn page(&self) -> Response {
        let html = format!(
            "<!doctype html><html><head><title>Sign in to your account</title></head><body>\
             <h1>Sorry, but we're having trouble signing you in.</h1>\
             <p id=\"error\">AADSTS{}: {}</p></body></html>",
            self.code,
            escape(&self.message)
        );
        (StatusCode::BAD_REQUEST, Html(html)).into_response()
    }
}

/// The correlation id: the client's `client-request-id`, as Entra echoes it, or a new one.
pub fn correlation(headers: &HeaderMap) -> String {
    headers
        .get("client-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string())
}

/// Minimal HTML escaping for text put into pages.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}
