//! The typed reading of `GET /_emulator/state` ([`TenantState`]): users, methods (no PIN, no
//! QR secret), refresh-token count and method creates, as the emulator's hook writes them.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

/// The tenant's books as `/_emulator/state` answers them (see `docs/emulator.md`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TenantState {
    /// The tenant's users, in the emulator's order.
    pub users: Vec<StateUser>,
    /// The QR code + PIN method of each user that has one, by user id.
    pub methods: BTreeMap<String, StateMethod>,
    /// Refresh tokens the emulator holds (sign-ins that asked to stay signed in).
    pub refresh_tokens: u64,
    /// Successful method creates per user id since start or the last reset.
    pub method_creates: BTreeMap<String, u64>,
    /// Graph HTTP requests since start (a `$batch` counts once).
    pub graph_requests: u64,
}

/// One user in [`TenantState::users`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StateUser {
    /// The object id.
    pub id: String,
    /// The sign-in name.
    pub user_principal_name: String,
    /// The display name.
    pub display_name: String,
    /// Directory role names (empty for a worker).
    #[serde(default)]
    pub roles: Vec<String>,
}

/// One user's QR code + PIN method in [`TenantState::methods`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StateMethod {
    /// The method id.
    pub id: String,
    /// The standard (badge) code, if any.
    #[serde(rename = "standardQRCode")]
    pub standard_qr_code: Option<StateCode>,
    /// The temporary code, if any.
    #[serde(rename = "temporaryQRCode")]
    pub temporary_qr_code: Option<StateCode>,
    /// The PIN's bookkeeping (never the PIN).
    pub pin: StatePin,
}

/// A standard or temporary code in a [`StateMethod`] (never its secret).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StateCode {
    /// The code id.
    pub id: String,
    /// When it starts working, as Graph writes times.
    pub start_date_time: String,
    /// When it stops working, as Graph writes times.
    pub expire_date_time: String,
    /// The last QR sign-in with it, if any.
    pub last_used_date_time: Option<String>,
}

/// The PIN part of a [`StateMethod`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatePin {
    /// Whether the PIN must be changed at the next sign-in.
    pub force_change_pin_next_sign_in: bool,
}

impl TenantState {
    /// Reads the hook's answer; panics when it is not the shape above.
    pub fn from_json(v: Value) -> Self {
        serde_json::from_value(v).unwrap_or_else(|e| panic!("state hook answer: {e}"))
    }

    /// The user whose sign-in name is `upn` (ASCII case ignored, as Entra does).
    pub fn user(&self, upn: &str) -> Option<&StateUser> {
        self.users
            .iter()
            .find(|u| u.user_principal_name.eq_ignore_ascii_case(upn))
    }

    /// The id of the user signing in as `upn`; panics when there is none.
    pub fn user_id(&self, upn: &str) -> &str {
        &self
            .user(upn)
            .unwrap_or_else(|| panic!("no user {upn} in the tenant"))
            .id
    }

    /// The method of the user signing in as `upn`, if it has one.
    pub fn method_of(&self, upn: &str) -> Option<&StateMethod> {
        self.methods.get(self.user_id(upn))
    }

    /// Method creates of user id `uid` since start or the last reset (0 when none).
    pub fn creates_of(&self, uid: &str) -> u64 {
        self.method_creates.get(uid).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_the_hooks_shape_and_finds_users_ignoring_case() {
        let s = TenantState::from_json(json!({
            "tenantId": "t", "users": [
                {"id": "u1", "userPrincipalName": "Ann@x.test", "displayName": "Ann", "roles": []},
            ],
            "methods": {"u1": {"id": "m1", "createdDateTime": "2026-01-01T00:00:00Z",
                "standardQRCode": {"id": "s1", "startDateTime": "a", "expireDateTime": "b",
                    "lastUsedDateTime": null},
                "temporaryQRCode": null,
                "pin": {"id": "p", "forceChangePinNextSignIn": true, "updatedDateTime": "c"}}},
            "refreshTokens": 0, "methodCreates": {"u1": 2}, "graphRequests": 5,
        }));
        assert_eq!(s.user_id("ann@X.test"), "u1");
        let m = s.method_of("ann@x.test").unwrap();
        assert_eq!(m.standard_qr_code.as_ref().unwrap().expire_date_time, "b");
        assert!(m.temporary_qr_code.is_none() && m.pin.force_change_pin_next_sign_in);
        assert_eq!((s.creates_of("u1"), s.creates_of("u2")), (2, 0));
        assert!(s.user("bob@x.test").is_none());
    }
}
