//! Binding a PIN-reset approval to one worker. Before the manager signs in, what the worker
//! typed is resolved to exactly one person: an exact UPN, or one entry of the local directory
//! cache (several matches are listed so the worker narrows them first). The kiosk holds no
//! token before a manager signs in, so that cache is all it can read; a worker the cache does
//! not know types their full sign-in name. After the sign-in, Graph confirms the bound person
//! (same object id, same UPN, enabled) before the manager is asked to confirm the reset.

use qrstation_graph::auth::{Account, TokenSet};
use qrstation_graph::models::User;
use qrstation_graph::{GraphClient, GraphError};

use super::{Kiosk, Person};
use crate::store::kiosk_people::CachedPerson;
use crate::{CoreError, Result, Store};

/// Most people listed for the worker to pick from.
pub const MAX_MATCHES: usize = 5;

/// Fewest characters of a name the cache is searched for (a UPN is always exact).
const MIN_NAME_CHARS: usize = 3;

fn person(c: CachedPerson) -> Person {
    Person {
        name: if c.display_name.trim().is_empty() {
            c.upn.clone()
        } else {
            c.display_name
        },
        upn: c.upn,
        id: c.id,
    }
}

fn not_found(text: &str) -> CoreError {
    CoreError::KioskWorkerNotFound(text.to_owned())
}

/// Whether `s` looks like a UPN: one `@` with text on both sides, no spaces.
fn looks_like_upn(s: &str) -> bool {
    let mut parts = s.split('@');
    matches!(
        (parts.next(), parts.next(), parts.next()),
        (Some(l), Some(d), None) if !l.is_empty() && d.contains('.') && !d.starts_with('.')
    ) && !s.chars().any(char::is_whitespace)
}

/// The people what the worker typed may mean, best first: one for a UPN (from the cache
/// when known there, else the UPN alone), up to [`MAX_MATCHES`] for a name.
pub async fn candidates(store: &Store, typed: &str) -> Result<Vec<Person>> {
    let typed = typed.trim();
    if typed.contains('@') {
        if !looks_like_upn(typed) {
            return Err(CoreError::KioskPartialUpn);
        }
        let known = store.search_recent_users(typed, 20).await?;
        let exact = known
            .into_iter()
            .find(|u| u.upn.eq_ignore_ascii_case(typed));
        return Ok(vec![match exact {
            Some(u) => person(CachedPerson {
                id: u.id,
                upn: u.upn,
                display_name: u.display_name,
            }),
            None => Person {
                id: String::new(),
                name: typed.to_owned(),
                upn: typed.to_owned(),
            },
        }]);
    }
    if typed.chars().filter(|c| c.is_alphanumeric()).count() < MIN_NAME_CHARS {
        return Err(CoreError::KioskNameTooShort);
    }
    let found = store.search_recent_users(typed, MAX_MATCHES as i64).await?;
    Ok(found
        .into_iter()
        .map(|u| {
            person(CachedPerson {
                id: u.id,
                upn: u.upn,
                display_name: u.display_name,
            })
        })
        .collect())
}

/// The one person `worker` names: an object id the cache knows, or a UPN (typed, exact).
/// Anything else is refused before a manager is asked to sign in.
pub async fn bind(store: &Store, worker: &str) -> Result<Person> {
    let worker = worker.trim();
    if worker.contains('@') {
        let mut one = candidates(store, worker).await?;
        return one.pop().ok_or_else(|| not_found(worker));
    }
    let cached = store.cached_person(worker).await?;
    cached.map(person).ok_or_else(|| {
        not_found("that person is not known at this kiosk: type the whole sign-in name")
    })
}

impl Kiosk {
    /// Whether the signed-in manager (`tokens` of their sign-in) may approve a manager's step
    /// at this kiosk (fail closed): a sign-in in this tenant holding a role that manages
    /// methods, tenant-wide or in a store's administrative unit, read from their role
    /// assignments ([`crate::roles::managing_scope`]); when those are refused, the ID token's
    /// `wids` (one that lists no roles is not proof). The temporary-code approval, a reset
    /// and an exit (`manager.rs`) all ask this.
    pub(super) async fn may_approve(&self, tokens: &TokenSet) -> Result<bool> {
        let account: Account = tokens.account.clone().unwrap_or_default();
        if !self.tenant.is_home(&account).await? {
            return Ok(false);
        }
        let Some(oid) = account.oid.as_deref().filter(|o| !o.is_empty()) else {
            return Ok(crate::roles::may_manage_methods(&account.roles));
        };
        let graph = self.tenant.graph(tokens.access_token.clone());
        let scope = crate::roles::managing_scope(&graph, oid, &account.roles, None).await?;
        Ok(scope.may_manage())
    }
}

/// Graph's view of the bound `worker`, with the manager's token: the same person (object
/// id when the binding had one, UPN always), enabled. Anything else ends the approval.
pub async fn confirm(graph: &GraphClient, worker: &Person) -> Result<Person> {
    let key = if worker.id.is_empty() {
        &worker.upn
    } else {
        &worker.id
    };
    let user = match graph.get_user(key).await {
        Ok(u) => u,
        Err(GraphError::NotFound(_)) => {
            return Err(not_found(
                "the directory has nobody with that sign-in name: check it and start again",
            ))
        }
        Err(e) if e.api().is_some_and(|a| a.status == 400) => {
            return Err(not_found(
                "the directory has nobody with that sign-in name: check it and start again",
            ))
        }
        Err(e) => return Err(e.into()),
    };
    same_person(worker, user)
}

fn same_person(worker: &Person, user: User) -> Result<Person> {
    let upn = user.user_principal_name.clone().unwrap_or_default();
    let same_id = worker.id.is_empty() || worker.id.eq_ignore_ascii_case(&user.id);
    // The UPN shown on the approval screen must still be this account's: a cache entry of an
    // account renamed since is not silently followed to whoever holds the name now.
    if !same_id || !upn.eq_ignore_ascii_case(&worker.upn) {
        return Err(not_found(
            "the directory names this person differently now: start again",
        ));
    }
    if user.account_enabled == Some(false) {
        return Err(not_found("this account is disabled: ask IT"));
    }
    let name = user
        .display_name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| upn.clone());
    Ok(Person {
        id: user.id,
        name,
        upn,
    })
}

#[cfg(test)]
mod tests {
    use super::looks_like_upn;

    #[test]
    fn a_upn_has_one_at_and_a_dotted_domain() {
        assert!(looks_like_upn("ana@contoso.com"));
        assert!(!looks_like_upn("ana@"));
        assert!(!looks_like_upn("@contoso.com"));
        assert!(!looks_like_upn("ana@contoso"));
        assert!(!looks_like_upn("a b@contoso.com"));
        assert!(!looks_like_upn("a@b@contoso.com"));
    }
}
