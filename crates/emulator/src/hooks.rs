//! Test hooks under `/_emulator/…` (only when enabled): approve or decline a device code,
//! sign a user in for the authorize page, mint a token, reset and read state (never PINs or
//! QR secrets in clear; with the count of method creates per user), verify a PIN or simulate
//! a QR sign-in, set faults, move the clock; methods with chosen dates: [`crate::method_seed`].

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::clock::graph_time;
use crate::config::{Compat, Seed};
use crate::faults::Fault;
use crate::identity::scopes::Scopes;
use crate::identity::tokens::{access_token, Grant};
use crate::state::Shared;

/// The hook routes.
pub fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_emulator/state", get(state))
        .route("/_emulator/reset", post(reset))
        .route("/_emulator/device/approve", post(approve))
        .route("/_emulator/device/decline", post(decline))
        .route("/_emulator/sign-in", post(sign_in))
        .route("/_emulator/token", post(token))
        .route("/_emulator/faults", post(faults))
        .route("/_emulator/clock", post(clock))
        .route("/_emulator/compat", post(compat))
        .route("/_emulator/verify-pin", post(verify_pin))
        .route("/_emulator/qr-sign-in", post(qr_sign_in))
        .merge(crate::method_seed::router())
}

fn fail(status: StatusCode, msg: &str) -> Response {
    (status, Json(json!({"error": msg}))).into_response()
}

fn ok() -> Response {
    Json(json!({"ok": true})).into_response()
}

fn user_id(shared: &Shared, key: &str) -> Option<String> {
    shared.tenant().find_user(key).map(|u| u.id.clone())
}

/// Everything about the tenant except secrets: users, roles, methods (ids, dates, flags;
/// no PIN, no QR secret, no hashes), policy, clock offset, live device codes.
async fn state(State(shared): State<Arc<Shared>>) -> Response {
    let t = shared.tenant().clone();
    let methods: serde_json::Map<String, Value> = t
        .methods
        .iter()
        .map(|(uid, m)| {
            let code = |c: &crate::state::model::QrCode| json!({"id": c.id, "startDateTime": graph_time(&c.start_date_time), "expireDateTime": graph_time(&c.expire_date_time), "lastUsedDateTime": c.last_used_date_time.map(|x| graph_time(&x))});
            (uid.clone(), json!({
                "id": m.id,
                "createdDateTime": graph_time(&m.created_date_time),
                "standardQRCode": m.standard.as_ref().map(code),
                "temporaryQRCode": m.temporary.as_ref().map(code),
                "pin": {"id": m.pin.id, "forceChangePinNextSignIn": m.pin.force_change_pin_next_sign_in, "updatedDateTime": graph_time(&m.pin.updated_date_time)},
            }))
        })
        .collect();
    let compat = shared.knobs().compat.clone();
    let users: Vec<Value> = t.users.iter().map(|u| json!({"id": u.id, "userPrincipalName": u.user_principal_name, "displayName": u.display_name, "department": u.department, "officeLocation": u.office_location, "jobTitle": u.job_title, "roles": u.roles})).collect();
    let devices: Vec<Value> = shared.flows().devices.values().map(|d| json!({"userCode": d.user_code, "status": format!("{:?}", d.status).split('(').next().unwrap_or("").to_string()})).collect();
    Json(json!({
        "tenantId": t.id, "domain": t.domain, "users": users, "methods": methods,
        "policy": t.policy, "clockOffsetSeconds": shared.clock.offset(), "deviceCodes": devices,
        "refreshTokens": shared.flows().refresh.len(),
        "methodCreates": shared.creates(),
        "graphRequests": shared.graph_requests(),
        "compat": compat,
    }))
    .into_response()
}

#[derive(Deserialize)]
struct ResetBody {
    seed: Option<Seed>,
}

