//! The tenant's qrCodePin authentication method policy: E13 GET, E14 PATCH (204 by default,
//! 200 + body switchable), E15 DELETE (revert to the default configuration).

use serde_json::Value;

use super::json::{policy as policy_json, prop};
use super::response::{bad_request, Ctx, GraphResp};
use crate::state::model::Policy;
use crate::state::Shared;

/// E13.
pub fn get(shared: &Shared, ctx: &Ctx) -> GraphResp {
    let p = shared.tenant().policy.clone();
    GraphResp::json(200, policy_json(&p, &shared.base_url, ctx.version))
}

fn int_in(ctx: &Ctx, body: &Value, name: &str, lo: u64, hi: u64) -> Result<Option<u32>, GraphResp> {
    match prop(body, name) {
        None => Ok(None),
        Some(v) => match v.as_u64() {
            Some(n) if (lo..=hi).contains(&n) => Ok(Some(n as u32)),
            _ => Err(bad_request(
                ctx,
                "badRequest",
                &format!("{name} must be an integer between {lo} and {hi}."),
            )),
        },
    }
}

/// E14: PATCH. `pinLength` 8-20, `standardQRCodeLifetimeInDays` 1-395, `state`
/// enabled/disabled, targets replaced when given. Strict mode requires the `@odata.type`.
pub fn patch(shared: &Shared, ctx: &Ctx, body: &Value) -> GraphResp {
    let (strict, status) = {
        let k = shared.knobs();
        (k.strict, k.compat.policy_patch_status)
    };
    if !body.is_object() {
        return bad_request(ctx, "badRequest", "The request body must be a JSON object.");
    }
    let odata_type = prop(body, "@odata.type")
        .and_then(Value::as_str)
        .unwrap_or("");
    if strict
        && !odata_type
            .trim_start_matches('#')
            .eq_ignore_ascii_case("microsoft.graph.qrCodePinAuthenticationMethodConfiguration")
    {
        return bad_request(ctx, "badRequest", "The @odata.type property #microsoft.graph.qrCodePinAuthenticationMethodConfiguration is required.");
    }
    let pin_length = match int_in(ctx, body, "pinLength", 8, 20) {
        Ok(v) => v,
        Err(e) => return e,
    };
    let lifetime = match int_in(ctx, body, "standardQRCodeLifetimeInDays", 1, 395) {
        Ok(v) => v,
        Err(e) => return e,
    };
    let state = match prop(body, "state").map(|v| v.as_str().map(str::to_ascii_lowercase)) {
        None => None,
        Some(Some(s)) if s == "enabled" || s == "disabled" => Some(s),
        Some(_) => return bad_request(ctx, "badRequest", "state must be 'enabled' or 'disabled'."),
    };
    let targets = |name: &str| -> Result<Option<Vec<Value>>, GraphResp> {
        match prop(body, name) {
            None => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a.clone())),
            Some(_) => Err(bad_request(
                ctx,
                "badRequest",
                &format!("{name} must be an array."),
            )),
        }
    };
    let (include, exclude) = match (targets("includeTargets"), targets("excludeTargets")) {
        (Ok(i), Ok(e)) => (i, e),
        (Err(e), _) | (_, Err(e)) => return e,
    };
    let updated = {
        let mut t = shared.tenant();
        let p = &mut t.policy;
        if let Some(v) = pin_length {
            p.pin_length = v;
        }
        if let Some(v) = lifetime {
            p.standard_qr_code_lifetime_in_days = v;
        }
        if let Some(v) = state {
            p.state = v;
        }
        if let Some(v) = include {
            p.include_targets = v;
        }
        if let Some(v) = exclude {
            p.exclude_targets = v;
        }
        p.clone()
    };
    GraphResp::with_status(status, policy_json(&updated, &shared.base_url, ctx.version))
}

/// E15: DELETE reverts to Microsoft's defaults (disabled, 8 digits, 365 days, all users).
pub fn delete(shared: &Shared) -> GraphResp {
    shared.tenant().policy = Policy::default();
    GraphResp::empty(204)
}
