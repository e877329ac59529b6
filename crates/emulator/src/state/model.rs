//! The tenant's persistent data model: users, their QR code + PIN methods (secrets stored
//! only as salted hashes), and the qrCodePin policy.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::secrets::Hashed;

/// Directory role template ids (the `wids` claim and role checks).
pub mod roles {
    /// Global Administrator.
    pub const GLOBAL_ADMIN: &str = "62e90394-69f5-4237-9190-012177145e10";
    /// Authentication Administrator.
    pub const AUTH_ADMIN: &str = "c4e39bd9-1100-46d3-8c65-fb160da0071f";
    /// Privileged Authentication Administrator.
    pub const PRIV_AUTH_ADMIN: &str = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13";
    /// Authentication Policy Administrator.
    pub const AUTH_POLICY_ADMIN: &str = "0526716b-113d-4c15-b2c8-68e3c22b9f80";
    /// Global Reader.
    pub const GLOBAL_READER: &str = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
    /// Directory Readers.
    pub const DIRECTORY_READERS: &str = "88d8e3e3-8f55-4a1e-953a-9b9898b8876b";
    /// Privileged Role Administrator.
    pub const PRIV_ROLE_ADMIN: &str = "e8611ab8-c189-46e8-94e1-60213ab1f814";
    /// Helpdesk Administrator.
    pub const HELPDESK_ADMIN: &str = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
    /// Password Administrator.
    pub const PASSWORD_ADMIN: &str = "966707d0-3269-4727-9be2-8c3a10f19b9d";
    /// Guest Inviter.
    pub const GUEST_INVITER: &str = "95e79109-95c0-4d8e-aee3-d01accf2d47b";
    /// Message Center Reader.
    pub const MESSAGE_CENTER_READER: &str = "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b";
    /// Reports Reader.
    pub const REPORTS_READER: &str = "4a5d8f65-41da-4de4-8968-e035b65339cf";
    /// Usage Summary Reports Reader.
    pub const USAGE_SUMMARY_READER: &str = "75934031-6c7e-415a-99d7-48dbd49e875e";
    /// User Experience Success Manager.
    pub const UX_SUCCESS_MANAGER: &str = "27460883-1df1-4691-b032-3b79643e5e63";
}

/// An administrative unit (`microsoft.graph.administrativeUnit`): a container of users whose
/// management can be delegated (a store, in the demo tenant).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdministrativeUnit {
    /// Object id (a UUID).
    pub id: String,
    /// `displayName`, e.g. "Store 101 - Seattle".
    pub display_name: String,
    /// `description`.
    pub description: Option<String>,
    /// Object ids of the member users.
    pub members: Vec<String>,
}

/// A role assignment at a scope narrower than the tenant (`unifiedRoleAssignment` with a
/// `directoryScopeId` of `/administrativeUnits/{id}`). Tenant-wide assignments (`/`) are the
/// users' `roles`, so the `wids` claim and the assignments list can never disagree.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopedRoleAssignment {
    /// The assignment's id.
    pub id: String,
    /// The user holding the role.
    pub principal_id: String,
    /// The role's template id.
    pub role_definition_id: String,
    /// `/administrativeUnits/{id}`.
    pub directory_scope_id: String,
}

/// A directory user (the subset of `microsoft.graph.user` the app needs).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    /// Object id (a UUID).
    pub id: String,
    /// `displayName`, e.g. "Ana Souza".
    pub display_name: String,
    /// `givenName`.
    pub given_name: String,
    /// `surname`.
    pub surname: String,
    /// `userPrincipalName`, the sign-in name.
    pub user_principal_name: String,
    /// `mail`, when the user has a mailbox.
    pub mail: Option<String>,
    /// `jobTitle`.
    pub job_title: Option<String>,
    /// `department`.
    pub department: Option<String>,
    /// `officeLocation`.
    pub office_location: Option<String>,
    /// `mobilePhone`.
    pub mobile_phone: Option<String>,
    /// `businessPhones`.
    pub business_phones: Vec<String>,
    /// `preferredLanguage` (e.g. `pt-BR`).
    pub preferred_language: Option<String>,
    /// `employeeId`.
    pub employee_id: Option<String>,
    /// `accountEnabled`: a disabled account cannot sign in.
    pub account_enabled: bool,
    /// Directory role template ids assigned to the user.
    pub roles: Vec<String>,
    /// When the user was created.
    pub created_date_time: DateTime<Utc>,
}

impl User {
    /// Whether the user holds any of the given role template ids.
    pub fn has_any_role(&self, wanted: &[&str]) -> bool {
        self.roles.iter().any(|r| wanted.contains(&r.as_str()))
    }
}

/// One QR code (standard or temporary). The secret exists only as a hash.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QrCode {
    /// The code's id in Graph.
    pub id: String,
    /// When the code was made.
    pub created_date_time: DateTime<Utc>,
    /// When it starts to work for sign-in.
    pub start_date_time: DateTime<Utc>,
    /// When it stops working.
    pub expire_date_time: DateTime<Utc>,
    /// The last sign-in with it, if any.
    pub last_used_date_time: Option<DateTime<Utc>>,
    /// Salted hash of the random secret printed in the code.
    pub secret: Hashed,
}

