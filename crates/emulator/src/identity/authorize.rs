//! The authorization-code flow: `GET /authorize` (PKCE S256/plain, `state`, `prompt`,
//! `login_hint`, loopback redirect rules), the account-picker page and its POST, errors sent
//! back to the redirect URI, and redemption of the one-shot code at `/token`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Form;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use chrono::Duration;
use sha2::{Digest, Sha256};

use super::errors::{escape, AadError};
use super::grant::Grant;
use super::scopes::Scopes;
use super::{pages, resolve_tenant};
use crate::secrets::{lookup_hash, random_token};
use crate::state::flows::{AuthCode, AuthorizeRequest, SignIn};
use crate::state::Shared;

const CODE_LIFETIME_SECS: i64 = 60;
const SESSION_COOKIE: &str = "emu_session";

/// Checks a redirect URI against Microsoft's loopback rules: `http` only for `localhost` and
/// `127.0.0.1` (not `[::1]`), any port. Returns the URI as Entra sends it back (a bare
/// origin gets a trailing slash).
pub fn check_redirect(uri: &str, strict: bool) -> Option<url::Url> {
    let u = url::Url::parse(uri).ok()?;
    let host_ok = matches!(u.host_str(), Some("localhost") | Some("127.0.0.1"));
    if u.scheme() != "http" || !host_ok || u.username() != "" || u.fragment().is_some() {
        return None;
    }
    // The registration is `http://localhost` (no path); strict mode holds the path to it.
    if strict && u.path() != "/" {
        return None;
    }
    Some(u)
}

fn redirect_with(uri: &str, mode: &str, pairs: &[(String, String)]) -> Response {
    if mode == "form_post" {
        let inputs: String = pairs
            .iter()
            .map(|(k, v)| {
                format!(
                    "<input type=\"hidden\" name=\"{}\" value=\"{}\"/>",
                    escape(k),
                    escape(v)
                )
            })
            .collect();
        let html = format!(
            "<!doctype html><html><body onload=\"document.forms[0].submit()\"><form method=\"POST\" action=\"{}\">{inputs}<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>",
            escape(uri)
        );
        return Html(html).into_response();
    }
    let mut u = match url::Url::parse(uri) {
        Ok(u) => u,
        Err(_) => {
            return AadError::new("invalid_request", 50011, "The redirect URI is not valid.").page()
        }
    };
    let encoded: String = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    if mode == "fragment" {
        u.set_fragment(Some(&encoded));
    } else {
        let existing = u.query().map(str::to_string);
        u.set_query(Some(&match existing {
            Some(q) if !q.is_empty() => format!("{q}&{encoded}"),
            _ => encoded,
        }));
    }
    (StatusCode::FOUND, [(header::LOCATION, u.to_string())]).into_response()
}

fn error_redirect(req: &AuthorizeRequest, e: AadError, shared: &Shared) -> Response {
    let mut pairs = e.redirect_pairs(&shared.clock.now());
    if let Some(s) = &req.state {
        pairs.push(("state".into(), s.clone()));
    }
    redirect_with(&req.redirect_uri, &req.response_mode, &pairs)
}

