//! `$batch` (E16): up to 20 requests per HTTP call, each with its own result. Items refused
//! with 429/503 are sent again (alone, in a later batch) after their `Retry-After`, within the
//! client's retry policy. [`GraphClient::batch_once`] sends one batch and leaves every retry
//! to the caller. Answers are matched to requests by their exact `id`: an id answered twice is
//! treated as not answered (neither answer is believed), an id that was not sent is ignored,
//! so an answer is never attributed to the wrong request, whatever order the answers come in
//! ("Individual responses might appear in a different order", json-batching concept page).
//! An item Graph will not take inside a batch is `graph.not_in_batch` (send it alone).

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use reqwest::Method;
use serde_json::{json, Value};

use crate::client::{GraphClient, Subject};
use crate::error_map::{api_error_from, classify_in, is_self_service_write, Refusal};
use crate::models::CreateMethod;
use crate::permissions;
use crate::transport::{backoff_delay, parse_retry_after, Body, RetryClass};
use crate::GraphError;

/// Graph's limit of requests in one batch.
pub const MAX_BATCH: usize = 20;

/// One request inside a batch. `url` is relative to the version root (`/users/…`).
/// `Debug` leaves the body out: a create carries the PIN.
#[derive(Clone, PartialEq)]
pub struct BatchItem {
    /// The HTTP method, e.g. `PUT`.
    pub method: String,
    /// Relative to the version root, e.g. `/users/{id}/authentication/qrCodePinMethod`.
    pub url: String,
    /// The JSON body, if any.
    pub body: Option<Value>,
}

impl std::fmt::Debug for BatchItem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchItem")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("body", &self.body.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// One item's 2xx answer. `Debug` hides the body (it may hold a PIN or QR payload).
#[derive(Clone, PartialEq)]
pub struct BatchReply {
    /// The item's HTTP status (2xx).
    pub status: u16,
    /// The item's JSON body, if any.
    pub body: Option<Value>,
}

impl BatchItem {
    fn new(method: &str, url: String, body: Option<Value>) -> BatchItem {
        BatchItem {
            method: method.to_owned(),
            url,
            body,
        }
    }

    /// E1 in a batch.
    pub fn get_method(client: &GraphClient, who: &Subject) -> Result<BatchItem, GraphError> {
        Ok(BatchItem::new(
            "GET",
            client.relative(&client.method_url(who, &[])?),
            None,
        ))
    }

    /// E2 in a batch (no reconcile: a lost batch answer is reported as such).
    pub fn create_method(
        client: &GraphClient,
        who: &Subject,
        req: &CreateMethod,
    ) -> Result<BatchItem, GraphError> {
        let url = client.relative(&client.method_url(who, &[])?);
        Ok(BatchItem::new("PUT", url, Some(req.to_body())))
    }

    /// E3 in a batch.
    pub fn delete_method(client: &GraphClient, who: &Subject) -> Result<BatchItem, GraphError> {
        Ok(BatchItem::new(
            "DELETE",
            client.relative(&client.method_url(who, &[])?),
            None,
        ))
    }

    /// E9 in a batch, with the body [`GraphClient::reset_pin`] last saw work (the
    /// `@odata.type` body until then). No fallback inside a batch: a 400 for the body is the
    /// caller's to resend with [`GraphClient::reset_pin`].
    pub fn reset_pin(client: &GraphClient, who: &Subject) -> Result<BatchItem, GraphError> {
        let url = client.relative(&client.method_url(who, &["pin"])?);
        let body = client
            .reset_pin_body()
            .unwrap_or(crate::ops::ResetPinBody::ODataType);
        Ok(BatchItem::new("PATCH", url, Some(body.json())))
    }

    /// Sorts a refusal of this item (see [`crate::error_map::classify_in`]).
    fn classify(&self, api: crate::error::ApiError, retry_after: Option<Duration>) -> GraphError {
        classify_in(
            api,
            &Refusal {
                needs: self.needs(),
                retry_after,
                challenge: None,
                self_service_write: is_self_service_write(&self.method, &self.url),
                in_batch: true,
            },
        )
    }

