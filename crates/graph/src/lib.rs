//! A typed client for Microsoft Graph's QR code + PIN authentication method API and for the
//! Microsoft identity platform (sign-in, token refresh).
//!
//! What belongs here: the wire models, the HTTP operations, the sign-in flows, retry and
//! throttling. What does not: user interface, SQLite, printing. This crate never imports the
//! emulator crate: the two are independent readings of Microsoft's documentation.

pub mod endpoints;
pub mod error;

pub use endpoints::{Cloud, Endpoints};
pub use error::GraphError;
