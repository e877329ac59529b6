//! The scan's cache in SQLite (migration `…_renewal_status.sql`): one scan per scope, its
//! workers' statuses and dates, replaced as a whole by the next scan. Read back, the states are
//! decided again from the dates at the time of reading (a code cached as valid may have
//! expired since), and the report says how old the data is.

use sqlx::Row;

use super::{sort_rows, status_of, BadgeDates, BadgeState, Report, Scope, Worker};
use crate::{CoreError, Result, Station, Store};

fn db(e: sqlx::Error) -> CoreError {
    CoreError::Database {
        path: crate::store::DB_FILE.into(),
        reason: e.to_string(),
    }
}

/// Replaces the cache of `report`'s scope with it, in one transaction.
pub(crate) async fn save(station: &Station, report: &Report) -> Result<()> {
    let mut tx = station.store().pool().begin().await.map_err(db)?;
    sqlx::query("DELETE FROM renewal_scans WHERE scope_key = ?1")
        .bind(&report.scope_key)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    sqlx::query(
        "INSERT INTO renewal_scans (scope_key, scope_label, within_days, scanned_at, \
         operator_upn) VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .bind(&report.scope_key)
    .bind(&report.scope_label)
    .bind(i64::from(report.within_days))
    .bind(report.scanned_at)
    .bind(station.operator())
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    for r in &report.rows {
        let d = &r.dates;
        sqlx::query(
            "INSERT OR REPLACE INTO renewal_status (scope_key, upn, user_id, display_name, \
             office, department, state, starts_ms, expires_ms, created_ms, last_used_ms, \
             temporary_expires_ms, pin_change_pending, error_code) VALUES (?1, ?2, ?3, ?4, ?5, \
             ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )
        .bind(&report.scope_key)
        .bind(&r.upn)
        .bind(&r.user_id)
        .bind(&r.display_name)
        .bind(&r.office)
        .bind(&r.department)
        .bind(r.state.as_str())
        .bind(d.starts_ms)
        .bind(d.expires_ms)
        .bind(d.created_ms)
        .bind(d.last_used_ms)
        .bind(d.temporary_expires_ms)
        .bind(d.pin_change_pending)
        .bind(&r.error_code)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    }
    tx.commit().await.map_err(db)
}

/// The cached scan of `scope`, its states decided at `now` for `within_days` (`None`: the
/// scan's own N), or `None` when the scope was never scanned.
pub async fn cached(
    store: &Store,
    scope: &Scope,
    within_days: Option<u32>,
) -> Result<Option<Report>> {
    let key = scope.key();
    let Some(scan) = sqlx::query("SELECT * FROM renewal_scans WHERE scope_key = ?1")
        .bind(&key)
        .fetch_optional(store.pool())
        .await
        .map_err(db)?
    else {
        return Ok(None);
    };
    let within = within_days.unwrap_or(scan.get::<i64, _>("within_days") as u32);
    let now_ms = crate::time::now_ms();
    let rows = sqlx::query("SELECT * FROM renewal_status WHERE scope_key = ?1")
        .bind(&key)
        .fetch_all(store.pool())
        .await
        .map_err(db)?;
    let mut out: Vec<_> = rows
        .iter()
        .map(|r| {
            let state = BadgeState::parse(r.get("state"));
            let w = Worker {
                upn: r.get("upn"),
                user_id: r.get("user_id"),
                display_name: r.get("display_name"),
                office: r.get("office"),
                department: r.get("department"),
            };
            let dates = BadgeDates {
                has_method: state != BadgeState::NoMethod,
                starts_ms: r.get("starts_ms"),
                expires_ms: r.get("expires_ms"),
                created_ms: r.get("created_ms"),
                last_used_ms: r.get("last_used_ms"),
                temporary_expires_ms: r.get("temporary_expires_ms"),
                pin_change_pending: r.get("pin_change_pending"),
            };
            let error: Option<String> = r.get("error_code");
            status_of(&w, dates, now_ms, within, error)
        })
        .collect();
    sort_rows(&mut out);
    let scanned_at: i64 = scan.get("scanned_at");
    Ok(Some(Report {
        scope_key: key,
        scope_label: scan.get("scope_label"),
        within_days: within,
        scanned_at,
        age_ms: (now_ms - scanned_at).max(0),
        rows: out,
    }))
}
