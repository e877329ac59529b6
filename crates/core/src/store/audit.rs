//! The local audit log: append, list, purge by retention, export to CSV.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Store;
use crate::{CoreError, Result};

pub use super::audit_action::AuditAction;

/// Default retention: one year.
pub const DEFAULT_RETENTION_DAYS: i64 = 365;

/// The error code of a row whose action started but whose outcome was never recorded (the app
/// stopped mid-action, or the outcome could not be written): the Activity log says "unknown".
pub const PENDING_CODE: &str = "audit.outcome_unknown";

/// How an audited action ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::Type)]
#[serde(rename_all = "camelCase")]
#[sqlx(rename_all = "lowercase")]
pub enum Outcome {
    /// The action did what was asked.
    Success,
    /// It failed, or its outcome is unknown (`error_code` says which).
    Failure,
}

/// One audit row. Times are unix ms. Never holds a PIN, QR payload or token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    /// Row id.
    pub id: i64,
    /// When the action started (unix ms).
    pub at: i64,
    /// Who did it.
    pub operator_upn: String,
    /// What was done ([`AuditAction`]; an unknown stored string reads as `Other`).
    #[sqlx(try_from = "String")]
    #[ts(type = "AuditAction")]
    pub action: AuditAction,
    /// Whom it was for.
    pub target_upn: Option<String>,
    /// How it ended.
    pub outcome: Outcome,
    /// The dotted error code of a failure.
    pub error_code: Option<String>,
    /// Graph's `request-id`, which Microsoft support asks for.
    pub request_id: Option<String>,
    /// The printer profile a print went to.
    pub printer: Option<String>,
}

impl AuditEntry {
    /// The row for `action` by `operator` on `target`, ended as `result` (its code and Graph's
    /// request-id on failure), stamped now.
    pub fn of(
        operator: &str,
        action: impl Into<AuditAction>,
        target: Option<&str>,
        result: std::result::Result<(), &crate::CoreError>,
    ) -> AuditEntry {
        let (outcome, error_code, request_id) = match result {
            Ok(()) => (Outcome::Success, None, None),
            Err(e) => (Outcome::Failure, Some(e.code().to_owned()), e.request_id()),
        };
        AuditEntry {
            id: 0,
            at: crate::time::now_ms(),
            operator_upn: operator.to_owned(),
            action: action.into(),
            target_upn: target.map(str::to_owned),
            outcome,
            error_code,
            request_id,
            printer: None,
        }
    }
}

impl Store {
    /// Appends `entry`; a failure to write is logged, not returned: the action it records has
    /// already happened and its result must reach the person.
    pub async fn record_audit(&self, entry: &AuditEntry) {
        if let Err(e) = self.append_audit(entry).await {
            tracing::error!(code = e.code(), action = %entry.action, "audit row not written: {e}");
        }
    }

    /// Writes the row of an action about to start, before it starts: outcome `failure` with the
    /// code [`PENDING_CODE`] until [`Store::finish_audit`] says how it ended. An action whose
    /// row cannot be written is not carried out (the caller returns this error), so a full
    /// disk stops actions rather than leaving them unaudited; a crash mid-action leaves the row
    /// saying its outcome is unknown.
    pub async fn begin_audit(
        &self,
        operator: &str,
        action: impl Into<AuditAction>,
        target: Option<&str>,
    ) -> Result<i64> {
        let mut entry = AuditEntry::of(operator, action, target, Ok(()));
        entry.outcome = Outcome::Failure;
        entry.error_code = Some(PENDING_CODE.to_owned());
        self.append_audit(&entry).await
    }

    /// Records how the action of row `id` ended (outcome, error code, request-id). A failure
    /// here is logged, not returned: the action has happened and its result must reach the
    /// person; the row then keeps saying the outcome is unknown.
    pub async fn finish_audit(&self, id: i64, entry: &AuditEntry) {
        let done = sqlx::query(
            "UPDATE audit_log SET outcome = ?2, error_code = ?3, request_id = ?4, printer = ?5 \
             WHERE id = ?1",
        )
        .bind(id)
        .bind(entry.outcome)
        .bind(&entry.error_code)
        .bind(&entry.request_id)
        .bind(&entry.printer)
        .execute(self.pool())
        .await;
        if let Err(e) = done {
            let e = self.error(e);
            tracing::error!(code = e.code(), action = %entry.action, "audit outcome not written: {e}");
        }
    }

