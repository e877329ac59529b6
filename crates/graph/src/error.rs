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
    #[error("The {what} {url:?} cannot be used ({reason}). Correct it in the settings.")]
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
    #[error("The {what} {url:?} is not allowed ({reason}). Use one of Microsoft's addresses: sign-ins and PINs are never sent anywhere else.")]
    EndpointNotAllowed {
        /// Which setting: `authority` or `Graph base URL`.
        what: &'static str,
        /// The value as configured.
        url: String,
        /// Why it is refused.
        reason: String,
    },
    /// The authority and the Graph URL belong to different clouds (or one is loopback).
    #[error("The sign-in authority {authority:?} and the Graph URL {graph:?} belong to different Microsoft clouds. Set both for the same cloud.")]
    EndpointMismatch {
        /// The sign-in authority as configured.
        authority: String,
        /// The Graph URL as configured.
        graph: String,
    },
    /// An ID token failed validation (issuer, audience, lifetime, tenant or nonce): it yields
    /// no account and no roles. The message names the failed check, never the token.
    #[error("Microsoft's answer to the sign-in could not be trusted ({0}). Sign in again; if it keeps happening, ask IT support.")]
    IdTokenInvalid(String),
    /// A response body larger than the client accepts.
    #[error("The answer from {host} was too large to read (more than {limit} bytes). Try again, or ask IT support.")]
    ResponseTooLarge {
        /// The host that answered.
        host: String,
        /// The most bytes the client reads.
        limit: usize,
    },
    /// Client configuration that cannot work (an unreadable CA certificate, a bad timeout).
    #[error("The connection settings cannot work ({0}). Check them, or ask IT support.")]
    InvalidConfig(String),
    /// The caller asked for something this client refuses before any request (empty user).
    #[error("This request was not sent ({0}). Check what you entered and try again.")]
    InvalidRequest(String),
    /// The user, method, QR code or policy does not exist.
    #[error("Microsoft could not find that person, sign-in method or QR code. Check the name, refresh and try again.")]
    NotFound(Box<ApiError>),
    /// The user already has an active QR code + PIN method (`tooManyQRCodePinMethod`).
    #[error(
        "This person already has a QR code + PIN sign-in. Delete it first, or renew it instead."
    )]
    MethodAlreadyExists(Box<ApiError>),
    /// An active standard or temporary code exists (`ActiveQRCodeExisted`).
    #[error("This person already has an active QR code of that kind. Delete it first.")]
    ActiveCodeExists(Box<ApiError>),
    /// Graph refused a PIN (too short, not digits, too simple, wrong current PIN).
    #[error("Microsoft did not accept the PIN ({reason}). Choose another PIN.")]
    PinRejected {
        /// What Graph objected to.
        reason: String,
        /// Graph's error answer.
        api: Box<ApiError>,
    },
    /// A QR code lifetime outside what Graph allows (`qrCodeLifeTimeExceedLimit`).
    #[error("That QR code lifetime is not allowed: standard codes last 1 to 395 days, temporary codes 1 to 12 hours. Pick a lifetime in that range.")]
    LifetimeOutOfRange(Box<ApiError>),
    /// The signed-in account lacks a permission (scope) or directory role.
    #[error("Your account is not allowed to do this: it needs {needs}. Ask an administrator to give it that permission or role.")]
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
    #[error("Microsoft asks for a fresh multifactor sign-in first (changing your own sign-in methods needs one within the last 10 minutes). Sign in again, complete the extra verification, and try again.")]
    MfaRequired {
        /// The `claims` JSON for the next interactive sign-in.
        claims: String,
        /// Graph's error answer.
        api: Box<ApiError>,
    },
    /// Graph refused one item of a `$batch` because that request is not accepted inside a
    /// batch (405 or 501 for the item, or a 400 saying batch is not supported): send it on
    /// its own.
    #[error(
        "Microsoft does not accept this change as part of a group of changes. Do it on its own."
    )]
    NotInBatch(Box<ApiError>),
    /// The access token was refused even after a refresh: sign in again.
    #[error("You are not signed in, or your session has expired. Sign in again.")]
    Unauthorized(Box<ApiError>),
    /// Graph kept throttling (429/503/504) past the retry budget.
    #[error("Microsoft is busy and asked qrstation to slow down. Try again{}.", retry_hint(.retry_after))]
    Throttled {
        /// How long Graph last asked to wait, when it said.
        retry_after: Option<Duration>,
        /// Graph's last error answer.
        api: Box<ApiError>,
    },
    /// Any other refusal by Graph (a 4xx or 5xx not listed above).
    #[error("Microsoft refused the request{}. Try again; if it keeps happening, ask IT support.", said(.0))]
    Api(Box<ApiError>),
    /// The request did not get an answer (DNS, connect, TLS, reset, time-out).
    /// `maybe_applied` is true for a write whose request was sent but whose answer was lost.
    #[error("Could not reach {host} ({detail}).{} Check the network connection and try again.", if *.maybe_applied { " The change may have been made: refresh to see before you try again." } else { "" })]
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
    #[error("Microsoft sent an answer qrstation does not understand ({detail}). Refresh to see whether the change was made, then try again.")]
    UnexpectedResponse {
        /// What was wrong with the body.
        detail: String,
        /// Graph's `request-id` of the answer.
        request_id: Option<String>,
    },
    /// The identity platform refused a sign-in or token request (`error` = OAuth error code).
    #[error("The sign-in did not work ({description}). Try signing in again.")]
    SignIn {
        /// The OAuth error code, e.g. `invalid_grant`.
        error: String,
        /// Entra's explanation.
        description: String,
    },
    /// The user declined the sign-in (`authorization_declined`, `access_denied`).
    #[error("The sign-in was declined. Sign in again and accept, or use another account.")]
    SignInDeclined,
    /// The device code or the loopback wait expired before the user signed in.
    #[error("The sign-in took too long and was stopped. Sign in again.")]
    SignInTimedOut,
    /// The sign-in was cancelled by the application.
    #[error("The sign-in was cancelled. Sign in again when you are ready.")]
    SignInCancelled,
    /// The redirect's `state` did not match the one sent (a stale tab or a forged redirect).
    #[error("The sign-in answer came from another sign-in attempt (an old browser tab, perhaps). Close the other tabs and sign in again.")]
    StateMismatch,
    /// No usable session (no refresh token, or it was revoked/rotated): sign in again.
    #[error("Please sign in again ({0}).")]
    SignInRequired(String),
}

