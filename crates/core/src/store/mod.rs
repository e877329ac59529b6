//! The local SQLite database: opened once at start (WAL, busy timeout), migrated before
//! anything else, backed up before a migration changes an existing schema.

pub mod audit;
pub mod audit_action;
pub mod kiosk_limits;
pub mod kiosk_people;
pub mod recent_users;

use std::{
    path::{Path, PathBuf},
    str::FromStr,
    time::Duration,
};

use sqlx::{
    migrate::Migrator,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    SqlitePool,
};

use crate::{CoreError, Result};

/// The migrations in `crates/core/migrations`, embedded in the binary.
pub static MIGRATOR: Migrator = sqlx::migrate!();
/// The database file's name inside the data directory.
pub use crate::data_dir::DB_FILE;

/// The open database. Cheap to clone (a pool handle).
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
}

/// What opening did: how many migrations ran and where the backup went, if one was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenReport {
    /// Migrations run by this open.
    pub applied: usize,
    /// The copy made before a migration changed a table, if one was made.
    pub backup: Option<PathBuf>,
}

impl Store {
    /// Opens (creating when missing) `<data_dir>/qrstation.db` and applies the embedded
    /// migrations.
    pub async fn open(data_dir: &Path) -> Result<(Store, OpenReport)> {
        let dir = crate::DataDir::new(data_dir);
        dir.ensure()?;
        Store::open_with(&dir.database(), &MIGRATOR).await
    }

    /// Opens `path` and applies `migrator`'s migrations. Each migration runs in its own
    /// transaction, so a failing one leaves the database as the previous one left it.
    pub async fn open_with(path: &Path, migrator: &Migrator) -> Result<(Store, OpenReport)> {
        let db = |e: sqlx::Error| CoreError::Database {
            path: path.to_owned(),
            reason: e.to_string(),
        };
        let existed = path.exists();
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(db)?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(db)?;
        // The database holds UPNs and the audit trail: owner-only, like its WAL and index,
        // which SQLite creates with the database's own mode.
        for suffix in ["", "-wal", "-shm"] {
            let mut p = path.as_os_str().to_owned();
            p.push(suffix);
            crate::files::narrow(Path::new(&p), 0o600)?;
        }
        let store = Store { pool };
        let pending = store.pending(migrator).await.map_err(db)?;
        let mut backup = None;
        if existed && pending > 0 && store.has_schema().await.map_err(db)? {
            backup = Some(store.backup(path).await?);
        }
        migrator
            .run(&store.pool)
            .await
            .map_err(|e| CoreError::Migration {
                path: path.to_owned(),
                reason: e.to_string(),
            })?;
        Ok((
            store,
            OpenReport {
                applied: pending,
                backup,
            },
        ))
    }

    /// The connection pool, for the modules of this crate.
    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The schema as SQL, table by table: what the snapshot test compares.
    pub async fn schema(&self) -> Result<String> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL \
             AND name NOT LIKE '_sqlx_%' AND name NOT LIKE 'sqlite_%' \
             AND name NOT LIKE 'recent_users_fts_%' ORDER BY type, name",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| self.error(e))?;
        Ok(rows.into_iter().map(|(sql,)| sql + ";\n").collect())
    }

    /// Closes the pool and checkpoints the WAL.
    pub async fn close(self) {
        self.pool.close().await;
    }

    async fn pending(&self, migrator: &Migrator) -> Result<usize, sqlx::Error> {
        let table: Option<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_optional(&self.pool)
        .await?;
        let applied: Vec<(i64,)> = if table.is_some() {
            sqlx::query_as("SELECT version FROM _sqlx_migrations WHERE success = 1")
                .fetch_all(&self.pool)
                .await?
        } else {
            Vec::new()
        };
        Ok(migrator
            .iter()
            .filter(|m| !applied.iter().any(|(v,)| *v == m.version))
            .count())
    }

    async fn has_schema(&self) -> Result<bool, sqlx::Error> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(n > 0)
    }

    /// A consistent copy next to the database: `qrstation.db.bak-<unix ms>`.
    async fn backup(&self, path: &Path) -> Result<PathBuf> {
        let target = path.with_extension(format!("db.bak-{}", crate::time::now_ms()));
        sqlx::query("VACUUM INTO ?")
            .bind(target.display().to_string())
            .execute(&self.pool)
            .await
            .map_err(|e| CoreError::Database {
                path: target.clone(),
                reason: format!("backup before migration failed: {e}"),
            })?;
        Ok(target)
    }

    pub(crate) fn error(&self, e: sqlx::Error) -> CoreError {
        CoreError::Database {
            path: PathBuf::from(DB_FILE),
            reason: e.to_string(),
        }
    }
}
