//! Recent users: the station's local cache of who it looked up, searchable by word prefix
//! (name, UPN) and by store (office), capped in size, and readable when Graph is not reachable.
//! What a signed-in person sees of it is their own: each look-up adds a view row keyed by
//! [`RecentOwner`] (tenant id, the person's object id), and the `_for` functions read only
//! through those rows, so one manager never sees whom another person on this PC handled.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Store;
use crate::Result;

/// From this many people matching a search, the owner's views are walked newest first
/// instead of sorting every match (see `search_recent_users_for`).
const COMMON_MATCHES: i64 = 2_000;

/// Most users kept; the least recently seen go first.
pub const DEFAULT_CAP: i64 = 5_000;

/// One cached user with a summary of their QR code + PIN method. Times are unix ms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::FromRow)]
#[serde(rename_all = "camelCase")]
pub struct RecentUser {
    /// Object id.
    pub id: String,
    /// The sign-in name.
    pub upn: String,
    /// The display name.
    pub display_name: String,
    /// `department`, if set.
    pub department: Option<String>,
    /// `officeLocation`, if set.
    pub office_location: Option<String>,
    /// `jobTitle`, if set.
    pub job_title: Option<String>,
    /// Whether the user has a QR code + PIN method, when known.
    pub has_method: Option<bool>,
    /// Whether a code of it was valid when last seen, when known.
    pub usable: Option<bool>,
    /// When the standard code expires.
    pub standard_expires: Option<i64>,
    /// When the temporary code expires.
    pub temporary_expires: Option<i64>,
    /// The user must choose a new PIN at the next sign-in.
    pub pin_must_change: Option<bool>,
    /// When the station last looked the user up.
    pub last_seen: i64,
    /// The last action on the user, e.g. `method.create`.
    pub last_action: Option<String>,
    /// Badges printed for the user from this station.
    pub print_count: i64,
    /// When the last badge was printed.
    pub last_print: Option<i64>,
}

/// Whose recent users: the signed-in person, by tenant id and object id.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RecentOwner {
    /// The signed-in person's tenant id (`""` when the sign-in did not say).
    pub tenant_id: String,
    /// The signed-in person's object id.
    pub account_id: String,
}

const COLUMNS: &str = "id, upn, display_name, department, office_location, job_title, \
    has_method, usable, standard_expires, temporary_expires, pin_must_change, last_seen, \
    last_action, print_count, last_print";

