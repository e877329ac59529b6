//! A typed client for Microsoft Graph's QR code + PIN authentication method API and for the
//! Microsoft identity platform (sign-in, token refresh).
//!
//! What belongs here: the wire models, the HTTP operations, the sign-in flows, retry and
//! throttling. What does not: user interface, SQLite, printing. This crate never imports the
//! emulator crate: the two are independent readings of Microsoft's documentation.
//!
//! Start with [`GraphClient::new`] and a [`auth::TokenSource`] ([`auth::StaticToken`] or a
//! signed-in [`auth::Session`]).

pub mod auth;
pub mod client;
pub mod endpoints;
pub mod error;
pub mod error_map;
pub mod models;
pub mod ops;
pub mod permissions;
pub mod redact;
pub mod transport;

pub use client::{ApiVersion, GraphClient, Subject};
pub use endpoints::{Cloud, Endpoints};
pub use error::{ApiError, GraphError};
pub use ops::{BatchItem, BatchReply, Created, QrKind, SearchMode, UpdatePinVerb, UserQuery};
pub use transport::{RetryPolicy, Sleeper, Transport, TransportConfig};
