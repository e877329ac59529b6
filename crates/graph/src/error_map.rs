//! From a non-2xx Graph answer to a [`GraphError`] a person can act on. The error envelope is
//! `{"error":{"code","message","innerError"|"innererror":{"request-id",…}}}`; keys are read
//! case-insensitively and `code` is compared case-insensitively, as the docs' casing varies.

use serde_json::Value;

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
/// and role the operation requires, for 403.
pub fn classify(
    api: ApiError,
    needs: &str,
    retry_after: Option<std::time::Duration>,
) -> GraphError {
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
            assert!(text.contains("r1"), "{text}");
        }
    }
}
