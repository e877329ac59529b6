//! The QR code + PIN method and its codes: E1 get / E2 create (PUT) / E3 delete the method,
//! E4 get / E5 create-or-update / E6 create / E7 delete the standard and temporary codes,
//! and E12 the list of a user's authentication methods.

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use super::json::{method as method_json, prop, qr_code};
use super::pin::{pin_problem, PinCheck};
use super::response::{bad_request, missing, Ctx, GraphResp};
use crate::clock::{graph_time, parse_time};
use crate::state::model::{Pin, QrCode, QrMethod, User};
use crate::state::Shared;

const PASSWORD_METHOD_ID: &str = "28c10230-6103-485e-b985-444c60001490";
const MAX_STANDARD_DAYS: i64 = 395;

/// Which of the two codes a path names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `standardQRCode`: the long-lived code printed on a badge.
    Standard,
    /// `temporaryQRCode`: a short-lived code for a lost or forgotten badge.
    Temporary,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Standard => "standardQRCode",
            Kind::Temporary => "temporaryQRCode",
        }
    }
}

fn time_prop(ctx: &Ctx, body: &Value, name: &str) -> Result<Option<DateTime<Utc>>, GraphResp> {
    match prop(body, name) {
        None => Ok(None),
        Some(v) => v.as_str().and_then(parse_time).map(Some).ok_or_else(|| {
            bad_request(
                ctx,
                "badRequest",
                &format!("Invalid value for property '{name}'."),
            )
        }),
    }
}

/// Validates (and defaults) the start and expiry of a new code.
fn window(
    ctx: &Ctx,
    body: &Value,
    kind: Kind,
    policy_days: u32,
    strict: bool,
) -> Result<(DateTime<Utc>, DateTime<Utc>), GraphResp> {
    let start = time_prop(ctx, body, "startDateTime")?;
    let expire = time_prop(ctx, body, "expireDateTime")?;
    if strict && (start.is_none() || expire.is_none()) {
        return Err(bad_request(
            ctx,
            "badRequest",
            "startDateTime and expireDateTime are required.",
        ));
    }
    // Outside strict mode the beta text applies: start defaults to now, expiry to the
    // policy lifetime (standard) or 3 hours, the admin-center default (temporary).
    let start = start.unwrap_or(ctx.now);
    let expire = expire.unwrap_or_else(|| match kind {
        Kind::Standard => start + Duration::days(i64::from(policy_days)),
        Kind::Temporary => start + Duration::hours(3),
    });
    check_lifetime(ctx, kind, start, expire)?;
    Ok((start, expire))
}

fn check_lifetime(
    ctx: &Ctx,
    kind: Kind,
    start: DateTime<Utc>,
    expire: DateTime<Utc>,
) -> Result<(), GraphResp> {
    if expire <= start {
        return Err(bad_request(
            ctx,
            "badRequest",
            "expireDateTime must be later than startDateTime.",
        ));
    }
    let life = expire - start;
    // The error code for a standard lifetime out of range, and for a temporary one under an
    // hour, is undocumented; `qrCodeLifeTimeExceedLimit` (documented for >12 h) is used.
    let (too_long, too_short, msg) = match kind {
        Kind::Standard => (
            life > Duration::days(MAX_STANDARD_DAYS),
            life < Duration::days(1),
            "StandardQRCode lifetime exceeds the limit i.e. minimum 1 day and maximum 395 days.",
        ),
        Kind::Temporary => (
            life > Duration::hours(12),
            life < Duration::hours(1),
            "TemporaryQRCode lifetime exceeds the limit i.e. maximum 12 hours.",
        ),
    };
    if too_long || too_short {
        return Err(bad_request(ctx, "qrCodeLifeTimeExceedLimit", msg));
    }
    if expire <= ctx.now {
        return Err(bad_request(
            ctx,
            "badRequest",
            "expireDateTime must be in the future.",
        ));
    }
    Ok(())
}

fn new_code(
    shared: &Shared,
    ctx: &Ctx,
    upn: &str,
    start: DateTime<Utc>,
    expire: DateTime<Utc>,
) -> Result<(QrCode, Value), GraphResp> {
    let id = shared.new_id();
    let (ec, format) = {
        let k = shared.knobs();
        (k.compat.qr_error_correction, k.compat.qr_image_format)
    };
    let minted = crate::qr_image::mint_as(upn, &id, ec, format).map_err(|_| {
        super::response::error(ctx, 500, "generalException", "QR code generation failed.")
    })?;
    let code = QrCode {
        id,
        created_date_time: ctx.now,
        start_date_time: start,
        expire_date_time: expire,
        last_used_date_time: None,
        secret: minted.secret_hash,
    };
    Ok((code, minted.image))
}

/// E1: GET the method (404 when the user has none).
pub fn get_method(shared: &Shared, ctx: &Ctx, user: &User) -> GraphResp {
    match shared.read_method(&user.id) {
        Some(m) => GraphResp::json(200, method_json(&m, None, None)),
        None => missing(ctx, "qrCodePinAuthenticationMethod"),
    }
}

