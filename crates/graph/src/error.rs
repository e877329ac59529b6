//! The one error type of `qrstation-graph`, with a stable machine-readable code per variant.

/// Everything the Graph client can fail with. Messages never carry tokens, PINs or QR data.
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    /// A configured authority or Graph URL cannot be used.
    #[error("{what} {url:?} cannot be used: {reason}")]
    InvalidEndpoint {
        what: &'static str,
        url: String,
        reason: String,
    },
}

impl GraphError {
    /// A stable code the UI and scripts can branch on, e.g. `graph.invalid_endpoint`.
    pub fn code(&self) -> &'static str {
        match self {
            GraphError::InvalidEndpoint { .. } => "graph.invalid_endpoint",
        }
    }
}
