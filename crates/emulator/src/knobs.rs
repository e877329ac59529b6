//! The runtime knobs tests may turn through the hooks (latency, throttle, fault rates, the
//! queue of forced faults, strict mode, compat switches). Below both the shared state, which
//! holds them, and the fault injection, which reads them.

use std::collections::VecDeque;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use crate::config::{Compat, EmulatorConfig};

/// One injected fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Fault {
    /// 503 `serviceNotAvailable`.
    Unavailable,
    /// The response is delayed by `slow_ms`.
    Slow,
    /// The connection is closed without a response.
    Drop,
    /// 429 `TooManyRequests`.
    Throttle,
    /// The request is carried out, then the connection is closed without its response.
    Lost,
}

/// Token bucket for `--throttle-rps`.
#[derive(Debug)]
pub struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Settings that tests may change at run time through the hooks.
#[derive(Debug)]
pub struct Knobs {
    /// Extra delay before every response, in milliseconds.
    pub latency_ms: u64,
    /// Graph requests per second before 429; `None`: no throttling.
    pub throttle_rps: Option<u32>,
    /// Probability (0..=1) of an injected fault per Graph request.
    pub fault_rate: f64,
    /// Probability (0..=1) that a request is carried out and its response lost.
    pub lost_rate: f64,
    /// Probability (0..=1) of a 429/503 for one request inside a `$batch`.
    pub item_fault_rate: f64,
    /// How long a [`Fault::Slow`] response is delayed, in milliseconds.
    pub slow_ms: u64,
    /// Faults queued by a test hook, served (oldest first) before any random one.
    pub next: VecDeque<Fault>,
    /// Reject what the docs call required but real clients often omit.
    pub strict: bool,
    /// The switches for behaviours Microsoft's docs leave open.
    pub compat: Compat,
    bucket: Bucket,
}

impl Knobs {
    /// The knobs as configured at start.
    pub fn from_config(c: &EmulatorConfig) -> Self {
        Self {
            latency_ms: c.latency_ms,
            throttle_rps: c.throttle_rps,
            fault_rate: c.fault_rate,
            lost_rate: c.lost_rate,
            item_fault_rate: c.item_fault_rate,
            slow_ms: 1500,
            next: VecDeque::new(),
            strict: c.strict,
            compat: {
                let mut compat = c.compat.clone();
                if c.replica_lag_ms != 0 {
                    compat.replica_lag_ms = c.replica_lag_ms;
                }
                compat
            },
            bucket: Bucket {
                tokens: f64::from(c.throttle_rps.unwrap_or(1)),
                last: Instant::now(),
            },
        }
    }

    /// Changes the throttle rate and refills the bucket.
    pub fn set_throttle(&mut self, rps: Option<u32>) {
        self.throttle_rps = rps.filter(|r| *r > 0);
        self.bucket = Bucket {
            tokens: f64::from(self.throttle_rps.unwrap_or(1)),
            last: Instant::now(),
        };
    }

    /// Takes one token; `Some(retry_after_secs)` when the bucket is empty.
    pub fn throttle(&mut self) -> Option<f64> {
        let rps = f64::from(self.throttle_rps?);
        let now = Instant::now();
        let elapsed = now.duration_since(self.bucket.last).as_secs_f64();
        self.bucket.last = now;
        self.bucket.tokens = (self.bucket.tokens + elapsed * rps).min(rps);
        if self.bucket.tokens >= 1.0 {
            self.bucket.tokens -= 1.0;
            None
        } else {
            Some(((1.0 - self.bucket.tokens) / rps).max(0.001))
        }
    }
}
