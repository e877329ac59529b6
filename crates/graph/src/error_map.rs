//! From a non-2xx Graph answer to a [`GraphError`] a person can act on. The error envelope is
//! `{"error":{"code","message","innerError"|"innererror":{"request-id",…}}}`; keys are read
//! case-insensitively and `code` is compared case-insensitively, as the docs' casing varies.
//! Claims challenges (`WWW-Authenticate`) and `$batch` refusals are sorted by [`classify_in`].

use serde_json::Value;

use crate::challenge::{ClaimsChallenge, MFA_STEP_UP_CLAIMS};
use crate::error::ApiError;
use crate::redact::redact;
use crate::transport::Reply;
use crate::GraphError;

fn get_ci<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

fn str_ci(v: &Value, key: &str) -> Option<String> {
    get_ci(v, key).and_then(Value::as_str).map(str::to_owned)
}

/// Reads status, Graph code, message and request-id out of an answer.
pub fn api_error(reply: &Reply) -> ApiError {
    let body: Value = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
    api_error_from(
        reply.status,
        &body,
        reply.request_id.clone(),
        Some(reply.client_request_id.clone()),
    )
}

/// Same, for a body already parsed (a `$batch` item).
pub fn api_error_from(
    status: u16,
    body: &Value,
    request_id: Option<String>,
    client_request_id: Option<String>,
) -> ApiError {
    let err = get_ci(body, "error").cloned().unwrap_or(Value::Null);
    let inner = get_ci(&err, "innerError").cloned().unwrap_or(Value::Null);
    let code = str_ci(&err, "code").unwrap_or_default();
    let message = str_ci(&err, "message")
        .filter(|m| !m.is_empty())
        .or_else(|| str_ci(&inner, "message"))
        .unwrap_or_default();
    ApiError {
        status,
        code,
        message: redact(&message),
        request_id: request_id
            .or_else(|| str_ci(&inner, "request-id"))
            .or_else(|| str_ci(&inner, "requestId")),
        client_request_id: client_request_id.or_else(|| str_ci(&inner, "client-request-id")),
    }
}

/// Sorts a Graph refusal into the variants of [`GraphError`]. `needs` says which permission
/// and role the operation requires, for 403. (No claims challenge, not a self-service write,
/// not a batch item: see [`classify_in`].)
pub fn classify(
    api: ApiError,
    needs: &str,
    retry_after: Option<std::time::Duration>,
) -> GraphError {
    classify_in(
        api,
        &Refusal {
            needs,
            retry_after,
            ..Refusal::default()
        },
    )
}

/// What is known about a refused request besides Graph's error envelope.
#[derive(Debug, Clone, Default)]
pub struct Refusal<'a> {
    /// The permission and role the operation requires (named in `graph.forbidden`).
    pub needs: &'a str,
    /// The answer's `Retry-After`.
    pub retry_after: Option<std::time::Duration>,
    /// The answer's `WWW-Authenticate` claims challenge, if any.
    pub challenge: Option<ClaimsChallenge>,
    /// The request wrote the caller's own authentication methods (`/me/authentication/…`,
    /// any verb but GET): see [`is_self_service_write`].
    pub self_service_write: bool,
    /// The answer is one item of a `$batch`.
    pub in_batch: bool,
}

/// Whether `method` on `path` (relative to the version root, e.g.
/// `/me/authentication/qrCodePinMethod/pin/updatePin`) is a self-service write to
/// authentication methods: the writes Microsoft guards with the 10-minute MFA freshness rule
/// (authentication methods overview; <https://learn.microsoft.com/graph/api/qrpin-updatepin?view=graph-rest-1.0>).
pub fn is_self_service_write(method: &str, path: &str) -> bool {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut segs = path.split('/').filter(|s| !s.is_empty());
    let me = segs.next().is_some_and(|s| s.eq_ignore_ascii_case("me"));
    let auth = segs
        .next()
        .is_some_and(|s| s.eq_ignore_ascii_case("authentication"));
    me && auth && !method.eq_ignore_ascii_case("GET") && !method.eq_ignore_ascii_case("HEAD")
}

