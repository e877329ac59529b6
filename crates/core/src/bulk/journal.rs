//! The job journal in SQLite: one job row and one row per user with its state, written before
//! and after every step so that a crash at any point leaves a state `resume` can finish from.
//! Nothing secret is ever written here (see the migration `…_bulk_jobs.sql`).

use serde::Serialize;
use sqlx::Row;
use ts_rs::TS;

use super::{PlannedRow, Progress, RowAction, RowState, RunOptions};
use crate::{CoreError, Result, Store};

/// A job as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobInfo {
    /// The job id.
    pub id: String,
    /// When the job was created (unix ms).
    pub created_at: i64,
    /// When a row of it last changed (unix ms).
    pub updated_at: i64,
    /// Who ran it.
    pub operator_upn: String,
    /// The CSV's path, or the selection in words.
    pub source: String,
    /// Running (also after a crash), cancelled or finished.
    pub state: super::JobState,
    /// How the job was asked to run.
    pub options: RunOptions,
    /// SHA-256 of the CSV, to re-read its PINs on resume only if it is unchanged.
    #[serde(skip)]
    #[ts(skip)]
    pub source_sha256: Option<String>,
}

/// One row as the status and the results report show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowStatus {
    /// The row's line in the CSV (or its place in the selection).
    pub line: u32,
    /// Who the row is for.
    pub upn: String,
    /// The user's name, once Graph knows them.
    pub display_name: Option<String>,
    /// What the row does.
    pub action: RowAction,
    /// Where the row is in its life.
    pub state: RowState,
    /// The dotted error code of a failed row.
    pub error_code: Option<String>,
    /// The message of a failed row (never a secret).
    pub error_message: Option<String>,
    /// Graph's `request-id` of the row's last answer.
    pub request_id: Option<String>,
    /// How many times the row was sent.
    pub attempts: u32,
    /// The badge file that holds this row's badge.
    pub output: Option<String>,
    /// Id of the method (or standard code) this job created: not a secret.
    pub method_id: Option<String>,
}

/// A job, its counts and its rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobStatus {
    /// The job.
    pub job: JobInfo,
    /// How many rows are in each state.
    pub counts: Progress,
    /// Every row, in line order.
    pub rows: Vec<RowStatus>,
    /// Its badge sheets and PIN slips with their exports names (filled by
    /// [`super::BulkDesk::status`]; empty from [`status`]).
    pub files: super::JobFiles,
}

/// Everything the engine needs of a row (no secrets: the journal has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JRow {
    pub line: u32,
    pub upn: String,
    pub user_id: Option<String>,
    pub display_name: Option<String>,
    pub department: Option<String>,
    pub action: RowAction,
    pub start_ms: Option<i64>,
    pub expires_ms: Option<i64>,
    pub days: Option<i64>,
    pub custom_pin: bool,
    pub template: Option<String>,
    pub printer: Option<String>,
    pub state: RowState,
    pub attempts: u32,
    pub sent_at: Option<i64>,
    /// What the plan saw of the user's method (`None` for jobs planned before it was kept).
    pub seen: Option<super::Seen>,
    /// A replacement's DELETE was confirmed at (unix ms): from then on the row is a create.
    pub deleted_at: Option<i64>,
}

impl JRow {
    /// Whether the row's next step is a create (`PUT`): a create, or a replacement whose
    /// DELETE Graph confirmed.
    pub fn creates(&self) -> bool {
        self.action == RowAction::Create
            || (self.action == RowAction::Replace && self.deleted_at.is_some())
    }
}

/// A change to one row.
#[derive(Debug, Clone, Default)]
pub(crate) struct Update {
    pub line: u32,
    pub state: Option<RowState>,
    pub error: Option<(String, String)>,
    pub request_id: Option<String>,
    pub method_id: Option<String>,
    pub output: Option<String>,
    pub attempt: bool,
    /// Stamp `sent_at` (kept from the first send).
    pub sent: bool,
    /// Stamp `deleted_at`: a replacement's DELETE is confirmed.
    pub deleted: bool,
}

