//! The Microsoft identity platform (v2.0 endpoints) of the demo tenant:
//! `/{tenant}/v2.0/.well-known/openid-configuration`, `/{tenant}/discovery/v2.0/keys`,
//! `/{tenant}/oauth2/v2.0/{authorize,token,devicecode,logout}` and `/devicelogin`.

pub mod authorize;
pub mod claims;
pub mod device;
pub mod errors;
pub mod grant;
pub mod pages;
pub mod scopes;
pub mod tokens;

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use crate::state::Shared;
use errors::AadError;

/// Maps the `{tenant}` path segment to the tenant id: `common`, `organizations`, the tenant
/// id or its domain. `consumers` and anything else is AADSTS90002.
pub fn resolve_tenant(shared: &Shared, segment: &str) -> Result<String, AadError> {
    let t = shared.tenant();
    let s = segment.to_ascii_lowercase();
    if s == "common" || s == "organizations" || s == t.id || s == t.domain.to_ascii_lowercase() {
        Ok(t.id.clone())
    } else {
        Err(AadError::tenant(segment))
    }
}

/// The identity routes.
pub fn router() -> Router<Arc<Shared>> {
    Router::new()
        .route(
            "/{tenant}/v2.0/.well-known/openid-configuration",
            get(openid_configuration),
        )
        .route("/{tenant}/discovery/v2.0/keys", get(jwks))
        .route("/{tenant}/oauth2/v2.0/authorize", get(authorize::authorize))
        .route("/{tenant}/oauth2/v2.0/login", post(authorize::login))
        .route("/{tenant}/oauth2/v2.0/token", post(tokens::token_endpoint))
        .route("/{tenant}/oauth2/v2.0/devicecode", post(device::devicecode))
        .route("/{tenant}/oauth2/v2.0/logout", get(logout))
        .route("/devicelogin", get(device::page).post(device::submit))
}

async fn openid_configuration(
    State(shared): State<Arc<Shared>>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
) -> Response {
    let tid = match resolve_tenant(&shared, &tenant) {
        Ok(t) => t,
        Err(e) => return e.to_json_response(&headers, shared.clock.now()),
    };
    let base = &shared.base_url;
    let lower = tenant.to_ascii_lowercase();
    // For the multi-tenant aliases Entra publishes the issuer with a `{tenantid}` placeholder.
    let issuer = if lower == "common" || lower == "organizations" {
        format!("{base}/{{tenantid}}/v2.0")
    } else {
        shared.issuer(&tid)
    };
    let ep = |p: &str| format!("{base}/{tenant}/oauth2/v2.0/{p}");
    let host = base.split("://").nth(1).unwrap_or(base);
    Json(json!({
        "token_endpoint": ep("token"),
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "jwks_uri": format!("{base}/{tenant}/discovery/v2.0/keys"),
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": issuer,
        "request_uri_parameter_supported": false,
        "userinfo_endpoint": format!("{base}/oidc/userinfo"),
        "authorization_endpoint": ep("authorize"),
        "device_authorization_endpoint": ep("devicecode"),
        "http_logout_supported": true,
        "frontchannel_logout_supported": true,
        "end_session_endpoint": ep("logout"),
        "code_challenge_methods_supported": ["plain", "S256"],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
        "tenant_region_scope": "NA",
        "cloud_instance_name": "microsoftonline.com",
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": host,
        "rbac_url": "https://pas.windows.net"
    }))
    .into_response()
}

async fn jwks(
    State(shared): State<Arc<Shared>>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
) -> Response {
    match resolve_tenant(&shared, &tenant) {
        Ok(tid) => Json(shared.key.jwks(&shared.issuer(&tid))).into_response(),
        Err(e) => e.to_json_response(&headers, shared.clock.now()),
    }
}

async fn logout(
    State(shared): State<Arc<Shared>>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if let Some(cookies) = headers.get(header::COOKIE).and_then(|c| c.to_str().ok()) {
        for c in cookies.split(';') {
            if let Some(v) = c.trim().strip_prefix("emu_session=") {
                shared
                    .flows()
                    .sessions
                    .remove(&crate::secrets::lookup_hash(v));
            }
        }
    }
    let clear = [(
        header::SET_COOKIE,
        "emu_session=; Path=/; Max-Age=0".to_string(),
    )];
    match q
        .get("post_logout_redirect_uri")
        .and_then(|u| authorize::check_redirect(u, false))
    {
        Some(u) => (
            StatusCode::FOUND,
            clear,
            [(header::LOCATION, u.to_string())],
        )
            .into_response(),
        None => (
            clear,
            pages::message("Signed out", "You signed out of your account."),
        )
            .into_response(),
    }
}
