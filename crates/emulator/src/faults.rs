//! Runtime knobs and fault injection: added latency, a token-bucket throttle (429 with a
//! fractional `Retry-After`), seedable random 503s, slow responses, dropped connections and
//! lost responses (carried out, then the connection closed), per-item 429/503 inside
//! `$batch`; plus a queue of forced faults that test hooks fill.

use std::collections::VecDeque;
use std::time::Instant;

use rand::RngExt;
use serde::{Deserialize, Serialize};

use crate::config::{Compat, EmulatorConfig};
use crate::state::Shared;

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

/// What the front door does with a Graph request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Verdict {
    /// Serve it normally.
    Serve,
    /// Serve it after an extra delay in milliseconds.
    SlowServe(u64),
    /// Answer 503.
    Unavailable,
    /// Answer 429 with this `Retry-After` in seconds.
    Throttled(f64),
    /// Close the connection.
    Drop,
    /// Serve it, then close the connection instead of answering.
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

/// Decides the fate of one Graph request: forced faults first, then the throttle, then a
/// random fault at `fault_rate` from the seedable RNG.
pub fn judge(shared: &Shared) -> Verdict {
    let mut knobs = shared.knobs();
    if let Some(f) = knobs.next.pop_front() {
        return to_verdict(f, &knobs);
    }
    if let Some(wait) = knobs.throttle() {
        return Verdict::Throttled(wait);
    }
    if knobs.fault_rate > 0.0 {
        let mut rng = shared.rng();
        if rng.random::<f64>() < knobs.fault_rate {
            let f = [Fault::Unavailable, Fault::Slow, Fault::Drop][rng.random_range(0..3usize)];
            return to_verdict(f, &knobs);
        }
    }
    if knobs.lost_rate > 0.0 && shared.rng().random::<f64>() < knobs.lost_rate {
        return Verdict::Lost;
    }
    Verdict::Serve
}

/// The throttle alone (for requests inside a `$batch`).
pub fn throttle_only(shared: &Shared) -> Option<f64> {
    shared.knobs().throttle()
}

/// A random per-item fault inside a `$batch` at `item_fault_rate`: 429 (with a short
/// `Retry-After`) or 503, half each.
pub fn item_fault(shared: &Shared) -> Option<Verdict> {
    let rate = shared.knobs().item_fault_rate;
    if rate <= 0.0 {
        return None;
    }
    let mut rng = shared.rng();
    if rng.random::<f64>() >= rate {
        return None;
    }
    Some(if rng.random::<bool>() {
        Verdict::Throttled(0.2)
    } else {
        Verdict::Unavailable
    })
}

fn to_verdict(f: Fault, knobs: &Knobs) -> Verdict {
    match f {
        Fault::Unavailable => Verdict::Unavailable,
        Fault::Slow => Verdict::SlowServe(knobs.slow_ms),
        Fault::Drop => Verdict::Drop,
        Fault::Throttle => Verdict::Throttled(1.5),
        Fault::Lost => Verdict::Lost,
    }
}

/// Formats a `Retry-After` value with up to three decimals, like Graph's `2.128`.
pub fn retry_after(secs: f64) -> String {
    let s = format!("{secs:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() {
        "0".into()
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_empties_and_reports_wait() {
        let mut k = Knobs::from_config(&EmulatorConfig {
            throttle_rps: Some(2),
            ..EmulatorConfig::default()
        });
        assert_eq!(k.throttle(), None);
        assert_eq!(k.throttle(), None);
        let wait = k.throttle().expect("throttled");
        assert!(wait > 0.0 && wait <= 0.5);
        assert_eq!(retry_after(2.128), "2.128");
        assert_eq!(retry_after(1.5), "1.5");
        assert_eq!(retry_after(2.0), "2");
    }
}
