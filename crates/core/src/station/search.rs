//! Finding a user: the signed-in person's own recent users first (instant, works offline),
//! then Graph, merged; by name, UPN, e-mail or store (`officeLocation`), with Graph's count of
//! all matches so the screen can say "5 of 37 — keep typing".

use qrstation_graph::{GraphError, UserQuery};
use serde::Serialize;
use ts_rs::TS;

use super::{Station, UserSummary};
use crate::store::recent_users::{RecentOwner, RecentUser, DEFAULT_CAP};
use crate::Result;

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    /// The user found.
    pub user: UserSummary,
    /// When the signed-in person last looked this user up here (unix ms); `None` for users
    /// found only in Graph.
    pub cached_at: Option<i64>,
    /// Found in Graph just now.
    pub in_graph: bool,
    /// Whether the user has a QR code + PIN badge, as this person's last look-up saw it;
    /// `None`: not known (never looked up here). Graph is not asked per result: that would
    /// be one more request per person per keystroke.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub has_badge: Option<bool>,
    /// Whether a code of it was valid at that look-up.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub badge_usable: Option<bool>,
    /// When the standard code expires (unix ms), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub badge_expires: Option<i64>,
    /// When the temporary code expires (unix ms), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub temporary_expires: Option<i64>,
}

impl SearchHit {
    fn cached(u: &RecentUser) -> SearchHit {
        SearchHit {
            user: UserSummary::from_cache(u),
            cached_at: Some(u.last_seen),
            in_graph: false,
            has_badge: u.has_method,
            badge_usable: u.usable,
            badge_expires: u.standard_expires,
            temporary_expires: u.temporary_expires,
        }
    }
}

/// The merged results, cache first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchResult {
    /// The users found, best first.
    pub hits: Vec<SearchHit>,
    /// How many users match in Graph in all (`@odata.count`), when Graph said; more than
    /// `hits.len()` means "keep typing".
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub total: Option<u64>,
    /// Why Graph could not be asked, in plain words; the hits are then cache only.
    pub graph_unavailable: Option<String>,
}

impl Station {
    /// The same station, knowing the signed-in person's tenant id and object id (from the
    /// sign-in's ID token), so their recent users need no `/me` look-up.
    pub fn with_account(mut self, tenant_id: Option<String>, object_id: Option<String>) -> Station {
        self.tenant_id = tenant_id.clone();
        if let Some(account_id) = object_id.filter(|id| !id.is_empty()) {
            self.owner = std::sync::Arc::new(tokio::sync::OnceCell::new_with(Some(RecentOwner {
                tenant_id: tenant_id.unwrap_or_default(),
                account_id,
            })));
        }
        self
    }

    /// Whose recent users these are: set at sign-in, else the object id from `GET /me`
    /// (asked once). Without it nothing cached is shown (fail closed: never another's list).
    pub(crate) async fn recent_owner(&self) -> Result<&RecentOwner> {
        self.owner
            .get_or_try_init(|| async {
                let me = self.graph.me().await?;
                Ok::<_, GraphError>(RecentOwner {
                    tenant_id: self.tenant_id.clone().unwrap_or_default(),
                    account_id: me.id,
                })
            })
            .await
            .map_err(Into::into)
    }

    /// Caches `row` and adds it to the signed-in person's recent users.
    pub(crate) async fn remember_recent(&self, row: &RecentUser) -> Result<()> {
        let owner = self.recent_owner().await?;
        self.store
            .upsert_recent_user_for(owner, row, DEFAULT_CAP)
            .await
    }

    /// The signed-in person's most recently looked-up users (another person's never); on a
    /// station limited to stores, only their members (another store's people stay out of
    /// the list once another store is chosen).
    pub async fn recent_users(&self, limit: i64) -> Result<Vec<RecentUser>> {
        let mut recent = match self.recent_owner().await {
            Ok(owner) => self.store.recent_users_for(owner, limit).await?,
            Err(e) => {
                tracing::warn!(code = e.code(), "recent users unknown until the sign-in is");
                return Ok(Vec::new());
            }
        };
        if let Some(units) = self.limiting_units() {
            let mut members = Vec::new();
            for unit in &units {
                match self.member_keys(unit).await {
                    Ok(keys) => members.push(keys),
                    // Listing is no permission: a person outside is refused when picked.
                    Err(e) => {
                        tracing::warn!(code = e.code(), "the store's members could not be read");
                        return Ok(recent);
                    }
                }
            }
            recent.retain(|u| members.iter().any(|m| m.contains(&u.id.to_lowercase())));
        }
        Ok(recent)
    }