impl Update {
    pub fn to(line: u32, state: RowState) -> Update {
        Update {
            line,
            state: Some(state),
            ..Update::default()
        }
    }
}

fn db(e: sqlx::Error) -> CoreError {
    CoreError::Database {
        path: crate::store::DB_FILE.into(),
        reason: e.to_string(),
    }
}

/// Writes a new job and its rows in one transaction.
pub(crate) async fn insert_job(store: &Store, job: &JobInfo, rows: &[PlannedRow]) -> Result<()> {
    let options = serde_json::to_string(&job.options)
        .map_err(|e| CoreError::BulkJobOptions(e.to_string()))?;
    let mut tx = store.pool().begin().await.map_err(db)?;
    sqlx::query(
        "INSERT INTO bulk_jobs (id, created_at, updated_at, operator_upn, source, source_sha256, \
         options, state) VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, 'running')",
    )
    .bind(&job.id)
    .bind(job.created_at)
    .bind(&job.operator_upn)
    .bind(&job.source)
    .bind(&job.source_sha256)
    .bind(options)
    .execute(&mut *tx)
    .await
    .map_err(db)?;
    for r in rows {
        let state = match r.action {
            RowAction::Create
            | RowAction::Rotate
            | RowAction::Reissue
            | RowAction::Renew
            | RowAction::Replace
            | RowAction::Extend => RowState::Pending,
            RowAction::Skip => RowState::Skipped,
            RowAction::Invalid => RowState::Invalid,
        };
        // An error keeps a row out; a skipped row keeps its reason (e.g. an unusable method).
        let problem = r.problems.iter().find(|p| !p.warning).or_else(|| {
            (r.action == RowAction::Skip)
                .then(|| r.problems.first())
                .flatten()
        });
        sqlx::query(
            "INSERT INTO bulk_rows (job_id, line, upn, user_id, display_name, department, action, \
             start_ms, expires_ms, days, custom_pin, template, printer, state, error_code, \
             error_message, updated_at, seen_checked, seen_method_id, seen_created_ms) VALUES \
             (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, \
             ?19, ?20)",
        )
        .bind(&job.id)
        .bind(r.line)
        .bind(&r.upn)
        .bind(&r.user_id)
        .bind(&r.display_name)
        .bind(&r.department)
        .bind(r.action.as_str())
        .bind(r.start)
        .bind(r.expires)
        .bind(r.days)
        .bind(r.custom_pin)
        .bind(&r.template)
        .bind(&r.printer)
        .bind(state.as_str())
        .bind(problem.map(|p| p.code.clone()))
        .bind(problem.map(|p| p.message.clone()))
        .bind(job.created_at)
        .bind(r.seen.is_some())
        .bind(r.seen.as_ref().and_then(|s| s.method_id.clone()))
        .bind(r.seen.as_ref().and_then(|s| s.created_ms))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    }
    tx.commit().await.map_err(db)
}

