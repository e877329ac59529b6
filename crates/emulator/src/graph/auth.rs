//! Who is calling Graph and what they may do: checks the emulator's own JWT (401 when
//! missing, malformed, foreign or expired) and maps each operation to the delegated scopes
//! and directory roles Microsoft's permission tables list (403 otherwise).

use std::collections::HashSet;

use axum::http::HeaderMap;
use serde_json::Value;

use super::response::{access_denied, directory_denied, error, Ctx, GraphResp};
use crate::state::model::{roles, User};
use crate::state::Shared;

/// The audience Graph access tokens carry.
pub const GRAPH_AUDIENCE: &str = "https://graph.microsoft.com";
/// Microsoft Graph's application id, also accepted as audience.
pub const GRAPH_APP_ID: &str = "00000003-0000-0000-c000-000000000000";

/// The authenticated caller.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Object id of the signed-in user (the token's `oid`).
    pub user_id: String,
    /// Lower-cased delegated scopes (`scp`).
    pub scopes: HashSet<String>,
    /// The token's `amr`.
    pub amr: Vec<String>,
    /// When the person signed in (`auth_time`, else `iat`), Unix seconds.
    pub auth_time: i64,
}

impl Caller {
    fn has_any(&self, wanted: &[&str]) -> bool {
        wanted.iter().any(|w| self.scopes.contains(*w))
    }
}

/// What an operation needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// GET a user's methods, codes, PIN.
    ReadMethods,
    /// PUT/PATCH/DELETE methods and codes.
    WriteMethods,
    /// Admin PIN reset (never self-service: "Only admins can reset the user's PIN").
    ResetPin,
    /// `updatePin` with the current PIN.
    UpdatePin,
    /// GET the qrCodePin policy.
    ReadPolicy,
    /// PATCH/DELETE the qrCodePin policy.
    WritePolicy,
    /// GET /users, /users/{id}.
    ReadUsers,
    /// GET /me.
    ReadMe,
}

const READ_SELF: &[&str] = &[
    "userauthenticationmethod.read",
    "userauthenticationmethod.readwrite",
    "userauthenticationmethod.read.all",
    "userauthenticationmethod.readwrite.all",
    "userauthmethod-qr.read",
    "userauthmethod-qr.readwrite",
    "userauthmethod-qr.read.all",
    "userauthmethod-qr.readwrite.all",
];
const WRITE_SELF: &[&str] = &[
    "userauthenticationmethod.readwrite",
    "userauthenticationmethod.readwrite.all",
    "userauthmethod-qr.readwrite",
    "userauthmethod-qr.readwrite.all",
];
const READ_OTHERS: &[&str] = &[
    "userauthenticationmethod.read.all",
    "userauthenticationmethod.readwrite.all",
    "userauthmethod-qr.read.all",
    "userauthmethod-qr.readwrite.all",
];
const WRITE_OTHERS: &[&str] = &[
    "userauthenticationmethod.readwrite.all",
    "userauthmethod-qr.readwrite.all",
];
const READ_ROLES: &[&str] = &[
    roles::GLOBAL_ADMIN,
    roles::AUTH_ADMIN,
    roles::PRIV_AUTH_ADMIN,
    roles::GLOBAL_READER,
];
const WRITE_ROLES: &[&str] = &[
    roles::GLOBAL_ADMIN,
    roles::AUTH_ADMIN,
    roles::PRIV_AUTH_ADMIN,
];
const POLICY_READ_ROLES: &[&str] = &[
    roles::GLOBAL_ADMIN,
    roles::AUTH_POLICY_ADMIN,
    roles::GLOBAL_READER,
];
const POLICY_WRITE_ROLES: &[&str] = &[roles::GLOBAL_ADMIN, roles::AUTH_POLICY_ADMIN];
const USERS_READ: &[&str] = &[
    "user.readbasic.all",
    "user.read.all",
    "user.readwrite.all",
    "directory.read.all",
    "directory.readwrite.all",
    "directory.accessasuser.all",
];
const ACCESS_AS_USER: &str = "directory.accessasuser.all";

fn unauthenticated(ctx: &Ctx, shared: &Shared, message: &str) -> GraphResp {
    error(ctx, 401, "InvalidAuthenticationToken", message).header(
        "WWW-Authenticate",
        format!(
            "Bearer realm=\"\", authorization_uri=\"{}/common/oauth2/authorize\", client_id=\"{GRAPH_APP_ID}\"",
            shared.base_url
        ),
    )
}

