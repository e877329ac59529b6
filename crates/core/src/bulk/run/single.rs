//! Single requests of the engine: a replacement's `DELETE`, and creates sent one at a time
//! once Graph has refused authentication-method writes inside `$batch` (every such item
//! answered `graph.not_in_batch`: whether Graph takes `qrCodePinMethod` writes in a batch is
//! not documented either way). They go at the same adaptive pace as batches (one request
//! counts as one in flight). Also the engine's timers: re-reads that wait for Graph's
//! replicas, and the report line of a replaced row that fails after its DELETE.

use std::time::{Duration, Instant};

use qrstation_graph::models::{CodeWindow, CreateMethod, Pin};
use qrstation_graph::{BatchAnswer, BatchItem, Created, GraphError, Subject};

use super::{Done, Engine, Work};
use crate::bulk::journal::Update;
use crate::bulk::pace::is_transient;
use crate::bulk::RowState;
use crate::Result;

/// Re-reads of a row after a "method already exists" refusal before it is reported, and the
/// first wait (doubling): Microsoft documents that a read right after a write may not see it,
/// without a bound; a few seconds cover what is usually seen.
pub(super) const STALE_READS: u32 = 3;
const STALE_WAIT: Duration = Duration::from_millis(400);

/// The code a `$batch` item gets when Graph does not take it inside a batch.
const NOT_IN_BATCH: &str = "graph.not_in_batch";

