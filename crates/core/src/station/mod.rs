//! The badge station: what a store manager does all day — find a worker, see their QR code +
//! PIN method, create, reset, rotate, add a temporary code, delete — over the Graph client,
//! with the recent-users cache and the audit log kept up to date. The UI and the CLI call this.

mod actions;
mod after_write;
pub mod issued;
mod replace;
mod scope;
mod search;
pub mod summary;

use std::future::Future;

use chrono::Utc;
use qrstation_graph::{GraphClient, GraphError, Subject};

pub use actions::{CreateOptions, CreateRequest, PinChoice};
pub use scope::{ScopeView, StoreUnit};
pub use search::{SearchHit, SearchResult};

use crate::store::audit::AuditEntry;
use crate::{PinPolicy, Result, Store};
use after_write::Known;
use qrstation_graph::models::MethodState;
use summary::{MethodSummary, UserCard, UserSummary};

/// The tenant's QR code + PIN policy in a person's terms.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TenantPolicy {
    /// False when the operator may not read the policy (a policy-reader role is needed):
    /// Microsoft's defaults are shown, and the service still applies the tenant's own.
    pub read_from_tenant: bool,
    /// Whether the QR code + PIN method is enabled in the tenant, when known.
    pub enabled: Option<bool>,
    /// Minimum PIN length (8–20).
    pub pin_length: u32,
    /// Standard QR code lifetime in days (1–395).
    pub standard_lifetime_days: u32,
}

/// One signed-in operator's station.
#[derive(Debug, Clone)]
pub struct Station {
    graph: GraphClient,
    store: Store,
    operator: String,
    /// Whose recent users this station reads and writes (see `search.rs`); set at sign-in
    /// or resolved once from `/me`.
    owner: std::sync::Arc<tokio::sync::OnceCell<crate::store::recent_users::RecentOwner>>,
    tenant_id: Option<String>,
    /// Where the operator may work (see `scope.rs`); shared by clones.
    scope: std::sync::Arc<std::sync::Mutex<scope::ScopeState>>,
}

impl Station {
    /// A station acting as `operator` (a UPN, for the audit log).
    pub fn new(graph: GraphClient, store: Store, operator: impl Into<String>) -> Station {
        Station {
            graph,
            store,
            operator: operator.into(),
            owner: std::sync::Arc::default(),
            tenant_id: None,
            scope: std::sync::Arc::default(),
        }
    }

    /// Who the audit log names as having acted.
    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// The local store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The Graph client.
    pub fn graph(&self) -> &GraphClient {
        &self.graph
    }

    /// A user (id or UPN) and the state of their method, fresh from Graph; the cache is
    /// refreshed on the way.
    pub async fn user_card(&self, user: &str) -> Result<UserCard> {
        self.card_after(user, None).await
    }

    /// The tenant's PIN rules.
    pub async fn pin_policy(&self) -> Result<PinPolicy> {
        Ok(self.policy_rules().await?.0)
    }

    /// The tenant's QR code + PIN policy as the station applies it, for people to read.
    pub async fn tenant_policy(&self) -> Result<TenantPolicy> {
        match self.graph.get_policy().await {
            Ok(p) => Ok(TenantPolicy {
                read_from_tenant: true,
                enabled: match p.state {
                    Some(MethodState::Enabled) => Some(true),
                    Some(MethodState::Disabled) => Some(false),
                    _ => None,
                },
                pin_length: p.pin_length.unwrap_or(8).clamp(8, 20),
                standard_lifetime_days: p
                    .standard_qr_code_lifetime_in_days
                    .unwrap_or(365)
                    .clamp(1, 395),
            }),
            Err(GraphError::Forbidden { .. }) => Ok(TenantPolicy {
                read_from_tenant: false,
                enabled: None,
                pin_length: 8,
                standard_lifetime_days: 365,
            }),
            Err(e) => Err(e.into()),
        }
    }

    /// The tenant's PIN rules and standard code lifetime in days. Reading the policy needs a
    /// policy-reader role, which a store manager usually lacks: then Microsoft's defaults
    /// (8 digits, 365 days) apply here, and the service still enforces the tenant's own.
    pub(crate) async fn policy_rules(&self) -> Result<(PinPolicy, i64)> {
        match self.graph.get_policy().await {
            Ok(p) => Ok((
                PinPolicy::with_min_length(p.pin_length.unwrap_or(8) as usize),
                i64::from(p.standard_qr_code_lifetime_in_days.unwrap_or(365)).clamp(1, 395),
            )),
            Err(GraphError::Forbidden { .. }) => Ok((PinPolicy::default(), 365)),
            Err(e) => Err(e.into()),
        }
    }

    /// The card after a change that already took effect: read back from Graph, with what the
    /// write established laid over it (a replica may not have seen the write yet; see
    /// [`after_write`]). If reading it back fails, the change and its one-time secrets must not
    /// be lost over it: a card from what is known is returned (the UI reloads it on the next
    /// look).
    async fn card_after_write(&self, user: &str, action: &str, known: Known) -> UserCard {
        let who = Subject::user(user);
        let read = tokio::try_join!(self.graph.get_user(user), self.graph.get_method(&who));
        let now = Utc::now();
        let card = match read {
            Ok((graph_user, method)) => {
                if !known.seen_in(method.as_ref(), now) {
                    tracing::debug!(
                        action,
                        "read-back is behind the write; showing the write's answer"
                    );
                }
                UserCard {
                    user: UserSummary::from_graph(&graph_user),
                    method: MethodSummary::of(known.apply(method).as_ref(), now),
                }
            }
            Err(e) => {
                tracing::warn!(
                    code = e.code(),
                    action,
                    "card not refreshed after the change"
                );
                UserCard {
                    user: UserSummary {
                        id: String::new(),
                        upn: user.to_owned(),
                        display_name: user.to_owned(),
                        department: None,
                        office_location: None,
                        job_title: None,
                    },
                    method: MethodSummary::of(known.apply(None).as_ref(), now),
                }
            }
        };
        if !card.user.id.is_empty() {
            let row = card.to_recent(crate::time::now_ms(), Some(action));
            if let Err(e) = self.remember_recent(&row).await {
                tracing::warn!(code = e.code(), "recent users not updated");
            }
        }
        card
    }

    async fn card_after(&self, user: &str, action: Option<&str>) -> Result<UserCard> {
        self.check_in_scope(user).await?;
        let who = Subject::user(user);
        let (graph_user, method) =
            tokio::try_join!(self.graph.get_user(user), self.graph.get_method(&who))?;
        let card = UserCard {
            user: UserSummary::from_graph(&graph_user),
            method: MethodSummary::of(method.as_ref(), Utc::now()),
        };
        let now = crate::time::now_ms();
        self.remember_recent(&card.to_recent(now, action)).await?;
        Ok(card)
    }

    /// Writes the audit row first (no row, no action: see [`Store::begin_audit`]), runs
    /// `work`, then records its outcome, error code and Graph request-id.
    async fn audited<T>(
        &self,
        action: crate::store::audit::AuditAction,
        target: &str,
        work: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        // A store-scoped station refuses people outside its store before anything is
        // written or asked (one's own method is not a store's business).
        if !target.eq_ignore_ascii_case(&self.operator) {
            self.check_in_scope(target).await?;
        }
        let id = self
            .store
            .begin_audit(&self.operator, action.clone(), Some(target))
            .await?;
        let result = work.await;
        let entry = AuditEntry::of(
            &self.operator,
            action,
            Some(target),
            result.as_ref().map(|_| ()),
        );
        self.store.finish_audit(id, &entry).await;
        result
    }
}
