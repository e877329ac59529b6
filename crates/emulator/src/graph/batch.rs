//! JSON batching (`POST /$batch`): at most 20 requests, unique ids (case-insensitive),
//! `dependsOn` ordering with 424 for failed dependencies, per-item throttling and injected
//! per-item 429/503 (`item_fault_rate`), shuffled answers (`batchShuffle`) and refused
//! authentication-method writes (`batchMethodWrites`).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde_json::{json, Map, Value};

use super::json::parse_body;
use super::response::{bad_request, error, throttled, unavailable, Ctx, GraphResp};
use super::{dispatch, split_version, GraphReq};
use crate::config::BatchMethodWrites;
use crate::state::Shared;

const LIMIT: usize = 20;

struct Item {
    id: String,
    method: Method,
    url: String,
    headers: Map<String, Value>,
    body: Option<Value>,
    depends_on: Vec<String>,
}

fn parse_items(ctx: &Ctx, body: &Value) -> Result<Vec<Item>, GraphResp> {
    let malformed = |m: &str| bad_request(ctx, "BadRequest", m);
    let Some(reqs) = body.get("requests").and_then(Value::as_array) else {
        return Err(malformed(
            "Invalid batch payload format: 'requests' is required.",
        ));
    };
    if reqs.is_empty() {
        return Err(malformed(
            "The batch request must contain at least one request.",
        ));
    }
    if reqs.len() > LIMIT {
        return Err(malformed(
            "The batch request contains more than the maximum of 20 requests.",
        ));
    }
    let mut items = Vec::with_capacity(reqs.len());
    for r in reqs {
        let s = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_string);
        let (Some(id), Some(method), Some(url)) = (s("id"), s("method"), s("url")) else {
            return Err(malformed(
                "Each batch request needs 'id', 'method' and 'url'.",
            ));
        };
        let method = Method::from_bytes(method.to_ascii_uppercase().as_bytes())
            .map_err(|_| malformed("Invalid HTTP method in batch request."))?;
        let depends_on = match r.get("dependsOn") {
            None | Some(Value::Null) => vec![],
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            Some(_) => return Err(malformed("'dependsOn' must be an array of request ids.")),
        };
        let headers = r
            .get("headers")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        items.push(Item {
            id,
            method,
            url,
            headers,
            body: r.get("body").cloned(),
            depends_on,
        });
    }
    let mut seen = std::collections::HashSet::new();
    for it in &items {
        if !seen.insert(it.id.to_ascii_lowercase()) {
            return Err(malformed(&format!(
                "Batch request contains duplicate request id '{}'.",
                it.id
            )));
        }
    }
    for it in &items {
        if it
            .depends_on
            .iter()
            .any(|d| !seen.contains(&d.to_ascii_lowercase()))
        {
            return Err(malformed(
                "A dependsOn value refers to a request id that is not in the batch.",
            ));
        }
    }
    Ok(items)
}

/// Runs a batch and answers 200 with every item's status (400 when the batch itself is bad).
pub fn run(shared: &Shared, ctx: &Ctx, req: &GraphReq) -> GraphResp {
    let (strict, writes, shuffle) = {
        let k = shared.knobs();
        (
            k.strict,
            k.compat.batch_method_writes,
            k.compat.batch_shuffle,
        )
    };
    let body = match parse_body(&req.body, strict) {
        Ok(b) => b,
        Err(_) => return bad_request(ctx, "BadRequest", "Invalid batch payload format."),
    };
    let items = match parse_items(ctx, &body) {
        Ok(i) => i,
        Err(e) => return e,
    };
    let mut done: HashMap<String, (u16, Value)> = HashMap::new();
    while done.len() < items.len() {
        let ready: Vec<&Item> = items
            .iter()
            .filter(|i| !done.contains_key(&i.id.to_ascii_lowercase()))
            .filter(|i| {
                i.depends_on
                    .iter()
                    .all(|d| done.contains_key(&d.to_ascii_lowercase()))
            })
            .collect();
        if ready.is_empty() {
            // A dependency cycle: everything left fails.
            let left: Vec<&Item> = items
                .iter()
                .filter(|i| !done.contains_key(&i.id.to_ascii_lowercase()))
                .collect();
            for it in left {
                let c = item_ctx(shared, ctx, it);
                done.insert(
                    it.id.to_ascii_lowercase(),
                    (424, render(&it.id, failed_dependency(&c), &c)),
                );
            }
            break;
        }
        for it in ready {
            let c = item_ctx(shared, ctx, it);
            let dep_failed = it.depends_on.iter().any(|d| {
                done.get(&d.to_ascii_lowercase())
                    .is_some_and(|(s, _)| !(200..300).contains(s))
            });
            let resp = if dep_failed {
                failed_dependency(&c)
            } else if let Some(refused) = refuse_method_write(&c, it, writes) {
                refused
            } else if let Some(wait) = crate::faults::throttle_only(shared) {
                throttled(&c, wait)
            } else if let Some(v) = crate::faults::item_fault(shared) {
                match v {
                    crate::faults::Verdict::Throttled(wait) => throttled(&c, wait),
                    _ => unavailable(&c),
                }
            } else {
                execute(shared, &c, it, &req.headers)
            };
            let status = resp.status.as_u16();
            done.insert(
                it.id.to_ascii_lowercase(),
                (status, render(&it.id, resp, &c)),
            );
        }
    }
    // Answered in request order unless `batchShuffle` is on: "Individual responses might
    // appear in a different order" (json-batching concept page).
    let mut responses: Vec<Value> = items
        .iter()
        .filter_map(|i| done.remove(&i.id.to_ascii_lowercase()).map(|(_, v)| v))
        .collect();
    if shuffle {
        shuffle_answers(shared, &mut responses);
    }
    GraphResp::json(200, json!({"responses": responses}))
}