    /// Appends an entry (its `id` is ignored) and returns the id it got.
    pub async fn append_audit(&self, e: &AuditEntry) -> Result<i64> {
        let done = sqlx::query(
            "INSERT INTO audit_log (at, operator_upn, action, target_upn, outcome, error_code, \
             request_id, printer) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )
        .bind(e.at)
        .bind(&e.operator_upn)
        .bind(e.action.as_str())
        .bind(&e.target_upn)
        .bind(e.outcome)
        .bind(&e.error_code)
        .bind(&e.request_id)
        .bind(&e.printer)
        .execute(self.pool())
        .await
        .map_err(|e| self.error(e))?;
        Ok(done.last_insert_rowid())
    }

    /// The newest entries first, optionally only those about one user (UPN, any case).
    pub async fn list_audit(
        &self,
        target_upn: Option<&str>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>> {
        sqlx::query_as(
            "SELECT id, at, operator_upn, action, target_upn, outcome, error_code, request_id, \
             printer FROM audit_log WHERE ?1 IS NULL OR target_upn = ?1 COLLATE NOCASE \
             ORDER BY at DESC, id DESC LIMIT ?2",
        )
        .bind(target_upn)
        .bind(limit)
        .fetch_all(self.pool())
        .await
        .map_err(|e| self.error(e))
    }

    /// Deletes entries older than `days` before `now_ms`; returns how many went.
    ///
    /// The wall clock is not trusted on its own: a store PC with a dead clock battery or a bad
    /// time server can jump years ahead. The cut-off is therefore measured from the newest row
    /// as well: nothing younger than `days` before the newest row goes, so a clock jump forward
    /// deletes nothing that a correct clock would keep (only rows written while the clock was
    /// wrong could later look old, and they are the newest ones, which stay).
    pub async fn purge_audit(&self, days: i64, now_ms: i64) -> Result<u64> {
        let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(at) FROM audit_log")
            .fetch_one(self.pool())
            .await
            .map_err(|e| self.error(e))?;
        let Some(newest) = newest else {
            return Ok(0);
        };
        let keep = days.saturating_mul(86_400_000);
        let cutoff = now_ms.min(newest).saturating_sub(keep);
        let done = sqlx::query("DELETE FROM audit_log WHERE at < ?1")
            .bind(cutoff)
            .execute(self.pool())
            .await
            .map_err(|e| self.error(e))?;
        Ok(done.rows_affected())
    }

    /// Writes the whole log as `audit-<time>.csv` in `dir` (created when missing); returns the
    /// file's path.
    pub async fn export_audit_file(&self, dir: &std::path::Path) -> Result<String> {
        crate::settings::ensure_dir(dir)?;
        let stamp = crate::time::iso8601(crate::time::now_ms()).replace([':', '.'], "-");
        let path = dir.join(format!("audit-{stamp}.csv"));
        let mut buf = Vec::new();
        self.export_audit_csv(&mut buf).await?;
        crate::files::write_private(&path, &buf)?;
        Ok(path.display().to_string())
    }

    /// Writes the whole log, oldest first, as CSV (RFC 4180, UTC ISO-8601 times).
    pub async fn export_audit_csv(&self, out: &mut impl std::io::Write) -> Result<usize> {
        let rows: Vec<AuditEntry> = sqlx::query_as(
            "SELECT id, at, operator_upn, action, target_upn, outcome, error_code, request_id, \
             printer FROM audit_log ORDER BY at, id",
        )
        .fetch_all(self.pool())
        .await
        .map_err(|e| self.error(e))?;
        let io = |source| CoreError::Io {
            action: "write",
            path: "audit export".into(),
            source,
        };
        let mut csv = crate::exports::CsvExport::new(out);
        csv.row([
            "time",
            "operator",
            "action",
            "target",
            "outcome",
            "error",
            "request_id",
            "printer",
        ])
        .map_err(io)?;
        for r in &rows {
            let outcome = match r.outcome {
                Outcome::Success => "success",
                Outcome::Failure => "failure",
            };
            csv.row([
                crate::time::iso8601(r.at).as_str(),
                &r.operator_upn,
                r.action.as_str(),
                r.target_upn.as_deref().unwrap_or_default(),
                outcome,
                r.error_code.as_deref().unwrap_or_default(),
                r.request_id.as_deref().unwrap_or_default(),
                r.printer.as_deref().unwrap_or_default(),
            ])
            .map_err(io)?;
        }
        csv.finish().map_err(io)?;
        Ok(rows.len())
    }
}
