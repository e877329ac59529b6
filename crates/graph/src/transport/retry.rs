//! The retry policy: honour `Retry-After` (whole or fractional seconds, or an HTTP date) on
//! 429/503/504, otherwise exponential backoff with jitter, within a bounded number of attempts
//! and a bounded total wait.

use std::time::{Duration, SystemTime};

use rand::RngExt;

/// Bounds of the retry loop.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first one included (1 = never retry).
    pub max_attempts: u32,
    /// First backoff delay when the server gives no `Retry-After`.
    pub base_delay: Duration,
    /// Largest single backoff delay.
    pub max_delay: Duration,
    /// Largest total time spent waiting between attempts; a `Retry-After` that would go past
    /// it ends the loop at once with a throttled error.
    pub max_total_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_total_wait: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }
}

/// Reads a `Retry-After` value: `2`, `2.128` (Graph's throttling page) or an HTTP date
/// (`Wed, 21 Oct 2015 07:28:00 GMT`). Negative, unparsable or past values give `None`/zero.
pub fn parse_retry_after(raw: &str, now: SystemTime) -> Option<Duration> {
    let raw = raw.trim();
    if let Ok(secs) = raw.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0)
            .then(|| Duration::from_secs_f64(secs.min(86_400.0)));
    }
    let when = chrono::DateTime::parse_from_rfc2822(raw).ok()?;
    let when = SystemTime::UNIX_EPOCH
        .checked_add(Duration::from_secs(u64::try_from(when.timestamp()).ok()?))?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The backoff before retry number `retry` (1 = first retry): `base * 2^(retry-1)` capped at
/// `max_delay`, then "equal jitter": a random point in the upper half, so parallel clients
/// spread out but never retry at once.
pub fn backoff_delay(policy: &RetryPolicy, retry: u32) -> Duration {
    let exp = policy
        .base_delay
        .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1).min(30)));
    let capped = exp.min(policy.max_delay);
    let half = capped / 2;
    let jitter_ms = u64::try_from(half.as_millis()).unwrap_or(u64::MAX);
    let extra = if jitter_ms == 0 {
        Duration::ZERO
    } else {
        Duration::from_millis(rand::rng().random_range(0..=jitter_ms))
    };
    half + extra
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_whole_fractional_and_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_470); // 07:27:50 GMT
        assert_eq!(parse_retry_after("2", now), Some(Duration::from_secs(2)));
        assert_eq!(
            parse_retry_after(" 2.128 ", now),
            Some(Duration::from_millis(2128))
        );
        assert_eq!(parse_retry_after("0", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
        assert_eq!(parse_retry_after("-1", now), None);
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("NaN", now), None);
    }

    #[test]
    fn backoff_grows_exponentially_within_bounds() {
        let p = RetryPolicy {
            max_attempts: 10,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            max_total_wait: Duration::from_secs(10),
        };
        for _ in 0..200 {
            for (retry, full) in [
                (1, 100),
                (2, 200),
                (3, 400),
                (4, 800),
                (5, 1000),
                (30, 1000),
            ] {
                let d = backoff_delay(&p, retry).as_millis();
                assert!(
                    d >= full / 2 && d <= full,
                    "retry {retry}: {d} ms not in [{}, {full}]",
                    full / 2
                );
            }
        }
    }

    #[test]
    fn backoff_is_jittered() {
        let p = RetryPolicy::default();
        let samples: std::collections::HashSet<_> = (0..50).map(|_| backoff_delay(&p, 3)).collect();
        assert!(
            samples.len() > 5,
            "jitter should spread delays, got {samples:?}"
        );
    }
}
