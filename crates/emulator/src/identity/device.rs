//! The device-code flow: `POST /devicecode`, polling at `/token` (`authorization_pending`,
//! optional `slow_down`, `expired_token`, `authorization_declined`,
//! `bad_verification_code`), `claims` asking for MFA, and the verification page where a
//! person types the code, picks an account and, when asked, approves the MFA step.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::{Form, Json};
use chrono::Duration;
use rand::RngExt;
use serde_json::json;

use super::errors::AadError;
use super::grant::{check_client, Grant};
use super::scopes::Scopes;
use super::{pages, resolve_tenant};
use crate::secrets::{lookup_hash, random_token};
use crate::state::flows::{DeviceGrant, DeviceStatus};
use crate::state::Shared;

/// The verification page's address.
pub fn verification_uri(shared: &Shared) -> String {
    format!("{}/devicelogin", shared.base_url)
}

fn user_code() -> String {
    // Eight letters and digits without look-alikes, like Entra's `YZMYLD4K`.
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..8)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// `POST /{tenant}/oauth2/v2.0/devicecode`.
pub async fn devicecode(
    State(shared): State<Arc<Shared>>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Response {
    // Entra answers a body that is not form-encoded with AADSTS900144 (the parameters are
    // missing), not with a bare 415.
    let form = form.map(|Form(f)| f).unwrap_or_default();
    let now = shared.clock.now();
    let result = (|| {
        resolve_tenant(&shared, &tenant)?;
        let client_id = check_client(&shared, &form)?;
        let raw = form
            .get("scope")
            .filter(|s| !s.trim().is_empty())
            .ok_or_else(|| AadError::missing("scope"))?;
        let scopes = Scopes::parse(raw, shared.knobs().strict)?;
        let wants_mfa = super::claims::wants_mfa(form.get("claims").map(String::as_str))?;
        let device_code = random_token(48);
        let code = user_code();
        let grant = DeviceGrant {
            user_code: code.clone(),
            client_id,
            scopes,
            expires: now + Duration::seconds(shared.device_code_lifetime),
            status: DeviceStatus::Pending,
            last_poll: None,
            interval: shared.device_code_interval,
            wants_mfa,
        };
        shared
            .flows()
            .devices
            .insert(lookup_hash(&device_code), grant);
        let uri = verification_uri(&shared);
        Ok::<_, AadError>(json!({
            "user_code": code,
            "device_code": device_code,
            "verification_uri": uri,
            "expires_in": shared.device_code_lifetime,
            "interval": shared.device_code_interval,
            "message": format!("To sign in, use a web browser to open the page {uri} and enter the code {code} to authenticate."),
        }))
    })();
    match result {
        Ok(body) => Json(body).into_response(),
        Err(e) => e.to_json_response(&headers, now),
    }
}

/// One poll of the token endpoint with a device code.
pub fn poll(
    shared: &Shared,
    client_id: &str,
    form: &HashMap<String, String>,
) -> Result<Grant, AadError> {
    let code = form
        .get("device_code")
        .filter(|c| !c.is_empty())
        .ok_or_else(|| AadError::missing("device_code"))?;
    let now = shared.clock.now();
    let slow_down_on = shared.knobs().compat.device_code_slow_down;
    let mut flows = shared.flows();
    let bad = || {
        AadError::new(
            "bad_verification_code",
            70000,
            "The provided value for the input parameter 'device_code' is not valid.",
        )
    };
    let Some(g) = flows.devices.get_mut(&lookup_hash(code)) else {
        return Err(bad());
    };
    if !g.client_id.eq_ignore_ascii_case(client_id) || g.status == DeviceStatus::Redeemed {
        return Err(bad());
    }
    if g.expires <= now {
        return Err(AadError::new(
            "expired_token",
            70019,
            "Verification code expired.",
        ));
    }
    let too_soon = g
        .last_poll
        .is_some_and(|last| now < last + Duration::seconds(g.interval as i64));
    g.last_poll = Some(now);
    match g.status.clone() {
        DeviceStatus::Declined => Err(AadError::new(
            "authorization_declined",
            70000,
            "The user declined the authorization request.",
        )),
        DeviceStatus::Approved(user_id, sign_in) => {
            g.status = DeviceStatus::Redeemed;
            Ok(Grant {
                client_id: client_id.into(),
                user_id,
                scopes: g.scopes.clone(),
                nonce: None,
                sign_in,
            })
        }
        DeviceStatus::Pending if slow_down_on && too_soon => {
            // RFC 8628 §3.5: the client must add 5 seconds to its interval.
            g.interval += 5;
            Err(AadError::new(
                "slow_down",
                70016,
                "The client is polling too quickly; add 5 seconds to the polling interval.",
            ))
        }
        DeviceStatus::Pending | DeviceStatus::Redeemed => Err(AadError::new(
            "authorization_pending",
            70016,
            "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
        )),
    }
}

/// Whether the pending code `user_code` asked for MFA in its `claims`.
pub fn wants_mfa(shared: &Shared, user_code: &str) -> bool {
    shared
        .flows()
        .device_by_user_code(user_code)
        .is_some_and(|g| g.wants_mfa)
}

/// Approves or declines a pending code for `user` (the page and the test hook use this).
/// `mfa`: whether the person completes MFA when the code's `claims` asked for it.
pub fn decide(
    shared: &Shared,
    user_code: &str,
    user: Option<&str>,
    mfa: bool,
) -> Result<(), String> {
    let user_id = match user {
        Some(u) => Some(
            shared
                .tenant()
                .find_user(u)
                .map(|x| x.id.clone())
                .ok_or("unknown user")?,
        ),
        None => None,
    };
    let now = shared.clock.now();
    let mut flows = shared.flows();
    let g = flows.device_by_user_code(user_code).ok_or("unknown code")?;
    if g.expires <= now {
        return Err("code expired".into());
    }
    if g.status != DeviceStatus::Pending {
        return Err("code already used".into());
    }
    let wants = g.wants_mfa;
    let status = match user_id {
        Some(u) => {
            let s = flows.sign_in_now(&u, now, wants, mfa);
            DeviceStatus::Approved(u, s)
        }
        None => DeviceStatus::Declined,
    };
    if let Some(g) = flows.device_by_user_code(user_code) {
        g.status = status;
    }
    Ok(())
}

/// `GET /devicelogin`.
pub async fn page(State(shared): State<Arc<Shared>>) -> Response {
    pages::device_page(&shared, None)
}

/// `POST /devicelogin` with `user_code`, `user` and `action` (`approve` or `decline`).
pub async fn submit(
    State(shared): State<Arc<Shared>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let code = form.get("user_code").map(String::as_str).unwrap_or("");
    let decline = form.get("action").is_some_and(|a| a == "decline");
    let user = if decline {
        None
    } else {
        form.get("user").map(String::as_str)
    };
    if !decline && user.is_none() {
        return pages::device_page(&shared, Some("Pick an account."));
    }
    if let (Some(u), false) = (user, decline) {
        if wants_mfa(&shared, code) && !form.contains_key("mfa") {
            return pages::mfa_step("/devicelogin", &[("user_code", code), ("user", u)]);
        }
    }
    let mfa = form.get("mfa").is_none_or(|m| m == "approve");
    match decide(&shared, code, user, mfa) {
        Ok(()) if decline => pages::message(
            "Sign-in declined",
            "You declined the sign-in. You can close this window.",
        ),
        Ok(()) => pages::message(
            "You're signed in",
            "You have signed in to the application on your device. You can close this window.",
        ),
        Err(e) => pages::device_page(&shared, Some(&format!("That code didn't work: {e}."))),
    }
}
