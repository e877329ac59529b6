//! Token issuing: signed access tokens for Graph (`scp`, `wids`, `oid`, `amr`, `auth_time`, …),
//! ID tokens for the client, rotating refresh tokens (which keep the original sign-in), and
//! the `/token` endpoint's three grants.

use std::collections::HashMap;

use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64URL};
use base64::Engine;
use chrono::Duration;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::sync::Arc;

use super::errors::AadError;
pub use super::grant::{check_client, Grant};
use super::scopes::Scopes;
use super::{device, resolve_tenant};
use crate::secrets::{lookup_hash, random_token};
use crate::state::flows::{RefreshGrant, SignIn};
use crate::state::model::App;
use crate::state::Shared;
use crate::EmulatorError;

const REFRESH_DAYS: i64 = 90;
/// The default member role template id Entra puts in `wids` for every user.
const MEMBER_ROLE: &str = "b79fbf4d-3ef9-4689-8143-76b194e85509";

/// How a token minted without a sign-in flow ([`crate::Emulator::mint_access_token_with`],
/// the `/_emulator/token` hook) says the person signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MintOptions {
    /// The token's `amr` (default `["pwd"]`; `["pwd","mfa"]` for an MFA sign-in).
    pub amr: Vec<String>,
    /// How long ago the person signed in (default 0: now). Over 10 minutes without `mfa`
    /// in `amr`, self-service writes are refused while `Compat::mfa_freshness` is on.
    pub auth_age: std::time::Duration,
}

impl Default for MintOptions {
    fn default() -> Self {
        Self {
            amr: vec!["pwd".into()],
            auth_age: std::time::Duration::ZERO,
        }
    }
}

impl MintOptions {
    /// The sign-in these options describe, relative to `now`.
    pub fn sign_in(&self, now: chrono::DateTime<chrono::Utc>) -> SignIn {
        let age = Duration::from_std(self.auth_age).unwrap_or(Duration::days(3650));
        SignIn {
            amr: self.amr.clone(),
            at: now - age,
        }
    }
}

fn app_name(apps: &[App], client_id: &str) -> String {
    apps.iter()
        .find(|a| a.client_id.eq_ignore_ascii_case(client_id))
        .map(|a| a.display_name.clone())
        .unwrap_or_else(|| "Unregistered app".into())
}

/// A signed Graph access token for `grant`.
pub fn access_token(
    shared: &Shared,
    grant: &Grant,
    lifetime: i64,
) -> Result<String, EmulatorError> {
    let t = shared.tenant();
    let u = t
        .find_user(&grant.user_id)
        .ok_or_else(|| EmulatorError::Config("unknown user".into()))?;
    let now = shared.clock.now().timestamp();
    let mut wids = u.roles.clone();
    wids.push(MEMBER_ROLE.into());
    let claims = json!({
        "aud": crate::graph::auth::GRAPH_AUDIENCE,
        "iss": format!("{}/{}/", shared.base_url, t.id),
        "iat": now, "nbf": now, "exp": now + lifetime,
        // Every access token carries `amr` (how the person signed in) and the time of that
        // sign-in; Graph's MFA-freshness check reads both (see `graph::mfa`).
        "acct": 0, "acr": "1", "amr": grant.sign_in.amr,
        "auth_time": grant.sign_in.at.timestamp(),
        "app_displayname": app_name(&t.apps, &grant.client_id),
        "appid": grant.client_id, "appidacr": "0", "azp": grant.client_id,
        "family_name": u.surname, "given_name": u.given_name, "idtyp": "user",
        "ipaddr": "127.0.0.1", "name": u.display_name, "oid": u.id, "platf": "3",
        "scp": grant.scopes.graph.join(" "),
        "sub": pairwise(&u.id, "00000003-0000-0000-c000-000000000000"),
        "tid": t.id, "unique_name": u.user_principal_name, "upn": u.user_principal_name,
        "uti": random_token(16), "ver": "1.0", "wids": wids,
    });
    drop(t);
    shared.key.sign(&claims)
}

fn pairwise(oid: &str, client: &str) -> String {
    B64URL.encode(Sha256::digest(format!("{oid}|{client}").as_bytes()))
}

fn id_token(shared: &Shared, grant: &Grant) -> Result<String, EmulatorError> {
    let t = shared.tenant();
    let u = t
        .find_user(&grant.user_id)
        .ok_or_else(|| EmulatorError::Config("unknown user".into()))?;
    let now = shared.clock.now().timestamp();
    let mut claims = json!({
        "aud": grant.client_id,
        "iss": shared.issuer(&t.id),
        "iat": now, "nbf": now, "exp": now + 3600,
        "name": u.display_name, "oid": u.id, "preferred_username": u.user_principal_name,
        "sub": pairwise(&u.id, &grant.client_id), "tid": t.id, "ver": "2.0",
        "uti": random_token(16),
    });
    if let Some(n) = &grant.nonce {
        claims["nonce"] = json!(n);
    }
    let role_claims = t
        .apps
        .iter()
        .any(|a| a.role_claims && a.client_id.eq_ignore_ascii_case(&grant.client_id));
    if role_claims {
        let mut wids = u.roles.clone();
        wids.push(MEMBER_ROLE.into());
        claims["wids"] = json!(wids);
    }
    if grant.scopes.email {
        claims["email"] = json!(u.mail);
    }
    drop(t);
    shared.key.sign(&claims)
}

