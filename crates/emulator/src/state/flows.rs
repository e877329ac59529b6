//! Short-lived sign-in state that is never persisted: pending authorize requests, one-shot
//! authorization codes, refresh tokens (rotating), device codes and browser sessions. Codes
//! and tokens are kept only as hashes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

/// How and when a person last signed in interactively: what goes into a token's `amr` and
/// `auth_time`. A refresh carries it over unchanged (a refresh is not a new sign-in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignIn {
    /// Authentication methods references: `["pwd"]`, or `["pwd","mfa"]` after MFA.
    pub amr: Vec<String>,
    /// When the person authenticated.
    pub at: DateTime<Utc>,
}

impl SignIn {
    /// A password-only sign-in at `at`.
    pub fn password(at: DateTime<Utc>) -> Self {
        Self {
            amr: vec!["pwd".into()],
            at,
        }
    }

    /// A sign-in that completed multifactor authentication at `at`.
    pub fn mfa(at: DateTime<Utc>) -> Self {
        Self {
            amr: vec!["pwd".into(), "mfa".into()],
            at,
        }
    }

    /// Whether `amr` shows multifactor authentication (`mfa` or `ngcmfa`).
    pub fn has_mfa(amr: &[String]) -> bool {
        amr.iter()
            .any(|a| a.eq_ignore_ascii_case("mfa") || a.eq_ignore_ascii_case("ngcmfa"))
    }
}

/// An `/authorize` request waiting for the person to pick an account.
#[derive(Debug, Clone)]
pub struct AuthorizeRequest {
    /// Tenant segment of the authorize URL (id, domain, `common`, `organizations`).
    pub tenant: String,
    /// The application asking.
    pub client_id: String,
    /// Where the code is sent.
    pub redirect_uri: String,
    /// The scopes asked for.
    pub scopes: crate::identity::scopes::Scopes,
    /// The client's `state`, echoed with the code.
    pub state: Option<String>,
    /// The client's `nonce`, put into the ID token.
    pub nonce: Option<String>,
    /// PKCE `(code_challenge, code_challenge_method)`.
    pub code_challenge: Option<(String, String)>,
    /// `query`, `fragment` or `form_post`.
    pub response_mode: String,
    /// The `login_hint`, preselecting an account.
    pub login_hint: Option<String>,
    /// When the request arrived.
    pub created: DateTime<Utc>,
    /// The request's `claims` ask for MFA (`access_token.amr` values `ngcmfa`/`mfa`).
    pub wants_mfa: bool,
}

/// An issued authorization code (looked up by hash).
#[derive(Debug, Clone)]
pub struct AuthCode {
    /// The application the code was issued to.
    pub client_id: String,
    /// The redirect URI the code must be redeemed with.
    pub redirect_uri: String,
    /// Object id of the user who signed in.
    pub user_id: String,
    /// The scopes granted.
    pub scopes: crate::identity::scopes::Scopes,
    /// The authorize request's `nonce`.
    pub nonce: Option<String>,
    /// PKCE `(code_challenge, code_challenge_method)` the verifier must match.
    pub code_challenge: Option<(String, String)>,
    /// When the code stops being redeemable.
    pub expires: DateTime<Utc>,
    /// Already exchanged once (a second use is refused).
    pub redeemed: bool,
    /// The interactive sign-in behind the code.
    pub sign_in: SignIn,
}

/// A live refresh token (looked up by hash). Using it replaces it.
#[derive(Debug, Clone)]
pub struct RefreshGrant {
    /// The application the token was issued to.
    pub client_id: String,
    /// Object id of the user it acts for.
    pub user_id: String,
    /// The scopes granted.
    pub scopes: crate::identity::scopes::Scopes,
    /// When the token stops working.
    pub expires: DateTime<Utc>,
    /// The sign-in the first token came from (kept across refreshes).
    pub sign_in: SignIn,
}

/// Where a device code stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceStatus {
    /// Nobody has answered yet: polls get `authorization_pending`.
    Pending,
    /// Approved by the user with this object id, with that sign-in.
    Approved(String, SignIn),
    /// The user said no: polls get `authorization_declined`.
    Declined,
    /// Tokens were handed out; the code is spent.
    Redeemed,
}

/// An issued device code (looked up by the hash of `device_code`).
#[derive(Debug, Clone)]
pub struct DeviceGrant {
    /// The code the person types at the verification page.
    pub user_code: String,
    /// The application asking.
    pub client_id: String,
    /// The scopes asked for.
    pub scopes: crate::identity::scopes::Scopes,
    /// When the code stops working.
    pub expires: DateTime<Utc>,
    /// Where the grant stands.
    pub status: DeviceStatus,
    /// When the client last polled (polling faster than `interval` is `slow_down`).
    pub last_poll: Option<DateTime<Utc>>,
    /// Seconds a client must wait between polls (grows by 5 on each `slow_down`).
    pub interval: u64,
    /// The request's `claims` ask for MFA.
    pub wants_mfa: bool,
}

