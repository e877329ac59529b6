//! The emulator's clock: wall time plus an offset that test hooks can advance, and the
//! timestamp formats Graph and the identity platform put on the wire.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Duration, SecondsFormat, Utc};

/// Wall-clock time shifted by an adjustable offset, so tests can expire codes without sleeping.
#[derive(Debug, Default)]
pub struct Clock {
    offset_secs: AtomicI64,
}

impl Clock {
    /// The emulator's "now".
    pub fn now(&self) -> DateTime<Utc> {
        Utc::now() + Duration::seconds(self.offset_secs.load(Ordering::SeqCst))
    }

    /// Moves the clock forward (or backward, with a negative value) by `secs` seconds.
    pub fn advance(&self, secs: i64) {
        self.offset_secs.fetch_add(secs, Ordering::SeqCst);
    }

    /// The current offset from wall time, in seconds.
    pub fn offset(&self) -> i64 {
        self.offset_secs.load(Ordering::SeqCst)
    }

    /// Resets the offset to zero.
    pub fn reset(&self) {
        self.offset_secs.store(0, Ordering::SeqCst);
    }
}

/// Graph's timestamp format: `2025-03-05T00:03:11.1460378Z` (7 fractional digits) when the
/// time has a fraction, `2025-01-01T12:00:00Z` when it has none.
pub fn graph_time(t: &DateTime<Utc>) -> String {
    let nanos = t.timestamp_subsec_nanos();
    if nanos == 0 {
        t.to_rfc3339_opts(SecondsFormat::Secs, true)
    } else {
        format!("{}.{:07}Z", t.format("%Y-%m-%dT%H:%M:%S"), nanos / 100)
    }
}

/// The "never used" sentinel Graph's examples show for `lastUsedDateTime`.
pub const NEVER: &str = "0001-01-01T00:00:00Z";

/// The `innerError.date` format: `2025-02-13T10:17:06` (no zone, no fraction).
pub fn inner_error_date(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// The identity platform's error timestamp format: `2016-01-09 02:02:12Z`.
pub fn aad_timestamp(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%SZ").to_string()
}

/// Parses an ISO 8601 / RFC 3339 timestamp as clients send it (with or without fraction,
/// `Z` or an offset). A timestamp without a zone is taken as UTC.
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .ok()
        .map(|n| n.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_graph() {
        let t = parse_time("2025-03-05T00:03:11.1460378Z").expect("parses");
        assert_eq!(graph_time(&t), "2025-03-05T00:03:11.1460378Z");
        let t = parse_time("2025-01-01T12:00:00Z").expect("parses");
        assert_eq!(graph_time(&t), "2025-01-01T12:00:00Z");
        assert_eq!(inner_error_date(&t), "2025-01-01T12:00:00");
        assert!(parse_time("2025-01-01T12:00:00").is_some());
        assert!(parse_time("tomorrow").is_none());
    }
}
