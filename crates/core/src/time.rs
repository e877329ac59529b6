//! Wall-clock time as unix milliseconds, the one time format of the local store.

/// Milliseconds since 1970-01-01 UTC, now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// `2026-11-22T03:21:35.123Z` for unix milliseconds (UTC, proleptic Gregorian, by `chrono`).
/// Instants beyond chrono's range (±262,000 years) are written as its first or last instant.
pub fn iso8601(ms: i64) -> String {
    use chrono::{DateTime, SecondsFormat, Utc};
    let t = DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or(if ms < 0 {
        DateTime::<Utc>::MIN_UTC
    } else {
        DateTime::<Utc>::MAX_UTC
    });
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::iso8601;

    #[test]
    fn iso8601_matches_known_instants() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601(1_795_317_695_123), "2026-11-22T03:21:35.123Z");
        assert_eq!(iso8601(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(iso8601(-1), "1969-12-31T23:59:59.999Z");
        // Leap days and century rules: 1900 was not a leap year, 2100 will not be.
        assert_eq!(iso8601(-2_203_891_200_000), "1900-03-01T00:00:00.000Z");
        assert_eq!(iso8601(4_107_542_400_000), "2100-03-01T00:00:00.000Z");
        assert_eq!(iso8601(253_402_300_799_999), "9999-12-31T23:59:59.999Z");
        // Out of range: clamped, never a panic.
        assert!(iso8601(i64::MAX).starts_with('+'));
        assert!(iso8601(i64::MIN).starts_with('-'));
    }
}