/// The token response for `grant`: access token, ID token if `openid`, a new refresh token
/// if `offline_access`, `client_info` if asked for.
pub fn issue(shared: &Shared, grant: &Grant, client_info: bool) -> Result<Value, EmulatorError> {
    let lifetime = shared.access_token_lifetime;
    let mut body = json!({
        "token_type": "Bearer",
        "scope": grant.scopes.response_scope(),
        "expires_in": lifetime,
        "ext_expires_in": lifetime,
        "access_token": access_token(shared, grant, lifetime)?,
    });
    if grant.scopes.offline_access {
        let rt = random_token(48);
        shared.flows().refresh.insert(
            lookup_hash(&rt),
            RefreshGrant {
                client_id: grant.client_id.clone(),
                user_id: grant.user_id.clone(),
                scopes: grant.scopes.clone(),
                expires: shared.clock.now() + Duration::days(REFRESH_DAYS),
                sign_in: grant.sign_in.clone(),
            },
        );
        body["refresh_token"] = json!(rt);
    }
    if grant.scopes.openid {
        body["id_token"] = json!(id_token(shared, grant)?);
    }
    if client_info {
        let tid = shared.tenant().id.clone();
        body["client_info"] =
            json!(B64.encode(json!({"uid": grant.user_id, "utid": tid}).to_string()));
    }
    Ok(body)
}

/// `POST /{tenant}/oauth2/v2.0/token`.
pub async fn token_endpoint(
    State(shared): State<Arc<Shared>>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    // Entra answers a body that is not form-encoded with AADSTS900144 (the parameters are
    // missing), not with a bare 415.
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let now = shared.clock.now();
    match token_inner(&shared, &tenant, &form) {
        Ok(body) => (
            [
                ("cache-control", "no-store, no-cache"),
                ("pragma", "no-cache"),
            ],
            Json(body),
        )
            .into_response(),
        Err(e) => e.to_json_response(&headers, now),
    }
}

fn token_inner(
    shared: &Shared,
    tenant: &str,
    form: &HashMap<String, String>,
) -> Result<Value, AadError> {
    shared.flows().prune(shared.clock.now());
    resolve_tenant(shared, tenant)?;
    let grant_type = form
        .get("grant_type")
        .ok_or_else(|| AadError::missing("grant_type"))?;
    let client_id = check_client(shared, form)?;
    let client_info = form.get("client_info").is_some_and(|v| v == "1");
    let grant = match grant_type.as_str() {
        "authorization_code" => super::authorize::redeem_code(shared, &client_id, form)?,
        "refresh_token" => redeem_refresh(shared, &client_id, form)?,
        "urn:ietf:params:oauth:grant-type:device_code" => device::poll(shared, &client_id, form)?,
        other => {
            return Err(AadError::new(
                "unsupported_grant_type",
                70003,
                format!("The app requested an unsupported grant type '{other}'."),
            ));
        }
    };
    issue(shared, &grant, client_info)
        .map_err(|_| AadError::new("server_error", 50000, "There was an error issuing a token."))
}

/// Redeems a refresh token: the old one stops working and a new one is returned.
fn redeem_refresh(
    shared: &Shared,
    client_id: &str,
    form: &HashMap<String, String>,
) -> Result<Grant, AadError> {
    let rt = form
        .get("refresh_token")
        .filter(|r| !r.is_empty())
        .ok_or_else(|| AadError::missing("refresh_token"))?;
    let invalid = || {
        AadError::new("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid. The provided refresh token is not valid (it was already used, revoked or never issued).")
    };
    let old = shared
        .flows()
        .refresh
        .remove(&lookup_hash(rt))
        .ok_or_else(invalid)?;
    if old.expires <= shared.clock.now() {
        return Err(AadError::new(
            "invalid_grant",
            700082,
            "The refresh token has expired due to inactivity.",
        ));
    }
    if !old.client_id.eq_ignore_ascii_case(client_id) {
        return Err(AadError::new(
            "invalid_grant",
            70000,
            "The refresh token was issued to a different client.",
        ));
    }
    if shared.tenant().find_user(&old.user_id).is_none() {
        return Err(invalid());
    }
    let strict = shared.knobs().strict;
    let scopes = match form.get("scope").filter(|s| !s.trim().is_empty()) {
        None => old.scopes.clone(),
        Some(raw) => {
            let mut asked = Scopes::parse(raw, strict)?;
            if !asked.is_subset_of(&old.scopes) {
                return Err(AadError::new("invalid_grant", 65001, "The user or administrator has not consented to use the application for the requested scopes. Send an interactive authorization request for this user and resource."));
            }
            // A refreshed grant keeps offline access (the refresh token is always rotated).
            asked.offline_access = true;
            asked
        }
    };
    // A refresh is not a new sign-in: the new tokens keep the original `amr` and sign-in
    // time, so the 10-minute MFA freshness keeps counting from the interactive sign-in.
    Ok(Grant {
        client_id: client_id.into(),
        user_id: old.user_id,
        scopes,
        nonce: None,
        sign_in: old.sign_in,
    })
}