    fn needs(&self) -> &'static str {
        let url = self.url.to_ascii_lowercase();
        let read = self.method.eq_ignore_ascii_case("GET");
        match (
            url.contains("/authentication"),
            url.starts_with("/policies"),
            read,
        ) {
            (true, _, true) => permissions::READ_METHOD,
            (true, _, false) => permissions::WRITE_METHOD,
            (_, true, true) => permissions::POLICY_READ,
            (_, true, false) => permissions::POLICY_WRITE,
            _ => permissions::USERS_READ,
        }
    }
}

/// One item's answer from [`GraphClient::batch_once`], whatever its status: the caller decides
/// what to retry (bulk jobs adapt their pace to 429/503 themselves). `Debug` hides the body.
#[derive(Clone)]
pub struct BatchAnswer {
    /// The item's HTTP status.
    pub status: u16,
    /// The item's `Retry-After`, when it has one.
    pub retry_after: Option<Duration>,
    /// Graph's `request-id` of the item.
    pub request_id: Option<String>,
    /// The item's JSON body, if any.
    pub body: Option<Value>,
}

impl std::fmt::Debug for BatchAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchAnswer")
            .field("status", &self.status)
            .field("retry_after", &self.retry_after)
            .field("request_id", &self.request_id)
            .field("has_body", &self.body.is_some())
            .finish()
    }
}

impl BatchAnswer {
    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The answer as the error the client's other calls would give for it (for non-2xx),
    /// plus `graph.not_in_batch` for an item Graph will not take inside a batch (405 or 501,
    /// or a 400 saying batch is not supported): send that one on its own.
    pub fn to_error(&self, item: &BatchItem) -> GraphError {
        let api = api_error_from(
            self.status,
            self.body.as_ref().unwrap_or(&Value::Null),
            self.request_id.clone(),
            None,
        );
        item.classify(api, self.retry_after)
    }
}