impl Store {
    /// Inserts or refreshes a user; print count and last print are kept. A different id
    /// with the same UPN (the account was recreated) replaces the old row. Then trims the
    /// cache to `cap` users.
    pub async fn upsert_recent_user(&self, u: &RecentUser, cap: i64) -> Result<()> {
        let mut tx = self.pool().begin().await.map_err(|e| self.error(e))?;
        sqlx::query("DELETE FROM recent_users WHERE upn = ?1 COLLATE NOCASE AND id <> ?2")
            .bind(&u.upn)
            .bind(&u.id)
            .execute(&mut *tx)
            .await
            .map_err(|e| self.error(e))?;
        sqlx::query(
            "INSERT INTO recent_users (id, upn, display_name, department, office_location, \
             job_title, has_method, usable, standard_expires, temporary_expires, \
             pin_must_change, last_seen, last_action) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) \
             ON CONFLICT (id) DO UPDATE SET upn = excluded.upn, \
             display_name = excluded.display_name, department = excluded.department, \
             office_location = excluded.office_location, job_title = excluded.job_title, \
             has_method = excluded.has_method, usable = excluded.usable, \
             standard_expires = excluded.standard_expires, \
             temporary_expires = excluded.temporary_expires, \
             pin_must_change = excluded.pin_must_change, last_seen = excluded.last_seen, \
             last_action = coalesce(excluded.last_action, recent_users.last_action)",
        )
        .bind(&u.id)
        .bind(&u.upn)
        .bind(&u.display_name)
        .bind(&u.department)
        .bind(&u.office_location)
        .bind(&u.job_title)
        .bind(u.has_method)
        .bind(u.usable)
        .bind(u.standard_expires)
        .bind(u.temporary_expires)
        .bind(u.pin_must_change)
        .bind(u.last_seen)
        .bind(&u.last_action)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.error(e))?;
        sqlx::query(
            "DELETE FROM recent_users WHERE rowid IN \
             (SELECT rowid FROM recent_users ORDER BY last_seen DESC LIMIT -1 OFFSET ?1)",
        )
        .bind(cap)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.error(e))?;
        tx.commit().await.map_err(|e| self.error(e))
    }

    /// Users whose name or UPN has words starting with every word of `query`, most recently
    /// seen first; the most recent users when `query` has no words.
    pub async fn search_recent_users(&self, query: &str, limit: i64) -> Result<Vec<RecentUser>> {
        let Some(matcher) = fts_prefix_query(query) else {
            return self.recent_users(limit).await;
        };
        // The store column is indexed too; this search (the kiosk's) reads names only.
        let matcher = format!("{{display_name upn}} : ({matcher})");
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM recent_users WHERE rowid IN \
             (SELECT rowid FROM recent_users_fts WHERE recent_users_fts MATCH ?1) \
             ORDER BY last_seen DESC LIMIT ?2"
        ))
        .bind(matcher)
        .bind(limit)
        .fetch_all(self.pool())
        .await
        .map_err(|e| self.error(e))
    }

    /// The most recently seen users.
    pub async fn recent_users(&self, limit: i64) -> Result<Vec<RecentUser>> {
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM recent_users ORDER BY last_seen DESC LIMIT ?1"
        ))
        .bind(limit)
        .fetch_all(self.pool())
        .await
        .map_err(|e| self.error(e))
    }

    /// [`Store::upsert_recent_user`], then records that `owner` looked the user up (their
    /// own "Recent" list), keeping at most `cap` views per owner.
    pub async fn upsert_recent_user_for(
        &self,
        owner: &RecentOwner,
        u: &RecentUser,
        cap: i64,
    ) -> Result<()> {
        self.upsert_recent_user(u, cap).await?;
        let mut tx = self.pool().begin().await.map_err(|e| self.error(e))?;
        sqlx::query(
            "INSERT INTO recent_user_views (tenant_id, account_id, user_id, last_seen) \
             SELECT ?1, ?2, id, ?4 FROM recent_users WHERE id = ?3 \
             ON CONFLICT (tenant_id, account_id, user_id) DO UPDATE SET last_seen = excluded.last_seen",
        )
        .bind(&owner.tenant_id)
        .bind(&owner.account_id)
        .bind(&u.id)
        .bind(u.last_seen)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.error(e))?;
        sqlx::query(
            "DELETE FROM recent_user_views WHERE rowid IN (SELECT rowid FROM recent_user_views \
             WHERE tenant_id = ?1 AND account_id = ?2 ORDER BY last_seen DESC LIMIT -1 OFFSET ?3)",
        )
        .bind(&owner.tenant_id)
        .bind(&owner.account_id)
        .bind(cap)
        .execute(&mut *tx)
        .await
        .map_err(|e| self.error(e))?;
        tx.commit().await.map_err(|e| self.error(e))
    }

    /// The users `owner` looked up whose name or UPN has words starting with every word of
    /// `query`, or whose store (office) has a word starting with it ("101", "store 101"), most
    /// recently seen by `owner` first; their most recent users when `query` has no words.
    pub async fn search_recent_users_for(
        &self,
        owner: &RecentOwner,
        query: &str,
        limit: i64,
    ) -> Result<Vec<RecentUser>> {
        let Some(matcher) = fts_prefix_query(query) else {
            return self.recent_users_for(owner, limit).await;
        };
        // Name, sign-in name and store are all in `recent_users_fts` (migration
        // 20261203110000). Two plans, chosen by how many people match (bench `typeahead`):
        // a rare word ("zhang w", a typo) is read from the word index and sorted, which
        // stays small; a common one ("s", "store") walks the owner's views newest first
        // and stops at `limit` hits, which comes soon. Either plan alone reads every row of
        // a 100,000-user cache in the other case.
        let common: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM (SELECT rowid FROM recent_users_fts \
             WHERE recent_users_fts MATCH ?1 LIMIT ?2)",
        )
        .bind(&matcher)
        .bind(COMMON_MATCHES)
        .fetch_one(self.pool())
        .await
        .map_err(|e| self.error(e))?;
        let sql = if common >= COMMON_MATCHES {
            format!(
                "SELECT {cols} FROM recent_users r JOIN recent_user_views v ON v.user_id = r.id \
                 WHERE v.tenant_id = ?1 AND v.account_id = ?2 AND r.rowid IN \
                 (SELECT rowid FROM recent_users_fts WHERE recent_users_fts MATCH ?3) \
                 ORDER BY v.last_seen DESC LIMIT ?4",
                cols = prefixed_columns()
            )
        } else {
            // CROSS JOIN keeps this order: the index's hits, then their rows and views.
            format!(
                "SELECT {cols} FROM recent_users_fts f CROSS JOIN recent_users r \
                 CROSS JOIN recent_user_views v WHERE f.recent_users_fts MATCH ?3 \
                 AND r.rowid = f.rowid AND v.tenant_id = ?1 AND v.account_id = ?2 \
                 AND v.user_id = r.id ORDER BY v.last_seen DESC LIMIT ?4",
                cols = prefixed_columns()
            )
        };
        sqlx::query_as(&sql)
            .bind(&owner.tenant_id)
            .bind(&owner.account_id)
            .bind(matcher)
            .bind(limit)
            .fetch_all(self.pool())
            .await
            .map_err(|e| self.error(e))
    }

    /// The users `owner` looked up most recently.
    pub async fn recent_users_for(
        &self,
        owner: &RecentOwner,
        limit: i64,
    ) -> Result<Vec<RecentUser>> {
        sqlx::query_as(&format!(
            "SELECT {cols} FROM recent_users r JOIN recent_user_views v ON v.user_id = r.id \
             WHERE v.tenant_id = ?1 AND v.account_id = ?2 ORDER BY v.last_seen DESC LIMIT ?3",
            cols = prefixed_columns()
        ))
        .bind(&owner.tenant_id)
        .bind(&owner.account_id)
        .bind(limit)
        .fetch_all(self.pool())
        .await
        .map_err(|e| self.error(e))
    }

    /// Counts a printed badge for a user.
    pub async fn record_print(&self, id: &str, at: i64) -> Result<()> {
        sqlx::query(
            "UPDATE recent_users SET print_count = print_count + 1, last_print = ?2 WHERE id = ?1",
        )
        .bind(id)
        .bind(at)
        .execute(self.pool())
        .await
        .map_err(|e| self.error(e))?;
        Ok(())
    }
}

