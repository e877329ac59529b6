//! How many `$batch` requests a job keeps in flight: a slow start, then additive increase,
//! halved on 429/503 (at most once per round trip, so one burst of refusals counts once),
//! and a pause until the longest `Retry-After` seen. Plus `get_many`, batched reads with the
//! same pace, for the plan's lookups and the reconciling GETs.

use std::time::{Duration, Instant};

use qrstation_graph::ops::MAX_BATCH;
use qrstation_graph::{BatchAnswer, BatchItem, GraphClient, GraphError};

/// The adaptive limit.
#[derive(Debug, Clone)]
pub(crate) struct Pace {
    limit: f64,
    max: f64,
    resume_at: Instant,
    last_cut: Instant,
    cut_once: bool,
    /// 429/503 answers seen.
    pub throttled: u32,
}

impl Pace {
    /// Starts at 2 (or `max` when lower) and climbs to `max`.
    pub fn new(max: u32) -> Pace {
        let max = f64::from(max.clamp(1, 16));
        let now = Instant::now();
        Pace {
            limit: max.min(2.0),
            max,
            resume_at: now,
            last_cut: now - Duration::from_secs(10),
            cut_once: false,
            throttled: 0,
        }
    }

    /// Batches allowed in flight now.
    pub fn limit(&self) -> usize {
        self.limit.floor().max(1.0) as usize
    }

    /// How long to wait before sending again (zero when free to send).
    pub fn wait(&self) -> Duration {
        self.resume_at.saturating_duration_since(Instant::now())
    }

    /// A batch came back with no congestion: until the first cut, one more in flight per
    /// answer (a slow start, doubling per round trip); after it, one more per `limit` answers.
    pub fn on_success(&mut self) {
        let step = if self.cut_once { 1.0 / self.limit } else { 1.0 };
        self.limit = (self.limit + step).min(self.max);
    }

    /// `refused` of `sent` items were answered 429/503; `retry_after` is the longest wait
    /// they asked. A refusal of a quarter of the batch or more (or of the batch as a whole) is
    /// congestion: the limit halves (once per round trip `rtt`: one burst counts once) and
    /// sending pauses for the `Retry-After`. A stray refusal below that only sends its items
    /// to the back of the queue: random 503s say nothing about the pace, and halving on them
    /// would crawl.
    pub fn on_throttle(
        &mut self,
        refused: u32,
        sent: u32,
        retry_after: Option<Duration>,
        rtt: Duration,
    ) {
        self.throttled += refused;
        if refused * 4 < sent.max(1) {
            return;
        }
        let now = Instant::now();
        if now.duration_since(self.last_cut) > rtt.max(Duration::from_millis(50)) {
            self.limit = (self.limit / 2.0).max(1.0);
            self.last_cut = now;
            self.cut_once = true;
        }
        // Graph's Retry-After, or a short pause when it gave none (503 often has none).
        let wait = retry_after
            .unwrap_or(Duration::from_millis(250))
            .min(Duration::from_secs(60));
        self.resume_at = self.resume_at.max(now + wait);
    }
}

/// 429 answers one row may get without using up an attempt.
pub(crate) const MAX_THROTTLES: u32 = 100;

