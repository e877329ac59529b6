//! Short-lived sign-in state that is never persisted: pending authorize requests, one-shot
//! authorization codes, refresh tokens (rotating), device codes and browser sessions. Codes
//! and tokens are kept only as hashes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

/// An `/authorize` request waiting for the person to pick an account.
#[derive(Debug, Clone)]
pub struct AuthorizeRequest {
    pub tenant: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub scopes: crate::identity::scopes::Scopes,
    pub state: Option<String>,
    pub nonce: Option<String>,
    pub code_challenge: Option<(String, String)>,
    pub response_mode: String,
    pub login_hint: Option<String>,
    pub created: DateTime<Utc>,
}

/// An issued authorization code (looked up by hash).
#[derive(Debug, Clone)]
pub struct AuthCode {
    pub client_id: String,
    pub redirect_uri: String,
    pub user_id: String,
    pub scopes: crate::identity::scopes::Scopes,
    pub nonce: Option<String>,
    pub code_challenge: Option<(String, String)>,
    pub expires: DateTime<Utc>,
    pub redeemed: bool,
}

/// A live refresh token (looked up by hash). Using it replaces it.
#[derive(Debug, Clone)]
pub struct RefreshGrant {
    pub client_id: String,
    pub user_id: String,
    pub scopes: crate::identity::scopes::Scopes,
    pub expires: DateTime<Utc>,
}

/// Where a device code stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceStatus {
    Pending,
    Approved(String),
    Declined,
    Redeemed,
}

/// An issued device code (looked up by the hash of `device_code`).
#[derive(Debug, Clone)]
pub struct DeviceGrant {
    pub user_code: String,
    pub client_id: String,
    pub scopes: crate::identity::scopes::Scopes,
    pub expires: DateTime<Utc>,
    pub status: DeviceStatus,
    pub last_poll: Option<DateTime<Utc>>,
    pub interval: u64,
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
            },
        );
        assert!(f.device_by_user_code("abcd-2345").is_some());
        assert!(f.device_by_user_code("ABCD2346").is_none());
    }
}
