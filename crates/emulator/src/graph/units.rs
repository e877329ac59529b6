//! Administrative units: `GET /directory/administrativeUnits[/{id}]` and a unit's members
//! (`/members`, `/members/microsoft.graph.user`, `/members/$count`) with `$search`, `$filter`,
//! `$count` (both need `ConsistencyLevel: eventual`), `$select`, `$top` and
//! `@odata.nextLink` paging, as administrativeunit-list-members documents them.

use axum::http::HeaderMap;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use serde_json::{json, Value};

use super::json::{user as user_json, user_full};
use super::odata::{parse_filter, parse_search};
use super::response::{directory_denied, error, Ctx, GraphResp};
use super::users::Query;
use crate::state::model::{AdministrativeUnit, User};
use crate::state::Shared;

/// Delegated scopes that may read units and their members (administrativeunit-get,
/// administrativeunit-list-members: least privileged AdministrativeUnit.Read.All).
const READ_SCOPES: &[&str] = &[
    "administrativeunit.read.all",
    "administrativeunit.readwrite.all",
    "directory.read.all",
    "directory.readwrite.all",
];

fn eventual(headers: &HeaderMap) -> bool {
    headers
        .get("consistencylevel")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("eventual"))
}

fn unit_json(u: &AdministrativeUnit) -> Value {
    json!({
        "id": u.id,
        "displayName": u.display_name,
        "description": u.description,
        "visibility": null,
        "membershipType": "Assigned",
    })
}

fn not_found(ctx: &Ctx, id: &str) -> GraphResp {
    error(
        ctx,
        404,
        "Request_ResourceNotFound",
        &format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."),
    )
}

/// What follows `/directory/administrativeUnits` (or beta's `/administrativeUnits`): `rest`
/// are the lower-cased segments after it, `raw` the same segments as sent.
pub fn route(
    shared: &Shared,
    ctx: &Ctx,
    scopes: &std::collections::HashSet<String>,
    rest: &[&str],
    raw: &[String],
    pairs: &[(String, String)],
    headers: &HeaderMap,
) -> GraphResp {
    let q = &Query::new(pairs.to_vec());
    if !scopes.iter().any(|s| READ_SCOPES.contains(&s.as_str())) {
        return directory_denied(ctx);
    }
    let base = format!("{}/{}", shared.base_url, ctx.version);
    let t = shared.tenant();
    match rest {
        [] => {
            let value: Vec<Value> = t.administrative_units.iter().map(unit_json).collect();
            GraphResp::json(
                200,
                json!({"@odata.context": format!("{base}/$metadata#directory/administrativeUnits"), "value": value}),
            )
        }
        [_] => match t.find_unit(&raw[0]) {
            Some(u) => {
                let mut body = unit_json(u);
                body["@odata.context"] = json!(format!(
                    "{base}/$metadata#directory/administrativeUnits/$entity"
                ));
                GraphResp::json(200, body)
            }
            None => not_found(ctx, &raw[0]),
        },
        [_, "members", tail @ ..] => {
            let Some(unit) = t.find_unit(&raw[0]).cloned() else {
                return not_found(ctx, &raw[0]);
            };
            let users: Vec<User> = unit
                .members
                .iter()
                .filter_map(|id| t.find_user(id).cloned())
                .collect();
            drop(t);
            match tail {
                [] | ["microsoft.graph.user"] => {
                    members(shared, ctx, &unit, users, &raw[1..], (q, pairs), headers)
                }
                ["$count"] | ["microsoft.graph.user", "$count"] => {
                    if !eventual(headers) {
                        return error(
                            ctx,
                            400,
                            "Request_BadRequest",
                            "$count is not currently supported.",
                        );
                    }
                    match matching(ctx, users, q, headers) {
                        Ok(u) => GraphResp {
                            text: Some(u.len().to_string()),
                            ..GraphResp::empty(200)
                        },
                        Err(e) => e,
                    }
                }
                [seg, ..] => super::response::bad_segment(ctx, seg),
            }
        }
        [_, seg, ..] => super::response::bad_segment(ctx, seg),
    }
}

fn matching(
    ctx: &Ctx,
    users: Vec<User>,
    q: &Query,
    headers: &HeaderMap,
) -> Result<Vec<User>, GraphResp> {
    let filter = match q.get("filter") {
        Some(_) if !eventual(headers) => {
            // Filtering members is an advanced query on a directoryObject relationship.
            return Err(error(ctx, 400, "Request_UnsupportedQuery", "Filter on members requires the 'ConsistencyLevel: eventual' header and $count=true."));
        }
        Some(f) => Some(parse_filter(f).map_err(|e| {
            error(
                ctx,
                400,
                "Request_UnsupportedQuery",
                &format!("Invalid filter clause: {e}"),
            )
        })?),
        None => None,
    };
    let search = match q.get("search") {
        Some(_) if !eventual(headers) => {
            return Err(error(ctx, 400, "Request_UnsupportedQuery", "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'"));
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
    Ok(users
        .into_iter()
        .filter(|u| {
            let full = user_full(u);
            filter.as_ref().is_none_or(|f| f.matches(&full))
                && search.as_ref().is_none_or(|s| s.matches(&full))
        })
        .collect())
}

fn members(
    shared: &Shared,
    ctx: &Ctx,
    unit: &AdministrativeUnit,
    users: Vec<User>,
    path_tail: &[String],
    (q, pairs): (&Query, &[(String, String)]),
    headers: &HeaderMap,
) -> GraphResp {
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
        Some(t) => match B64URL
            .decode(t)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| s.strip_prefix("au1:").and_then(|n| n.parse().ok()))
        {
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
    let users = match matching(ctx, users, q, headers) {
        Ok(u) => u,
        Err(e) => return e,
    };
    let select: Option<Vec<String>> = q.get("select").map(|s| {
        s.split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect()
    });
    let page: Vec<Value> = users
        .iter()
        .skip(offset)
        .take(top)
        .map(|u| {
            let mut v = user_json(u, select.as_deref());
            v["@odata.type"] = json!("#microsoft.graph.user");
            v
        })
        .collect();
    let base = format!("{}/{}", shared.base_url, ctx.version);
    let mut body = json!({
        "@odata.context": format!("{base}/$metadata#directoryObjects"),
    });
    if count {
        body["@odata.count"] = json!(users.len());
    }
    if offset + top < users.len() {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in pairs {
            if !k.trim_start_matches('$').eq_ignore_ascii_case("skiptoken") {
                query.append_pair(k, v);
            }
        }
        query.append_pair(
            "$skiptoken",
            &B64URL.encode(format!("au1:{}", offset + top)),
        );
        let tail: String = path_tail.iter().map(|s| format!("/{s}")).collect();
        body["@odata.nextLink"] = json!(format!(
            "{base}/directory/administrativeUnits/{}{tail}?{}",
            unit.id,
            query.finish()
        ));
    }
    body["value"] = Value::Array(page);
    GraphResp::json(200, body)
}
