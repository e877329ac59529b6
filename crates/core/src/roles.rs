//! Directory roles in words: which of the roles that matter to QR code + PIN methods a
//! signed-in person holds, and whether (and where) they may manage other people's: from
//! their role assignments ([`managing_scope`]), the `wids` ids only when those are refused.

use qrstation_graph::{GraphClient, GraphError};

use crate::scoping::Scope;

/// Directory role template ids Microsoft publishes (the same in every tenant).
pub mod ids {
    /// Global Administrator.
    pub const GLOBAL_ADMIN: &str = "62e90394-69f5-4237-9190-012177145e10";
    /// Privileged Authentication Administrator.
    pub const PRIV_AUTH_ADMIN: &str = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13";
    /// Authentication Administrator.
    pub const AUTH_ADMIN: &str = "c4e39bd9-1100-46d3-8c65-fb160da0071f";
    /// Authentication Policy Administrator.
    pub const AUTH_POLICY_ADMIN: &str = "0526716b-113d-4c15-b2c8-68e3c22b9f80";
    /// Global Reader.
    pub const GLOBAL_READER: &str = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";
}

/// The roles that matter here, most powerful first, with their names.
const KNOWN: &[(&str, &str)] = &[
    (ids::GLOBAL_ADMIN, "Global Administrator"),
    (
        ids::PRIV_AUTH_ADMIN,
        "Privileged Authentication Administrator",
    ),
    (ids::AUTH_ADMIN, "Authentication Administrator"),
    (
        ids::AUTH_POLICY_ADMIN,
        "Authentication Policy Administrator",
    ),
    (ids::GLOBAL_READER, "Global Reader"),
];

/// Roles whose holders may create, reset and delete other people's QR code + PIN methods.
const MANAGING: &[&str] = &[ids::GLOBAL_ADMIN, ids::PRIV_AUTH_ADMIN, ids::AUTH_ADMIN];

/// The most powerful relevant role among `wids`, in words; `None` when the list is empty
/// (the sign-in did not say), "No admin role" when it names none of them.
pub fn describe(wids: &[String]) -> Option<String> {
    if wids.is_empty() {
        return None;
    }
    let name = KNOWN
        .iter()
        .find(|(id, _)| wids.iter().any(|w| w.eq_ignore_ascii_case(id)))
        .map_or("No admin role", |(_, name)| name);
    Some(name.to_owned())
}

/// Whether `wids` holds a role that may manage other people's methods.
pub fn may_manage_methods(wids: &[String]) -> bool {
    wids.iter()
        .any(|w| MANAGING.iter().any(|m| w.eq_ignore_ascii_case(m)))
}

/// Where `principal_id` (an object id) may manage other people's methods, from their
/// directory role assignments (a unit-scoped Authentication Administrator is a manager of
/// that unit), narrowed to `pinned` (managed configuration). The station at sign-in and the
/// kiosk's manager checks all ask this.
///
/// Reading assignments needs `RoleManagement.Read.Directory`; when Graph refuses it (403, the
/// app registration lacks the permission or consent) this falls back to `wids`, the ID
/// token's tenant-wide, active roles: a managing role there is tenant-wide, and a
/// unit-scoped role is then not seen at all (logged).
pub async fn managing_scope(
    graph: &GraphClient,
    principal_id: &str,
    wids: &[String],
    pinned: Option<&str>,
) -> crate::Result<Scope> {
    match graph.role_assignments_of(principal_id).await {
        Ok(assignments) => Ok(Scope::from_assignments(&assignments, pinned)),
        Err(GraphError::Forbidden { .. }) => {
            tracing::warn!(
                "role assignments refused (403): falling back to the ID token's wids, \
                 tenant-wide roles only"
            );
            Ok(scope_from_wids(wids, pinned))
        }
        Err(e) => Err(e.into()),
    }
}

/// The fallback: a managing role in `wids` is a tenant-wide one.
pub fn scope_from_wids(wids: &[String], pinned: Option<&str>) -> Scope {
    if may_manage_methods(wids) {
        Scope::TenantWide {
            chosen: pinned
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(str::to_owned),
        }
    } else {
        Scope::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strongest_known_role_is_named() {
        let member = "b79fbf4d-3ef9-4689-8143-76b194e85509".to_owned();
        assert_eq!(describe(&[]), None);
        assert_eq!(
            describe(std::slice::from_ref(&member)).as_deref(),
            Some("No admin role")
        );
        let both = vec![
            ids::GLOBAL_READER.to_owned(),
            ids::AUTH_ADMIN.to_uppercase(),
        ];
        assert_eq!(
            describe(&both).as_deref(),
            Some("Authentication Administrator")
        );
        assert!(may_manage_methods(&both));
        assert!(!may_manage_methods(&[
            member,
            ids::GLOBAL_READER.to_owned()
        ]));
    }
}
