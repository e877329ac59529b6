//! Directory users as returned by `GET /users`, `/users/{id}` and `/me`.

use serde::Deserialize;

/// A user. Without `$select` Graph's v1.0 default set omits `department`, `employeeId` and
/// `officeLocation` may be absent: every field is optional but `id`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct User {
    /// Object id.
    pub id: String,
    /// `displayName`, what a person is called on screen and on badges.
    pub display_name: Option<String>,
    /// `userPrincipalName`, the sign-in name.
    pub user_principal_name: Option<String>,
    /// `mail`, when the user has a mailbox.
    pub mail: Option<String>,
    /// `givenName`.
    pub given_name: Option<String>,
    /// `surname`.
    pub surname: Option<String>,
    /// `jobTitle`.
    pub job_title: Option<String>,
    /// `department`.
    pub department: Option<String>,
    /// `officeLocation`.
    pub office_location: Option<String>,
    /// `employeeId`.
    pub employee_id: Option<String>,
    /// `accountEnabled`: `false` means the account cannot sign in.
    pub account_enabled: Option<bool>,
}

/// The properties asked for with `$select` when listing users.
pub const USER_SELECT: &str = "id,displayName,userPrincipalName,mail,givenName,surname,jobTitle,department,officeLocation,employeeId,accountEnabled";

/// One page of users and the absolute link to the next one.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct UserPage {
    /// The users on this page.
    pub value: Vec<User>,
    /// Where the next page is, when there is one.
    #[serde(rename = "@odata.nextLink")]
    pub next_link: Option<String>,
    /// The total count, when `$count=true` was asked.
    #[serde(rename = "@odata.count")]
    pub count: Option<u64>,
}
