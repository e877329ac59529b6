//! Directory reads: `GET /users` with `$filter`, `$search` (needs `ConsistencyLevel:
//! eventual`), `$select`, `$top`, `$count`, `$orderby` and `@odata.nextLink` paging;
//! `GET /users/$count`; `GET /users/{id | userPrincipalName}`; `GET /me`.

use axum::http::HeaderMap;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use serde_json::{json, Value};

use super::json::{user as user_json, user_full};
use super::odata::{parse_filter, parse_search};
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

fn eventual(headers: &HeaderMap) -> bool {
    headers
        .get("consistencylevel")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("eventual"))
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
    let search = match q.get("search") {
        Some(_) if !eventual(headers) => {
            return Err(unsupported(ctx, "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'"));
        }
        Some(s) => Some(parse_search(s).map_err(|e| {
            error(
                ctx,
                400,
                "Request_BadRequest",
                &format!("Invalid $search: {e}"),
            )
        })?),
        None => None,
    };
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

fn select_list(q: &Query) -> Option<Vec<String>> {
    q.get("select").map(|s| {
        s.split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect()
    })
}

/// `GET /users`.
pub fn list(shared: &Shared, ctx: &Ctx, q: &Query, headers: &HeaderMap) -> GraphResp {
    let count = q
        .get("count")
        .is_some_and(|c| c.eq_ignore_ascii_case("true"));
    if count && !eventual(headers) {
        return error(
            ctx,
            400,
            "Request_BadRequest",
            "$count is not currently supported.",
        );
    }
    let top = match q.get("top").map(str::parse::<usize>) {
        None => 100,
        Some(Ok(n)) if (1..=999).contains(&n) => n,
        Some(_) => {
            return error(
                ctx,
                400,
                "Request_BadRequest",
                "Invalid page size specified. Must be between 1 and 999 inclusive.",
            )
        }
    };
    let offset = match q.get("skiptoken") {
        None => 0,
        Some(t) => match decode_skiptoken(t) {
            Some(o) => o,
            None => {
                return error(
                    ctx,
                    400,
                    "Request_BadRequest",
                    "The specified page token value has expired or is invalid.",
                )
            }
        },
    };
    let users = match matching(shared, ctx, q, headers) {
        Ok(u) => u,
        Err(e) => return e,
    };
    let select = select_list(q);
    let page: Vec<Value> = users
        .iter()
        .skip(offset)
        .take(top)
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
    if count {
        body["@odata.count"] = json!(users.len());
    }
    if offset + top < users.len() {
        body["@odata.nextLink"] = json!(next_link(shared, ctx, q, offset + top));
    }
    body["value"] = Value::Array(page);
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

fn next_link(shared: &Shared, ctx: &Ctx, q: &Query, offset: usize) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &q.pairs {
        if !k.trim_start_matches('$').eq_ignore_ascii_case("skiptoken") {
            query.append_pair(k, v);
        }
    }
    query.append_pair("$skiptoken", &B64URL.encode(format!("emu1:{offset}")));
    format!(
        "{}/{}/users?{}",
        shared.base_url,
        ctx.version,
        query.finish()
    )
}

fn decode_skiptoken(t: &str) -> Option<usize> {
    let raw = B64URL.decode(t).ok()?;
    String::from_utf8(raw)
        .ok()?
        .strip_prefix("emu1:")?
        .parse()
        .ok()
}
