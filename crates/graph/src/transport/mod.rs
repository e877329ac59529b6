//! HTTP transport shared by the Graph client and the identity client: reqwest over rustls,
//! an optional extra trusted CA, time-outs, `client-request-id`, and the retry policy.

pub mod config;
pub mod http;
pub mod retry;
pub mod sleep;

pub use config::TransportConfig;
pub use http::{is_method_write, Body, Reply, RetryClass, Transport};
pub use retry::{backoff_delay, parse_retry_after, RetryPolicy};
pub use sleep::{Sleeper, TokioSleeper};
