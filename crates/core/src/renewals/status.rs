//! One worker's badge status, decided from their QR code + PIN method at a moment: no method,
//! expired, expiring within N days, valid; plus the flags temporary code active, never used
//! and PIN change pending. Pure: the scan and the cache both call [`decide`].

use chrono::{DateTime, Duration, Utc};
use qrstation_graph::models::QrCodePinMethod;
use serde::Serialize;
use ts_rs::TS;

/// A standard code not used this long after it was created counts as never used (#16 §3:
/// "`lastUsedDateTime` unset a week after creation").
pub const NEVER_USED_AFTER_DAYS: i64 = 7;

/// Where a worker's badge is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum BadgeState {
    /// No QR code + PIN method at all.
    NoMethod,
    /// A method whose standard code has expired (or was deleted): it needs a new badge.
    Expired,
    /// The standard code expires within the scan's N days.
    Expiring,
    /// The standard code is valid beyond N days.
    Valid,
    /// The method could not be read (see `error_code`).
    Unreadable,
}

impl BadgeState {
    /// The word stored in the cache and written in the CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            BadgeState::NoMethod => "noMethod",
            BadgeState::Expired => "expired",
            BadgeState::Expiring => "expiring",
            BadgeState::Valid => "valid",
            BadgeState::Unreadable => "unreadable",
        }
    }

    pub(crate) fn parse(s: &str) -> BadgeState {
        match s {
            "noMethod" => BadgeState::NoMethod,
            "expired" => BadgeState::Expired,
            "expiring" => BadgeState::Expiring,
            "valid" => BadgeState::Valid,
            _ => BadgeState::Unreadable,
        }
    }
}

/// The dates a status is decided from (unix ms); no secret is among them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BadgeDates {
    /// The user has a method.
    pub has_method: bool,
    /// The standard code's `startDateTime`.
    pub starts_ms: Option<i64>,
    /// The standard code's `expireDateTime` (`None`: no standard code).
    pub expires_ms: Option<i64>,
    /// The standard code's `createdDateTime` (else the method's).
    pub created_ms: Option<i64>,
    /// The last sign-in with the standard code (or the method); `None`: never.
    pub last_used_ms: Option<i64>,
    /// An active temporary code's expiry.
    pub temporary_expires_ms: Option<i64>,
    /// The user must choose a new PIN at the next sign-in.
    pub pin_change_pending: bool,
}

impl BadgeDates {
    /// The dates of `method` (`None`: no method). A temporary code is kept only while active.
    pub fn of(method: Option<&QrCodePinMethod>, now: DateTime<Utc>) -> BadgeDates {
        let Some(m) = method else {
            return BadgeDates::default();
        };
        let ms = |t: Option<DateTime<Utc>>| t.map(|t| t.timestamp_millis());
        let std = m.standard_qr_code.as_ref();
        let tmp = m.temporary_qr_code.as_ref().filter(|c| c.is_active_at(now));
        BadgeDates {
            has_method: true,
            starts_ms: ms(std.and_then(|c| c.start_date_time)),
            expires_ms: ms(std.and_then(|c| c.expire_date_time)),
            created_ms: ms(std
                .and_then(|c| c.created_date_time)
                .or(m.created_date_time)),
            // The code's own `lastUsedDateTime` (v1.0), else the method's (older beta); the
            // graph crate reads the `0001-01-01` sentinel and null alike as `None`.
            last_used_ms: ms(std
                .and_then(|c| c.last_used_date_time)
                .or(m.last_used_date_time)),
            temporary_expires_ms: ms(tmp.and_then(|c| c.expire_date_time)),
            pin_change_pending: m
                .pin
                .as_ref()
                .and_then(|p| p.force_change_pin_next_sign_in)
                .unwrap_or(false),
        }
    }

    /// Whether the standard code was never used although it is older than a week.
    pub fn never_used(&self, now_ms: i64) -> bool {
        self.has_method
            && self.expires_ms.is_some()
            && self.last_used_ms.is_none()
            && self.created_ms.is_some_and(|c| {
                now_ms - c >= Duration::days(NEVER_USED_AFTER_DAYS).num_milliseconds()
            })
    }

    /// Whether a temporary code is valid at `now_ms`.
    pub fn temporary_active(&self, now_ms: i64) -> bool {
        self.temporary_expires_ms.is_some_and(|e| now_ms < e)
    }
}

/// The state of a badge with `dates` at `now_ms`, "expiring" meaning within `within_days`.
pub fn decide(dates: &BadgeDates, now_ms: i64, within_days: u32) -> BadgeState {
    if !dates.has_method {
        return BadgeState::NoMethod;
    }
    match dates.expires_ms {
        None => BadgeState::Expired,
        Some(e) if e <= now_ms => BadgeState::Expired,
        Some(e) if e <= now_ms + Duration::days(i64::from(within_days)).num_milliseconds() => {
            BadgeState::Expiring
        }
        Some(_) => BadgeState::Valid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400_000;

    fn dates(expires_in_days: Option<i64>, created_days_ago: i64, used: bool) -> BadgeDates {
        let now = 1_000 * DAY;
        BadgeDates {
            has_method: true,
            starts_ms: Some(now - created_days_ago * DAY),
            expires_ms: expires_in_days.map(|d| now + d * DAY),
            created_ms: Some(now - created_days_ago * DAY),
            last_used_ms: used.then_some(now - DAY),
            ..BadgeDates::default()
        }
    }

    #[test]
    fn states_follow_the_expiry_and_the_window() {
        let now = 1_000 * DAY;
        assert_eq!(
            decide(&BadgeDates::default(), now, 30),
            BadgeState::NoMethod
        );
        assert_eq!(
            decide(&dates(Some(-1), 400, true), now, 30),
            BadgeState::Expired
        );
        assert_eq!(
            decide(&dates(Some(0), 400, true), now, 30),
            BadgeState::Expired
        );
        assert_eq!(decide(&dates(None, 40, true), now, 30), BadgeState::Expired);
        assert_eq!(
            decide(&dates(Some(30), 335, true), now, 30),
            BadgeState::Expiring
        );
        assert_eq!(
            decide(&dates(Some(31), 334, true), now, 30),
            BadgeState::Valid
        );
        assert_eq!(
            decide(&dates(Some(31), 334, true), now, 60),
            BadgeState::Expiring
        );
    }

    #[test]
    fn never_used_only_a_week_after_creation() {
        let now = 1_000 * DAY;
        assert!(!dates(Some(300), 6, false).never_used(now), "six days old");
        assert!(dates(Some(300), 7, false).never_used(now));
        assert!(!dates(Some(300), 70, true).never_used(now), "used");
        assert!(!BadgeDates::default().never_used(now), "no method");
    }
}
