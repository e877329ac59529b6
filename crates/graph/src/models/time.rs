//! Graph timestamps: RFC 3339 with 0 to 7 fractional digits (Graph sends 7), an offset or `Z`
//! (a missing offset is read as UTC), and `0001-01-01T00:00:00Z` read as "never" (`None`).

use chrono::{DateTime, Datelike, NaiveDateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// Parses one Graph timestamp. `Ok(None)` for the year-1 "never" sentinel.
pub fn parse(raw: &str) -> Result<Option<DateTime<Utc>>, String> {
    let raw = raw.trim();
    let parsed = match DateTime::parse_from_rfc3339(raw) {
        Ok(t) => t.with_timezone(&Utc),
        Err(_) => NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f")
            .map_err(|e| format!("{raw:?} is not a timestamp: {e}"))?
            .and_utc(),
    };
    if parsed.year() <= 1 {
        return Ok(None);
    }
    Ok(Some(parsed))
}

/// Formats a timestamp the way Graph's examples write them: `2025-01-01T12:00:00Z`.
pub fn format(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// serde `deserialize_with` for `Option<DateTime<Utc>>` fields (null, absent, sentinel → None).
pub fn de_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => parse(&s).map_err(serde::de::Error::custom),
    }
}

/// serde `serialize_with` for `Option<DateTime<Utc>>` request fields.
pub fn ser_opt<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => s.serialize_str(&format(t)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_to_seven_fractional_digits_parse() {
        for (raw, nanos) in [
            ("2026-01-27T12:00:00Z", 0),
            ("2026-01-27T12:00:00.1Z", 100_000_000),
            ("2026-01-27T12:00:00.12Z", 120_000_000),
            ("2026-01-27T12:00:00.123Z", 123_000_000),
            ("2025-03-05T00:03:11.1460378Z", 146_037_800),
            ("2026-01-27T12:00:00.1234567+00:00", 123_456_700),
        ] {
            let t = parse(raw).unwrap().unwrap();
            assert_eq!(t.timestamp_subsec_nanos(), nanos, "{raw}");
        }
    }

    #[test]
    fn offsets_and_missing_zone_are_normalised_to_utc() {
        let t = parse("2026-01-27T14:00:00+02:00").unwrap().unwrap();
        assert_eq!(format(&t), "2026-01-27T12:00:00Z");
        let t = parse("2025-02-13T10:17:06").unwrap().unwrap();
        assert_eq!(format(&t), "2025-02-13T10:17:06Z");
    }

    #[test]
    fn the_year_one_sentinel_means_never() {
        assert_eq!(parse("0001-01-01T00:00:00Z").unwrap(), None);
        assert_eq!(parse("0001-01-01T00:00:00.0000000Z").unwrap(), None);
        assert!(parse("yesterday").is_err());
    }
}
