//! Waiting between retries and device-code polls, injectable so tests can record the delays
//! the client asked for instead of sleeping them.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// A boxed future, the return type of the object-safe async traits in this crate.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sleeps for a duration.
pub trait Sleeper: Send + Sync + std::fmt::Debug {
    /// Waits `d` (or pretends to).
    fn sleep(&self, d: Duration) -> BoxFuture<'_, ()>;
}

/// The real clock: `tokio::time::sleep`.
#[derive(Debug, Default, Clone, Copy)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, d: Duration) -> BoxFuture<'_, ()> {
        Box::pin(tokio::time::sleep(d))
    }
}
