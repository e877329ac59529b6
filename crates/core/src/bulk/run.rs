//! The engine: creates in `$batch` requests of 20 (or one by one when Graph refuses method
//! writes in a batch: `single`), several in flight at the pace of [`Pace`]; a replacement's
//! DELETE before its create; each row journalled `sent` before it leaves and `created` when
//! Graph answers 201.
//! A row whose outcome is unknown (a lost answer, a dropped connection, a crash while it was
//! `sent`, a "method already exists") is checked with a GET before anything is sent again, so
//! no user ever gets two creates. Badges are written every `flush_every` rows; a row created
//! whose badge was not written before a crash ends as `badgeLost`, for [`rotate_lost`].

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use qrstation_graph::models::{CodeWindow, CreateMethod, Pin};
use qrstation_graph::ops::MAX_BATCH;
use qrstation_graph::{BatchAnswer, BatchItem, GraphError, Subject};

use super::journal::{self, JRow, Update};
use super::output::{self, Ready};
use super::pace::Pace;
use super::plan::Pins;
use super::{BulkControl, Progress, RowAction, RowState, RunOptions};
use crate::{CoreError, PinPolicy, Result, Station};
pub use resume::{resume, retry_failed, rotate_lost};

mod answers;
pub(super) mod audit;
mod check;
mod resume;
mod rotate;
mod single;

/// Clock difference allowed between this machine and Graph when telling a method this job
/// created from an older one. Microsoft documents no clock guarantee; minutes are plenty for
/// NTP-synchronised machines.
const SKEW_MS: i64 = 5 * 60 * 1000;

/// One unit of work for a row (by line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Work {
    /// Send the create (`PUT`).
    Create(u32),
    /// The outcome of a create or rotation is unknown: look.
    Check(u32),
    /// Replace the standard code (and for a reissue or renewal, the PIN).
    Rotate(u32),
    /// A replacement's first step: delete the unusable method (a single request).
    Delete(u32),
}

/// What a finished task hands back.
enum Done {
    Batch {
        work: Vec<Work>,
        answers: std::result::Result<Vec<Option<BatchAnswer>>, GraphError>,
        items: Vec<BatchItem>,
        pins: HashMap<u32, String>,
        rtt: Duration,
    },
    /// Rotations sent together (see [`rotate`]); `refused`: Graph would not take a method
    /// write inside `$batch`.
    Rotations {
        results: Vec<(u32, rotate::Rotation)>,
        refused: bool,
        rtt: Duration,
    },
    /// A replacement's DELETE.
    Deleted {
        line: u32,
        result: std::result::Result<(), GraphError>,
        rtt: Duration,
    },
    /// A create sent as a single request (Graph refused method writes inside `$batch`).
    Single {
        line: u32,
        result: Box<
            std::result::Result<
                qrstation_graph::Created<qrstation_graph::models::QrCodePinMethod>,
                GraphError,
            >,
        >,
        pin: String,
        rtt: Duration,
    },
}

struct Engine<'a> {
    station: &'a Station,
    job_id: String,
    opts: RunOptions,
    rows: HashMap<u32, JRow>,
    pins: Pins,
    policy: PinPolicy,
    lifetime_days: i64,
    pace: Pace,
    queue: VecDeque<Work>,
    ready: Vec<Ready>,
    checks: HashMap<u32, u32>,
    throttles: HashMap<u32, u32>,
    /// Graph refused method writes inside `$batch`: creates go one request at a time.
    single: bool,
    /// Rows whose create may have taken effect without this run seeing the answer (a lost
    /// answer, a 504, an item left out, a crash while `sent`): only for them can a method
    /// found later be this job's.
    maybe: HashSet<u32>,
    /// "Method already exists" refusals of a row's PUT in this run (never a create loop).
    exists: HashMap<u32, u32>,
    /// Re-reads after such a refusal that still saw no method of ours (replication lag).
    stale: HashMap<u32, u32>,
    /// Work due later (a re-read waiting for Graph's replicas).
    later: Vec<(Instant, Work)>,
    t0: Instant,
}