/// Applies `updates` in one transaction (one fsync for a whole batch's answers).
pub(crate) async fn apply(store: &Store, job_id: &str, updates: &[Update]) -> Result<()> {
    if updates.is_empty() {
        return Ok(());
    }
    let now = crate::time::now_ms();
    let mut tx = store.pool().begin().await.map_err(db)?;
    for u in updates {
        sqlx::query(
            "UPDATE bulk_rows SET state = COALESCE(?3, state), \
             error_code = CASE WHEN ?3 IS NULL THEN error_code ELSE ?4 END, \
             error_message = CASE WHEN ?3 IS NULL THEN error_message ELSE ?5 END, \
             request_id = COALESCE(?6, request_id), method_id = COALESCE(?7, method_id), \
             output = COALESCE(?8, output), attempts = attempts + ?9, \
             sent_at = CASE WHEN ?10 THEN COALESCE(sent_at, ?11) ELSE sent_at END, \
             deleted_at = CASE WHEN ?12 THEN COALESCE(deleted_at, ?11) ELSE deleted_at END, \
             updated_at = ?11 WHERE job_id = ?1 AND line = ?2",
        )
        .bind(job_id)
        .bind(u.line)
        .bind(u.state.map(RowState::as_str))
        .bind(u.error.as_ref().map(|e| e.0.clone()))
        .bind(u.error.as_ref().map(|e| e.1.clone()))
        .bind(&u.request_id)
        .bind(&u.method_id)
        .bind(&u.output)
        .bind(i64::from(u.attempt))
        .bind(u.sent)
        .bind(now)
        .bind(u.deleted)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    }
    sqlx::query("UPDATE bulk_jobs SET updated_at = ?2 WHERE id = ?1")
        .bind(job_id)
        .bind(now)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
    tx.commit().await.map_err(db)
}

/// Marks the job `running`, `cancelled` or `finished`.
pub(crate) async fn set_job_state(
    store: &Store,
    job_id: &str,
    state: super::JobState,
) -> Result<()> {
    sqlx::query("UPDATE bulk_jobs SET state = ?2, updated_at = ?3 WHERE id = ?1")
        .bind(job_id)
        .bind(state.as_str())
        .bind(crate::time::now_ms())
        .execute(store.pool())
        .await
        .map_err(db)?;
    Ok(())
}

fn job_from(r: &sqlx::sqlite::SqliteRow) -> Result<JobInfo> {
    let options: String = r.get("options");
    Ok(JobInfo {
        id: r.get("id"),
        created_at: r.get("created_at"),
        updated_at: r.get("updated_at"),
        operator_upn: r.get("operator_upn"),
        source: r.get("source"),
        state: super::JobState::parse(r.get("state")),
        options: serde_json::from_str(&options)
            .map_err(|e| CoreError::BulkJobOptions(e.to_string()))?,
        source_sha256: r.get("source_sha256"),
    })
}

/// One job; `bulk.job_not_found` when there is none with that id.
pub(crate) async fn load_job(store: &Store, job_id: &str) -> Result<JobInfo> {
    let row = sqlx::query("SELECT * FROM bulk_jobs WHERE id = ?1")
        .bind(job_id)
        .fetch_optional(store.pool())
        .await
        .map_err(db)?
        .ok_or_else(|| CoreError::BulkJobNotFound(job_id.to_owned()))?;
    job_from(&row)
}

/// Every row of a job, in line order.
pub(crate) async fn load_rows(store: &Store, job_id: &str) -> Result<Vec<JRow>> {
    let rows = sqlx::query("SELECT * FROM bulk_rows WHERE job_id = ?1 ORDER BY line")
        .bind(job_id)
        .fetch_all(store.pool())
        .await
        .map_err(db)?;
    Ok(rows
        .iter()
        .map(|r| JRow {
            line: r.get::<i64, _>("line") as u32,
            upn: r.get("upn"),
            user_id: r.get("user_id"),
            display_name: r.get("display_name"),
            department: r.get("department"),
            action: RowAction::parse(r.get("action")),
            start_ms: r.get("start_ms"),
            expires_ms: r.get("expires_ms"),
            days: r.get("days"),
            custom_pin: r.get("custom_pin"),
            template: r.get("template"),
            printer: r.get("printer"),
            state: RowState::parse(r.get("state")),
            attempts: r.get::<i64, _>("attempts") as u32,
            sent_at: r.get("sent_at"),
            seen: (r.get::<i64, _>("seen_checked") != 0).then(|| super::Seen {
                method_id: r.get("seen_method_id"),
                created_ms: r.get("seen_created_ms"),
            }),
            deleted_at: r.get("deleted_at"),
        })
        .collect())
}