impl QrCode {
    /// Not yet expired (it may still be waiting for its start time).
    pub fn is_unexpired(&self, now: DateTime<Utc>) -> bool {
        self.expire_date_time > now
    }

    /// Usable for sign-in right now.
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.start_date_time <= now && now < self.expire_date_time
    }
}

/// The PIN of a method, stored hashed.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pin {
    /// The PIN's id in Graph.
    pub id: String,
    /// Salted hash of the PIN.
    pub hash: Hashed,
    /// The person must choose a new PIN at the next sign-in.
    pub force_change_pin_next_sign_in: bool,
    /// When the PIN was set first.
    pub created_date_time: DateTime<Utc>,
    /// When the PIN was last changed.
    pub updated_date_time: DateTime<Utc>,
}

/// A user's qrCodePinAuthenticationMethod.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QrMethod {
    /// The method's id in Graph.
    pub id: String,
    /// When the method was created.
    pub created_date_time: DateTime<Utc>,
    /// The badge code, unless deleted.
    pub standard: Option<QrCode>,
    /// The temporary code, if one was issued.
    pub temporary: Option<QrCode>,
    /// The method's PIN.
    pub pin: Pin,
}

impl QrMethod {
    /// Whether a new PUT may replace this method (when `Compat::replace_inactive_method` is
    /// on): its standard code exists and has **expired**, and its temporary code is absent or
    /// expired too ("A new QR code authentication can be added if an existing one expires").
    /// A method whose standard code was merely deleted is still active: the concept doc lists
    /// "Deleted | Doesn't exist | PIN" among the states of an active method.
    pub fn is_replaceable(&self, now: DateTime<Utc>) -> bool {
        self.standard.as_ref().is_some_and(|c| !c.is_unexpired(now))
            && self.temporary.as_ref().is_none_or(|c| !c.is_unexpired(now))
    }
}

/// The qrCodePinAuthenticationMethodConfiguration.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Policy {
    /// `enabled` or `disabled`.
    pub state: String,
    /// Digits a PIN must have (`pinLength`).
    pub pin_length: u32,
    /// Lifetime of a standard code, in days.
    pub standard_qr_code_lifetime_in_days: u32,
    /// Who may use the method (`includeTargets`, Graph's JSON).
    pub include_targets: Vec<serde_json::Value>,
    /// Who may not (`excludeTargets`, Graph's JSON).
    pub exclude_targets: Vec<serde_json::Value>,
}

impl Default for Policy {
    /// Microsoft's default: disabled, PIN length 8, 365-day lifetime, all users targeted.
    fn default() -> Self {
        Self {
            state: "disabled".into(),
            pin_length: 8,
            standard_qr_code_lifetime_in_days: 365,
            include_targets: vec![serde_json::json!({
                "targetType": "group",
                "id": "all_users",
                "isRegistrationRequired": false
            })],
            exclude_targets: vec![],
        }
    }
}

/// An app registration the tenant knows (for `client_id` checks in strict mode).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct App {
    /// The application (client) id.
    pub client_id: String,
    /// The registration's name, shown on the sign-in page.
    pub display_name: String,
    /// The registration's `groupMembershipClaims` includes directory roles, so its ID tokens
    /// carry `wids` (Microsoft's token reference: the claim is configured per application).
    #[serde(default)]
    pub role_claims: bool,
}

/// Everything that survives a restart with `--state`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tenant {
    /// State file format version.
    pub format: u32,
    /// The tenant id (a UUID).
    pub id: String,
    /// The organisation's name.
    pub display_name: String,
    /// Verified domain, e.g. `contoso-demo.onmicrosoft.com`.
    pub domain: String,
    /// The directory's users.
    pub users: Vec<User>,
    /// QR methods keyed by user id.
    pub methods: std::collections::BTreeMap<String, QrMethod>,
    /// The authentication method policy's qrCodePin configuration.
    pub policy: Policy,
    /// The app registrations (checked in strict mode).
    pub apps: Vec<App>,
    /// Administrative units (none in state files written before they existed).
    #[serde(default)]
    pub administrative_units: Vec<AdministrativeUnit>,
    /// Role assignments scoped to an administrative unit.
    #[serde(default)]
    pub scoped_roles: Vec<ScopedRoleAssignment>,
}

impl Tenant {
    /// The administrative unit with this id (case-insensitive).
    pub fn find_unit(&self, id: &str) -> Option<&AdministrativeUnit> {
        self.administrative_units
            .iter()
            .find(|u| u.id.eq_ignore_ascii_case(id))
    }

    /// Finds a user by object id or userPrincipalName (case-insensitive, as Graph does).
    pub fn find_user(&self, key: &str) -> Option<&User> {
        self.users.iter().find(|u| {
            u.id.eq_ignore_ascii_case(key) || u.user_principal_name.eq_ignore_ascii_case(key)
        })
    }
}