/// All transient sign-in state.
#[derive(Debug, Default)]
pub struct Flows {
    /// Pending authorize requests by flow id.
    pub pending: HashMap<String, AuthorizeRequest>,
    /// Authorization codes by hash.
    pub codes: HashMap<String, AuthCode>,
    /// Refresh tokens by hash.
    pub refresh: HashMap<String, RefreshGrant>,
    /// Device codes by hash of the device code.
    pub devices: HashMap<String, DeviceGrant>,
    /// Browser sessions (cookie hash → user id).
    pub sessions: HashMap<String, String>,
    /// Test hook: the user the authorize page signs in without a click.
    pub auto_sign_in: Option<String>,
    /// Test hook: whether that automatic sign-in completes MFA when the claims ask for it.
    pub auto_sign_in_mfa: bool,
    /// Each user's last interactive sign-in (by user id).
    pub last_sign_in: HashMap<String, SignIn>,
}

impl Flows {
    /// Forgets what can no longer be used: expired codes, refresh tokens and device codes,
    /// and authorize requests older than an hour (keeps a long-running demo small).
    pub fn prune(&mut self, now: DateTime<Utc>) {
        let hour = chrono::Duration::hours(1);
        self.pending.retain(|_, r| r.created + hour > now);
        self.codes.retain(|_, c| c.expires + hour > now);
        self.refresh.retain(|_, r| r.expires > now);
        self.devices.retain(|_, d| d.expires + hour > now);
    }

    /// Finds a device grant by its user code (case-insensitive, dashes ignored).
    pub fn device_by_user_code(&mut self, user_code: &str) -> Option<&mut DeviceGrant> {
        let wanted: String = user_code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_uppercase();
        self.devices.values_mut().find(|d| d.user_code == wanted)
    }

    /// The sign-in a person completes now for `user_id`. Without an MFA request it is a fresh
    /// password sign-in; when the `claims` asked for MFA and the person completed it, a fresh
    /// MFA sign-in. When they asked and the person could NOT do MFA (`mfa_done` false: e.g.
    /// QR code + PIN is their only method, and QR is single-factor), the request is not
    /// satisfied and nothing new is credited: the token keeps the person's previous sign-in
    /// time (or counts as a day old when none is known), so a freshness check still fails.
    /// Fresh sign-ins are remembered as the user's last one.
    pub fn sign_in_now(
        &mut self,
        user_id: &str,
        now: DateTime<Utc>,
        wants_mfa: bool,
        mfa_done: bool,
    ) -> SignIn {
        if wants_mfa && !mfa_done {
            let at = self
                .last_sign_in
                .get(user_id)
                .map(|s| s.at)
                .unwrap_or(now - chrono::Duration::days(1));
            return SignIn::password(at);
        }
        let s = if wants_mfa {
            SignIn::mfa(now)
        } else {
            SignIn::password(now)
        };
        self.last_sign_in.insert(user_id.to_string(), s.clone());
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::scopes::Scopes;

    #[test]
    fn prune_forgets_only_what_expired() {
        let now = Utc::now();
        let mut f = Flows::default();
        let grant = |expires| RefreshGrant {
            client_id: "c".into(),
            user_id: "u".into(),
            scopes: Scopes::default(),
            expires,
            sign_in: SignIn::password(now),
        };
        f.refresh
            .insert("old".into(), grant(now - chrono::Duration::seconds(1)));
        f.refresh
            .insert("live".into(), grant(now + chrono::Duration::days(1)));
        f.devices.insert(
            "d".into(),
            DeviceGrant {
                user_code: "ABCD2345".into(),
                client_id: "c".into(),
                scopes: Scopes::default(),
                expires: now - chrono::Duration::hours(2),
                status: DeviceStatus::Pending,
                last_poll: None,
                interval: 5,
                wants_mfa: false,
            },
        );
        f.prune(now);
        assert!(f.refresh.contains_key("live") && !f.refresh.contains_key("old"));
        assert!(f.devices.is_empty());
    }

    #[test]
    fn user_codes_match_loosely() {
        let mut f = Flows::default();
        f.devices.insert(
            "d".into(),
            DeviceGrant {
                user_code: "ABCD2345".into(),
                client_id: "c".into(),
                scopes: Scopes::default(),
                expires: Utc::now(),
                status: DeviceStatus::Pending,
                last_poll: None,
                interval: 5,
                wants_mfa: false,
            },
        );
        assert!(f.device_by_user_code("abcd-2345").is_some());
        assert!(f.device_by_user_code("ABCD2346").is_none());
    }
}