/// Runs (or continues) job `job_id` with the CSV's PINs `pins` at hand (from the plan).
/// `progress` is called after every answer; `control` pauses or cancels. Returns the counts.
pub async fn run(
    station: &Station,
    job_id: &str,
    pins: Pins,
    progress: impl Fn(Progress) + Send + Sync,
    control: &BulkControl,
) -> Result<Progress> {
    let job = journal::load_job(station.store(), job_id).await?;
    let (policy, lifetime_days) = super::plan::pin_policy(station).await?;
    let rows = journal::load_rows(station.store(), job_id).await?;
    let mut engine = Engine {
        station,
        job_id: job_id.to_owned(),
        pace: Pace::new(job.options.concurrency),
        opts: job.options,
        rows: rows.into_iter().map(|r| (r.line, r)).collect(),
        pins,
        policy,
        lifetime_days,
        queue: VecDeque::new(),
        ready: Vec::new(),
        checks: HashMap::new(),
        throttles: HashMap::new(),
        single: false,
        maybe: HashSet::new(),
        exists: HashMap::new(),
        stale: HashMap::new(),
        later: Vec::new(),
        t0: Instant::now(),
    };
    journal::set_job_state(station.store(), job_id, super::JobState::Running).await?;
    engine.recover().await?;
    let outcome = engine.drive(&progress, control).await;
    // Whatever stopped the run, the badges in memory are written before returning.
    engine.flush().await?;
    outcome?;
    let end = if control.is_cancelled() {
        super::JobState::Cancelled
    } else {
        super::JobState::Finished
    };
    if let Some(path) = &engine.opts.results_csv {
        let mut buf = Vec::new();
        super::output::results_csv(station.store(), job_id, &mut buf).await?;
        // UPNs and names: owner-only like every other file the app writes.
        crate::files::write_private(std::path::Path::new(path), &buf)?;
    }
    let phase = match end {
        super::JobState::Cancelled => super::Phase::Cancelled,
        _ => super::Phase::Finished,
    };
    let mut p = engine.progress(0, phase).await?;
    if p.pending + p.sent > 0 && end == super::JobState::Finished {
        p.phase = super::Phase::Incomplete;
    } else {
        journal::set_job_state(station.store(), job_id, end).await?;
    }
    progress(p.clone());
    Ok(p)
}

