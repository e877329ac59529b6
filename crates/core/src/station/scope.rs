//! The station's scope (#16 §1): resolved at sign-in from the operator's role assignments
//! (the policy's pinned unit applies), the store worked in, and the check that refuses a
//! person outside it before Graph is asked (membership of the chosen unit, cached).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use qrstation_graph::models::User;
use serde::Serialize;
use ts_rs::TS;

use super::Station;
use crate::scoping::Scope;
use crate::{CoreError, Result};

/// What the station knows of its scope; shared by clones of one station.
#[derive(Debug, Default)]
pub(crate) struct ScopeState {
    /// `None` until resolved: the station then acts unscoped (Graph decides).
    scope: Option<Scope>,
    /// Member ids and sign-in names (lower case) of units already listed, by unit id.
    members: HashMap<String, Arc<HashSet<String>>>,
    /// Unit names already read, by unit id.
    names: HashMap<String, String>,
}

/// One store (administrative unit) the operator may work in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StoreUnit {
    /// The unit's object id.
    pub id: String,
    /// e.g. "Store 102 - Tacoma" (the id when the name cannot be read).
    pub name: String,
}

/// Where the station works, for the header's store picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScopeView {
    /// A managing role over the whole tenant (or scope unknown): everyone may be managed.
    pub tenant_wide: bool,
    /// The stores the operator's roles are scoped to (empty when tenant-wide).
    pub units: Vec<StoreUnit>,
    /// The store worked in, when one is chosen.
    pub chosen: Option<StoreUnit>,
}