impl Engine<'_> {
    pub(super) async fn launch_single(
        &mut self,
        w: Work,
        set: &mut tokio::task::JoinSet<Done>,
    ) -> Result<()> {
        let graph = self.station.graph().clone();
        let mut u = Update::to(w.line(), RowState::Sent);
        u.sent = true;
        u.attempt = true;
        match w {
            Work::Delete(line) => {
                let who = Subject::user(self.rows[&line].upn.clone());
                // Journalled `sent` first: a crash from here is settled by a check, and the
                // DELETE is only sent again while no PUT of this job has left.
                self.commit(vec![u]).await?;
                set.spawn(async move {
                    let t0 = Instant::now();
                    let result = graph.delete_method(&who).await;
                    Done::Deleted {
                        line,
                        result,
                        rtt: t0.elapsed(),
                    }
                });
            }
            Work::Create(line) => {
                let row = &self.rows[&line];
                let who = Subject::user(row.upn.clone());
                let pin = match self.pins.0.get(&line) {
                    Some(p) => p.clone(),
                    None => self.policy.generate(),
                };
                let (start, expires) = self.window(row);
                let req = CreateMethod {
                    standard_qr_code: CodeWindow::new(start, expires),
                    pin: Some(Pin::new(pin.clone())),
                };
                self.commit(vec![u]).await?;
                set.spawn(async move {
                    let t0 = Instant::now();
                    let result = Box::new(graph.create_method(&who, &req).await);
                    Done::Single {
                        line,
                        result,
                        pin,
                        rtt: t0.elapsed(),
                    }
                });
            }
            Work::Check(_) | Work::Rotate(_) => unreachable!("only deletes and creates"),
        }
        Ok(())
    }

    /// Graph confirmed (or already had) the replacement's DELETE: journal it with the queued
    /// create in one step; a lost answer is looked at before anything else.
    pub(super) async fn handle_deleted(
        &mut self,
        line: u32,
        result: std::result::Result<(), GraphError>,
        rtt: Duration,
    ) -> Result<()> {
        let mut updates = Vec::new();
        match result {
            Ok(()) | Err(GraphError::NotFound(_)) => {
                self.pace.on_success();
                self.deleted(line, &mut updates);
            }
            Err(
                e @ GraphError::Network {
                    maybe_applied: true,
                    ..
                },
            ) => self.check_again(line, &e, &mut updates),
            Err(e) if is_transient(&e) => {
                self.pace.on_throttle(1, 1, throttle_wait(&e), rtt);
                updates.push(Update::to(line, RowState::Pending));
                self.retry_or_fail(line, Work::Delete(line), &e, &mut updates);
            }
            Err(e) => {
                let mut u = Update::to(line, RowState::Failed);
                u.request_id = e.request_id().map(str::to_owned);
                u.error = Some((
                    e.code().to_owned(),
                    format!("the unusable method was not deleted (nothing changed): {e}"),
                ));
                updates.push(u);
            }
        }
        self.commit(updates).await
    }

    /// The replacement's DELETE took effect: from now on the row is a create.
    pub(super) fn deleted(&mut self, line: u32, updates: &mut Vec<Update>) {
        let mut u = Update::to(line, RowState::Pending);
        u.deleted = true;
        updates.push(u);
        if let Some(r) = self.rows.get_mut(&line) {
            r.deleted_at.get_or_insert(crate::time::now_ms());
        }
        self.queue.push_back(Work::Create(line));
    }

    /// A create sent on its own. The graph client reconciles a lost answer itself
    /// (`Created::Reconciled`: the method is there, its image was never seen).
    pub(super) async fn handle_single(
        &mut self,
        line: u32,
        result: std::result::Result<Created<qrstation_graph::models::QrCodePinMethod>, GraphError>,
        pin: String,
        rtt: Duration,
    ) -> Result<()> {
        let mut updates = Vec::new();
        match result {
            Ok(Created::Fresh(m)) => {
                self.pace.on_success();
                self.on_created(line, Some(m), None, Some(pin), &mut updates);
            }
            Ok(Created::Reconciled(m)) => {
                self.pace.on_success();
                let mut u = Update::to(line, RowState::BadgeLost);
                u.method_id = Some(m.id);
                u.error = Some((
                    "bulk.badge_lost".into(),
                    "created, but the answer with its QR code was lost: rotate the QR code".into(),
                ));
                updates.push(u);
            }
            Err(e) if e.code() == "graph.method_exists" => {
                // The client may have sent the PUT again itself after a lost answer: the
                // refusal can then be of our own create, so the check decides.
                self.maybe.insert(line);
                self.on_exists(line, &e, &mut updates)
            }
            Err(
                e @ GraphError::Network {
                    maybe_applied: true,
                    ..
                },
            ) => {
                self.maybe.insert(line);
                self.check_again(line, &e, &mut updates);
            }
            // Not sent, or refused with 429 (not carried out): send again later.
            Err(
                e @ (GraphError::Network {
                    maybe_applied: false,
                    ..
                }
                | GraphError::Throttled { .. }),
            ) if e.api().is_none_or(|a| a.status == 429) => {
                self.pace.on_throttle(1, 1, throttle_wait(&e), rtt);
                updates.push(Update::to(line, RowState::Pending));
                self.retry_or_fail(line, Work::Create(line), &e, &mut updates);
            }
            // A 5xx (a 504 may have been carried out): look before sending again.
            Err(e) if is_transient(&e) => {
                self.pace.on_throttle(1, 1, throttle_wait(&e), rtt);
                self.maybe.insert(line);
                self.check_again(line, &e, &mut updates);
            }
            Err(e) => {
                let mut u = self.fail(line, e.code(), &e.to_string());
                u.request_id = e.request_id().map(str::to_owned);
                updates.push(u);
            }
        }
        self.commit(updates).await
    }

    /// Whether Graph refused every method write of a batch as "not supported in batch". Then
    /// the run switches to single requests for the rest of it (reads stay batched).
    pub(super) fn refuses_writes(
        &self,
        work: &[Work],
        answers: &[Option<BatchAnswer>],
        items: &[BatchItem],
    ) -> bool {
        let mut writes = work
            .iter()
            .zip(answers)
            .zip(items)
            .filter(|((w, _), _)| matches!(w, Work::Create(_)))
            .peekable();
        writes.peek().is_some()
            && writes.all(|((_, a), item)| {
                a.as_ref()
                    .is_some_and(|a| !a.is_success() && not_in_batch(a, item))
            })
    }

    /// A failed row's journal line; a replaced row whose DELETE went through says that the
    /// user has no method now (nothing is lost silently).
    pub(super) fn fail(&self, line: u32, code: &str, message: &str) -> Update {
        let mut u = Update::to(line, RowState::Failed);
        let deleted = self.rows.get(&line).is_some_and(|r| r.deleted_at.is_some());
        let message = if deleted {
            format!(
                "the unusable method was deleted and the new one was not created, so the user \
                 has none now (retry-failed creates it): {message}"
            )
        } else {
            message.to_owned()
        };
        u.error = Some((code.to_owned(), message));
        u
    }

    /// Looks at `line` again after a wait that doubles with each re-read (bounded by
    /// [`STALE_READS`]); false when the reads are used up.
    pub(super) fn recheck_later(&mut self, line: u32) -> bool {
        let n = self.stale.entry(line).or_insert(0);
        if *n >= STALE_READS {
            return false;
        }
        let wait = STALE_WAIT * 2u32.pow(*n);
        *n += 1;
        self.later.push((Instant::now() + wait, Work::Check(line)));
        true
    }

    /// Moves the work that is due onto the queue.
    pub(super) fn due(&mut self) {
        let now = Instant::now();
        let (due, wait): (Vec<_>, Vec<_>) = self.later.drain(..).partition(|(t, _)| *t <= now);
        self.later = wait;
        self.queue.extend(due.into_iter().map(|(_, w)| w));
    }

    /// How long until the next delayed work is due.
    pub(super) fn next_due(&self) -> Duration {
        self.later
            .iter()
            .map(|(t, _)| t.saturating_duration_since(Instant::now()))
            .min()
            .unwrap_or_default()
    }
}

impl Work {
    pub(super) fn line(self) -> u32 {
        match self {
            Work::Create(l) | Work::Check(l) | Work::Rotate(l) | Work::Delete(l) => l,
        }
    }
}

/// An item refused because it was inside a batch: the client's `graph.not_in_batch`, or (read
/// here too, so the fallback does not hang on one client's wording) 405/501, or a 400 whose
/// message says batch. Nothing was carried out.
fn not_in_batch(a: &BatchAnswer, item: &BatchItem) -> bool {
    let message = a
        .body
        .as_ref()
        .and_then(|b| b.pointer("/error/message"))
        .and_then(|m| m.as_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    a.to_error(item).code() == NOT_IN_BATCH
        || matches!(a.status, 405 | 501)
        || (a.status == 400 && message.contains("batch"))
}

fn throttle_wait(e: &GraphError) -> Option<Duration> {
    match e {
        GraphError::Throttled { retry_after, .. } => *retry_after,
        _ => None,
    }
}
