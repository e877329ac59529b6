//! Where the Graph client gets its bearer token: a fixed token (scripts, `--access-token-env`)
//! or a signed-in [`crate::auth::Session`] that refreshes silently.

use std::fmt;

use crate::transport::sleep::BoxFuture;
use crate::GraphError;

/// A supplier of Graph access tokens.
pub trait TokenSource: Send + Sync {
    /// A token to use now (cached while valid).
    fn token(&self) -> BoxFuture<'_, Result<String, GraphError>>;
    /// Graph refused `rejected` (401): get a new token, or `Ok(None)` when this source cannot
    /// (the caller then reports "sign in again"). If another caller already replaced
    /// `rejected`, its replacement is returned without a second refresh.
    fn refresh<'a>(
        &'a self,
        rejected: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>, GraphError>>;
}

/// A token given from outside. `Debug` is redacted.
#[derive(Clone)]
pub struct StaticToken(String);

impl StaticToken {
    /// Wraps a bearer token.
    pub fn new(token: impl Into<String>) -> StaticToken {
        StaticToken(token.into())
    }
}

impl fmt::Debug for StaticToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("StaticToken(<redacted>)")
    }
}

impl TokenSource for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<String, GraphError>> {
        Box::pin(async move { Ok(self.0.clone()) })
    }

    fn refresh<'a>(
        &'a self,
        _rejected: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>, GraphError>> {
        Box::pin(async { Ok(None) })
    }
}