impl Station {
    fn scope_state(&self) -> std::sync::MutexGuard<'_, ScopeState> {
        self.scope.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Resolves where the operator may work from their role assignments (`wids` only if
    /// those are refused), narrowed to the policy's pinned unit; kept for this station.
    pub async fn resolve_scope(&self, wids: &[String]) -> Result<Scope> {
        let me = self.recent_owner().await?.account_id.clone();
        let pinned = crate::policy::pinned_unit()?;
        let scope = crate::roles::managing_scope(&self.graph, &me, wids, pinned.as_deref()).await?;
        self.set_scope(scope.clone());
        Ok(scope)
    }

    /// Sets the scope (a test's, or one resolved elsewhere); cached memberships are kept.
    pub fn set_scope(&self, scope: Scope) {
        self.scope_state().scope = Some(scope);
    }

    /// The resolved scope; `None` before [`Station::resolve_scope`].
    pub fn scope(&self) -> Option<Scope> {
        self.scope_state().scope.clone()
    }

    /// Works in store `unit_id`: one of the operator's units (any unit when tenant-wide).
    /// A station pinned by policy to a unit cannot leave it.
    pub fn choose_unit(&self, unit_id: &str) -> Result<Scope> {
        let unit_id = unit_id.trim();
        let pinned = crate::policy::pinned_unit()?;
        if let Some(p) = pinned.as_deref().filter(|p| !p.trim().is_empty()) {
            if !p.trim().eq_ignore_ascii_case(unit_id) {
                return Err(CoreError::ScopeOutsideUnit(format!(
                    "the store this station is set to ({p})"
                )));
            }
        }
        let mut state = self.scope_state();
        let next = match state.scope.clone() {
            Some(Scope::Units { units, .. }) => {
                let Some(u) = units.iter().find(|u| u.eq_ignore_ascii_case(unit_id)) else {
                    return Err(CoreError::ScopeOutsideUnit(unit_id.to_owned()));
                };
                Scope::Units {
                    chosen: Some(u.clone()),
                    units,
                }
            }
            Some(Scope::None) => return Err(CoreError::ScopeOutsideUnit(unit_id.to_owned())),
            Some(Scope::TenantWide { .. }) | None => Scope::TenantWide {
                chosen: (!unit_id.is_empty()).then(|| unit_id.to_owned()),
            },
        };
        state.scope = Some(next.clone());
        Ok(next)
    }

    /// The member users of store `unit_id` (renewal scans of a unit, the scoped search).
    pub async fn unit_members(&self, unit_id: &str) -> Result<Vec<User>> {
        let users = self.graph.unit_members(unit_id, None).await?;
        self.remember_members(unit_id, &users);
        Ok(users)
    }

    fn remember_members(&self, unit_id: &str, users: &[User]) {
        let mut keys = HashSet::new();
        for u in users {
            keys.insert(u.id.to_lowercase());
            if let Some(upn) = &u.user_principal_name {
                keys.insert(upn.to_lowercase());
            }
        }
        self.scope_state()
            .members
            .insert(unit_id.to_lowercase(), Arc::new(keys));
    }

    pub(super) async fn member_keys(&self, unit_id: &str) -> Result<Arc<HashSet<String>>> {
        if let Some(keys) = self.scope_state().members.get(&unit_id.to_lowercase()) {
            return Ok(keys.clone());
        }
        self.unit_members(unit_id).await?;
        Ok(self
            .scope_state()
            .members
            .get(&unit_id.to_lowercase())
            .cloned()
            .unwrap_or_default())
    }

    /// The name of store `unit_id` (read once; its id when it cannot be read).
    pub async fn unit_name(&self, unit_id: &str) -> String {
        if let Some(n) = self.scope_state().names.get(unit_id) {
            return n.clone();
        }
        let name = match self.graph.administrative_unit(unit_id).await {
            Ok(u) => u.display_name.unwrap_or_else(|| unit_id.to_owned()),
            Err(e) => {
                tracing::warn!(code = e.code(), "the store's name could not be read");
                return unit_id.to_owned();
            }
        };
        self.scope_state()
            .names
            .insert(unit_id.to_owned(), name.clone());
        name
    }

    /// The units whose members the station is limited to: the chosen one, else all of the
    /// operator's units; `None` when not limited (tenant-wide, unresolved, or no role at
    /// all: Graph then decides).
    pub(crate) fn limiting_units(&self) -> Option<Vec<String>> {
        match self.scope_state().scope.as_ref()? {
            Scope::Units {
                chosen: Some(c), ..
            } => Some(vec![c.clone()]),
            Scope::Units { units, .. } => Some(units.clone()),
            Scope::TenantWide { .. } | Scope::None => None,
        }
    }

    /// Refuses `user` (id or UPN) before Graph is asked when the station is limited to
    /// stores they are not a member of (`scope.outside_unit`, naming the store).
    pub(crate) async fn check_in_scope(&self, user: &str) -> Result<()> {
        let Some(units) = self.limiting_units() else {
            return Ok(());
        };
        let key = user.trim().to_lowercase();
        for unit in &units {
            if self.member_keys(unit).await?.contains(&key) {
                return Ok(());
            }
        }
        let mut names = Vec::new();
        for unit in &units {
            names.push(self.unit_name(unit).await);
        }
        let names = if names.is_empty() {
            "no store (none of your roles apply here)".to_owned()
        } else {
            names.join(" or ")
        };
        Err(CoreError::ScopeOutsideUnit(names))
    }

    /// Where the station works, with the stores' names.
    pub async fn scope_view(&self) -> ScopeView {
        let scope = self.scope();
        let (tenant_wide, ids, chosen) = match &scope {
            None | Some(Scope::None) => (scope.is_none(), vec![], None),
            Some(Scope::TenantWide { chosen }) => (true, vec![], chosen.clone()),
            Some(Scope::Units { units, chosen }) => (false, units.clone(), chosen.clone()),
        };
        let mut units = Vec::new();
        for id in ids {
            units.push(StoreUnit {
                name: self.unit_name(&id).await,
                id,
            });
        }
        let chosen = match chosen {
            Some(id) => Some(StoreUnit {
                name: self.unit_name(&id).await,
                id,
            }),
            None => None,
        };
        ScopeView {
            tenant_wide,
            units,
            chosen,
        }
    }
}
