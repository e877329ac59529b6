//! The query options user lists share (`GET /users` and a unit's `/members`): `$count`,
//! `$top`, `$skiptoken`, `$select`, `$search` and the `ConsistencyLevel: eventual` header
//! that advanced queries need, with Graph's errors for each.

use axum::http::HeaderMap;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;

use super::odata::{parse_search, Search};
use super::response::{error, Ctx, GraphResp};
use super::users::Query;

/// Whether the request carries `ConsistencyLevel: eventual`.
pub fn eventual(headers: &HeaderMap) -> bool {
    headers
        .get("consistencylevel")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("eventual"))
}

/// The `$select` list, when given.
pub fn select_list(q: &Query) -> Option<Vec<String>> {
    q.get("select").map(|s| {
        s.split(',')
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty())
            .collect()
    })
}

/// `$search`, which Graph accepts only as an advanced query.
pub fn search_option(
    ctx: &Ctx,
    q: &Query,
    headers: &HeaderMap,
) -> Result<Option<Search>, GraphResp> {
    match q.get("search") {
        Some(_) if !eventual(headers) => Err(error(
            ctx,
            400,
            "Request_UnsupportedQuery",
            "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
        )),
        Some(s) => parse_search(s).map(Some).map_err(|e| {
            error(ctx, 400, "Request_BadRequest", &format!("Invalid $search: {e}"))
        }),
        None => Ok(None),
    }
}

/// One page's window over a list: whether `$count` was asked, the page size and where it starts.
pub struct Page {
    /// `$count=true` was asked (an advanced query).
    pub count: bool,
    /// Items on this page.
    pub top: usize,
    /// Items before this page.
    pub offset: usize,
    /// The skip token's prefix (each list has its own, so one list's token fails on another).
    prefix: &'static str,
}

impl Page {
    /// Reads `$count` (advanced query only), `$top` (1–999, default 100) and `$skiptoken`.
    pub fn read(
        ctx: &Ctx,
        q: &Query,
        headers: &HeaderMap,
        prefix: &'static str,
    ) -> Result<Page, GraphResp> {
        let count = q
            .get("count")
            .is_some_and(|c| c.eq_ignore_ascii_case("true"));
        if count && !eventual(headers) {
            return Err(error(
                ctx,
                400,
                "Request_BadRequest",
                "$count is not currently supported.",
            ));
        }
        let top = match q.get("top").map(str::parse::<usize>) {
            None => 100,
            Some(Ok(n)) if (1..=999).contains(&n) => n,
            Some(_) => {
                return Err(error(
                    ctx,
                    400,
                    "Request_BadRequest",
                    "Invalid page size specified. Must be between 1 and 999 inclusive.",
                ))
            }
        };
        let offset = match q.get("skiptoken") {
            None => 0,
            Some(t) => decode(t, prefix).ok_or_else(|| {
                error(
                    ctx,
                    400,
                    "Request_BadRequest",
                    "The specified page token value has expired or is invalid.",
                )
            })?,
        };
        Ok(Page {
            count,
            top,
            offset,
            prefix,
        })
    }

    /// The query string of the next page (the request's options, a new skip token), when
    /// `total` items go beyond this page.
    pub fn next_query(&self, q: &Query, total: usize) -> Option<String> {
        let next = self.offset + self.top;
        if next >= total {
            return None;
        }
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in q.pairs() {
            if !k.trim_start_matches('$').eq_ignore_ascii_case("skiptoken") {
                query.append_pair(k, v);
            }
        }
        query.append_pair(
            "$skiptoken",
            &B64URL.encode(format!("{}{next}", self.prefix)),
        );
        Some(query.finish())
    }
}

fn decode(t: &str, prefix: &str) -> Option<usize> {
    let raw = B64URL.decode(t).ok()?;
    String::from_utf8(raw)
        .ok()?
        .strip_prefix(prefix)?
        .parse()
        .ok()
}
