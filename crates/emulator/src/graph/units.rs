//! Administrative units: `GET /directory/administrativeUnits[/{id}]` and a unit's members
//! (`/members`, `/members/microsoft.graph.user`, `/members/$count`) with `$search`, `$filter`,
//! `$count` (both need `ConsistencyLevel: eventual`), `$select`, `$top` and
//! `@odata.nextLink` paging, as administrativeunit-list-members documents them.

use axum::http::HeaderMap;
use serde_json::{json, Value};

use super::json::{user as user_json, user_full};
use super::odata::parse_filter;
use super::paging::{eventual, search_option, select_list, Page};
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
                    members(shared, ctx, &unit, users, &raw[1..], q, headers)
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
    let search = search_option(ctx, q, headers)?;
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
    q: &Query,
    headers: &HeaderMap,
) -> GraphResp {
    let page = match Page::read(ctx, q, headers, "au1:") {
        Ok(p) => p,
        Err(e) => return e,
    };
    let users = match matching(ctx, users, q, headers) {
        Ok(u) => u,
        Err(e) => return e,
    };
    let select = select_list(q);
    let value: Vec<Value> = users
        .iter()
        .skip(page.offset)
        .take(page.top)
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
    if page.count {
        body["@odata.count"] = json!(users.len());
    }
    if let Some(next) = page.next_query(q, users.len()) {
        let tail: String = path_tail.iter().map(|s| format!("/{s}")).collect();
        body["@odata.nextLink"] = json!(format!(
            "{base}/directory/administrativeUnits/{}{tail}?{next}",
            unit.id
        ));
    }
    body["value"] = Value::Array(value);
    GraphResp::json(200, body)
}