    /// Up to `limit` users matching `query`: this person's cached users by word prefix or
    /// store, then Graph users whose name, UPN, mail or store starts with it, without
    /// duplicates.
    pub async fn search_users(&self, query: &str, limit: usize) -> Result<SearchResult> {
        self.search_users_progressive(query, limit, |_| {}).await
    }

    /// [`Station::search_users`], handing the cache's hits to `on_cached` before Graph is
    /// asked, so a screen can show them at once (Graph takes a network round trip or more).
    pub async fn search_users_progressive(
        &self,
        query: &str,
        limit: usize,
        on_cached: impl FnOnce(&SearchResult),
    ) -> Result<SearchResult> {
        let cached = match self.recent_owner().await {
            Ok(owner) => {
                self.store
                    .search_recent_users_for(owner, query, limit as i64)
                    .await?
            }
            Err(e) => {
                tracing::warn!(code = e.code(), "recent users unknown until the sign-in is");
                Vec::new()
            }
        };
        let mut hits: Vec<SearchHit> = cached.iter().map(SearchHit::cached).collect();
        let text = query.trim();
        if let Some(units) = self.limiting_units() {
            return self
                .search_in_units(&units, hits, text, limit, on_cached)
                .await;
        }
        on_cached(&SearchResult {
            hits: hits.iter().take(limit).cloned().collect(),
            total: None,
            graph_unavailable: None,
        });
        let mut graph_unavailable = None;
        let mut total = None;
        if !text.is_empty() {
            match self
                .graph
                .search_users(&UserQuery::starts_with_or_store(text))
                .await
            {
                Ok(page) => {
                    total = page.count;
                    merge_graph_hits(&mut hits, &page.value);
                    // Cached users Graph did not return (beyond its page, or a replica
                    // behind) are shown too: the count is never below what is listed.
                    total = total.map(|t| t.max(hits.len() as u64));
                }
                Err(e) => {
                    tracing::warn!(code = e.code(), "user search fell back to the cache");
                    graph_unavailable = Some(crate::CoreError::from(e).to_string());
                }
            }
        }
        hits.truncate(limit);
        Ok(SearchResult {
            hits,
            total,
            graph_unavailable,
        })
    }

    /// The scoped branch (#16 §1): only members of the station's store(s) are listed — the
    /// cache's hits are kept only for members, and Graph is asked per unit
    /// (`/administrativeUnits/{id}/members` with `$search`).
    async fn search_in_units(
        &self,
        units: &[String],
        mut hits: Vec<SearchHit>,
        text: &str,
        limit: usize,
        on_cached: impl FnOnce(&SearchResult),
    ) -> Result<SearchResult> {
        let mut members = Vec::new();
        let mut graph_unavailable = None;
        for unit in units {
            match self.member_keys(unit).await {
                Ok(keys) => members.push(keys),
                Err(e) => {
                    tracing::warn!(code = e.code(), "the store's members could not be read");
                    graph_unavailable = Some(e.to_string());
                }
            }
        }
        hits.retain(|h| {
            let id = h.user.id.to_lowercase();
            members.iter().any(|m| m.contains(&id))
        });
        on_cached(&SearchResult {
            hits: hits.iter().take(limit).cloned().collect(),
            total: None,
            graph_unavailable: None,
        });
        let mut total = None;
        if !text.is_empty() && graph_unavailable.is_none() {
            for unit in units {
                match self.graph.unit_members(unit, Some(text)).await {
                    Ok(users) => merge_graph_hits(&mut hits, &users),
                    Err(e) => {
                        tracing::warn!(code = e.code(), "store search fell back to the cache");
                        graph_unavailable = Some(crate::CoreError::from(e).to_string());
                    }
                }
            }
            if graph_unavailable.is_none() {
                total = Some(hits.len() as u64);
            }
        }
        hits.truncate(limit);
        Ok(SearchResult {
            hits,
            total,
            graph_unavailable,
        })
    }
}

/// Graph's answer over the cached hits: a cached person Graph returned is refreshed and
/// marked as seen in Graph; anyone else Graph returned is added after the cached ones.
fn merge_graph_hits(hits: &mut Vec<SearchHit>, users: &[qrstation_graph::models::User]) {
    for u in users {
        if let Some(hit) = hits.iter_mut().find(|h| h.user.id == u.id) {
            hit.user = UserSummary::from_graph(u);
            hit.in_graph = true;
        } else {
            hits.push(SearchHit {
                user: UserSummary::from_graph(u),
                cached_at: None,
                in_graph: true,
                has_badge: None,
                badge_usable: None,
                badge_expires: None,
                temporary_expires: None,
            });
        }
    }
}
