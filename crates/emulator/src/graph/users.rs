//! Directory reads: `GET /users` with `$filter`, `$search` (needs `ConsistencyLevel:
//! eventual`), `$select`, `$top`, `$count`, `$orderby` and `@odata.nextLink` paging;
//! `GET /users/$count`; `GET /users/{id | userPrincipalName}`; `GET /me`.

use axum::http::HeaderMap;
use serde_json::{json, Value};

use super::json::{user as user_json, user_full};
use super::odata::parse_filter;
use super::paging::{eventual, search_option, select_list, Page};
use super::response::{error, user_not_found, Ctx, GraphResp};
use crate::state::model::User;
use crate::state::Shared;

/// Query options of a users request (keys matched case-insensitively, with or without `$`).
#[derive(Debug, Default)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// From decoded query pairs.
    pub fn new(pairs: Vec<(String, String)>) -> Self {
        Self { pairs }
    }

    /// Every option as it came, in order.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    /// The value of option `name` (given without `$`).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k.trim_start_matches('$').eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn unsupported(ctx: &Ctx, msg: &str) -> GraphResp {
    error(ctx, 400, "Request_UnsupportedQuery", msg)
}

/// Users matching `$filter` and `$search`, in `$orderby` order.
fn matching(
    shared: &Shared,
    ctx: &Ctx,
    q: &Query,
    headers: &HeaderMap,
) -> Result<Vec<User>, GraphResp> {
    let filter = match q.get("filter") {
        Some(f) => Some(
            parse_filter(f)
                .map_err(|e| unsupported(ctx, &format!("Invalid filter clause: {e}")))?,
        ),
        None => None,
    };
    let search = search_option(ctx, q, headers)?;
    let mut users: Vec<User> = shared
        .tenant()
        .users
        .iter()
        .filter(|u| {
            let full = user_full(u);
            filter.as_ref().is_none_or(|f| f.matches(&full))
                && search.as_ref().is_none_or(|s| s.matches(&full))
        })
        .cloned()
        .collect();
    if let Some(order) = q.get("orderby") {
        let mut parts = order.split_whitespace();
        let prop = parts.next().unwrap_or("").to_string();
        let desc = parts.next().is_some_and(|d| d.eq_ignore_ascii_case("desc"));
        if !["displayName", "userPrincipalName"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(&prop))
        {
            return Err(unsupported(
                ctx,
                "Sorting is supported only on displayName and userPrincipalName.",
            ));
        }
        let key = |u: &User| -> String {
            let v = if prop.eq_ignore_ascii_case("displayName") {
                &u.display_name
            } else {
                &u.user_principal_name
            };
            v.to_lowercase()
        };
        users.sort_by_key(key);
        if desc {
            users.reverse();
        }
    }
    Ok(users)
}

/// `GET /users`.
pub fn list(shared: &Shared, ctx: &Ctx, q: &Query, headers: &HeaderMap) -> GraphResp {
    let page = match Page::read(ctx, q, headers, "emu1:") {
        Ok(p) => p,
        Err(e) => return e,
    };
    let users = match matching(shared, ctx, q, headers) {
        Ok(u) => u,
        Err(e) => return e,
    };
    let select = select_list(q);
    let value: Vec<Value> = users
        .iter()
        .skip(page.offset)
        .take(page.top)
        .map(|u| user_json(u, select.as_deref()))
        .collect();
    let context = match &select {
        Some(s) => format!(
            "{}/{}/$metadata#users({})",
            shared.base_url,
            ctx.version,
            s.join(",")
        ),
        None => format!("{}/{}/$metadata#users", shared.base_url, ctx.version),
    };
    let mut body = json!({"@odata.context": context});
    if page.count {
        body["@odata.count"] = json!(users.len());
    }
    if let Some(next) = page.next_query(q, users.len()) {
        body["@odata.nextLink"] =
            json!(format!("{}/{}/users?{next}", shared.base_url, ctx.version));
    }
    body["value"] = Value::Array(value);
    GraphResp::json(200, body)
}

/// `GET /users/$count` (text/plain; needs `ConsistencyLevel: eventual`).
pub fn count(shared: &Shared, ctx: &Ctx, q: &Query, headers: &HeaderMap) -> GraphResp {
    if !eventual(headers) {
        return error(
            ctx,
            400,
            "Request_BadRequest",
            "$count is not currently supported.",
        );
    }
    match matching(shared, ctx, q, headers) {
        Ok(u) => GraphResp {
            text: Some(u.len().to_string()),
            ..GraphResp::empty(200)
        },
        Err(e) => e,
    }
}

/// `GET /users/{id | userPrincipalName}` and `GET /me`.
pub fn get(shared: &Shared, ctx: &Ctx, key: &str, q: &Query) -> GraphResp {
    let Some(u) = shared.tenant().find_user(key).cloned() else {
        return user_not_found(ctx, key);
    };
    let select = select_list(q);
    let mut body = user_json(&u, select.as_deref());
    body["@odata.context"] = json!(format!(
        "{}/{}/$metadata#users/$entity",
        shared.base_url, ctx.version
    ));
    GraphResp::json(200, body)
}