/// Jobs, newest first.
pub async fn jobs(store: &Store) -> Result<Vec<JobInfo>> {
    let rows = sqlx::query("SELECT * FROM bulk_jobs ORDER BY created_at DESC, id DESC")
        .fetch_all(store.pool())
        .await
        .map_err(db)?;
    rows.iter().map(job_from).collect()
}

/// The counts by state (`in_flight`, `concurrency`, `throttled`, `elapsed_ms` left at 0).
pub(crate) async fn counts(store: &Store, job_id: &str) -> Result<Progress> {
    let rows = sqlx::query(
        "SELECT state, action, count(*) AS n FROM bulk_rows WHERE job_id = ?1 GROUP BY state, action",
    )
    .bind(job_id)
    .fetch_all(store.pool())
    .await
    .map_err(db)?;
    let mut p = Progress {
        job_id: job_id.to_owned(),
        ..Progress::default()
    };
    for r in &rows {
        let n = r.get::<i64, _>("n") as u32;
        let state = RowState::parse(r.get("state"));
        let action = RowAction::parse(r.get("action"));
        if action.sends() {
            p.total += n;
        }
        let slot = match state {
            RowState::Pending => &mut p.pending,
            RowState::Sent => &mut p.sent,
            RowState::Created => &mut p.created,
            RowState::BadgeWritten => &mut p.badge_written,
            RowState::Printed => &mut p.printed,
            RowState::Skipped => &mut p.skipped,
            RowState::Failed => &mut p.failed,
            RowState::BadgeLost => &mut p.badge_lost,
            RowState::Invalid => &mut p.invalid,
            RowState::Extended => &mut p.extended,
        };
        *slot += n;
        if action.sends() && !matches!(state, RowState::Pending | RowState::Sent) {
            p.done += n;
        }
    }
    Ok(p)
}

/// A job with its counts and rows.
pub async fn status(store: &Store, job_id: &str) -> Result<JobStatus> {
    let job = load_job(store, job_id).await?;
    let counts = counts(store, job_id).await?;
    let rows = sqlx::query("SELECT * FROM bulk_rows WHERE job_id = ?1 ORDER BY line")
        .bind(job_id)
        .fetch_all(store.pool())
        .await
        .map_err(db)?
        .iter()
        .map(|r| RowStatus {
            line: r.get::<i64, _>("line") as u32,
            upn: r.get("upn"),
            display_name: r.get("display_name"),
            action: RowAction::parse(r.get("action")),
            state: RowState::parse(r.get("state")),
            error_code: r.get("error_code"),
            error_message: r.get("error_message"),
            request_id: r.get("request_id"),
            attempts: r.get::<i64, _>("attempts") as u32,
            output: r.get("output"),
            method_id: r.get("method_id"),
        })
        .collect();
    Ok(JobStatus {
        job,
        counts,
        rows,
        files: super::JobFiles::default(),
    })
}

/// Puts every row in state `from` back to `pending` (with `action` when given), its
/// attempts and first-send time cleared: for `retry_failed` and `rotate_lost`.
pub(crate) async fn requeue(
    store: &Store,
    job_id: &str,
    from: RowState,
    action: Option<RowAction>,
) -> Result<u64> {
    let now = crate::time::now_ms();
    let done = sqlx::query(
        "UPDATE bulk_rows SET state = 'pending', action = COALESCE(?3, action), attempts = 0, \
         sent_at = NULL, updated_at = ?4 WHERE job_id = ?1 AND state = ?2",
    )
    .bind(job_id)
    .bind(from.as_str())
    .bind(action.map(RowAction::as_str))
    .bind(now)
    .execute(store.pool())
    .await
    .map_err(db)?;
    sqlx::query("UPDATE bulk_jobs SET state = 'running', updated_at = ?2 WHERE id = ?1")
        .bind(job_id)
        .bind(now)
        .execute(store.pool())
        .await
        .map_err(db)?;
    Ok(done.rows_affected())
}