/// The columns of [`COLUMNS`] read from `recent_users r`, `last_seen` being the owner's.
fn prefixed_columns() -> String {
    COLUMNS
        .split(',')
        .map(|c| match c.trim() {
            "last_seen" => "v.last_seen AS last_seen".to_owned(),
            c => format!("r.{c}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `anna sm` → `"anna"* "sm"*`: every word as a quoted prefix, so no character of the
/// user's input is read as FTS5 syntax.
fn fts_prefix_query(query: &str) -> Option<String> {
    let words: Vec<String> = query
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| format!("\"{}\"*", w.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::{fts_prefix_query, prefixed_columns};

    #[test]
    fn owner_columns_take_the_views_last_seen() {
        assert!(prefixed_columns().contains("v.last_seen AS last_seen"));
        assert!(prefixed_columns().starts_with("r.id, r.upn"));
    }

    #[test]
    fn user_input_becomes_quoted_prefixes() {
        assert_eq!(fts_prefix_query("  "), None);
        assert_eq!(
            fts_prefix_query("anna SM"),
            Some("\"anna\"* \"SM\"*".into())
        );
        assert_eq!(
            fts_prefix_query("o'brien@contoso"),
            Some("\"o\"* \"brien\"* \"contoso\"*".into())
        );
        assert_eq!(
            fts_prefix_query("NEAR(\"x\")"),
            Some("\"NEAR\"* \"x\"*".into())
        );
    }
}