/// Issues a code for `user_id` and sends it to the redirect URI, with a session cookie.
/// `sign_in` is what the person did (see [`crate::state::flows::Flows::sign_in_now`]).
pub fn complete(
    shared: &Shared,
    req: &AuthorizeRequest,
    user_id: &str,
    sign_in: SignIn,
) -> Response {
    let code = random_token(48);
    shared.flows().codes.insert(
        lookup_hash(&code),
        AuthCode {
            client_id: req.client_id.clone(),
            redirect_uri: req.redirect_uri.clone(),
            user_id: user_id.to_string(),
            scopes: req.scopes.clone(),
            nonce: req.nonce.clone(),
            code_challenge: req.code_challenge.clone(),
            expires: shared.clock.now() + Duration::seconds(CODE_LIFETIME_SECS),
            redeemed: false,
            sign_in,
        },
    );
    let session = random_token(24);
    shared
        .flows()
        .sessions
        .insert(lookup_hash(&session), user_id.to_string());
    let mut pairs = vec![("code".to_string(), code)];
    if let Some(s) = &req.state {
        pairs.push(("state".into(), s.clone()));
    }
    pairs.push(("session_state".into(), uuid::Uuid::new_v4().to_string()));
    let mut resp = redirect_with(&req.redirect_uri, &req.response_mode, &pairs);
    if let Ok(v) = format!("{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax").parse() {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    resp
}

fn session_user(shared: &Shared, headers: &HeaderMap) -> Option<String> {
    let cookies = headers.get(header::COOKIE)?.to_str().ok()?;
    let value = cookies
        .split(';')
        .find_map(|c| c.trim().strip_prefix(&format!("{SESSION_COOKIE}=")))?;
    shared.flows().sessions.get(&lookup_hash(value)).cloned()
}

/// `GET /{tenant}/oauth2/v2.0/authorize`.
pub async fn authorize(
    State(shared): State<Arc<Shared>>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Err(e) = resolve_tenant(&shared, &tenant) {
        return e.page();
    }
    let strict = shared.knobs().strict;
    let client = match super::grant::check_client(&shared, &q) {
        Ok(c) => c,
        Err(e) => return e.page(),
    };
    let Some(redirect) = q
        .get("redirect_uri")
        .and_then(|r| check_redirect(r, strict))
    else {
        return AadError::new("invalid_request", 50011, format!("The redirect URI '{}' specified in the request does not match the redirect URIs configured for the application '{client}'.", q.get("redirect_uri").map(String::as_str).unwrap_or(""))).page();
    };
    let mut req = AuthorizeRequest {
        tenant,
        client_id: client,
        redirect_uri: redirect.to_string(),
        scopes: Scopes::default(),
        state: q.get("state").cloned(),
        nonce: q.get("nonce").cloned(),
        code_challenge: None,
        response_mode: q
            .get("response_mode")
            .cloned()
            .unwrap_or_else(|| "query".into()),
        login_hint: q.get("login_hint").cloned(),
        created: shared.clock.now(),
        wants_mfa: false,
    };
    if !matches!(
        req.response_mode.as_str(),
        "query" | "fragment" | "form_post"
    ) {
        req.response_mode = "query".into();
        return error_redirect(
            &req,
            AadError::new(
                "invalid_request",
                900144,
                "The 'response_mode' parameter is not valid.",
            ),
            &shared,
        );
    }
    if q.get("response_type").map(String::as_str) != Some("code") {
        return error_redirect(
            &req,
            AadError::new(
                "unsupported_response_type",
                700054,
                "The response_type is not supported; this application uses 'code'.",
            ),
            &shared,
        );
    }
    let Some(raw_scope) = q.get("scope").filter(|s| !s.trim().is_empty()) else {
        return error_redirect(&req, AadError::missing("scope"), &shared);
    };
    req.scopes = match Scopes::parse(raw_scope, strict) {
        Ok(s) => s,
        Err(e) => return error_redirect(&req, e, &shared),
    };
    match (
        q.get("code_challenge"),
        q.get("code_challenge_method").map(String::as_str),
    ) {
        (Some(c), m @ (None | Some("S256") | Some("plain"))) => {
            req.code_challenge = Some((c.clone(), m.unwrap_or("plain").to_string()))
        }
        (Some(_), Some(_)) => {
            return error_redirect(
                &req,
                AadError::new(
                    "invalid_request",
                    9002313,
                    "Invalid request. The code_challenge_method must be 'S256' or 'plain'.",
                ),
                &shared,
            )
        }
        (None, _) if strict => {
            return error_redirect(
                &req,
                AadError::new(
                    "invalid_request",
                    9002325,
                    "Proof Key for Code Exchange is required for this application.",
                ),
                &shared,
            )
        }
        (None, _) => {}
    }
    req.wants_mfa = match super::claims::wants_mfa(q.get("claims").map(String::as_str)) {
        Ok(w) => w,
        Err(e) => return error_redirect(&req, e, &shared),
    };
    let prompt = q.get("prompt").map(String::as_str).unwrap_or("");
    if !matches!(prompt, "" | "login" | "none" | "consent" | "select_account") {
        return error_redirect(
            &req,
            AadError::new(
                "invalid_request",
                90023,
                format!("Invalid prompt value '{prompt}'."),
            ),
            &shared,
        );
    }
    let now = shared.clock.now();
    let auto = {
        let f = shared.flows();
        f.auto_sign_in.clone().map(|u| (u, f.auto_sign_in_mfa))
    };
    if let Some((user, mfa)) = auto {
        let s = shared.flows().sign_in_now(&user, now, req.wants_mfa, mfa);
        return complete(&shared, &req, &user, s);
    }
    // A session cookie signs in silently (single sign-on: no new authentication, so the
    // previous sign-in's time and `amr` carry over); it cannot satisfy an MFA request.
    let session = session_user(&shared, &headers);
    let sso = |u: &str| {
        shared
            .flows()
            .last_sign_in
            .get(u)
            .cloned()
            .unwrap_or_else(|| SignIn::password(now))
    };
    if prompt == "none" {
        return match session {
            Some(_) if req.wants_mfa => error_redirect(
                &req,
                AadError::new(
                    "interaction_required",
                    50076,
                    "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.",
                ),
                &shared,
            ),
            Some(u) => complete(&shared, &req, &u, sso(&u)),
            None => error_redirect(
                &req,
                AadError::new(
                    "login_required",
                    50058,
                    "A silent sign-in request was sent but no user is signed in.",
                ),
                &shared,
            ),
        };
    }
    let hint_ok = |u: &str| {
        req.login_hint
            .as_deref()
            .is_none_or(|h| shared.tenant().find_user(h).is_some_and(|x| x.id == u))
    };
    if let Some(u) = session.filter(|u| prompt.is_empty() && hint_ok(u) && !req.wants_mfa) {
        let s = sso(&u);
        return complete(&shared, &req, &u, s);
    }
    let flow = random_token(24);
    shared.flows().pending.insert(flow.clone(), req.clone());
    pages::account_picker(&shared, &req, &flow)
}

/// `POST /{tenant}/oauth2/v2.0/login`: the picker's form (`flow`, `user` or `cancel`).
pub async fn login(
    State(shared): State<Arc<Shared>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let Some(req) = form
        .get("flow")
        .and_then(|f| shared.flows().pending.remove(f))
    else {
        return AadError::new(
            "invalid_request",
            50058,
            "The sign-in session was not found or has expired. Start the sign-in again.",
        )
        .page();
    };
    if form.contains_key("cancel") {
        return error_redirect(
            &req,
            AadError::new(
                "access_denied",
                65004,
                "User declined to consent to access the app.",
            ),
            &shared,
        );
    }
    let user = form
        .get("user")
        .and_then(|u| shared.tenant().find_user(u).map(|x| x.id.clone()));
    match user {
        Some(u) if req.wants_mfa && !form.contains_key("mfa") => {
            // The claims ask for MFA: one more step ("Approve sign-in request").
            let flow = random_token(24);
            shared.flows().pending.insert(flow.clone(), req.clone());
            pages::mfa_step(
                &format!("/{}/oauth2/v2.0/login", req.tenant),
                &[("flow", &flow), ("user", &u)],
            )
        }
        Some(u) => {
            let done = form.get("mfa").is_some_and(|m| m == "approve");
            let now = shared.clock.now();
            let s = shared.flows().sign_in_now(&u, now, req.wants_mfa, done);
            complete(&shared, &req, &u, s)
        }
        None => {
            let flow = random_token(24);
            shared.flows().pending.insert(flow.clone(), req.clone());
            pages::account_picker(&shared, &req, &flow)
        }
    }
}

/// Redeems an authorization code at `/token` (one-shot, 60 s, same client and redirect URI,
/// PKCE verifier checked).
pub fn redeem_code(
    shared: &Shared,
    client_id: &str,
    form: &HashMap<String, String>,
) -> Result<Grant, AadError> {
    let code = form
        .get("code")
        .filter(|c| !c.is_empty())
        .ok_or_else(|| AadError::missing("code"))?;
    let mut flows = shared.flows();
    let Some(entry) = flows.codes.get_mut(&lookup_hash(code)) else {
        return Err(AadError::new("invalid_grant", 9002313, "Invalid request. Request is malformed or invalid. The provided authorization code is not valid."));
    };
    if entry.redeemed {
        return Err(AadError::new("invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token."));
    }
    if entry.expires <= shared.clock.now() {
        return Err(AadError::new("invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource."));
    }
    if !entry.client_id.eq_ignore_ascii_case(client_id) {
        return Err(AadError::new(
            "invalid_grant",
            70000,
            "The provided authorization code was issued to a different client.",
        ));
    }
    let redirect = form
        .get("redirect_uri")
        .and_then(|r| check_redirect(r, false))
        .map(|u| u.to_string());
    if redirect.as_deref() != Some(entry.redirect_uri.as_str()) {
        return Err(AadError::new("invalid_grant", 500117, "The reply uri specified in the token request does not match the reply uri specified in the authorization request."));
    }
    if let Some((challenge, method)) = &entry.code_challenge {
        let verifier = form.get("code_verifier").map(String::as_str).unwrap_or("");
        let computed = if method == "S256" {
            B64URL.encode(Sha256::digest(verifier.as_bytes()))
        } else {
            verifier.to_string()
        };
        if verifier.is_empty() || computed != *challenge {
            return Err(AadError::new("invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request."));
        }
    }
    entry.redeemed = true;
    Ok(Grant {
        client_id: client_id.into(),
        user_id: entry.user_id.clone(),
        scopes: entry.scopes.clone(),
        nonce: entry.nonce.clone(),
        sign_in: entry.sign_in.clone(),
    })
}
