//! How the HTTP transport is set up: time-outs (per read, per authentication-method write and
//! per whole exchange), the largest body read, an extra trusted CA, retry policy, sleeper, and
//! the bounded re-reads after a lost create.

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
    /// The same for writes to authentication methods (PUT, PATCH, DELETE, POST under
    /// `…/authentication/`, and `$batch`): "Requests to the authentication methods APIs
    /// time-out after 60 seconds" (Graph's authentication methods overview,
    /// <https://learn.microsoft.com/graph/api/resources/authenticationmethods-overview>), so a
    /// slow write is answered by then; waiting less turns it into a lost answer. Default 65 s.
    pub write_timeout: Duration,
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
    /// Reads made to find out whether a create whose answer was lost took effect (at least
    /// 1). Microsoft Entra is eventually consistent: a read right after a write may not see
    /// it yet ("Designing for eventual consistency for Microsoft Entra",
    /// <https://devblogs.microsoft.com/identity/designing-for-eventual-consistency-for-microsoft-entra>).
    pub consistency_reads: u32,
    /// The wait before the second of those reads; it doubles before each further read
    /// (default 250 ms: with 4 reads, 1.75 s of waiting in all).
    pub consistency_wait: Duration,
    /// `User-Agent` header.
    pub user_agent: String,
}

impl Default for TransportConfig {
    fn default() -> Self {
        TransportConfig {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(65),
            deadline: Duration::from_secs(120),
            max_body_bytes: 8 * 1024 * 1024,
            max_pages: 1000,
            extra_ca_pem: None,
            extra_ca_pem_text: None,
            retry: RetryPolicy::default(),
            sleeper: Arc::new(TokioSleeper),
            consistency_reads: 4,
            consistency_wait: Duration::from_millis(250),
            user_agent: format!("qrstation/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}
