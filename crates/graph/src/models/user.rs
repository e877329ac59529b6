//! Directory users as returned by `GET /users`, `/users/{id}` and `/me`.

use serde::Deserialize;

/// A user. Without `$select` Graph's v1.0 default set omits `department`, `employeeId` and
/// `officeLocation` may be absent: every field is optional but `id`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub display_name: Option<String>,
    pub user_principal_name: Option<String>,
    pub mail: Option<String>,
    pub given_name: Option<String>,
    pub surname: Option<String>,
    pub job_title: Option<String>,
    pub department: Option<String>,
    pub office_location: Option<String>,
    pub employee_id: Option<String>,
    pub account_enabled: Option<bool>,
}

/// The properties asked for with `$select` when listing users.
pub const USER_SELECT: &str = "id,displayName,userPrincipalName,mail,givenName,surname,jobTitle,department,officeLocation,employeeId,accountEnabled";

/// One page of users and the absolute link to the next one.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct UserPage {
    pub value: Vec<User>,
    #[serde(rename = "@odata.nextLink")]
    pub next_link: Option<String>,
    #[serde(rename = "@odata.count")]
    pub count: Option<u64>,
}