async fn reset(State(shared): State<Arc<Shared>>, body: Option<Json<ResetBody>>) -> Response {
    let seed = body.and_then(|b| b.0.seed).unwrap_or(Seed::Demo);
    shared.clock.reset();
    match shared.reset(seed) {
        Ok(()) => ok(),
        Err(e) => fail(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DeviceBody {
    user_code: String,
    user: Option<String>,
    /// `false`: approve WITHOUT completing the MFA the code's `claims` asked for.
    mfa: Option<bool>,
}

async fn approve(State(shared): State<Arc<Shared>>, Json(b): Json<DeviceBody>) -> Response {
    let Some(user) = b.user.as_deref() else {
        return fail(StatusCode::BAD_REQUEST, "user is required");
    };
    match crate::identity::device::decide(&shared, &b.user_code, Some(user), b.mfa.unwrap_or(true))
    {
        Ok(()) => ok(),
        Err(e) => fail(StatusCode::BAD_REQUEST, &e),
    }
}

async fn decline(State(shared): State<Arc<Shared>>, Json(b): Json<DeviceBody>) -> Response {
    match crate::identity::device::decide(&shared, &b.user_code, None, true) {
        Ok(()) => ok(),
        Err(e) => fail(StatusCode::BAD_REQUEST, &e),
    }
}

#[derive(Deserialize)]
struct SignInBody {
    user: Option<String>,
    /// Whether that sign-in completes MFA when the request's `claims` ask for it (default
    /// true).
    mfa: Option<bool>,
}

/// Sets (or clears, with `null`) the user the authorize page signs in without a click.
async fn sign_in(State(shared): State<Arc<Shared>>, Json(b): Json<SignInBody>) -> Response {
    let id = match b.user.as_deref() {
        None => None,
        Some(u) => match user_id(&shared, u) {
            Some(id) => Some(id),
            None => return fail(StatusCode::NOT_FOUND, "unknown user"),
        },
    };
    let mut f = shared.flows();
    f.auto_sign_in = id;
    f.auto_sign_in_mfa = b.mfa.unwrap_or(true);
    ok()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TokenBody {
    user: String,
    scopes: Vec<String>,
    client_id: Option<String>,
    lifetime_seconds: Option<i64>,
    /// The token's `amr` (default `["pwd"]`).
    amr: Option<Vec<String>>,
    /// The sign-in happened this many seconds ago (default 0).
    auth_age_seconds: Option<u64>,
}

/// Mints a Graph access token for a user without a sign-in flow.
async fn token(State(shared): State<Arc<Shared>>, Json(b): Json<TokenBody>) -> Response {
    let Some(uid) = user_id(&shared, &b.user) else {
        return fail(StatusCode::NOT_FOUND, "unknown user");
    };
    let scopes = match Scopes::parse(&b.scopes.join(" "), false) {
        Ok(s) => s,
        Err(e) => return fail(StatusCode::BAD_REQUEST, &e.message),
    };
    let grant = Grant {
        client_id: b
            .client_id
            .unwrap_or_else(|| crate::seed::QRSTATION_CLIENT_ID.into()),
        user_id: uid,
        scopes,
        nonce: None,
        sign_in: crate::identity::tokens::MintOptions {
            amr: b.amr.unwrap_or_else(|| vec!["pwd".into()]),
            auth_age: std::time::Duration::from_secs(b.auth_age_seconds.unwrap_or(0)),
        }
        .sign_in(shared.clock.now()),
    };
    let lifetime = b.lifetime_seconds.unwrap_or(shared.access_token_lifetime);
    match access_token(&shared, &grant, lifetime) {
        Ok(t) => Json(json!({"access_token": t, "token_type": "Bearer", "expires_in": lifetime}))
            .into_response(),
        Err(e) => fail(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FaultsBody {
    latency_ms: Option<u64>,
    /// `0` turns throttling off.
    throttle_rps: Option<u32>,
    fault_rate: Option<f64>,
    lost_rate: Option<f64>,
    item_fault_rate: Option<f64>,
    slow_ms: Option<u64>,
    /// Faults forced on the next Graph requests, in order.
    next: Option<Vec<Fault>>,
    strict: Option<bool>,
    /// Same as `Compat::replica_lag_ms`.
    replica_lag_ms: Option<u64>,
}

async fn faults(State(shared): State<Arc<Shared>>, Json(b): Json<FaultsBody>) -> Response {
    for (name, rate) in [
        ("faultRate", b.fault_rate),
        ("lostRate", b.lost_rate),
        ("itemFaultRate", b.item_fault_rate),
    ] {
        if rate.is_some_and(|r| !(0.0..=1.0).contains(&r)) {
            return fail(
                StatusCode::BAD_REQUEST,
                &format!("{name} must be between 0 and 1"),
            );
        }
    }
    let mut k = shared.knobs();
    if let Some(v) = b.latency_ms {
        k.latency_ms = v;
    }
    if let Some(v) = b.throttle_rps {
        k.set_throttle(Some(v));
    }
    if let Some(v) = b.fault_rate {
        k.fault_rate = v;
    }
    if let Some(v) = b.lost_rate {
        k.lost_rate = v;
    }
    if let Some(v) = b.item_fault_rate {
        k.item_fault_rate = v;
    }
    if let Some(v) = b.slow_ms {
        k.slow_ms = v;
    }
    if let Some(v) = b.next {
        k.next = v.into();
    }
    if let Some(v) = b.strict {
        k.strict = v;
    }
    if let Some(v) = b.replica_lag_ms {
        k.compat.replica_lag_ms = v;
    }
    ok()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ClockBody {
    advance_seconds: i64,
}

async fn clock(State(shared): State<Arc<Shared>>, Json(b): Json<ClockBody>) -> Response {
    shared.clock.advance(b.advance_seconds);
    Json(json!({"offsetSeconds": shared.clock.offset(), "now": graph_time(&shared.clock.now())}))
        .into_response()
}

/// Changes the doc-contradiction switches named in a partial `Compat` object; the others
/// keep their current values. Unknown keys are ignored (as before); a bad value is 400 and
/// changes nothing.
async fn compat(State(shared): State<Arc<Shared>>, Json(patch): Json<Value>) -> Response {
    let Some(patch) = patch.as_object() else {
        return fail(StatusCode::BAD_REQUEST, "a JSON object is required");
    };
    let mut k = shared.knobs();
    let mut merged = serde_json::to_value(&k.compat).unwrap_or_else(|_| json!({}));
    for (key, v) in patch {
        merged[key] = v.clone();
    }
    match serde_json::from_value::<Compat>(merged) {
        Ok(c) if matches!(c.qr_error_correction, 'l' | 'm' | 'q' | 'h') => {
            k.compat = c;
            ok()
        }
        Ok(_) => fail(
            StatusCode::BAD_REQUEST,
            "qrErrorCorrection must be l, m, q or h",
        ),
        Err(e) => fail(
            StatusCode::BAD_REQUEST,
            &format!("invalid compat value: {e}"),
        ),
    }
}

#[derive(Deserialize)]
struct PinBody {
    user: String,
    pin: String,
}

/// Whether `pin` is the user's current PIN (answers a boolean, never the PIN).
async fn verify_pin(State(shared): State<Arc<Shared>>, Json(b): Json<PinBody>) -> Response {
    let Some(uid) = user_id(&shared, &b.user) else {
        return fail(StatusCode::NOT_FOUND, "unknown user");
    };
    let t = shared.tenant();
    match t.methods.get(&uid) {
        Some(m) => Json(json!({"matches": m.pin.hash.matches(&b.pin)})).into_response(),
        None => fail(StatusCode::NOT_FOUND, "no QR code PIN method"),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct QrSignInBody {
    /// The `rawContent` of the scanned code (base64), as Graph returned it.
    raw_content: String,
    pin: String,
}

/// Simulates a sign-in with a scanned QR code and a PIN; records `lastUsedDateTime`.
/// Outcomes: `success`, `pinChangeRequired`, `wrongPin`, `codeNotActive`, `unknownCode`.
async fn qr_sign_in(State(shared): State<Arc<Shared>>, Json(b): Json<QrSignInBody>) -> Response {
    let outcome = (|| {
        let raw = B64.decode(b.raw_content.trim()).ok()?;
        let text = String::from_utf8(raw).ok()?;
        let (upn, qr_id, secret) = crate::qr_image::parse_payload(&text)?;
        let now = shared.clock.now();
        let mut t = shared.tenant();
        let uid = t.find_user(upn)?.id.clone();
        let m = t.methods.get_mut(&uid)?;
        let code = [m.standard.as_mut(), m.temporary.as_mut()]
            .into_iter()
            .flatten()
            .find(|c| c.id == qr_id && c.secret.matches(secret))?;
        if !code.is_active(now) {
            return Some("codeNotActive");
        }
        let pin_ok = m.pin.hash.matches(&b.pin);
        if pin_ok {
            code.last_used_date_time = Some(now);
        }
        Some(match (pin_ok, m.pin.force_change_pin_next_sign_in) {
            (false, _) => "wrongPin",
            (true, true) => "pinChangeRequired",
            (true, false) => "success",
        })
    })()
    .unwrap_or("unknownCode");
    if outcome != "unknownCode" {
        let _ = shared.save();
    }
    Json(json!({"outcome": outcome})).into_response()
}
