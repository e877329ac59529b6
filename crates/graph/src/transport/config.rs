//! How the HTTP transport is set up: time-outs (per read and per whole exchange), the largest
//! body read, an extra trusted CA, retry policy, sleeper.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::retry::RetryPolicy;
use super::sleep::{Sleeper, TokioSleeper};

/// Settings of the HTTP transport. `Default` suits Microsoft's cloud.
#[derive(Debug, Clone)]
pub struct TransportConfig {
    /// Time to set up TCP + TLS.
    pub connect_timeout: Duration,
    /// Longest silence while waiting for (part of) an answer.
    pub read_timeout: Duration,
    /// Longest time one call may take, every retry and wait included, from connecting to the
    /// last body byte however the server trickles its answer. Graph's authentication method
    /// writes can take up to 60 s server-side, so the default (120 s) leaves room for them.
    pub deadline: Duration,
    /// Largest response body read (`graph.response_too_large` beyond it).
    pub max_body_bytes: usize,
    /// Most `@odata.nextLink` pages followed by one listing call.
    pub max_pages: usize,
    /// A PEM file with one or more CA certificates to trust besides the system's (the
    /// emulator's `--tls` CA, a corporate TLS-inspecting proxy).
    pub extra_ca_pem: Option<PathBuf>,
    /// The same, given as PEM text (tests, or a CA kept in settings).
    pub extra_ca_pem_text: Option<String>,
    /// Retries of throttled, unavailable and dropped requests.
    pub retry: RetryPolicy,
    /// How to wait between retries and polls.
    pub sleeper: Arc<dyn Sleeper>,
    /// `User-Agent` header.
    pub user_agent: String,
}

impl Default for TransportConfig {
    fn default() -> Self {
        TransportConfig {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            deadline: Duration::from_secs(120),
            max_body_bytes: 8 * 1024 * 1024,
            max_pages: 1000,
            extra_ca_pem: None,
            extra_ca_pem_text: None,
            retry: RetryPolicy::default(),
            sleeper: Arc::new(TokioSleeper),
            user_agent: format!("qrstation/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}
