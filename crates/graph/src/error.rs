//! The one error type of `qrstation-graph`, with a stable machine-readable code per variant.
//!
//! Every Graph failure keeps what a support ticket needs (HTTP status, Graph error code, the
//! service's message and the `request-id`) and is sorted into what a person can act on.
//! Messages never carry tokens, PINs or QR data: Graph's own messages pass through
//! [`crate::redact::redact`] before they are stored here.

use std::fmt;
use std::time::Duration;

/// What Microsoft Graph said about a failed request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ApiError {
    /// HTTP status, e.g. 400.
    pub status: u16,
    /// Graph's `error.code` (opaque; casing varies between services), e.g. `itemNotFound`.
    pub code: String,
    /// Graph's `error.message`, with anything that looks like a PIN or token removed.
    pub message: String,
    /// The response `request-id` header (or `innerError.request-id`).
    pub request_id: Option<String>,
    /// The `client-request-id` this client sent with the request.
    pub client_request_id: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if !self.code.is_empty() {
            write!(f, " {}", self.code)?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request-id {id})")?;
        }
        Ok(())
    }
}

/// Everything the Graph client can fail with. Messages never carry tokens, PINs or QR data.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    /// A configured authority or Graph URL cannot be used.
    #[error("{what} {url:?} cannot be used: {reason}")]
    InvalidEndpoint {
        /// Which setting: `authority` or `Graph base URL`.
        what: &'static str,
        /// The value as configured.
        url: String,
        /// Why it cannot be used.
        reason: String,
    },
    /// An authority or Graph host that is neither one of Microsoft's national clouds nor a
    /// loopback address: tokens and PINs would go to it.
    #[error("{what} {url:?} is not allowed: {reason}")]
    EndpointNotAllowed {
        /// Which setting: `authority` or `Graph base URL`.
        what: &'static str,
        /// The value as configured.
        url: String,
        /// Why it is refused.
        reason: String,
    },
    /// The authority and the Graph URL belong to different clouds (or one is loopback).
    #[error("the sign-in authority {authority:?} and the Graph URL {graph:?} do not belong to the same cloud")]
    EndpointMismatch {
        /// The sign-in authority as configured.
        authority: String,
        /// The Graph URL as configured.
        graph: String,
    },
    /// An ID token failed validation (issuer, audience, lifetime, tenant or nonce): it yields
    /// no account and no roles. The message names the failed check, never the token.
    #[error("the sign-in answer's ID token is not valid: {0}")]
    IdTokenInvalid(String),
    /// A response body larger than the client accepts.
    #[error("the answer from {host} is larger than {limit} bytes; not reading it")]
    ResponseTooLarge {
        /// The host that answered.
        host: String,
        /// The most bytes the client reads.
        limit: usize,
    },
    /// Client configuration that cannot work (an unreadable CA certificate, a bad timeout).
    #[error("invalid client configuration: {0}")]
    InvalidConfig(String),
    /// The caller asked for something this client refuses before any request (empty user).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The user, method, QR code or policy does not exist.
    #[error("not found: {0}")]
    NotFound(Box<ApiError>),
    /// The user already has an active QR code + PIN method (`tooManyQRCodePinMethod`).
    #[error("the user already has an active QR code + PIN method; delete it first ({0})")]
    MethodAlreadyExists(Box<ApiError>),
    /// An active standard or temporary code exists (`ActiveQRCodeExisted`).
    #[error("an active QR code of that kind already exists; delete it first ({0})")]
    ActiveCodeExists(Box<ApiError>),
    /// Graph refused a PIN (too short, not digits, too simple, wrong current PIN).
    #[error("PIN rejected: {reason} ({api})")]
    PinRejected {
        /// What Graph objected to.
        reason: String,
        /// Graph's error answer.
        api: Box<ApiError>,
    },
    /// A QR code lifetime outside what Graph allows (`qrCodeLifeTimeExceedLimit`).
    #[error("QR code lifetime out of range: standard codes last 1 to 395 days, temporary codes 1 to 12 hours ({0})")]
    LifetimeOutOfRange(Box<ApiError>),
    /// The signed-in account lacks a permission (scope) or directory role.
    #[error("access denied: this needs {needs} ({api})")]
    Forbidden {
        /// The permission or role the request needs.
        needs: String,
        /// Graph's error answer.
        api: Box<ApiError>,
    },
    /// Microsoft wants a fresh multifactor sign-in (a claims challenge) before this request:
    /// a 403 on a self-service write to the caller's own authentication methods (MFA must be
    /// at most 10 minutes old since January 2026), or a 401/403 whose `WWW-Authenticate` says
    /// `error="insufficient_claims"`. `claims` is the JSON to send as the `claims` parameter
    /// of a new interactive sign-in ([`crate::MFA_STEP_UP_CLAIMS`] when the answer named
    /// none); a refresh cannot satisfy it. Then retry once.
    #[error("Microsoft asks for a fresh multifactor sign-in first (changing your own sign-in methods needs one within the last 10 minutes): sign in again, complete the extra verification, and retry ({api})")]
    MfaRequired {
        /// The `claims` JSON for the next interactive sign-in.
        claims: String,
        /// Graph's error answer.
        api: Box<ApiError>,
    },
    /// Graph refused one item of a `$batch` because that request is not accepted inside a
    /// batch (405 or 501 for the item, or a 400 saying batch is not supported): send it on
    /// its own.
    #[error("Microsoft Graph does not accept this request inside a JSON batch; send it on its own ({0})")]
    NotInBatch(Box<ApiError>),
    /// The access token was refused even after a refresh: sign in again.
    #[error("not signed in or the session expired; sign in again ({0})")]
    Unauthorized(Box<ApiError>),
    /// Graph kept throttling (429/503/504) past the retry budget.
    #[error("Microsoft Graph is throttling requests; try again{} ({api})", retry_hint(.retry_after))]
    Throttled {
        /// How long Graph last asked to wait, when it said.
        retry_after: Option<Duration>,
        /// Graph's last error answer.
        api: Box<ApiError>,
    },
    /// Any other refusal by Graph (a 4xx or 5xx not listed above).
    #[error("Microsoft Graph refused the request: {0}")]
    Api(Box<ApiError>),
    /// The request did not get an answer (DNS, connect, TLS, reset, time-out).
    /// `maybe_applied` is true for a write whose request was sent but whose answer was lost.
    #[error("network error talking to {host}: {detail}{}", if *.maybe_applied { " (the change may have taken effect)" } else { "" })]
    Network {
        /// The host that did not answer.
        host: String,
        /// What failed (connect, TLS, time-out…), without secrets.
        detail: String,
        /// A write was sent, so the change may have taken effect.
        maybe_applied: bool,
        /// Our `client-request-id`, to find the request in Microsoft's logs.
        client_request_id: Option<String>,
    },
    /// A 2xx answer whose body is not what the docs describe.
    #[error("unexpected response from Microsoft Graph: {detail} (request-id {})", .request_id.as_deref().unwrap_or("none"))]
    UnexpectedResponse {
        /// What was wrong with the body.
        detail: String,
        /// Graph's `request-id` of the answer.
        request_id: Option<String>,
    },
    /// The identity platform refused a sign-in or token request (`error` = OAuth error code).
    #[error("sign-in failed: {error}: {description}")]
    SignIn {
        /// The OAuth error code, e.g. `invalid_grant`.
        error: String,
        /// Entra's explanation.
        description: String,
    },
    /// The user declined the sign-in (`authorization_declined`, `access_denied`).
    #[error("sign-in was declined")]
    SignInDeclined,
    /// The device code or the loopback wait expired before the user signed in.
    #[error("sign-in timed out before it was completed")]
    SignInTimedOut,
    /// The sign-in was cancelled by the application.
    #[error("sign-in was cancelled")]
    SignInCancelled,
    /// The redirect's `state` did not match the one sent (a stale tab or a forged redirect).
    #[error("sign-in redirect did not match this sign-in attempt (state mismatch)")]
    StateMismatch,
    /// No usable session (no refresh token, or it was revoked/rotated): sign in again.
    #[error("sign-in required: {0}")]
    SignInRequired(String),
}

