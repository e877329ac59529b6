//! Users: the signed-in user (`/me`), one user by id or UPN, and search by prefix
//! (`$filter=startswith(…)`) or by word (`$search`, which needs `ConsistencyLevel: eventual`),
//! and everyone in a department or store (`$filter=… eq '…'`).

use crate::client::GraphClient;
use crate::models::user::USER_SELECT;
use crate::models::{User, UserPage};
use crate::permissions::{ME, USERS_READ};
use crate::GraphError;

/// How [`UserQuery::text`] is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchMode {
    /// `startswith` on displayName, userPrincipalName, mail, givenName or surname.
    #[default]
    StartsWith,
    /// Graph's tokenised `$search` on displayName, userPrincipalName and mail (advanced query).
    Search,
    /// [`SearchMode::StartsWith`] or a store: `startswith(officeLocation, …)`, with the text
    /// alone and, when it starts with a digit, as `Store {text}` ("101" finds "Store 101 -
    /// Seattle"); sent as an advanced query (`ConsistencyLevel: eventual`, `$count=true`) so
    /// the answer says how many match in all (`@odata.count`).
    StartsWithOrStore,
}

/// A user search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserQuery {
    /// What the person typed.
    pub text: String,
    /// How it is matched.
    pub mode: SearchMode,
    /// Page size, 1–999.
    pub top: u32,
}

impl UserQuery {
    /// A prefix search with pages of 25.
    pub fn starts_with(text: impl Into<String>) -> UserQuery {
        UserQuery {
            text: text.into(),
            mode: SearchMode::StartsWith,
            top: 25,
        }
    }

    /// A prefix search on people and stores, counted, with pages of 25.
    pub fn starts_with_or_store(text: impl Into<String>) -> UserQuery {
        UserQuery {
            text: text.into(),
            mode: SearchMode::StartsWithOrStore,
            top: 25,
        }
    }

    /// A `$search` with pages of 25.
    pub fn search(text: impl Into<String>) -> UserQuery {
        UserQuery {
            text: text.into(),
            mode: SearchMode::Search,
            top: 25,
        }
    }

    /// The `$filter` for a prefix search: single quotes doubled as OData requires.
    pub fn filter(&self) -> String {
        let q = self.text.trim().replace('\'', "''");
        [
            "displayName",
            "userPrincipalName",
            "mail",
            "givenName",
            "surname",
        ]
        .iter()
        .map(|p| format!("startswith({p},'{q}')"))
        .chain(self.store_clauses(&q))
        .collect::<Vec<_>>()
        .join(" or ")
    }

    /// The `officeLocation` clauses of [`SearchMode::StartsWithOrStore`] (none otherwise).
    fn store_clauses(&self, q: &str) -> Vec<String> {
        if self.mode != SearchMode::StartsWithOrStore {
            return Vec::new();
        }
        let mut out = vec![format!("startswith(officeLocation,'{q}')")];
        if q.starts_with(|c: char| c.is_ascii_digit()) {
            out.push(format!("startswith(officeLocation,'Store {q}')"));
        }
        out
    }

    /// The `$search` expression: each clause quoted; `"` and `\` removed from the text.
    pub fn search_expr(&self) -> String {
        let q: String = self
            .text
            .trim()
            .chars()
            .filter(|c| *c != '"' && *c != '\\')
            .collect();
        ["displayName", "userPrincipalName", "mail"]
            .iter()
            .map(|p| format!("\"{p}:{q}\""))
            .collect::<Vec<_>>()
            .join(" OR ")
    }
}

impl GraphClient {
    /// `GET /me`.
    pub async fn me(&self) -> Result<User, GraphError> {
        let mut url = self.url(&["me"]);
        url.query_pairs_mut().append_pair("$select", USER_SELECT);
        self.get_json(&url, &[], ME).await
    }