/// A batch item refused because batching is the problem: 405 or 501 for the item, or a 400
/// whose message says the request is not supported or not allowed in a batch (the wording
/// Graph uses for other APIs, e.g. "Write requests … are not supported in JSON batch").
/// Whether QR writes are accepted in `$batch` at all is not documented.
fn refused_in_batch(api: &ApiError) -> bool {
    let msg = api.message.to_ascii_lowercase();
    match api.status {
        405 | 501 => true,
        400 => {
            msg.contains("batch")
                && (msg.contains("not supported")
                    || msg.contains("not allowed")
                    || msg.contains("unsupported"))
        }
        _ => false,
    }
}

/// [`classify`] with everything else known about the refusal:
/// - a 401 or 403 carrying `WWW-Authenticate: Bearer …, error="insufficient_claims"` is
///   `graph.mfa_required` with the header's claims (continuous access evaluation and
///   Conditional Access send these);
/// - a 403 on a self-service write is `graph.mfa_required` with the header's claims or, when
///   it names none, [`crate::MFA_STEP_UP_CLAIMS`]. The authentication methods overview says
///   apps "must handle 403" and re-authenticate with those claims; the exact body of that 403,
///   and whether it carries the header, are not documented, so any 403 on such a write is
///   read this way (a missing permission on `/me` writes would show up again after the MFA
///   sign-in as the same refusal);
/// - inside a batch, a 405/501 or a "not supported in batch" 400 is `graph.not_in_batch`.
pub fn classify_in(api: ApiError, ctx: &Refusal<'_>) -> GraphError {
    let challenged = ctx
        .challenge
        .as_ref()
        .filter(|c| c.insufficient_claims() && matches!(api.status, 401 | 403));
    if let Some(c) = challenged {
        return GraphError::MfaRequired {
            claims: c
                .claims
                .clone()
                .unwrap_or_else(|| MFA_STEP_UP_CLAIMS.to_owned()),
            api: Box::new(api),
        };
    }
    if api.status == 403 && ctx.self_service_write {
        return GraphError::MfaRequired {
            claims: ctx
                .challenge
                .as_ref()
                .and_then(|c| c.claims.clone())
                .unwrap_or_else(|| MFA_STEP_UP_CLAIMS.to_owned()),
            api: Box::new(api),
        };
    }
    if ctx.in_batch && refused_in_batch(&api) {
        return GraphError::NotInBatch(Box::new(api));
    }
    let (needs, retry_after) = (ctx.needs, ctx.retry_after);
    let api = Box::new(api);
    let code = api.code.to_ascii_lowercase();
    match (api.status, code.as_str()) {
        (_, "toomanyqrcodepinmethod") => GraphError::MethodAlreadyExists(api),
        (_, "activeqrcodeexisted") => GraphError::ActiveCodeExists(api),
        (_, "qrcodelifetimeexceedlimit") => GraphError::LifetimeOutOfRange(api),
        (_, "pintooshort") => GraphError::PinRejected {
            reason: "too short, or not digits only".into(),
            api,
        },
        (_, "invalidcurrentpin") => GraphError::PinRejected {
            reason: "the current PIN is wrong".into(),
            api,
        },
        (_, c) if c.contains("pin") && api.status == 400 => GraphError::PinRejected {
            reason: "it breaks the PIN rules (8-20 digits, no sequences or repeated blocks)".into(),
            api,
        },
        (401, _) => GraphError::Unauthorized(api),
        (403, _) => GraphError::Forbidden {
            needs: needs.to_owned(),
            api,
        },
        (404, _) => GraphError::NotFound(api),
        (429 | 503 | 504, _) => GraphError::Throttled { retry_after, api },
        _ => GraphError::Api(api),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn api(status: u16, code: &str) -> ApiError {
        ApiError {
            status,
            code: code.into(),
            ..ApiError::default()
        }
    }

    #[test]
    fn documented_codes_map_to_actionable_errors() {
        let cases = [
            (400, "tooManyQRCodePinMethod", "graph.method_exists"),
            (400, "ActiveQRCodeExisted", "graph.active_code_exists"),
            (400, "activeQrCodeExisted", "graph.active_code_exists"),
            (
                400,
                "qrCodeLifeTimeExceedLimit",
                "graph.lifetime_out_of_range",
            ),
            (400, "pinTooShort", "graph.pin_rejected"),
            (400, "invalidPin", "graph.pin_rejected"),
            (400, "invalidCurrentPin", "graph.pin_rejected"),
            (400, "standardQRCodeRequired", "graph.api_error"),
            (401, "InvalidAuthenticationToken", "graph.unauthorized"),
            (403, "accessDenied", "graph.forbidden"),
            (403, "Authorization_RequestDenied", "graph.forbidden"),
            (404, "itemNotFound", "graph.not_found"),
            (404, "Request_ResourceNotFound", "graph.not_found"),
            (429, "TooManyRequests", "graph.throttled"),
            (503, "serviceNotAvailable", "graph.throttled"),
            (500, "generalException", "graph.api_error"),
        ];
        for (status, code, want) in cases {
            assert_eq!(
                classify(api(status, code), "X", None).code(),
                want,
                "{status} {code}"
            );
        }
    }

    #[test]
    fn forbidden_says_what_is_missing() {
        let e = classify(
            api(403, "accessDenied"),
            crate::permissions::WRITE_METHOD,
            None,
        );
        let text = e.to_string();
        assert!(text.contains("UserAuthMethod-QR.ReadWrite.All"), "{text}");
        assert!(text.contains("Authentication Administrator"), "{text}");
    }

    fn challenge(claims: Option<&str>) -> ClaimsChallenge {
        ClaimsChallenge {
            error: Some("insufficient_claims".into()),
            claims: claims.map(str::to_owned),
        }
    }

    #[test]
    fn a_403_on_a_self_service_write_asks_for_mfa() {
        let ctx = Refusal {
            needs: crate::permissions::UPDATE_PIN,
            self_service_write: true,
            ..Refusal::default()
        };
        let e = classify_in(api(403, "accessDenied"), &ctx);
        assert_eq!(e.code(), "graph.mfa_required");
        assert_eq!(e.claims(), Some(MFA_STEP_UP_CLAIMS));
        assert_eq!(e.status(), Some(403));
        let text = e.to_string();
        assert!(text.contains("multifactor"), "{text}");
        assert!(!text.contains("Directory.AccessAsUser.All"), "{text}");
        // The header's claims win over the default.
        let ctx = Refusal {
            challenge: Some(challenge(Some(
                r#"{"access_token":{"acrs":{"values":["c1"]}}}"#,
            ))),
            ..ctx
        };
        let e = classify_in(api(403, "accessDenied"), &ctx);
        assert_eq!(
            e.claims(),
            Some(r#"{"access_token":{"acrs":{"values":["c1"]}}}"#)
        );
        // Reads, and writes on other users, stay `forbidden` without a challenge.
        let admin = Refusal {
            needs: "X",
            ..Refusal::default()
        };
        assert_eq!(
            classify_in(api(403, "accessDenied"), &admin).code(),
            "graph.forbidden"
        );
        // A PIN refusal on a self-service write is still a PIN refusal.
        let e = classify_in(
            api(400, "invalidCurrentPin"),
            &Refusal {
                self_service_write: true,
                ..Refusal::default()
            },
        );
        assert_eq!(e.code(), "graph.pin_rejected");
    }

    #[test]
    fn insufficient_claims_challenges_ask_for_mfa_on_401_and_403() {
        for status in [401, 403] {
            let ctx = Refusal {
                challenge: Some(challenge(Some("{\"a\":1}"))),
                ..Refusal::default()
            };
            let e = classify_in(api(status, "InvalidAuthenticationToken"), &ctx);
            assert_eq!(e.code(), "graph.mfa_required", "{status}");
            assert_eq!(e.claims(), Some("{\"a\":1}"));
            let no_claims = Refusal {
                challenge: Some(challenge(None)),
                ..Refusal::default()
            };
            assert_eq!(
                classify_in(api(status, "x"), &no_claims).claims(),
                Some(MFA_STEP_UP_CLAIMS)
            );
        }
        // Another error in the challenge is an ordinary 401.
        let other = Refusal {
            challenge: Some(ClaimsChallenge {
                error: Some("invalid_token".into()),
                claims: None,
            }),
            ..Refusal::default()
        };
        assert_eq!(
            classify_in(api(401, "x"), &other).code(),
            "graph.unauthorized"
        );
        assert_eq!(
            classify_in(
                api(400, "x"),
                &Refusal {
                    challenge: Some(challenge(None)),
                    ..Refusal::default()
                }
            )
            .code(),
            "graph.api_error"
        );
    }

    #[test]
    fn self_service_writes_are_told_by_path_and_verb() {
        for (m, p, want) in [
            (
                "POST",
                "/me/authentication/qrCodePinMethod/pin/updatePin",
                true,
            ),
            ("PATCH", "/ME/Authentication/qrCodePinMethod/pin", true),
            ("PUT", "/me/authentication/qrCodePinMethod?x=1", true),
            (
                "DELETE",
                "me/authentication/qrCodePinMethod/standardQRCode",
                true,
            ),
            ("GET", "/me/authentication/qrCodePinMethod", false),
            ("PATCH", "/users/me/authentication/qrCodePinMethod", false),
            (
                "PATCH",
                "/users/u1/authentication/qrCodePinMethod/pin",
                false,
            ),
            ("PATCH", "/me", false),
            ("POST", "/$batch", false),
        ] {
            assert_eq!(is_self_service_write(m, p), want, "{m} {p}");
        }
    }

    #[test]
    fn batch_refusals_are_not_in_batch_only_inside_a_batch() {
        let batch = Refusal {
            in_batch: true,
            ..Refusal::default()
        };
        let msg = |status, code: &str, message: &str| ApiError {
            status,
            code: code.into(),
            message: message.into(),
            ..ApiError::default()
        };
        for a in [
            msg(
                405,
                "Request_BadRequest",
                "Specified HTTP method is not allowed for the request target.",
            ),
            msg(501, "NotImplemented", ""),
            msg(
                400,
                "BadRequest",
                "Write requests to authentication methods are not supported in JSON batch.",
            ),
        ] {
            assert_eq!(
                classify_in(a.clone(), &batch).code(),
                "graph.not_in_batch",
                "{a}"
            );
            assert_ne!(
                classify_in(a, &Refusal::default()).code(),
                "graph.not_in_batch"
            );
        }
        assert_eq!(
            classify_in(msg(400, "invalidPin", "weak"), &batch).code(),
            "graph.pin_rejected"
        );
        assert_eq!(
            classify_in(msg(400, "badRequest", "Invalid batch payload"), &batch).code(),
            "graph.api_error"
        );
    }

    #[test]
    fn envelope_is_read_case_insensitively() {
        let body = json!({"Error": {"Code": "badRequest", "message": "",
            "innererror": {"message": "Invalid LifetimeInMinutes specified.", "request-id": "07ddd94e", "client-request-id": "c1"}}});
        let a = api_error_from(400, &body, None, None);
        assert_eq!(a.code, "badRequest");
        assert_eq!(a.message, "Invalid LifetimeInMinutes specified.");
        assert_eq!(a.request_id.as_deref(), Some("07ddd94e"));
        assert_eq!(a.client_request_id.as_deref(), Some("c1"));
        let header_wins = api_error_from(400, &body, Some("hdr".into()), None);
        assert_eq!(header_wins.request_id.as_deref(), Some("hdr"));
        let empty = api_error_from(502, &Value::Null, None, None);
        assert_eq!((empty.status, empty.code.as_str()), (502, ""));
    }

    #[test]
    fn a_pin_echoed_by_the_server_never_reaches_the_message() {
        let body =
            json!({"error": {"code": "invalidPin", "message": "PIN 12121212 repeats a block"}});
        let e = classify(
            api_error_from(400, &body, Some("r1".into()), None),
            "X",
            None,
        );
        for text in [e.to_string(), format!("{e:?}")] {
            assert!(!text.contains("12121212"), "{text}");
        }
        // The request-id is kept for support, apart from the message.
        assert_eq!(e.request_id(), Some("r1"));
        assert!(format!("{e:?}").contains("r1"));
    }
}
