//! Times as the UI sends them (unix ms) into what core takes.

use chrono::{DateTime, Utc};
use qrstation_core::CoreError;

/// Unix milliseconds as a UTC time, or `core.invalid_time`.
pub fn from_ms(ms: i64) -> Result<DateTime<Utc>, CoreError> {
    DateTime::from_timestamp_millis(ms).ok_or(CoreError::InvalidTime(ms))
}