fn retry_hint(d: &Option<Duration>) -> String {
    match d {
        Some(d) => format!(" in {:.1} s", d.as_secs_f64()),
        None => " in a few minutes".into(),
    }
}

/// Microsoft's own (already redacted) explanation, in brackets, when it gave one.
fn said(api: &ApiError) -> String {
    let text = api.message.trim().trim_end_matches('.').replace('`', "");
    if text.is_empty() {
        String::new()
    } else {
        format!(" (Microsoft said: {text})")
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

#[cfg(test)]
mod tests {
    use super::*;

    /// One value of every variant, each with a request-id where it can carry one.
    fn one_of_each() -> Vec<GraphError> {
        let s = || String::from("x");
        let api = || {
            Box::new(ApiError {
                status: 400,
                code: "badRequest".into(),
                message: "Something was wrong.".into(),
                request_id: Some("rid-1".into()),
                client_request_id: Some("crid-1".into()),
            })
        };
        vec![
            GraphError::InvalidEndpoint {
                what: "authority",
                url: s(),
                reason: s(),
            },
            GraphError::EndpointNotAllowed {
                what: "Graph base URL",
                url: s(),
                reason: s(),
            },
            GraphError::EndpointMismatch {
                authority: s(),
                graph: s(),
            },
            GraphError::IdTokenInvalid(s()),
            GraphError::ResponseTooLarge {
                host: s(),
                limit: 1,
            },
            GraphError::InvalidConfig(s()),
            GraphError::InvalidRequest(s()),
            GraphError::NotFound(api()),
            GraphError::MethodAlreadyExists(api()),
            GraphError::ActiveCodeExists(api()),
            GraphError::PinRejected {
                reason: s(),
                api: api(),
            },
            GraphError::LifetimeOutOfRange(api()),
            GraphError::Forbidden {
                needs: s(),
                api: api(),
            },
            GraphError::MfaRequired {
                claims: s(),
                api: api(),
            },
            GraphError::NotInBatch(api()),
            GraphError::Unauthorized(api()),
            GraphError::Throttled {
                retry_after: None,
                api: api(),
            },
            GraphError::Throttled {
                retry_after: Some(Duration::from_secs(3)),
                api: api(),
            },
            GraphError::Api(api()),
            GraphError::Api(Box::default()),
            GraphError::Network {
                host: s(),
                detail: s(),
                maybe_applied: false,
                client_request_id: None,
            },
            GraphError::Network {
                host: s(),
                detail: s(),
                maybe_applied: true,
                client_request_id: None,
            },
            GraphError::UnexpectedResponse {
                detail: s(),
                request_id: Some("rid-1".into()),
            },
            GraphError::SignIn {
                error: s(),
                description: s(),
            },
            GraphError::SignInDeclined,
            GraphError::SignInTimedOut,
            GraphError::SignInCancelled,
            GraphError::StateMismatch,
            GraphError::SignInRequired(s()),
        ]
    }

    /// Messages are for a store manager: sentences, no backticks, no codes, no HTTP status and
    /// no request-id (that one is kept apart, for "Details for support").
    #[test]
    fn every_message_is_a_plain_sentence() {
        let all = one_of_each();
        let codes: std::collections::HashSet<&str> = all.iter().map(GraphError::code).collect();
        assert_eq!(
            codes.len(),
            GraphError::all_codes().len(),
            "a variant is missing"
        );
        for e in all {
            let text = e.to_string();
            assert!(!text.contains('`'), "{text}");
            assert!(text.starts_with(char::is_uppercase), "{text}");
            assert!(text.ends_with('.'), "{text}");
            for code in GraphError::all_codes() {
                assert!(!text.contains(code), "{text}");
            }
            assert!(!text.contains("HTTP") && !text.contains("400"), "{text}");
            assert!(
                !text.contains("rid-1") && !text.contains("request-id"),
                "{text}"
            );
            assert!(!text.contains("badRequest"), "{text}");
        }
    }

    #[test]
    fn the_request_id_stays_out_of_the_message_but_is_kept() {
        let e = GraphError::Api(Box::new(ApiError {
            status: 500,
            code: "generalException".into(),
            message: "General failure.".into(),
            request_id: Some("abc-123".into()),
            client_request_id: None,
        }));
        assert_eq!(e.request_id(), Some("abc-123"));
        assert_eq!(
            e.to_string(),
            "Microsoft refused the request (Microsoft said: General failure). Try again; if it keeps happening, ask IT support."
        );
    }
}