/// Runs read-only `items` (GETs) in batches of 20, `concurrency` at a time, retrying 429/503,
/// missing answers and lost batches (reads are safe to repeat) up to `attempts` times. One
/// result per item, in order: the final answer (any status) or the error that ended it.
pub(crate) async fn get_many(
    graph: &GraphClient,
    items: Vec<BatchItem>,
    concurrency: u32,
    attempts: u32,
) -> Vec<Result<BatchAnswer, GraphError>> {
    let mut results: Vec<Option<Result<BatchAnswer, GraphError>>> =
        items.iter().map(|_| None).collect();
    let mut pace = Pace::new(concurrency);
    let mut todo: Vec<usize> = (0..items.len()).collect();
    let mut tries = vec![0u32; items.len()];
    let mut throttles = vec![0u32; items.len()];
    let mut set = tokio::task::JoinSet::new();
    loop {
        while set.len() < pace.limit() && !todo.is_empty() && pace.wait().is_zero() {
            let take = todo.len().min(MAX_BATCH);
            let idx: Vec<usize> = todo.drain(..take).collect();
            let batch: Vec<BatchItem> = idx.iter().map(|&i| items[i].clone()).collect();
            let graph = graph.clone();
            set.spawn(async move {
                let t0 = Instant::now();
                let answer = graph.batch_once(&batch).await;
                (idx, answer, t0.elapsed())
            });
        }
        if set.is_empty() && todo.is_empty() {
            break;
        }
        if set.is_empty() {
            tokio::time::sleep(pace.wait().max(Duration::from_millis(5))).await;
            continue;
        }
        let Some(Ok((idx, answer, rtt))) = set.join_next().await else {
            continue;
        };
        let mut refused = 0u32;
        let mut retry_after = None;
        let sent = idx.len() as u32;
        match answer {
            Ok(answers) => {
                for (k, a) in idx.iter().zip(answers) {
                    // A 429 is Graph asking to wait, not a failure: it does not use up an
                    // attempt (up to a bound, so sustained throttling still ends).
                    let throttled = a.as_ref().is_some_and(|a| a.status == 429);
                    if !throttled || throttles[*k] >= MAX_THROTTLES {
                        tries[*k] += 1;
                    } else {
                        throttles[*k] += 1;
                    }
                    let again = match &a {
                        None => true,
                        Some(a) if matches!(a.status, 429 | 503 | 504) => {
                            refused += 1;
                            retry_after = retry_after.max(a.retry_after);
                            true
                        }
                        Some(_) => false,
                    };
                    if again && tries[*k] < attempts {
                        todo.push(*k);
                    } else {
                        results[*k] = Some(a.ok_or_else(|| GraphError::UnexpectedResponse {
                            detail: "batch item was not answered".into(),
                            request_id: None,
                        }));
                    }
                }
            }
            Err(e) => {
                let retryable = is_transient(&e);
                refused += sent;
                for k in &idx {
                    tries[*k] += 1;
                    if retryable && tries[*k] < attempts {
                        todo.push(*k);
                    } else {
                        results[*k] = Some(Err(clone_err(&e)));
                    }
                }
            }
        }
        if refused > 0 {
            pace.on_throttle(refused, sent, retry_after, rtt);
        } else {
            pace.on_success();
        }
    }
    results
        .into_iter()
        .map(|r| {
            r.unwrap_or_else(|| {
                Err(GraphError::UnexpectedResponse {
                    detail: "not answered".into(),
                    request_id: None,
                })
            })
        })
        .collect()
}

/// A batch-wide failure worth trying again: network, throttling, a 5xx.
pub(crate) fn is_transient(e: &GraphError) -> bool {
    matches!(e, GraphError::Network { .. } | GraphError::Throttled { .. })
        || e.api().is_some_and(|a| a.status >= 500)
}

/// A copy of a batch-wide error for each of its items (the error type is not `Clone`).
pub(crate) fn clone_err(e: &GraphError) -> GraphError {
    match e {
        GraphError::Network {
            host,
            detail,
            maybe_applied,
            client_request_id,
        } => GraphError::Network {
            host: host.clone(),
            detail: detail.clone(),
            maybe_applied: *maybe_applied,
            client_request_id: client_request_id.clone(),
        },
        other => GraphError::UnexpectedResponse {
            detail: format!("[{}] {other}", other.code()),
            request_id: other.request_id().map(str::to_owned),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn climbs_by_one_per_window_and_halves_once_per_burst() {
        let mut p = Pace::new(8);
        assert_eq!(p.limit(), 2);
        for _ in 0..6 {
            p.on_success();
        }
        assert_eq!(p.limit(), 8, "slow start: one more per answer");
        p.on_throttle(1, 20, Some(Duration::from_secs(5)), Duration::from_secs(1));
        assert_eq!(
            (p.limit(), p.wait()),
            (8, Duration::ZERO),
            "a stray refusal"
        );
        p.on_throttle(
            10,
            20,
            Some(Duration::from_millis(300)),
            Duration::from_secs(1),
        );
        p.on_throttle(20, 20, None, Duration::from_secs(1));
        assert_eq!(p.limit(), 4, "one burst, one cut");
        p.on_success();
        assert_eq!(p.limit(), 4, "after a cut: one more per `limit` answers");
        assert_eq!(p.throttled, 31);
        assert!(p.wait() > Duration::from_millis(200));
        let mut q = Pace::new(1);
        q.on_throttle(1, 1, None, Duration::ZERO);
        assert_eq!(q.limit(), 1);
    }
}
