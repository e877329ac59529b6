//! Where the signed-in person's roles apply: their directory role assignments with each one's
//! `directoryScopeId` (`GET /roleManagement/directory/roleAssignments?$filter=principalId eq
//! '…'`), administrative units by id (`GET /directory/administrativeUnits/{id}`) and a unit's
//! member users (`/members/microsoft.graph.user`, `$search` with `ConsistencyLevel:
//! eventual`, all pages through `@odata.nextLink`).
//!
//! Permissions (Microsoft's pages, least privileged first): listing role assignments needs
//! `RoleManagement.Read.Directory` (or `RoleManagement.Read.All`, `Directory.Read.All`, …);
//! reading units and their members needs `AdministrativeUnit.Read.All` (or
//! `Directory.Read.All`). Without them Graph answers 403 and callers fall back to the ID
//! token's `wids` (tenant-wide, active roles only).

use serde::Deserialize;

use crate::client::GraphClient;
use crate::models::user::USER_SELECT;
use crate::models::{User, UserPage};
use crate::GraphError;

/// What reading role assignments needs, for error messages.
pub const ROLES_READ: &str = "the RoleManagement.Read.Directory permission";
/// What reading administrative units needs, for error messages.
pub const UNITS_READ: &str = "the AdministrativeUnit.Read.All permission";

/// One `unifiedRoleAssignment` (the properties used here).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RoleAssignment {
    /// The assignment's id.
    #[serde(default)]
    pub id: String,
    /// Who holds the role.
    #[serde(default)]
    pub principal_id: String,
    /// The role's template id.
    #[serde(default)]
    pub role_definition_id: String,
    /// `/` for the whole tenant, `/administrativeUnits/{id}` for one unit.
    #[serde(default)]
    pub directory_scope_id: String,
}

impl RoleAssignment {
    /// The administrative unit's id when the assignment is scoped to one.
    pub fn unit_id(&self) -> Option<&str> {
        self.directory_scope_id
            .strip_prefix("/administrativeUnits/")
            .filter(|id| !id.is_empty())
    }

    /// Whether it applies to the whole tenant.
    pub fn is_tenant_wide(&self) -> bool {
        self.directory_scope_id == "/"
    }
}

/// One `administrativeUnit` (the properties used here).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdministrativeUnit {
    /// Object id.
    pub id: String,
    /// e.g. "Store 101 - Seattle".
    #[serde(default)]
    pub display_name: Option<String>,
    /// Free text.
    #[serde(default)]
    pub description: Option<String>,
}

#[derive(Deserialize)]
struct Page<T> {
    value: Vec<T>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
}

impl GraphClient {
    /// Every role assignment of `principal_id` (an object id), all pages.
    pub async fn role_assignments_of(
        &self,
        principal_id: &str,
    ) -> Result<Vec<RoleAssignment>, GraphError> {
        let id = principal_id.trim();
        if id.is_empty() || id.contains('\'') {
            return Err(GraphError::InvalidRequest(
                "the principal id is not valid".into(),
            ));
        }
        let mut url = self.url(&["roleManagement", "directory", "roleAssignments"]);
        url.query_pairs_mut()
            .append_pair("$filter", &format!("principalId eq '{id}'"));
        let mut page: Page<RoleAssignment> = self.get_json(&url, &[], ROLES_READ).await?;
        let mut all = std::mem::take(&mut page.value);
        let mut pages = 1;
        while let Some(next) = page.next_link.take() {
            self.count_page(&mut pages)?;
            let url = self.same_origin(&next)?;
            page = self.get_json(&url, &[], ROLES_READ).await?;
            all.append(&mut page.value);
        }
        Ok(all)
    }

    /// `GET /directory/administrativeUnits/{id}`.
    pub async fn administrative_unit(&self, id: &str) -> Result<AdministrativeUnit, GraphError> {
        if id.trim().is_empty() {
            return Err(GraphError::InvalidRequest("the unit id is empty".into()));
        }
        let url = self.url(&["directory", "administrativeUnits", id.trim()]);
        self.get_json(&url, &[], UNITS_READ).await
    }

    /// The member users of unit `id`, all pages; with `search`, only those whose name, UPN or
    /// mail has a word starting with it (`$search`, `ConsistencyLevel: eventual`).
    pub async fn unit_members(
        &self,
        id: &str,
        search: Option<&str>,
    ) -> Result<Vec<User>, GraphError> {
        if id.trim().is_empty() {
            return Err(GraphError::InvalidRequest("the unit id is empty".into()));
        }
        let mut url = self.url(&[
            "directory",
            "administrativeUnits",
            id.trim(),
            "members",
            "microsoft.graph.user",
        ]);
        let mut headers = Vec::new();
        {
            let mut qp = url.query_pairs_mut();
            qp.append_pair("$select", USER_SELECT)
                .append_pair("$top", "999");
            if let Some(text) = search.map(str::trim).filter(|t| !t.is_empty()) {
                let q = crate::ops::UserQuery::search(text);
                qp.append_pair("$search", &q.search_expr())
                    .append_pair("$count", "true");
                headers.push(("ConsistencyLevel", "eventual".to_owned()));
            }
        }
        let mut page: UserPage = self.get_json(&url, &headers, UNITS_READ).await?;
        let mut all = std::mem::take(&mut page.value);
        let mut pages = 1;
        while let Some(next) = page.next_link.take() {
            self.count_page(&mut pages)?;
            let url = self.same_origin(&next)?;
            page = self.get_json(&url, &headers, UNITS_READ).await?;
            all.append(&mut page.value);
        }
        Ok(all)
    }
}
