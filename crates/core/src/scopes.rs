//! Every OAuth scope list qrstation asks for, in one place: the operator's (manager window,
//! CLI, demo tokens) and the kiosk's (a worker's own PIN change, a manager's approval).

/// The delegated scopes an operator's session asks for (what the real app registration asks):
/// manage other people's QR methods, read users and the authentication methods policy.
pub const OPERATOR_SCOPES: &[&str] = &[
    "UserAuthenticationMethod.ReadWrite.All",
    "User.Read.All",
    "Policy.Read.AuthenticationMethod",
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
    "openid",
    "profile",
];

/// What a manager's sign-in to leave kiosk mode asks for: the ID token only (its roles and
/// tenant), no Graph permission, so it can never reset a PIN.
pub const LEAVE_KIOSK_SCOPES: &[&str] = &["openid", "profile"];
