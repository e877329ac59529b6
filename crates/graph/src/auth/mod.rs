//! Sign-in with the Microsoft identity platform, MSAL style: authorization code + PKCE through
//! the system browser and a loopback listener, the device code flow, and a token cache that
//! keeps the access token in memory and the refresh token in the OS keyring. PKCE, the
//! authorize URL, code redemption and refresh use the `oauth2` crate over our own transport
//! (`oauth.rs`); the device code flow, token parsing and error mapping are ours.

pub mod cancel;
pub mod device;
pub mod id_token;
pub mod identity;
pub mod loopback;
mod oauth;
pub mod pkce;
pub mod secret_store;
pub mod session;
pub mod token_source;
pub mod tokens;

pub use cancel::Cancel;
pub use device::DeviceCode;
pub use id_token::{validate_id_token, IdTokenRules};
pub use identity::IdentityClient;
pub use loopback::{BrowserOpener, BrowserSignIn};
pub use secret_store::{os_secret_store, CredentialStorage, MemoryStore, SecretStore};
pub use session::Session;
pub use token_source::{StaticToken, TokenSource};
pub use tokens::{Account, TokenSet};

/// Scopes an admin session asks for (managing other users' QR methods, reading users and the
/// policy), plus `offline_access openid profile`.
pub const ADMIN_SCOPES: &[&str] = &[
    "https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite.All",
    "https://graph.microsoft.com/User.Read.All",
    "https://graph.microsoft.com/Policy.Read.AuthenticationMethod",
    "offline_access",
    "openid",
    "profile",
];

/// Scopes a worker's kiosk session asks for to change their own PIN.
pub const SELF_SERVICE_SCOPES: &[&str] = &[
    "https://graph.microsoft.com/Directory.AccessAsUser.All",
    "https://graph.microsoft.com/User.Read",
    "offline_access",
    "openid",
    "profile",
];
