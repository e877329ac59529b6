//! Microsoft Graph under `/v1.0` and `/beta`: authenticates, routes (path segments matched
//! case-insensitively, `/me/…` and `/users/{id | userPrincipalName}/…`), runs the handler,
//! checks MFA freshness of self-service writes, records writes for the replication lag,
//! persists after successful writes, and adds Graph's headers.

pub mod auth;
pub mod batch;
pub mod json;
pub mod mfa;
pub mod odata;
pub mod paging;
pub mod pin;
pub mod policy;
pub mod qr;
pub mod response;
pub mod roles;
pub mod units;
pub mod users;

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, Request, Response};

use auth::{authenticate, authorize, Op};
use qr::Kind;
use response::{
    access_denied, bad_request, bad_segment, method_not_allowed, user_not_found, Ctx, GraphResp,
};
use users::Query;

use crate::state::Shared;

/// One Graph request, from HTTP or from inside a `$batch`.
#[derive(Debug, Clone)]
pub struct GraphReq {
    /// The HTTP method.
    pub method: Method,
    /// Path after the version segment, starting with `/`.
    pub path: String,
    /// Query parameters, in order, percent-decoded.
    pub query: Vec<(String, String)>,
    /// Request headers.
    pub headers: HeaderMap,
    /// Request body (empty when none).
    pub body: Bytes,
}

/// Splits `/v1.0/users/x?y` into the version and the rest; `None` when not a Graph path.
pub fn split_version(path: &str) -> Option<(&'static str, &str)> {
    let trimmed = path.trim_start_matches('/');
    let (first, rest) = trimmed.split_once('/').unwrap_or((trimmed, ""));
    let version = if first.eq_ignore_ascii_case("v1.0") {
        "v1.0"
    } else if first.eq_ignore_ascii_case("beta") {
        "beta"
    } else {
        return None;
    };
    Some((version, &path[path.len() - rest.len()..]))
}

/// The axum fallback for every Graph path.
pub async fn http_entry(State(shared): State<Arc<Shared>>, req: Request<Body>) -> Response<Body> {
    let (parts, body) = req.into_parts();
    let client_id = parts
        .headers
        .get("client-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let Some((version, rest)) = split_version(parts.uri.path()) else {
        let ctx = Ctx::new(client_id.as_deref(), shared.clock.now(), "v1.0");
        // Not Graph (`/v1.0` or `/beta`) and not an identity route either.
        return response::error(
            &ctx,
            404,
            "NotFound",
            "The requested path does not exist on the emulator.",
        )
        .into_http(&ctx);
    };
    let ctx = Ctx::new(client_id.as_deref(), shared.clock.now(), version);
    let bytes = match axum::body::to_bytes(body, 4 * 1024 * 1024).await {
        Ok(b) => b,
        Err(_) => {
            return bad_request(
                &ctx,
                "BadRequest",
                "The request body is too large or unreadable.",
            )
            .into_http(&ctx)
        }
    };
    let query = parts
        .uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let req = GraphReq {
        method: parts.method,
        path: format!("/{}", rest.trim_start_matches('/')),
        query,
        headers: parts.headers,
        body: bytes,
    };
    let resp = if req.path.eq_ignore_ascii_case("/$batch") {
        if req.method == Method::POST {
            batch::run(&shared, &ctx, &req)
        } else {
            method_not_allowed(&ctx)
        }
    } else {
        dispatch(&shared, &ctx, &req)
    };
    resp.into_http(&ctx)
}

/// Runs one Graph request (also used for each `$batch` item), saving state after writes.
pub fn dispatch(shared: &Shared, ctx: &Ctx, req: &GraphReq) -> GraphResp {
    let ctx = &Ctx {
        missing_code: shared.knobs().compat.missing_method_code,
        ..ctx.clone()
    };
    let mut resp = route(shared, ctx, req);
    // `isForcePinChangeRequired` is the Entra how-to's spelling of the qrPin flag; the Graph
    // resource page says `forceChangePinNextSignIn` (the default).
    let force = shared.knobs().compat.force_change_property;
    if force != crate::config::ForceChangeProperty::ForceChangePinNextSignIn {
        if let Some(b) = resp.body.as_mut() {
            rename_key(b, "forceChangePinNextSignIn", force.as_str());
        }
    }
    if resp.is_success() && req.method != Method::GET {
        if let Err(e) = shared.save() {
            tracing::warn!(error = %e, "could not persist emulator state");
        }
    }
    resp
}

/// Renames `from` to `to` in every object of `v`, recursively.
fn rename_key(v: &mut serde_json::Value, from: &str, to: &str) {
    match v {
        serde_json::Value::Object(o) => {
            if let Some(x) = o.remove(from) {
                o.insert(to.to_string(), x);
            }
            o.values_mut().for_each(|x| rename_key(x, from, to));
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| rename_key(x, from, to)),
        _ => {}
    }
}