/// Shuffles the answers with the seeded RNG; when the draw happens to keep request order
/// (and there are at least two), reverses them, so a test with the switch on always sees
/// another order.
fn shuffle_answers(shared: &Shared, responses: &mut [Value]) {
    use rand::seq::SliceRandom;
    let before: Vec<Value> = responses.iter().map(|r| r["id"].clone()).collect();
    responses.shuffle(&mut *shared.rng());
    if responses.len() > 1 && responses.iter().map(|r| &r["id"]).eq(before.iter()) {
        responses.reverse();
    }
}

/// Whether Graph accepts writes to authentication methods inside `$batch` is not documented
/// (the json-batching page only shows a beta path refused with 405 in a v1.0 batch). With
/// `batchMethodWrites` `refuse`/`refuse405`, every PUT/PATCH/DELETE/POST item under
/// `…/authentication/` is answered without being carried out; reads are served.
fn refuse_method_write(c: &Ctx, it: &Item, mode: BatchMethodWrites) -> Option<GraphResp> {
    let write = matches!(
        it.method,
        Method::PUT | Method::PATCH | Method::DELETE | Method::POST
    );
    if mode == BatchMethodWrites::Accept
        || !write
        || !it.url.to_ascii_lowercase().contains("/authentication/")
    {
        return None;
    }
    Some(match mode {
        BatchMethodWrites::Refuse405 => super::response::method_not_allowed(c),
        _ => bad_request(
            c,
            "BadRequest",
            "Write requests to authentication methods are not supported in JSON batch.",
        ),
    })
}

fn item_ctx(shared: &Shared, ctx: &Ctx, it: &Item) -> Ctx {
    let crid = it
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("client-request-id"))
        .and_then(|(_, v)| v.as_str());
    Ctx::new(
        crid.or(Some(ctx.client_request_id.as_str())),
        shared.clock.now(),
        ctx.version,
    )
}

fn failed_dependency(c: &Ctx) -> GraphResp {
    error(
        c,
        424,
        "FailedDependency",
        "The request failed because a request it depends on failed.",
    )
}

fn execute(shared: &Shared, c: &Ctx, it: &Item, outer: &HeaderMap) -> GraphResp {
    if it.url.contains("://") {
        return bad_request(c, "BadRequest", "Batch request URLs must be relative.");
    }
    let url = format!("/{}", it.url.trim_start_matches('/'));
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    // A url that repeats the version ("/v1.0/me") is tolerated.
    let path = split_version(path)
        .map(|(_, rest)| format!("/{}", rest.trim_start_matches('/')))
        .unwrap_or_else(|| path.to_string());
    let mut headers = HeaderMap::new();
    for (k, v) in &it.headers {
        if let (Ok(k), Some(Ok(v))) = (
            HeaderName::try_from(k.as_str()),
            v.as_str().map(HeaderValue::try_from),
        ) {
            headers.insert(k, v);
        }
    }
    // Sub-requests run as the batch's caller.
    if let Some(a) = outer.get("authorization") {
        headers.insert("authorization", a.clone());
    }
    let body = match &it.body {
        None | Some(Value::Null) => Bytes::new(),
        Some(b) => {
            if !headers.contains_key("content-type") {
                return bad_request(
                    c,
                    "BadRequest",
                    "A Content-Type header is required when a batch request has a body.",
                );
            }
            Bytes::from(b.to_string())
        }
    };
    let req = GraphReq {
        method: it.method.clone(),
        path,
        query: url::form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect(),
        headers,
        body,
    };
    dispatch(shared, c, &req)
}

fn render(id: &str, resp: GraphResp, c: &Ctx) -> Value {
    let mut headers = Map::new();
    if resp.body.is_some() {
        headers.insert("Content-Type".into(), json!("application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8"));
    }
    headers.insert("request-id".into(), json!(c.request_id));
    headers.insert("client-request-id".into(), json!(c.client_request_id));
    for (k, v) in &resp.headers {
        headers.insert(k.clone(), json!(v));
    }
    let mut out = json!({"id": id, "status": resp.status.as_u16(), "headers": headers});
    if let Some(b) = resp.body {
        out["body"] = b;
    } else if let Some(t) = resp.text {
        out["body"] = json!(t);
    }
    out
}