    /// `GET /users/{id | userPrincipalName}`.
    pub async fn get_user(&self, id_or_upn: &str) -> Result<User, GraphError> {
        if id_or_upn.trim().is_empty() {
            return Err(GraphError::InvalidRequest(
                "the user id or UPN is empty".into(),
            ));
        }
        let mut url = self.url(&["users", id_or_upn.trim()]);
        url.query_pairs_mut().append_pair("$select", USER_SELECT);
        self.get_json(&url, &[], USERS_READ).await
    }

    /// The first page of users matching `q` (follow [`UserPage::next_link`] with
    /// [`GraphClient::next_users`]).
    pub async fn search_users(&self, q: &UserQuery) -> Result<UserPage, GraphError> {
        let mut url = self.url(&["users"]);
        let top = q.top.clamp(1, 999).to_string();
        let mut headers = Vec::new();
        {
            let mut qp = url.query_pairs_mut();
            qp.append_pair("$select", USER_SELECT)
                .append_pair("$top", &top);
            match q.mode {
                SearchMode::StartsWith => {
                    qp.append_pair("$filter", &q.filter());
                }
                SearchMode::StartsWithOrStore => {
                    qp.append_pair("$filter", &q.filter())
                        .append_pair("$count", "true");
                    headers.push(("ConsistencyLevel", "eventual".to_owned()));
                }
                SearchMode::Search => {
                    qp.append_pair("$search", &q.search_expr())
                        .append_pair("$count", "true");
                    headers.push(("ConsistencyLevel", "eventual".to_owned()));
                }
            }
        }
        self.get_json(&url, &headers, USERS_READ).await
    }

    /// Every user whose `property` equals `value` (`department`, `officeLocation`, `jobTitle`),
    /// all pages: `$filter=property eq 'value'`, quotes doubled as OData requires.
    pub async fn users_where(&self, property: &str, value: &str) -> Result<Vec<User>, GraphError> {
        if !matches!(property, "department" | "officeLocation" | "jobTitle") {
            return Err(GraphError::InvalidRequest(format!(
                "users cannot be picked by {property}"
            )));
        }
        let mut url = self.url(&["users"]);
        url.query_pairs_mut()
            .append_pair("$select", USER_SELECT)
            .append_pair("$top", "999")
            .append_pair(
                "$filter",
                &format!("{property} eq '{}'", value.trim().replace('\'', "''")),
            );
        let mut page: UserPage = self.get_json(&url, &[], USERS_READ).await?;
        let mut all = std::mem::take(&mut page.value);
        let mut pages = 1;
        while page.next_link.is_some() {
            self.count_page(&mut pages)?;
            let Some(next) = self.next_users(&page).await? else {
                break;
            };
            page = next;
            all.append(&mut page.value);
        }
        Ok(all)
    }

    /// The page after `page`, or `None` at the end. `$search` pages keep the header.
    pub async fn next_users(&self, page: &UserPage) -> Result<Option<UserPage>, GraphError> {
        let Some(link) = &page.next_link else {
            return Ok(None);
        };
        let url = self.same_origin(link)?;
        let headers = [("ConsistencyLevel", "eventual".to_owned())];
        self.get_json(&url, &headers, USERS_READ).await.map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_escapes_quotes() {
        let q = UserQuery::starts_with("O'Brien");
        assert!(q
            .filter()
            .starts_with("startswith(displayName,'O''Brien') or "));
        assert_eq!(q.filter().matches("startswith(").count(), 5);
    }

    #[test]
    fn store_search_adds_office_clauses() {
        let q = UserQuery::starts_with_or_store("101");
        assert!(q.filter().ends_with(
            " or startswith(officeLocation,'101') or startswith(officeLocation,'Store 101')"
        ));
        let q = UserQuery::starts_with_or_store("Store 1'01");
        assert!(q
            .filter()
            .ends_with(" or startswith(officeLocation,'Store 1''01')"));
        assert!(!UserQuery::starts_with("101")
            .filter()
            .contains("officeLocation"));
    }

    #[test]
    fn search_quotes_each_clause() {
        let q = UserQuery::search("al\"ex\\");
        assert_eq!(
            q.search_expr(),
            "\"displayName:alex\" OR \"userPrincipalName:alex\" OR \"mail:alex\""
        );
    }
}
