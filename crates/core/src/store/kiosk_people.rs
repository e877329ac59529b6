//! The people a kiosk can name before anyone signs in: the local directory cache
//! (`recent_users`, filled by this station's look-ups and by every kiosk sign-in and reset).
//! A kiosk holds no token between flows, so this cache is the only directory it can read
//! before a manager approves; Graph confirms the person after the manager signs in.

use super::Store;
use crate::Result;

/// One cached person: object id, UPN and display name.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CachedPerson {
    /// Object id.
    pub id: String,
    /// The sign-in name.
    pub upn: String,
    /// The display name.
    pub display_name: String,
}

impl Store {
    /// The cached person with object id `id`.
    pub async fn cached_person(&self, id: &str) -> Result<Option<CachedPerson>> {
        sqlx::query_as("SELECT id, upn, display_name FROM recent_users WHERE id = ?1")
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(|e| self.error(e))
    }

    /// Remembers a person the kiosk saw (a worker who signed in, a reset's target): the id,
    /// UPN and name are refreshed, everything else a station knows about them is kept. A
    /// different id with the same UPN (a recreated account) is replaced.
    pub async fn remember_person(&self, p: &CachedPerson, seen_ms: i64) -> Result<()> {
        let mut tx = self.pool().begin().await.map_err(|e| self.error(e))?;
        sqlx::query("DELETE FROM recent_users WHERE upn = ?1 COLLATE NOCASE AND id <> ?2")
            .bind(&p.upn)
            .bind(&p.id)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.error(e))?;
        sqlx::query(
            "INSERT INTO recent_users (id, upn, display_name, last_seen) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (id) DO UPDATE SET upn = excluded.upn, \
             display_name = excluded.display_name, last_seen = excluded.last_seen",
        )
        .bind(&p.id)
        .bind(&p.upn)
        .bind(&p.display_name)
        .bind(seen_ms)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.error(e))?;
        tx.commit().await.map_err(|e| self.error(e))
    }
}