impl GraphClient {
    /// One `POST /$batch` of at most [`MAX_BATCH`] items, no item-level retries: one entry
    /// per item, in order (`None` for an item the answer left out). The outer error is for the
    /// batch as a whole; `graph.network` with `maybe_applied` means every item may have taken
    /// effect and must be reconciled.
    pub async fn batch_once(
        &self,
        items: &[BatchItem],
    ) -> Result<Vec<Option<BatchAnswer>>, GraphError> {
        if items.is_empty() || items.len() > MAX_BATCH {
            return Err(GraphError::InvalidRequest(format!(
                "a batch holds 1 to {MAX_BATCH} requests, not {}",
                items.len()
            )));
        }
        let chunk: Vec<usize> = (0..items.len()).collect();
        let mut answers = self.send_batch(items, &chunk).await?;
        Ok(chunk
            .iter()
            .map(|i| {
                answers.remove(i).map(|(status, headers, body)| {
                    let header = |name: &str| {
                        headers
                            .as_object()
                            .and_then(|h| h.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)))
                            .and_then(|(_, v)| v.as_str().map(str::to_owned))
                    };
                    BatchAnswer {
                        status,
                        retry_after: header("retry-after")
                            .and_then(|v| parse_retry_after(&v, SystemTime::now())),
                        request_id: header("request-id"),
                        body: body.filter(|b| !b.is_null()),
                    }
                })
            })
            .collect())
    }

    /// `url` relative to `{root}/{version}`, as `$batch` wants it.
    pub(crate) fn relative(&self, url: &url::Url) -> String {
        let root = self.version_root();
        let path = url.path().strip_prefix(root.path()).unwrap_or(url.path());
        match url.query() {
            Some(q) => format!("{path}?{q}"),
            None => path.to_owned(),
        }
    }

    /// Runs `items` in batches of [`MAX_BATCH`]; the result has one entry per item, in order.
    /// The outer error is for a batch that failed as a whole (bad request, network).
    pub async fn batch(
        &self,
        items: &[BatchItem],
    ) -> Result<Vec<Result<BatchReply, GraphError>>, GraphError> {
        let mut results: Vec<Option<Result<BatchReply, GraphError>>> =
            items.iter().map(|_| None).collect();
        let policy = self.transport.config().retry.clone();
        let mut pending: Vec<usize> = (0..items.len()).collect();
        let mut round = 0u32;
        let mut waited = Duration::ZERO;
        while !pending.is_empty() {
            round += 1;
            let mut retry_after: Option<Duration> = None;
            let mut again = Vec::new();
            for chunk in pending.chunks(MAX_BATCH) {
                let answers = self.send_batch(items, chunk).await?;
                for &i in chunk {
                    let Some((status, headers, body)) = answers.get(&i) else {
                        results[i] = Some(Err(GraphError::UnexpectedResponse {
                            detail: format!(
                                "no usable answer for batch item {i} (missing or duplicated); \
                                 it may have taken effect"
                            ),
                            request_id: None,
                        }));
                        continue;
                    };
                    let header = |name: &str| {
                        headers
                            .as_object()
                            .and_then(|h| h.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)))
                            .and_then(|(_, v)| v.as_str().map(str::to_owned))
                    };
                    let ra = header("retry-after")
                        .and_then(|v| parse_retry_after(&v, SystemTime::now()));
                    if matches!(status, 429 | 503) && round < policy.max_attempts {
                        // The server's Retry-After, but at least the exponential backoff: a
                        // Retry-After that frees one request's worth of quota would otherwise
                        // starve a batch that needs many.
                        let backoff = backoff_delay(&policy, round);
                        let d = ra.map_or(backoff, |ra| ra.max(backoff));
                        retry_after = Some(retry_after.map_or(d, |x| x.max(d)));
                        again.push(i);
                        continue;
                    }
                    results[i] = Some(if (200..300).contains(status) {
                        Ok(BatchReply {
                            status: *status,
                            body: body.clone().filter(|b| !b.is_null()),
                        })
                    } else {
                        let api = api_error_from(
                            *status,
                            body.as_ref().unwrap_or(&Value::Null),
                            header("request-id"),
                            None,
                        );
                        Err(items[i].classify(api, ra))
                    });
                }
            }
            if let Some(d) = retry_after {
                if waited + d > policy.max_total_wait {
                    for &i in &again {
                        results[i] = Some(Err(GraphError::Throttled {
                            retry_after: Some(d),
                            api: Box::new(crate::error::ApiError {
                                status: 429,
                                code: "TooManyRequests".into(),
                                ..Default::default()
                            }),
                        }));
                    }
                    break;
                }
                self.transport.config().sleeper.sleep(d).await;
                waited += d;
            }
            pending = again;
        }
        Ok(results
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|| {
                    Err(GraphError::UnexpectedResponse {
                        detail: "batch item was not answered".into(),
                        request_id: None,
                    })
                })
            })
            .collect())
    }

    /// One `POST /$batch`; answers keyed by item index (ids are the indices), see
    /// [`match_answers`].
    async fn send_batch(
        &self,
        items: &[BatchItem],
        chunk: &[usize],
    ) -> Result<BTreeMap<usize, RawAnswer>, GraphError> {
        let requests: Vec<Value> = chunk
            .iter()
            .map(|&i| {
                let it = &items[i];
                let mut r = json!({ "id": i.to_string(), "method": it.method, "url": it.url });
                if let Some(b) = &it.body {
                    r["body"] = b.clone();
                    r["headers"] = json!({ "Content-Type": "application/json" });
                }
                r
            })
            .collect();
        let url = self.url(&["$batch"]);
        let reply = self
            .call(
                Method::POST,
                &url,
                Body::Json(json!({ "requests": requests })),
                RetryClass::Once,
                &[],
                permissions::BATCH,
            )
            .await?;
        let body = reply.json()?.unwrap_or(Value::Null);
        Ok(match_answers(chunk, &body))
    }
}

/// One item's answer as `(status, headers, body)`.
pub type RawAnswer = (u16, Value, Option<Value>);