/// E2: PUT the method: standard code + PIN, one active method per user.
pub fn put_method(shared: &Shared, ctx: &Ctx, user: &User, body: &Value) -> GraphResp {
    let (strict, rule, replace) = {
        let k = shared.knobs();
        (
            k.strict,
            k.compat.pin_repeat_rule,
            k.compat.replace_inactive_method,
        )
    };
    // The docs say both "a new one can be added if an existing one expires or is deleted" and
    // "you must first delete existing respective objects" (v1.0 PUT page). Default: a method
    // whose codes have all expired is replaced; `replaceInactiveMethod: false` refuses any
    // existing method. A deleted standard code alone never makes a method replaceable.
    let blocks = |m: &QrMethod| !(replace && m.is_replaceable(ctx.now));
    let (policy, active) = {
        let t = shared.tenant();
        (
            t.policy.clone(),
            t.methods.get(&user.id).is_some_and(blocks),
        )
    };
    // Undocumented: what Entra answers when the policy is disabled. The emulator refuses with
    // 400 `badRequest`; `includeTargets`/`excludeTargets` are stored but not enforced.
    if !policy.state.eq_ignore_ascii_case("enabled") {
        return bad_request(
            ctx,
            "badRequest",
            "The QR code authentication method is disabled by the authentication methods policy.",
        );
    }
    if active {
        return bad_request(ctx, "tooManyQRCodePinMethod", "There can be only one active QR code auth method for a user, please delete existing QR code auth method to create a new one.");
    }
    let required = "Standard QR code is required for adding new QR code auth method.";
    if prop(body, "temporaryQRCode").is_some() {
        return bad_request(ctx, "standardQRCodeRequired", required);
    }
    let Some(std_body) = prop(body, "standardQRCode") else {
        return bad_request(ctx, "standardQRCodeRequired", required);
    };
    let (start, expire) = match window(
        ctx,
        std_body,
        Kind::Standard,
        policy.standard_qr_code_lifetime_in_days,
        strict,
    ) {
        Ok(w) => w,
        Err(e) => return e,
    };
    let given = prop(body, "pin")
        .and_then(|p| prop(p, "code"))
        .and_then(Value::as_str)
        .filter(|c| !c.is_empty());
    let pin = match (given, strict) {
        (Some(code), _) => code.to_string(),
        (None, true) => {
            return pin_problem(
                ctx,
                crate::pin_rules::PinProblem::TooShortOrNotDigits {
                    min: policy.pin_length,
                },
            )
        }
        // The admin center can generate a PIN; the API is taken to do the same when the code
        // is omitted (unconfirmed).
        (None, false) => crate::pin_rules::generate(policy.pin_length, rule),
    };
    if let Err(resp) = PinCheck::new(ctx, policy.pin_length, rule).run(&pin) {
        return resp;
    }
    let (code, image) = match new_code(shared, ctx, &user.user_principal_name, start, expire) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let method = QrMethod {
        id: shared.new_id(),
        created_date_time: ctx.now,
        standard: Some(code),
        temporary: None,
        pin: Pin {
            id: shared.new_id(),
            hash: crate::secrets::Hashed::new(&pin),
            force_change_pin_next_sign_in: true,
            created_date_time: ctx.now,
            updated_date_time: ctx.now,
        },
    };
    let body = method_json(&method, Some(image), Some(&pin));
    let mut t = shared.tenant();
    // Re-checked under the lock so two concurrent PUTs cannot both win.
    if t.methods.get(&user.id).is_some_and(blocks) {
        return bad_request(ctx, "tooManyQRCodePinMethod", "There can be only one active QR code auth method for a user, please delete existing QR code auth method to create a new one.");
    }
    t.methods.insert(user.id.clone(), method);
    drop(t);
    shared.count_create(&user.id);
    let location = format!(
        "{}/{}/users/{}/authentication/qrCodePinMethod",
        shared.base_url, ctx.version, user.id
    );
    GraphResp::json(201, body).header("Location", location)
}

/// E3: DELETE the method with both codes and the PIN.
pub fn delete_method(shared: &Shared, ctx: &Ctx, user: &User) -> GraphResp {
    match shared.tenant().methods.remove(&user.id) {
        Some(_) => GraphResp::empty(204),
        None => missing(ctx, "qrCodePinAuthenticationMethod"),
    }
}

/// E4: GET a code (`image` always null; bare object unless the `value` wrapper is on). A
/// missing code is 404 `itemNotFound` (the docs leave 404 / 200 null / 204 open).
pub fn get_code(shared: &Shared, ctx: &Ctx, user: &User, kind: Kind) -> GraphResp {
    let wrap = shared.knobs().compat.qr_get_value_wrapper;
    let code = shared.read_method(&user.id).and_then(|m| match kind {
        Kind::Standard => m.standard,
        Kind::Temporary => m.temporary,
    });
    match code {
        Some(c) if wrap => GraphResp::json(200, json!({"value": qr_code(&c, None)})),
        Some(c) => GraphResp::json(200, qr_code(&c, None)),
        None => missing(ctx, kind.name()),
    }
}

