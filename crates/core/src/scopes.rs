//! Every OAuth scope list qrstation asks for, in one place: the operator's (manager window,
//! CLI, demo tokens) and the kiosk's (a worker's own PIN change, a manager's approval).

/// The delegated scopes an operator's session asks for (what the real app registration asks):
/// manage other people's QR methods, read users and the authentication methods policy.
pub const OPERATOR_SCOPES: &[&str] = &[
    "UserAuthenticationMethod.ReadWrite.All",
    "User.Read.All",
    "Policy.Read.AuthenticationMethod",
    // Where the operator's roles apply (#16 §1): their role assignments and the stores'
    // administrative units. A real tenant's app registration needs both delegated
    // permissions (admin consent); without them Graph answers 403 and the station falls back
    // to the ID token's `wids` (tenant-wide roles only, no store scoping).
    "RoleManagement.Read.Directory",
    "AdministrativeUnit.Read.All",
    "openid",
    "profile",
    "offline_access",
];

/// What a worker's kiosk sign-in asks for: their own PIN change only (no `offline_access`, so
/// no refresh token exists to be kept).
pub const WORKER_SCOPES: &[&str] = &[
    "https://graph.microsoft.com/Directory.AccessAsUser.All",
    "https://graph.microsoft.com/User.Read",
    "openid",
    "profile",
];

/// What a manager's approval at the kiosk asks for: reset another person's PIN, find them,
/// read the policy. No `offline_access`.
pub const MANAGER_SCOPES: &[&str] = &[
    "https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite.All",
    "https://graph.microsoft.com/User.Read.All",
    "https://graph.microsoft.com/Policy.Read.AuthenticationMethod",
    // The manager's role assignments (a unit-scoped Authentication Administrator approves
    // too); without consent the kiosk falls back to the ID token's `wids`.
    "https://graph.microsoft.com/RoleManagement.Read.Directory",
    "openid",
    "profile",
];

/// What a manager's sign-in to leave kiosk mode asks for: the ID token (its roles and tenant)
/// and reading the manager's own role assignments (read-only, so it can never reset a PIN;
/// without consent the kiosk falls back to the ID token's `wids`).
pub const LEAVE_KIOSK_SCOPES: &[&str] = &[
    "https://graph.microsoft.com/RoleManagement.Read.Directory",
    "openid",
    "profile",
];
