//! Finding a user: the local cache first (instant, works offline), then Graph, merged.

use qrstation_graph::UserQuery;
use serde::Serialize;
use ts_rs::TS;

use super::{Station, UserSummary};
use crate::Result;

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    /// The user found.
    pub user: UserSummary,
    /// When the cache last saw this user (unix ms); `None` for users found only in Graph.
    pub cached_at: Option<i64>,
    /// Found in Graph just now.
    pub in_graph: bool,
}

/// The merged results, cache first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchResult {
    /// The users found, best first.
    pub hits: Vec<SearchHit>,
    /// Why Graph could not be asked (`{code}: {message}`); the hits are then cache only.
    pub graph_unavailable: Option<String>,
}

impl Station {
    /// Up to `limit` users matching `query`: cached users by word prefix, then Graph users
    /// whose name, UPN or mail starts with it, without duplicates.
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
        let cached = self.store.search_recent_users(query, limit as i64).await?;
        let mut hits: Vec<SearchHit> = cached
            .iter()
            .map(|u| SearchHit {
                user: UserSummary::from_cache(u),
                cached_at: Some(u.last_seen),
                in_graph: false,
            })
            .collect();
        let text = query.trim();
        on_cached(&SearchResult {
            hits: hits.iter().take(limit).cloned().collect(),
            graph_unavailable: None,
        });
        let mut graph_unavailable = None;
        if !text.is_empty() {
            match self.graph.search_users(&UserQuery::starts_with(text)).await {
                Ok(page) => {
                    for u in &page.value {
                        if let Some(hit) = hits.iter_mut().find(|h| h.user.id == u.id) {
                            hit.user = UserSummary::from_graph(u);
                            hit.in_graph = true;
                        } else {
                            hits.push(SearchHit {
                                user: UserSummary::from_graph(u),
                                cached_at: None,
                                in_graph: true,
                            });
                        }
                    }
                }
                Err(e) => {
                    tracing::warn!(code = e.code(), "user search fell back to the cache");
                    graph_unavailable = Some(format!("{}: {e}", e.code()));
                }
            }
        }
        hits.truncate(limit);
        Ok(SearchResult {
            hits,
            graph_unavailable,
        })
    }
}