fn retry_hint(d: &Option<Duration>) -> String {
    match d {
        Some(d) => format!(" in {:.1} s", d.as_secs_f64()),
        None => " later".into(),
    }
}

impl GraphError {
    /// Every code `code()` returns (the TypeScript `ErrorCode` union is made from these).
    pub fn all_codes() -> &'static [&'static str] {
        &[
            "graph.invalid_endpoint",
            "graph.endpoint_not_allowed",
            "graph.endpoint_mismatch",
            "graph.id_token_invalid",
            "graph.response_too_large",
            "graph.invalid_config",
            "graph.invalid_request",
            "graph.not_found",
            "graph.method_exists",
            "graph.active_code_exists",
            "graph.pin_rejected",
            "graph.lifetime_out_of_range",
            "graph.forbidden",
            "graph.mfa_required",
            "graph.not_in_batch",
            "graph.unauthorized",
            "graph.throttled",
            "graph.api_error",
            "graph.network",
            "graph.unexpected_response",
            "graph.sign_in_failed",
            "graph.sign_in_declined",
            "graph.sign_in_timed_out",
            "graph.sign_in_cancelled",
            "graph.sign_in_state_mismatch",
            "graph.sign_in_required",
        ]
    }

    /// A stable code the UI and scripts can branch on, e.g. `graph.invalid_endpoint`.
    pub fn code(&self) -> &'static str {
        match self {
            GraphError::InvalidEndpoint { .. } => "graph.invalid_endpoint",
            GraphError::EndpointNotAllowed { .. } => "graph.endpoint_not_allowed",
            GraphError::EndpointMismatch { .. } => "graph.endpoint_mismatch",
            GraphError::IdTokenInvalid(_) => "graph.id_token_invalid",
            GraphError::ResponseTooLarge { .. } => "graph.response_too_large",
            GraphError::InvalidConfig(_) => "graph.invalid_config",
            GraphError::InvalidRequest(_) => "graph.invalid_request",
            GraphError::NotFound(_) => "graph.not_found",
            GraphError::MethodAlreadyExists(_) => "graph.method_exists",
            GraphError::ActiveCodeExists(_) => "graph.active_code_exists",
            GraphError::PinRejected { .. } => "graph.pin_rejected",
            GraphError::LifetimeOutOfRange(_) => "graph.lifetime_out_of_range",
            GraphError::Forbidden { .. } => "graph.forbidden",
            GraphError::MfaRequired { .. } => "graph.mfa_required",
            GraphError::NotInBatch(_) => "graph.not_in_batch",
            GraphError::Unauthorized(_) => "graph.unauthorized",
            GraphError::Throttled { .. } => "graph.throttled",
            GraphError::Api(_) => "graph.api_error",
            GraphError::Network { .. } => "graph.network",
            GraphError::UnexpectedResponse { .. } => "graph.unexpected_response",
            GraphError::SignIn { .. } => "graph.sign_in_failed",
            GraphError::SignInDeclined => "graph.sign_in_declined",
            GraphError::SignInTimedOut => "graph.sign_in_timed_out",
            GraphError::SignInCancelled => "graph.sign_in_cancelled",
            GraphError::StateMismatch => "graph.sign_in_state_mismatch",
            GraphError::SignInRequired(_) => "graph.sign_in_required",
        }
    }

    /// What Graph said, when the error came from a Graph answer.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            GraphError::NotFound(a)
            | GraphError::MethodAlreadyExists(a)
            | GraphError::ActiveCodeExists(a)
            | GraphError::LifetimeOutOfRange(a)
            | GraphError::Unauthorized(a)
            | GraphError::NotInBatch(a)
            | GraphError::Api(a) => Some(a.as_ref()),
            GraphError::PinRejected { api, .. }
            | GraphError::MfaRequired { api, .. }
            | GraphError::Forbidden { api, .. }
            | GraphError::Throttled { api, .. } => Some(api.as_ref()),
            _ => None,
        }
    }

    /// The claims a new interactive sign-in must ask for (`graph.mfa_required`), as JSON.
    pub fn claims(&self) -> Option<&str> {
        match self {
            GraphError::MfaRequired { claims, .. } => Some(claims),
            _ => None,
        }
    }

    /// The Graph `request-id` of the failed call, for support tickets and the audit log.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            GraphError::UnexpectedResponse { request_id, .. } => request_id.as_deref(),
            other => other.api().and_then(|a| a.request_id.as_deref()),
        }
    }

    /// The HTTP status of the failed call, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        self.api().map(|a| a.status)
    }
}
