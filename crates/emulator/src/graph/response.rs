//! Graph responses: the status/headers/body triple handlers return, Graph's error envelope
//! `{error:{code,message,innerError:{date,request-id,client-request-id}}}`, and the
//! standard headers (`request-id`, `client-request-id`, `x-ms-ags-diagnostic`, …).

use axum::body::Body;
use axum::http::{HeaderName, HeaderValue, Response, StatusCode};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::clock::inner_error_date;

/// Per-request context: ids and the time the request is handled at.
#[derive(Debug, Clone)]
pub struct Ctx {
    /// Our `request-id` header (a fresh UUID per request).
    pub request_id: String,
    /// The `client-request-id` header: the client's own, or the request id.
    pub client_request_id: String,
    /// The emulator clock's time when the request is handled.
    pub now: DateTime<Utc>,
    /// `v1.0` or `beta`.
    pub version: &'static str,
    /// The 404 code for a missing method or code (copied from the compat switches when the
    /// request is dispatched, so handlers never lock the knobs while holding the tenant).
    pub missing_code: crate::config::MissingMethodCode,
}

impl Ctx {
    /// A context with a fresh request id; echoes the client's id or reuses the request id.
    pub fn new(client_request_id: Option<&str>, now: DateTime<Utc>, version: &'static str) -> Self {
        let request_id = uuid::Uuid::new_v4().to_string();
        let client_request_id = client_request_id
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| request_id.clone());
        Self {
            request_id,
            client_request_id,
            now,
            version,
            missing_code: crate::config::MissingMethodCode::ItemNotFound,
        }
    }
}

/// What a Graph handler answers.
#[derive(Debug, Clone)]
pub struct GraphResp {
    /// HTTP status.
    pub status: StatusCode,
    /// Extra response headers (name, value).
    pub headers: Vec<(String, String)>,
    /// A JSON body; `None` sends none (e.g. 204).
    pub body: Option<Value>,
    /// A `text/plain` body (only `/users/$count`).
    pub text: Option<String>,
}

impl GraphResp {
    /// A JSON response.
    pub fn json(status: u16, body: Value) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
            headers: vec![],
            body: Some(body),
            text: None,
        }
    }

    /// A response without a body (204, or another status the compat switches pick).
    pub fn empty(status: u16) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::NO_CONTENT),
            headers: vec![],
            body: None,
            text: None,
        }
    }

    /// JSON when `status` is not 204, else empty.
    pub fn with_status(status: u16, body: Value) -> Self {
        if status == 204 {
            Self::empty(204)
        } else {
            Self::json(status, body)
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }

    /// Converts to an HTTP response with Graph's standard headers.
    pub fn into_http(self, ctx: &Ctx) -> Response<Body> {
        let mut builder = Response::builder().status(self.status);
        let (body, ctype) = match (self.body, self.text) {
            (Some(v), _) => (
                Body::from(v.to_string()),
                Some("application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"),
            ),
            (None, Some(t)) => (Body::from(t), Some("text/plain")),
            (None, None) => (Body::empty(), None),
        };
        if let Some(ct) = ctype {
            builder = builder.header("content-type", ct);
        }
        builder = builder
            .header("request-id", &ctx.request_id)
            .header("client-request-id", &ctx.client_request_id)
            .header(
                "x-ms-ags-diagnostic",
                r#"{"ServerInfo":{"DataCenter":"Local","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"EMULATOR","ADSiteName":"LOC"}}"#,
            )
            .header("odata-version", "4.0")
            .header("cache-control", "no-cache")
            .header("strict-transport-security", "max-age=31536000");
        for (k, v) in self.headers {
            if let (Ok(k), Ok(v)) = (HeaderName::try_from(k), HeaderValue::try_from(v)) {
                builder = builder.header(k, v);
            }
        }
        builder
            .body(body)
            .unwrap_or_else(|_| Response::new(Body::empty()))
    }
}

/// Graph's error envelope.
pub fn error(ctx: &Ctx, status: u16, code: &str, message: &str) -> GraphResp {
    GraphResp::json(
        status,
        json!({"error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": inner_error_date(&ctx.now),
                "request-id": ctx.request_id,
                "client-request-id": ctx.client_request_id,
            }
        }}),
    )
}

/// 400 with the given code.
pub fn bad_request(ctx: &Ctx, code: &str, message: &str) -> GraphResp {
    error(ctx, 400, code, message)
}

/// 404 `itemNotFound` (authentication-method resources).
pub fn item_not_found(ctx: &Ctx, what: &str) -> GraphResp {
    error(
        ctx,
        404,
        "itemNotFound",
        &format!("The requested {what} was not found."),
    )
}

/// 404 for a missing method, code or listed method, with the code `Compat::missing_method_code`
/// picks. The docs say only "404 Not Found" for a user without a method; `itemNotFound` is
/// the default reading, `Request_ResourceNotFound` (the missing-user code) the other.
pub fn missing(ctx: &Ctx, what: &str) -> GraphResp {
    match ctx.missing_code {
        crate::config::MissingMethodCode::ItemNotFound => item_not_found(ctx, what),
        crate::config::MissingMethodCode::RequestResourceNotFound => error(
            ctx,
            404,
            "Request_ResourceNotFound",
            &format!("Resource '{what}' does not exist or one of its queried reference-property objects are not present."),
        ),
    }
}

/// 404 for a user that does not exist (directory wording).
pub fn user_not_found(ctx: &Ctx, key: &str) -> GraphResp {
    error(
        ctx,
        404,
        "Request_ResourceNotFound",
        &format!("Resource '{key}' does not exist or one of its queried reference-property objects are not present."),
    )
}

/// 403 for the authentication-method and policy APIs.
pub fn access_denied(ctx: &Ctx) -> GraphResp {
    error(ctx, 403, "accessDenied", "Request Authorization failed")
}

/// 403 for the directory (users) APIs.
pub fn directory_denied(ctx: &Ctx) -> GraphResp {
    error(
        ctx,
        403,
        "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.",
    )
}

/// 405 for a verb the resource does not support.
pub fn method_not_allowed(ctx: &Ctx) -> GraphResp {
    error(
        ctx,
        405,
        "Request_BadRequest",
        "Specified HTTP method is not allowed for the request target.",
    )
}

/// 400 for an unknown path segment (Graph's wording for unresolvable segments).
pub fn bad_segment(ctx: &Ctx, segment: &str) -> GraphResp {
    error(
        ctx,
        400,
        "BadRequest",
        &format!("Resource not found for the segment '{segment}'."),
    )
}

/// 429 as Graph's throttling page shows it.
pub fn throttled(ctx: &Ctx, retry_after_secs: f64) -> GraphResp {
    GraphResp::json(
        429,
        json!({"error": {
            "code": "TooManyRequests",
            "message": "Please retry again later.",
            "innerError": {
                "code": "429",
                "date": inner_error_date(&ctx.now),
                "message": "Please retry after",
                "request-id": ctx.request_id,
                "client-request-id": ctx.client_request_id,
                "status": "429"
            }
        }}),
    )
    .header("Retry-After", crate::faults::retry_after(retry_after_secs))
}

/// 503 for an injected outage.
pub fn unavailable(ctx: &Ctx) -> GraphResp {
    error(
        ctx,
        503,
        "serviceNotAvailable",
        "Service is temporarily unavailable. Please try again later.",
    )
    .header("Retry-After", "1")
}