impl Engine<'_> {
    fn has_output(&self) -> bool {
        self.opts.has_badge_output()
    }

    /// Whether a created row's badge or PIN is kept for the next flush (a badge is asked for,
    /// or PIN slips are).
    fn keeps(&self) -> bool {
        self.has_output() || self.opts.pin_slips
    }

    /// Puts the journal's rows on the queue; settles what a crash left half-done.
    async fn recover(&mut self) -> Result<()> {
        let mut updates = Vec::new();
        let mut lines: Vec<u32> = self.rows.keys().copied().collect();
        lines.sort_unstable();
        for line in lines {
            let r = &self.rows[&line];
            match (r.state, r.action) {
                (RowState::Created, _) if self.has_output() => {
                    let mut u = Update::to(line, RowState::BadgeLost);
                    u.error = Some((
                        "bulk.badge_lost".into(),
                        "created, but the run stopped before its badge was written: rotate the QR code".into(),
                    ));
                    updates.push(u);
                }
                (RowState::Sent, _) => {
                    // A crash while it was out: whatever it was may have taken effect.
                    self.maybe.insert(line);
                    self.queue.push_back(Work::Check(line))
                }
                (RowState::Pending, RowAction::Create | RowAction::Replace) => {
                    if r.custom_pin && !self.pins.0.contains_key(&line) {
                        // Before a replacement's DELETE nothing is lost; after it, say so.
                        updates.push(self.fail(
                            line,
                            "bulk.pin_unavailable",
                            "the CSV that gave this row's PIN changed or is gone: plan it again",
                        ));
                    } else if r.creates() {
                        self.queue.push_back(Work::Create(line));
                    } else {
                        self.queue.push_back(Work::Delete(line));
                    }
                }
                (RowState::Pending, RowAction::Rotate | RowAction::Reissue | RowAction::Renew) => {
                    self.queue.push_back(Work::Rotate(line))
                }
                _ => {}
            }
        }
        self.commit(updates).await
    }

    async fn commit(&mut self, updates: Vec<Update>) -> Result<()> {
        let mut audited = Vec::new();
        for u in &updates {
            if let (Some(s), Some(r)) = (u.state, self.rows.get_mut(&u.line)) {
                if let Some(action) = audit::made_now(r.state, s, r.action) {
                    audited.push((action, r.upn.clone()));
                }
                r.state = s;
                if u.sent && r.sent_at.is_none() {
                    r.sent_at = Some(crate::time::now_ms());
                }
                if u.attempt {
                    r.attempts += 1;
                }
            }
        }
        journal::apply(self.station.store(), &self.job_id, &updates).await?;
        // Activity shows bulk changes like single ones: one audit row per method made or
        // changed, once the journal holds it (no secrets: the action and the UPN only).
        audit::record(self.station, audited).await;
        Ok(())
    }

    async fn progress(&self, in_flight: usize, phase: super::Phase) -> Result<Progress> {
        let mut p = journal::counts(self.station.store(), &self.job_id).await?;
        p.in_flight = in_flight as u32;
        p.concurrency = self.pace.limit() as u32;
        p.throttled = self.pace.throttled;
        p.elapsed_ms = self.t0.elapsed().as_millis() as i64;
        p.phase = phase;
        p.single_requests = self.single;
        Ok(p)
    }

    async fn drive(
        &mut self,
        progress: &(impl Fn(Progress) + Send + Sync),
        control: &BulkControl,
    ) -> Result<()> {
        let mut set: tokio::task::JoinSet<Done> = tokio::task::JoinSet::new();
        progress(self.progress(0, super::Phase::Sending).await?);
        loop {
            let stopping = control.is_cancelled();
            self.due();
            while !stopping
                && !control.is_paused()
                && set.len() < self.pace.limit()
                && !self.queue.is_empty()
                && self.pace.wait().is_zero()
            {
                self.launch(&mut set).await?;
            }
            if set.is_empty() && ((self.queue.is_empty() && self.later.is_empty()) || stopping) {
                // Rows still waiting for a re-read stay `sent`: `resume` looks again.
                return Ok(());
            }
            if set.is_empty() {
                let wait = self
                    .pace
                    .wait()
                    .max(self.next_due())
                    .max(Duration::from_millis(20));
                tokio::time::sleep(wait).await;
                continue;
            }
            let done = match set.join_next().await {
                Some(Ok(d)) => d,
                Some(Err(e)) => return Err(CoreError::TaskStopped(format!("a bulk task ({e})"))),
                None => continue,
            };
            let result = self.handle(done).await;
            if let Err(e) = result {
                set.abort_all();
                return Err(e);
            }
            if self.ready.len() >= self.opts.flush_every.max(1) as usize {
                self.flush().await?;
            }
            progress(self.progress(set.len(), super::Phase::Sending).await?);
        }
    }

    /// Sends the next batch (creates and checks together; or rotations, see [`rotate`]), or one
    /// single request (a replacement's DELETE, a create when Graph refuses method writes
    /// inside `$batch`).
    async fn launch(&mut self, set: &mut tokio::task::JoinSet<Done>) -> Result<()> {
        if let Some(w @ (Work::Delete(_) | Work::Create(_))) = self.queue.front().copied() {
            if self.single || matches!(w, Work::Delete(_)) {
                self.queue.pop_front();
                return self.launch_single(w, set).await;
            }
        }
        if let Some(Work::Rotate(_)) = self.queue.front() {
            return self.launch_rotations(set).await;
        }
        let mut work = Vec::new();
        while work.len() < MAX_BATCH {
            match self.queue.front() {
                Some(Work::Rotate(_) | Work::Delete(_)) | None => break,
                Some(Work::Create(_)) if self.single => break,
                Some(w) => {
                    work.push(*w);
                    self.queue.pop_front();
                }
            }
        }
        let graph = self.station.graph().clone();
        let mut items = Vec::with_capacity(work.len());
        let mut pins = HashMap::new();
        let mut sent = Vec::new();
        for w in &work {
            match *w {
                Work::Create(line) => {
                    let row = &self.rows[&line];
                    let pin = match self.pins.0.get(&line) {
                        Some(p) => p.clone(),
                        None => self.policy.generate(),
                    };
                    let (start, expires) = self.window(row);
                    let req = CreateMethod {
                        standard_qr_code: CodeWindow::new(start, expires),
                        pin: Some(Pin::new(pin.clone())),
                    };
                    items.push(BatchItem::create_method(
                        &graph,
                        &Subject::user(row.upn.clone()),
                        &req,
                    )?);
                    pins.insert(line, pin);
                    let mut u = Update::to(line, RowState::Sent);
                    u.sent = true;
                    u.attempt = true;
                    sent.push(u);
                }
                Work::Check(line) | Work::Rotate(line) | Work::Delete(line) => {
                    let upn = self.rows[&line].upn.clone();
                    items.push(BatchItem::get_method(&graph, &Subject::user(upn))?);
                }
            }
        }
        // Journalled before it leaves: a crash from here on is settled by a check.
        self.commit(sent).await?;
        let batch = items.clone();
        set.spawn(async move {
            let t0 = Instant::now();
            let answers = graph.batch_once(&batch).await;
            Done::Batch {
                work,
                answers,
                items,
                pins,
                rtt: t0.elapsed(),
            }
        });
        Ok(())
    }

    /// The standard code's window: the row's start (now when empty) to its expiry, its start
    /// plus `days`, or plus the tenant's lifetime.
    fn window(&self, row: &JRow) -> (DateTime<Utc>, DateTime<Utc>) {
        let now = Utc::now();
        let start = row
            .start_ms
            .and_then(DateTime::from_timestamp_millis)
            .unwrap_or(now);
        let expires = row
            .expires_ms
            .and_then(DateTime::from_timestamp_millis)
            .unwrap_or_else(|| {
                start + chrono::Duration::days(row.days.unwrap_or(self.lifetime_days))
            });
        (start, expires)
    }

    /// Writes the badges in memory, drops their secrets, journals where each went.
    async fn flush(&mut self) -> Result<()> {
        if self.ready.is_empty() {
            return Ok(());
        }
        let ready = std::mem::take(&mut self.ready);
        let targets = output::Targets {
            out_pdf: self.opts.out_pdf.clone().map(PathBuf::from),
            slips: self.opts.slips_base(&self.job_id),
            template_dir: self.opts.template_dir.clone().map(PathBuf::from),
        };
        let flushed = tokio::task::spawn_blocking(move || output::flush(ready, &targets))
            .await
            .map_err(|e| CoreError::TaskStopped(format!("writing badges ({e})")))?;
        let updates = flushed
            .into_iter()
            .map(|f| {
                let state = if f.printed {
                    RowState::Printed
                } else if f.output.is_some() {
                    RowState::BadgeWritten
                } else if !f.badge_asked {
                    RowState::Created
                } else {
                    RowState::BadgeLost
                };
                let mut u = Update::to(f.line, state);
                u.output = f.output;
                u.error = f.error;
                if f.pin_lost {
                    u.state = Some(RowState::BadgeLost);
                    u.error = Some((
                        "bulk.pin_lost".into(),
                        "the PIN slip could not be written, so nobody knows this PIN: make a new badge and PIN".into(),
                    ));
                }
                u
            })
            .collect();
        self.commit(updates).await
    }
}