/// Matches a `$batch` answer body to the items of `chunk` (ids are the item indices, as sent).
/// Only answers whose `id` is exactly one that was sent count; an id answered more than once
/// is left out altogether (the caller treats it as unknown and reconciles), and so is an
/// answer without a valid status. Graph's docs say each request gets one answer with its id,
/// but not what a client should do otherwise; believing neither is the safe reading.
#[doc(hidden)]
pub fn match_answers(chunk: &[usize], body: &Value) -> BTreeMap<usize, RawAnswer> {
    let sent: BTreeMap<String, usize> = chunk.iter().map(|&i| (i.to_string(), i)).collect();
    let mut out = BTreeMap::new();
    let mut twice = std::collections::BTreeSet::new();
    for r in body
        .get("responses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let id = match r.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) if n.is_u64() => n.to_string(),
            _ => continue,
        };
        let Some(&i) = sent.get(&id) else {
            tracing::debug!("batch answer for an id that was not sent; ignored");
            continue;
        };
        let status = r
            .get("status")
            .and_then(Value::as_u64)
            .filter(|s| (100..600).contains(s))
            .map(|s| s as u16);
        let answer = status.map(|status| {
            let headers = r.get("headers").cloned().unwrap_or(Value::Null);
            (status, headers, r.get("body").cloned())
        });
        if twice.contains(&i) {
            continue;
        }
        if out.contains_key(&i) {
            tracing::warn!(
                item = i,
                "batch answered one request twice; believing neither"
            );
            out.remove(&i);
            twice.insert(i);
            continue;
        }
        match answer {
            Some(a) => {
                out.insert(i, a);
            }
            // An answer without a usable status: unknown, and a later duplicate cannot fill it.
            None => {
                twice.insert(i);
            }
        }
    }
    out
}

impl std::fmt::Debug for BatchReply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchReply")
            .field("status", &self.status)
            .field("has_body", &self.body.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_a_batched_create_hides_the_pin() {
        let item = BatchItem::new(
            "PUT",
            "/users/a/authentication/qrCodePinMethod".into(),
            Some(json!({"pin": {"code": "48302917"}})),
        );
        let dbg = format!("{item:?}");
        assert!(!dbg.contains("48302917"), "{dbg}");
        assert!(dbg.contains("qrCodePinMethod"));
        let body = Body::Json(json!({"currentPin": "48302917"}));
        assert_eq!(format!("{body:?}"), "Body::Json(<redacted>)");
    }

    #[test]
    fn duplicated_unknown_and_odd_ids_are_never_attributed() {
        let body = json!({"responses": [
            {"id": "0", "status": 201, "body": {"who": "a"}},
            {"id": "1", "status": 201, "body": {"who": "b"}},
            {"id": "0", "status": 201, "body": {"who": "c"}},
            {"id": "0", "status": 201, "body": {"who": "d"}},
            {"id": "03", "status": 201, "body": {"who": "e"}},
            {"id": " 3", "status": 201},
            {"id": "9", "status": 201, "body": {"who": "f"}},
            {"id": 4, "status": 204},
            {"id": "5", "status": "201"},
            {"id": "5", "status": 201, "body": {"who": "g"}},
            {"id": -6, "status": 200},
            {"id": "6", "status": 99999},
        ]});
        let m = match_answers(&[0, 1, 2, 3, 4, 5, 6], &body);
        assert_eq!(m.keys().copied().collect::<Vec<_>>(), vec![1, 4]);
        assert_eq!(m[&1].2, Some(json!({"who": "b"})));
        assert_eq!(m[&4].0, 204);
        // Ids of items that were not in this chunk do not count either.
        assert!(match_answers(&[2], &body).is_empty());
        assert!(match_answers(&[0], &json!({"responses": "x"})).is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// A matched answer is the one and only answer carrying exactly that item's id.
        #[test]
        fn answers_are_attributed_only_by_a_unique_exact_id(
            answers in proptest::collection::vec(
                (proptest::prop_oneof!["[0-9]{1,2}", "0[0-9]", " [0-9]"], 0u64..700),
                0..24,
            ),
            chunk_len in 1usize..8,
        ) {
            let chunk: Vec<usize> = (0..chunk_len).map(|i| i * 2).collect();
            let responses: Vec<Value> = answers
                .iter()
                .enumerate()
                .map(|(n, (id, status))| json!({"id": id, "status": status, "body": {"n": n}}))
                .collect();
            let m = match_answers(&chunk, &json!({ "responses": responses }));
            for (i, (status, _, body)) in &m {
                proptest::prop_assert!(chunk.contains(i));
                let same: Vec<_> = answers.iter().enumerate()
                    .filter(|(_, (id, _))| *id == i.to_string()).collect();
                proptest::prop_assert_eq!(same.len(), 1);
                let (n, (_, st)) = same[0];
                proptest::prop_assert_eq!(u64::from(*status), *st);
                proptest::prop_assert_eq!(body.as_ref().unwrap()["n"].as_u64(), Some(n as u64));
            }
        }
    }
}
