//! The kiosk's wrong-PIN records in SQLite (`kiosk_wrong_pins`): read once when a kiosk
//! starts, written whenever the limiter changes one. Counts and times only, never a PIN.

use super::Store;
use crate::Result;

/// What the store keeps per worker (by the kiosk's worker key, `kiosk::Person::limit_key`):
/// the kiosk's limiter (`kiosk::limiter`) counts with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    /// Wrong current PINs within the cool-down.
    pub wrong: u32,
    /// When the last wrong PIN was counted (unix ms).
    pub last_wrong_ms: i64,
    /// Locked until then (unix ms).
    pub locked_until_ms: Option<i64>,
}

impl Store {
    /// Every worker's wrong-PIN record, by worker key.
    pub async fn kiosk_wrong_pins(&self) -> Result<Vec<(String, Record)>> {
        let rows: Vec<(String, i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT worker_key, wrong, last_wrong_ms, locked_until_ms FROM kiosk_wrong_pins",
        )
        .fetch_all(self.pool())
        .await
        .map_err(|e| self.error(e))?;
        Ok(rows
            .into_iter()
            .map(|(key, wrong, last_wrong_ms, locked_until_ms)| {
                let record = Record {
                    wrong: u32::try_from(wrong).unwrap_or(u32::MAX),
                    last_wrong_ms,
                    locked_until_ms,
                };
                (key, record)
            })
            .collect())
    }

    /// Writes `record` for `key`, or deletes the row when `None`.
    pub async fn save_kiosk_wrong_pins(&self, key: &str, record: Option<Record>) -> Result<()> {
        let query = match record {
            Some(r) => sqlx::query(
                "INSERT INTO kiosk_wrong_pins (worker_key, wrong, last_wrong_ms, locked_until_ms) \
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (worker_key) DO UPDATE SET \
                 wrong = excluded.wrong, last_wrong_ms = excluded.last_wrong_ms, \
                 locked_until_ms = excluded.locked_until_ms",
            )
            .bind(key)
            .bind(i64::from(r.wrong))
            .bind(r.last_wrong_ms)
            .bind(r.locked_until_ms),
            None => sqlx::query("DELETE FROM kiosk_wrong_pins WHERE worker_key = ?1").bind(key),
        };
        query
            .execute(self.pool())
            .await
            .map_err(|e| self.error(e))?;
        Ok(())
    }
}