/// E5/E6: PATCH a code. Creates it when none is active (201 + image). An active standard
/// code is updated when the body has only `expireDateTime`; a body with `startDateTime`, or
/// any PATCH of an active temporary code, is `ActiveQRCodeExisted`.
pub fn patch_code(shared: &Shared, ctx: &Ctx, user: &User, kind: Kind, body: &Value) -> GraphResp {
    let (strict, update_status) = {
        let k = shared.knobs();
        (k.strict, k.compat.standard_update_status)
    };
    let (existing, policy_days) = {
        let t = shared.tenant();
        let Some(m) = t.methods.get(&user.id) else {
            return missing(ctx, "qrCodePinAuthenticationMethod");
        };
        let c = match kind {
            Kind::Standard => m.standard.clone(),
            Kind::Temporary => m.temporary.clone(),
        };
        (
            c.filter(|c| c.is_unexpired(ctx.now)),
            t.policy.standard_qr_code_lifetime_in_days,
        )
    };
    if let Some(mut current) = existing {
        if kind == Kind::Temporary || prop(body, "startDateTime").is_some() {
            let msg = format!("An active {} exists for QR code auth method. Please delete existing {} before creating a new one.", kind.name(), kind.name());
            return bad_request(ctx, "ActiveQRCodeExisted", &msg);
        }
        let expire = match time_prop(ctx, body, "expireDateTime") {
            Ok(Some(e)) => e,
            Ok(None) => {
                return bad_request(
                    ctx,
                    "badRequest",
                    "Only expireDateTime can be updated on a standard QR code.",
                )
            }
            Err(e) => return e,
        };
        if let Err(e) = check_lifetime(ctx, Kind::Standard, current.start_date_time, expire) {
            return e;
        }
        current.expire_date_time = expire;
        let out = qr_code(&current, None);
        if let Some(m) = shared.tenant().methods.get_mut(&user.id) {
            m.standard = Some(current);
        }
        return GraphResp::with_status(update_status, out);
    }
    let (start, expire) = match window(ctx, body, kind, policy_days, strict) {
        Ok(w) => w,
        Err(e) => return e,
    };
    let (code, image) = match new_code(shared, ctx, &user.user_principal_name, start, expire) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let out = qr_code(&code, Some(image));
    let mut t = shared.tenant();
    let Some(m) = t.methods.get_mut(&user.id) else {
        return missing(ctx, "qrCodePinAuthenticationMethod");
    };
    match kind {
        Kind::Standard => m.standard = Some(code),
        Kind::Temporary => m.temporary = Some(code),
    }
    GraphResp::json(201, out)
}

/// E7: DELETE a code; the method and PIN stay.
pub fn delete_code(shared: &Shared, ctx: &Ctx, user: &User, kind: Kind) -> GraphResp {
    let mut t = shared.tenant();
    let Some(m) = t.methods.get_mut(&user.id) else {
        return missing(ctx, "qrCodePinAuthenticationMethod");
    };
    let slot = match kind {
        Kind::Standard => &mut m.standard,
        Kind::Temporary => &mut m.temporary,
    };
    match slot.take() {
        Some(_) => GraphResp::empty(204),
        None => missing(ctx, kind.name()),
    }
}

fn method_entries(shared: &Shared, user: &User) -> Vec<Value> {
    let mut out = vec![json!({
        "@odata.type": "#microsoft.graph.passwordAuthenticationMethod",
        "id": PASSWORD_METHOD_ID,
        "password": null,
        "createdDateTime": graph_time(&user.created_date_time),
    })];
    if let Some(m) = shared.read_method(&user.id) {
        out.push(json!({
            "@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethod",
            "id": m.id,
            "createdDateTime": graph_time(&m.created_date_time),
        }));
    }
    out
}

/// E12: GET …/authentication/methods.
pub fn list_methods(shared: &Shared, ctx: &Ctx, user: &User) -> GraphResp {
    GraphResp::json(
        200,
        json!({
            "@odata.context": format!("{}/{}/$metadata#users('{}')/authentication/methods", shared.base_url, ctx.version, user.id),
            "value": method_entries(shared, user),
        }),
    )
}

/// GET …/authentication/methods/{id}.
pub fn get_listed_method(shared: &Shared, ctx: &Ctx, user: &User, id: &str) -> GraphResp {
    method_entries(shared, user)
        .into_iter()
        .find(|m| m["id"].as_str().is_some_and(|m| m.eq_ignore_ascii_case(id)))
        .map(|m| GraphResp::json(200, m))
        .unwrap_or_else(|| missing(ctx, "authenticationMethod"))
}