/// Checks the bearer token and returns the caller.
pub fn authenticate(shared: &Shared, ctx: &Ctx, headers: &HeaderMap) -> Result<Caller, GraphResp> {
    let raw = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim();
    let token = match raw.split_once(' ') {
        Some((scheme, t)) if scheme.eq_ignore_ascii_case("bearer") => t.trim(),
        _ => "",
    };
    if token.is_empty() {
        return Err(unauthenticated(ctx, shared, "Access token is empty."));
    }
    let claims = shared.key.verify(token).map_err(|p| match p {
        crate::jwt::TokenProblem::Malformed => unauthenticated(
            ctx,
            shared,
            "IDX14100: JWT is not well formed, there are no dots (.).",
        ),
        crate::jwt::TokenProblem::BadSignature => unauthenticated(
            ctx,
            shared,
            "Access token validation failure. Invalid signature.",
        ),
    })?;
    let aud = claims.get("aud").and_then(Value::as_str).unwrap_or("");
    if aud != GRAPH_AUDIENCE && aud != GRAPH_APP_ID {
        return Err(unauthenticated(
            ctx,
            shared,
            "Access token validation failure. Invalid audience.",
        ));
    }
    let exp = claims.get("exp").and_then(Value::as_i64).unwrap_or(0);
    if exp <= ctx.now.timestamp() {
        return Err(unauthenticated(
            ctx,
            shared,
            "Lifetime validation failed, the token is expired.",
        ));
    }
    let nbf = claims.get("nbf").and_then(Value::as_i64).unwrap_or(0);
    if nbf > ctx.now.timestamp() + 300 {
        return Err(unauthenticated(
            ctx,
            shared,
            "Lifetime validation failed, the token is not yet valid.",
        ));
    }
    let user_id = claims
        .get("oid")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if shared.tenant().find_user(&user_id).is_none() {
        return Err(unauthenticated(
            ctx,
            shared,
            "Access token validation failure. The user does not exist.",
        ));
    }
    let scopes = claims
        .get("scp")
        .and_then(Value::as_str)
        .unwrap_or("")
        .split_whitespace()
        .map(str::to_ascii_lowercase)
        .collect();
    let amr = claims
        .get("amr")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let auth_time = claims
        .get("auth_time")
        .or_else(|| claims.get("iat"))
        .and_then(Value::as_i64)
        .unwrap_or(0);
    Ok(Caller {
        user_id,
        scopes,
        amr,
        auth_time,
    })
}

/// Checks that `caller` (whose directory entry is `me`) may do `op` on user `target`
/// (`None` for tenant-wide operations).
pub fn authorize(
    ctx: &Ctx,
    caller: &Caller,
    me: &User,
    target: Option<&str>,
    op: Op,
    strict: bool,
) -> Result<(), GraphResp> {
    let on_self = target.is_none_or(|t| t == caller.user_id);
    let ok = match op {
        Op::ReadMethods if on_self => caller.has_any(READ_SELF),
        Op::ReadMethods => caller.has_any(READ_OTHERS) && me.has_any_role(READ_ROLES),
        Op::WriteMethods if on_self => caller.has_any(WRITE_SELF),
        Op::WriteMethods => caller.has_any(WRITE_OTHERS) && me.has_any_role(WRITE_ROLES),
        Op::ResetPin => caller.has_any(WRITE_OTHERS) && me.has_any_role(WRITE_ROLES),
        Op::UpdatePin => {
            // The published page lists only Directory.AccessAsUser.All; outside strict mode the
            // self-service write scopes are accepted too.
            let scope_ok =
                caller.scopes.contains(ACCESS_AS_USER) || (!strict && caller.has_any(WRITE_SELF));
            scope_ok && (on_self || me.has_any_role(WRITE_ROLES))
        }
        Op::ReadPolicy => {
            caller.has_any(&[
                "policy.read.authenticationmethod",
                "policy.readwrite.authenticationmethod",
            ]) && me.has_any_role(POLICY_READ_ROLES)
        }
        Op::WritePolicy => {
            caller.has_any(&["policy.readwrite.authenticationmethod"])
                && me.has_any_role(POLICY_WRITE_ROLES)
        }
        Op::ReadUsers => caller.has_any(USERS_READ),
        Op::ReadMe => {
            caller.has_any(USERS_READ) || caller.has_any(&["user.read", "user.readwrite"])
        }
    };
    if ok {
        Ok(())
    } else if matches!(op, Op::ReadUsers | Op::ReadMe) {
        Err(directory_denied(ctx))
    } else {
        Err(access_denied(ctx))
    }
}
