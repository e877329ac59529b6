//! How the HTTP transport is set up: time-outs, an extra trusted CA, retry policy, sleeper.

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
            extra_ca_pem: None,
            extra_ca_pem_text: None,
            retry: RetryPolicy::default(),
            sleeper: Arc::new(TokioSleeper),
            user_agent: format!("qrstation/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}