fn decode(seg: &str) -> String {
    url::form_urlencoded::parse(format!("k={}", seg.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

fn route(shared: &Shared, ctx: &Ctx, req: &GraphReq) -> GraphResp {
    let caller = match authenticate(shared, ctx, &req.headers) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let Some(me) = shared.tenant().find_user(&caller.user_id).cloned() else {
        return user_not_found(ctx, &caller.user_id);
    };
    let strict = shared.knobs().strict;
    let segs: Vec<String> = req
        .path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(decode)
        .collect();
    let lower: Vec<String> = segs.iter().map(|s| s.to_ascii_lowercase()).collect();
    let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
    let q = Query::new(req.query.clone());
    let m = &req.method;
    let get = *m == Method::GET;

    // Subject: /me or /users/{id}.
    let (target_key, rest): (String, &[&str]) = match lower.as_slice() {
        ["me", rest @ ..] => (caller.user_id.clone(), rest),
        ["users"] if get => {
            return authorize(ctx, &caller, &me, None, Op::ReadUsers, strict)
                .map_or_else(|e| e, |_| users::list(shared, ctx, &q, &req.headers));
        }
        ["users", "$count"] if get => {
            return authorize(ctx, &caller, &me, None, Op::ReadUsers, strict)
                .map_or_else(|e| e, |_| users::count(shared, ctx, &q, &req.headers));
        }
        ["users", _, rest @ ..] => (segs[1].clone(), rest),
        ["policies", "authenticationmethodspolicy", "authenticationmethodconfigurations", "qrcodepin"] =>
        {
            let (op, body) = match *m {
                Method::GET => (Op::ReadPolicy, None),
                Method::PATCH | Method::DELETE => (Op::WritePolicy, Some(())),
                _ => return method_not_allowed(ctx),
            };
            if let Err(e) = authorize(ctx, &caller, &me, None, op, strict) {
                return e;
            }
            return match (m.clone(), body) {
                (Method::GET, _) => policy::get(shared, ctx),
                (Method::DELETE, _) => policy::delete(shared),
                _ => match json::parse_body(&req.body, strict) {
                    Ok(b) => policy::patch(shared, ctx, &b),
                    Err(e) => bad_request(ctx, "BadRequest", &format!("Invalid JSON: {e}")),
                },
            };
        }
        ["directory", "administrativeunits", rest @ ..] if get => {
            return units::route(
                shared,
                ctx,
                &caller.scopes,
                rest,
                &segs[2..],
                &req.query,
                &req.headers,
            );
        }
        ["administrativeunits", rest @ ..] if get && ctx.version == "beta" => {
            return units::route(
                shared,
                ctx,
                &caller.scopes,
                rest,
                &segs[1..],
                &req.query,
                &req.headers,
            );
        }
        ["rolemanagement", "directory", "roleassignments"] if get => {
            return roles::list(shared, ctx, &caller.scopes, &q);
        }
        ["directory", "administrativeunits", ..]
        | ["administrativeunits", ..]
        | ["rolemanagement", "directory", "roleassignments", ..] => {
            return method_not_allowed(ctx);
        }
        [first, ..] => {
            return bad_segment(
                ctx,
                &segs[lower.iter().position(|s| s == first).unwrap_or(0)],
            )
        }
        [] => return bad_segment(ctx, ""),
    };
    let Some(target) = shared.tenant().find_user(&target_key).cloned() else {
        return user_not_found(ctx, &target_key);
    };
    let tid = Some(target.id.as_str());
    // The caller's roles over this target: tenant-wide ones plus those assigned at an
    // administrative unit the target belongs to (an Authentication Administrator scoped to
    // Store 101 is one for Store 101's members, and nobody else's).
    let (me, privileged) = {
        let t = shared.tenant();
        let mut acting = me.clone();
        acting.roles = roles::effective(&t, &me.id, tid);
        let privileged = roles::privileged_target(&t, &me.id, &acting.roles, &target.id);
        (acting, privileged)
    };
    if rest.is_empty() {
        if !get {
            return method_not_allowed(ctx);
        }
        let op = if target.id == caller.user_id {
            Op::ReadMe
        } else {
            Op::ReadUsers
        };
        return authorize(ctx, &caller, &me, tid, op, strict)
            .map_or_else(|e| e, |_| users::get(shared, ctx, &target.id, &q));
    }
    if rest[0] != "authentication" {
        return bad_segment(ctx, rest[0]);
    }
    let body = || json::parse_body(&req.body, strict);
    let self_write = target.id == caller.user_id;
    let need = |op: Op| {
        authorize(ctx, &caller, &me, tid, op, strict)?;
        // Entra's privileged-user rule: an Authentication Administrator may not read or
        // manage the methods of someone holding a role outside the "Who can reset passwords"
        // list (a Global Administrator, say); the service answers 403 as for any role it
        // lacks.
        if privileged && !self_write {
            return Err(access_denied(ctx));
        }
        // A self-service write (own methods, including updatePin) also needs a fresh sign-in
        // or MFA; admin writes on other users are never affected.
        if self_write && matches!(op, Op::WriteMethods | Op::ResetPin | Op::UpdatePin) {
            mfa::check_self_write(shared, ctx, &caller)?;
        }
        Ok(())
    };
    let read_or_write = if get {
        Op::ReadMethods
    } else {
        Op::WriteMethods
    };
    let with_body = |f: &dyn Fn(&serde_json::Value) -> GraphResp| match body() {
        Ok(b) => f(&b),
        Err(e) => bad_request(ctx, "BadRequest", &format!("Invalid JSON: {e}")),
    };
    // Replication lag: remember the state before a write so reads can lag behind it.
    let lag = shared.knobs().compat.replica_lag_ms;
    let before = (!get && lag > 0).then(|| shared.tenant().methods.get(&target.id).cloned());
    let result = match &rest[1..] {
        ["methods"] if get => need(Op::ReadMethods).map(|_| qr::list_methods(shared, ctx, &target)),
        ["methods", _] if get => {
            need(Op::ReadMethods).map(|_| qr::get_listed_method(shared, ctx, &target, rest[2]))
        }
        ["qrcodepinmethod"] => need(read_or_write).map(|_| match *m {
            Method::GET => qr::get_method(shared, ctx, &target),
            Method::PUT => with_body(&|b| qr::put_method(shared, ctx, &target, b)),
            Method::DELETE => qr::delete_method(shared, ctx, &target),
            _ => method_not_allowed(ctx),
        }),
        ["qrcodepinmethod", code @ ("standardqrcode" | "temporaryqrcode")] => {
            let kind = if *code == "standardqrcode" {
                Kind::Standard
            } else {
                Kind::Temporary
            };
            need(read_or_write).map(|_| match *m {
                Method::GET => qr::get_code(shared, ctx, &target, kind),
                Method::PATCH => with_body(&|b| qr::patch_code(shared, ctx, &target, kind, b)),
                Method::DELETE => qr::delete_code(shared, ctx, &target, kind),
                _ => method_not_allowed(ctx),
            })
        }
        ["qrcodepinmethod", "pin"] => match *m {
            Method::GET => need(Op::ReadMethods).map(|_| pin::get_pin(shared, ctx, &target)),
            Method::PATCH => need(Op::ResetPin).map(|_| {
                with_body(&|b| {
                    let no_type = shared.knobs().compat.pin_reset_body
                        == crate::config::PinResetBody::NoODataType;
                    if strict && !pin::is_reset_body(b) {
                        bad_request(
                            ctx,
                            "badRequest",
                            "Only the PIN code can be sent when resetting a PIN.",
                        )
                    } else if no_type && json::prop(b, "@odata.type").is_some() {
                        // `pinResetBody: noODataType` models a service that refuses the
                        // documented body (`{"@odata.type":"#microsoft.graph.qrPin",…}`, qrpin-update).
                        bad_request(
                            ctx,
                            "badRequest",
                            "The property '@odata.type' is not supported when resetting a PIN.",
                        )
                    } else {
                        pin::reset_pin(shared, ctx, &target)
                    }
                })
            }),
            Method::DELETE => need(Op::WriteMethods).map(|_| pin::delete_pin(shared, ctx, &target)),
            _ => Ok(method_not_allowed(ctx)),
        },
        // The docs say PATCH; every metadata-generated SDK sends POST (it is an OData action).
        ["qrcodepinmethod", "pin", "updatepin" | "microsoft.graph.updatepin"] => match *m {
            Method::PATCH | Method::POST => need(Op::UpdatePin)
                .map(|_| with_body(&|b| pin::update_pin(shared, ctx, &target, b))),
            _ => Ok(method_not_allowed(ctx)),
        },
        [] => Ok(bad_segment(ctx, "authentication")),
        [seg, ..] => Ok(bad_segment(ctx, seg)),
        #[allow(unreachable_patterns)]
        _ => Ok(method_not_allowed(ctx)),
    };
    let resp = result.unwrap_or_else(|e| e);
    if let Some(before) = before.filter(|_| resp.is_success()) {
        shared.note_write(&target.id, before, lag);
    }
    resp
}
