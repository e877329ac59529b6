//! Directory role assignments (`GET /roleManagement/directory/roleAssignments`), what a
//! caller's roles are worth for one target user (tenant-wide, or through an administrative
//! unit the target belongs to), and Entra's rule for privileged targets.

use serde_json::{json, Map, Value};

use super::odata::parse_filter;
use super::response::{directory_denied, error, Ctx, GraphResp};
use super::users::Query;
use crate::state::model::{roles, Tenant};
use crate::state::Shared;

/// Delegated scopes that may list role assignments (rbacapplication-list-roleassignments,
/// "Permissions (from least to most privileged)").
const LIST_SCOPES: &[&str] = &[
    "rolemanagement.read.directory",
    "rolemanagement.read.all",
    "directory.read.all",
    "rolemanagement.readwrite.directory",
    "directory.readwrite.all",
];

/// Roles whose holders an Authentication Administrator may read and manage the methods of,
/// besides users with no admin role: the "Who can reset passwords" table of Microsoft Entra's
/// built-in roles page (permissions-reference, "Who can perform sensitive actions"). Anyone
/// holding any other role (Global Administrator, Privileged Authentication Administrator, User
/// Administrator, …) is privileged: only a Privileged Authentication Administrator or a
/// Global Administrator may manage their methods.
pub const AUTH_ADMIN_MAY_MANAGE: &[&str] = &[
    roles::AUTH_ADMIN,
    roles::DIRECTORY_READERS,
    roles::GUEST_INVITER,
    roles::HELPDESK_ADMIN,
    roles::MESSAGE_CENTER_READER,
    roles::PASSWORD_ADMIN,
    roles::REPORTS_READER,
    roles::USAGE_SUMMARY_READER,
    roles::UX_SUCCESS_MANAGER,
];

/// Roles that may manage the methods of anyone, privileged users included.
const MANAGE_ANYONE: &[&str] = &[roles::GLOBAL_ADMIN, roles::PRIV_AUTH_ADMIN];

/// One assignment as Graph shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// The assignment's id.
    pub id: String,
    /// Who holds the role.
    pub principal_id: String,
    /// The role's template id.
    pub role_definition_id: String,
    /// `/` for the tenant, `/administrativeUnits/{id}` for a unit.
    pub directory_scope_id: String,
}

/// Every role assignment in the tenant: the users' tenant-wide roles (scope `/`) and the
/// unit-scoped ones.
pub fn all(t: &Tenant) -> Vec<Assignment> {
    let mut out = Vec::new();
    for u in &t.users {
        for r in &u.roles {
            out.push(Assignment {
                // Entra's ids for these are opaque; ours are stable per user and role.
                id: format!("{r}-{}", u.id),
                principal_id: u.id.clone(),
                role_definition_id: r.clone(),
                directory_scope_id: "/".into(),
            });
        }
    }
    out.extend(t.scoped_roles.iter().map(|a| Assignment {
        id: a.id.clone(),
        principal_id: a.principal_id.clone(),
        role_definition_id: a.role_definition_id.clone(),
        directory_scope_id: a.directory_scope_id.clone(),
    }));
    out
}

/// The roles `caller` holds over `target`: tenant-wide ones, plus those assigned at an
/// administrative unit `target` is a member of. `None` target: tenant-wide roles only.
pub fn effective(t: &Tenant, caller: &str, target: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = t
        .find_user(caller)
        .map(|u| u.roles.clone())
        .unwrap_or_default();
    if let Some(target) = target {
        for a in t.scoped_roles.iter().filter(|a| a.principal_id == caller) {
            let unit = a
                .directory_scope_id
                .strip_prefix("/administrativeUnits/")
                .and_then(|id| t.find_unit(id));
            if unit.is_some_and(|u| u.members.iter().any(|m| m.eq_ignore_ascii_case(target))) {
                out.push(a.role_definition_id.clone());
            }
        }
    }
    out
}

/// Whether `caller` (holding `held` over the target) is barred from the methods of `target`
/// because the target holds a privileged role: only Global and Privileged Authentication
/// Administrators manage those; an Authentication Administrator manages users with no admin
/// role or with one of [`AUTH_ADMIN_MAY_MANAGE`]. One's own methods are never barred here.
pub fn privileged_target(t: &Tenant, caller: &str, held: &[String], target: &str) -> bool {
    if caller.eq_ignore_ascii_case(target)
        || held.iter().any(|r| MANAGE_ANYONE.contains(&r.as_str()))
    {
        return false;
    }
    all(t)
        .iter()
        .filter(|a| a.principal_id.eq_ignore_ascii_case(target))
        .any(|a| !AUTH_ADMIN_MAY_MANAGE.contains(&a.role_definition_id.as_str()))
}

fn to_json(a: &Assignment) -> Map<String, Value> {
    let v = json!({
        "id": a.id,
        "principalId": a.principal_id,
        "roleDefinitionId": a.role_definition_id,
        "directoryScopeId": a.directory_scope_id,
        "appScopeId": null,
    });
    v.as_object().cloned().unwrap_or_default()
}

/// `GET /roleManagement/directory/roleAssignments` with `$filter` on `principalId`,
/// `roleDefinitionId` and `directoryScopeId` (`eq`, combined with `and`/`or`).
///
/// The page says that for delegated access the signed-in user needs a supported role
/// (Directory Readers, Global Reader, Privileged Role Administrator) beyond the scope. Entra's
/// default member-user permissions include reading the directory's roles and their
/// assignments (the Roles and administrators blade works for any member), and that is what the
/// emulator models: any member with one of the scopes may list. Docs are silent on a member
/// listing only their own; a tenant that restricts it answers 403 and the station falls back
/// to the `wids` claim (tenant-wide roles).
pub fn list(
    shared: &Shared,
    ctx: &Ctx,
    scopes: &std::collections::HashSet<String>,
    q: &Query,
) -> GraphResp {
    if !scopes.iter().any(|s| LIST_SCOPES.contains(&s.as_str())) {
        return directory_denied(ctx);
    }
    let filter = match q.get("filter").map(parse_filter) {
        None => None,
        Some(Ok(f)) => {
            let known = ["principalId", "roleDefinitionId", "directoryScopeId", "id"];
            if let Some(p) = f
                .props()
                .into_iter()
                .find(|p| !known.iter().any(|k| k.eq_ignore_ascii_case(p)))
            {
                return error(
                    ctx,
                    400,
                    "Request_UnsupportedQuery",
                    &format!("Unsupported or invalid query filter clause specified for property '{p}' of resource 'UnifiedRoleAssignment'."),
                );
            }
            Some(f)
        }
        Some(Err(e)) => {
            return error(
                ctx,
                400,
                "Request_UnsupportedQuery",
                &format!("Invalid filter clause: {e}"),
            )
        }
    };
    let t = shared.tenant();
    let value: Vec<Value> = all(&t)
        .iter()
        .map(to_json)
        .filter(|o| filter.as_ref().is_none_or(|f| f.matches(o)))
        .map(Value::Object)
        .collect();
    GraphResp::json(
        200,
        json!({
            "@odata.context": format!("{}/{}/$metadata#roleManagement/directory/roleAssignments", shared.base_url, ctx.version),
            "value": value,
        }),
    )
}
