//! Runtime knobs and fault injection: added latency, a token-bucket throttle (429 with a
//! fractional `Retry-After`), seedable random 503s, slow responses, dropped connections and
//! lost responses (carried out, then the connection closed), per-item 429/503 inside
//! `$batch`; plus a queue of forced faults that test hooks fill.

use rand::RngExt;

pub use crate::knobs::{Fault, Knobs};
use crate::state::Shared;

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
    use crate::config::EmulatorConfig;

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
