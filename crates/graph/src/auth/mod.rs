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
