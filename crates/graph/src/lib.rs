//! A typed client for Microsoft Graph's QR code + PIN authentication method API and for the
//! Microsoft identity platform (sign-in, token refresh).
//!
//! What belongs here: the wire models, the HTTP operations, the sign-in flows, retry and
//! throttling. What does not: user interface, SQLite, printing. This crate never imports the
//! emulator crate: the two are independent readings of Microsoft's documentation.
//!
//! Start with [`GraphClient::new`] and a [`auth::TokenSource`] ([`auth::StaticToken`] or a
//! signed-in [`auth::Session`]):
//!
//! ```no_run
//! # async fn demo() -> Result<(), qrstation_graph::GraphError> {
//! use std::sync::Arc;
//! use qrstation_graph::auth::{BrowserSignIn, Cancel, IdentityClient, Session};
//! use qrstation_graph::{ApiVersion, Endpoints, GraphClient, Subject, Transport, TransportConfig};
//!
//! let endpoints = Endpoints::custom(
//!     "https://login.microsoftonline.com/organizations",
//!     "https://graph.microsoft.com",
//! )?;
//! // extra_ca_pem: the emulator's --tls CA or a corporate proxy's CA, if any.
//! let transport = Transport::new(TransportConfig::default())?;
//! let identity = IdentityClient::new(&endpoints, "app-client-id", transport.clone());
//! // The scopes the app asks for (qrstation's own lists live in `qrstation_core::scopes`).
//! let scopes = ["User.Read.All", "UserAuthenticationMethod.ReadWrite.All", "offline_access"];
//! let session = Arc::new(Session::with_os_keyring(identity, &scopes).await);
//! let open = |url: &url::Url| -> Result<(), String> { println!("open {url}"); Ok(()) };
//! session.sign_in_with_browser(&open, &BrowserSignIn::default(), &Cancel::new()).await?;
//! let graph = GraphClient::with_transport(&endpoints, ApiVersion::V1, transport, session);
//! let method = graph.get_method(&Subject::user("alex@contoso.com")).await?;
//! # let _ = method; Ok(()) }
//! ```

pub mod auth;
pub mod challenge;
pub mod client;
pub mod endpoints;
pub mod error;
pub mod error_map;
pub mod models;
pub mod ops;
pub mod permissions;
pub mod redact;
pub mod transport;

pub use challenge::MFA_STEP_UP_CLAIMS;
pub use client::{ApiVersion, GraphClient, Subject};
pub use endpoints::{Cloud, Endpoints};
pub use error::{ApiError, GraphError};
pub use ops::{
    BatchAnswer, BatchItem, BatchReply, Created, ExpiryChange, QrKind, ResetPinBody, SearchMode,
    UpdatePinVerb, UserQuery,
};
pub use transport::{RetryPolicy, Sleeper, Transport, TransportConfig};
