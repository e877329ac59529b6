//! What the engine does with each answer: a 201 keeps the badge for the next flush, a 429/503
//! sends the row again later, an unknown outcome (lost answer, 504, "already exists") becomes a
//! check, a check decides between "created by us, badge lost", "send again" and "someone
//! else's"; rotations likewise.

use std::collections::HashMap;
use std::time::Duration;

use qrstation_graph::models::QrCodePinMethod;
use qrstation_graph::{BatchAnswer, BatchItem, GraphError};

use super::{Done, Engine, Work};
use crate::bulk::journal::Update;
use crate::bulk::output::Ready;
use crate::bulk::pace::{clone_err, is_transient, MAX_THROTTLES};
use crate::bulk::plan::find_profile;
use crate::bulk::RowState;
use crate::station::issued::{IssuedQr, QrKindName};
use crate::Result;

impl Engine<'_> {
    pub(super) async fn handle(&mut self, done: Done) -> Result<()> {
        match done {
            Done::Rotations {
                results,
                refused,
                rtt,
            } => self.handle_rotations(results, refused, rtt).await,
            Done::Deleted { line, result, rtt } => self.handle_deleted(line, result, rtt).await,
            Done::Single {
                line,
                result,
                pin,
                rtt,
            } => self.handle_single(line, *result, pin, rtt).await,
            Done::Batch {
                work,
                answers,
                items,
                pins,
                rtt,
            } => self.handle_batch(work, answers, items, pins, rtt).await,
        }
    }

    async fn handle_batch(
        &mut self,
        work: Vec<Work>,
        answers: std::result::Result<Vec<Option<BatchAnswer>>, GraphError>,
        items: Vec<BatchItem>,
        mut pins: HashMap<u32, String>,
        rtt: Duration,
    ) -> Result<()> {
        let mut updates = Vec::new();
        let mut refused = 0u32;
        let mut retry_after = None;
        let answers = match answers {
            Ok(a) => a,
            Err(e) => {
                if matches!(
                    e,
                    GraphError::Unauthorized(_) | GraphError::Forbidden { .. }
                ) {
                    // Refused as a whole: nothing was applied. Stop; resume after signing in.
                    for w in &work {
                        if let Work::Create(line) = w {
                            updates.push(Update::to(*line, RowState::Pending));
                        }
                    }
                    self.commit(updates).await?;
                    return Err(e.into());
                }
                let not_sent = matches!(
                    e,
                    GraphError::Network {
                        maybe_applied: false,
                        ..
                    }
                );
                if is_transient(&e) {
                    refused += work.len() as u32;
                    if let GraphError::Throttled {
                        retry_after: ra, ..
                    } = &e
                    {
                        retry_after = *ra;
                    }
                }
                for w in &work {
                    match *w {
                        Work::Create(line) if not_sent => {
                            updates.push(Update::to(line, RowState::Pending));
                            self.retry_or_fail(line, Work::Create(line), &e, &mut updates);
                        }
                        // It may have been applied: look before sending again.
                        Work::Create(line) => {
                            self.maybe.insert(line);
                            self.check_again(line, &clone_err(&e), &mut updates)
                        }
                        Work::Check(line) => self.check_again(line, &clone_err(&e), &mut updates),
                        Work::Rotate(_) | Work::Delete(_) => {}
                    }
                }
                if refused > 0 {
                    self.pace
                        .on_throttle(refused, work.len() as u32, retry_after, rtt);
                }
                return self.commit(updates).await;
            }
        };
        let not_in_batch = self.refuses_writes(&work, &answers, &items);
        if not_in_batch && !self.single {
            tracing::warn!(
                "Graph refused authentication-method writes inside $batch: single requests from now on"
            );
            self.single = true;
        }
        for ((w, answer), item) in work.iter().zip(answers).zip(&items) {
            let Some(a) = answer else {
                // Left out of the answer: unknown.
                if let Work::Create(line) | Work::Check(line) = *w {
                    if matches!(w, Work::Create(_)) {
                        self.maybe.insert(line);
                    }
                    self.queue.push_back(Work::Check(line));
                }
                continue;
            };
            if let (true, Work::Create(line)) = (not_in_batch, *w) {
                // Not carried out: sent again on its own (not a failed attempt).
                updates.push(Update::to(line, RowState::Pending));
                self.queue.push_front(Work::Create(line));
                continue;
            }
            if matches!(a.status, 429 | 503) {
                refused += 1;
                retry_after = retry_after.max(a.retry_after);
            }
            match *w {
                Work::Create(line) => {
                    let pin = pins.remove(&line);
                    self.on_create(line, a, item, pin, &mut updates);
                }
                Work::Check(line) => self.on_check(line, a, item, &mut updates),
                Work::Rotate(_) | Work::Delete(_) => {}
            }
        }
        if refused > 0 {
            self.pace
                .on_throttle(refused, work.len() as u32, retry_after, rtt);
        } else {
            self.pace.on_success();
        }
        self.commit(updates).await
    }

    fn on_create(
        &mut self,
        line: u32,
        a: BatchAnswer,
        item: &BatchItem,
        pin: Option<String>,
        updates: &mut Vec<Update>,
    ) {
        if a.is_success() {
            let method: Option<QrCodePinMethod> =
                a.body.and_then(|b| serde_json::from_value(b).ok());
            self.on_created(line, method, a.request_id, pin, updates);
            return;
        }
        let e = a.to_error(item);
        match a.status {
            429 | 503 => {
                let mut u = Update::to(line, RowState::Pending);
                u.request_id = a.request_id.clone();
                updates.push(u);
                if a.status == 429 {
                    // Graph asking to wait is not a failed attempt (within a bound).
                    let n = self.throttles.entry(line).or_insert(0);
                    *n += 1;
                    if *n <= MAX_THROTTLES {
                        self.queue.push_back(Work::Create(line));
                        return;
                    }
                }
                self.retry_or_fail(line, Work::Create(line), &e, updates);
            }
            // A gateway time-out: it may have taken effect. Look before anything else.
            504 => {
                self.maybe.insert(line);
                self.check_again(line, &e, updates)
            }
            _ if e.code() == "graph.method_exists" => self.on_exists(line, &e, updates),
            _ => {
                let mut u = self.fail(line, e.code(), &e.to_string());
                u.request_id = a.request_id.clone();
                updates.push(u);
            }
        }
    }

    /// Graph answered 201: keep the badge for the next flush.
    pub(super) fn on_created(
        &mut self,
        line: u32,
        method: Option<QrCodePinMethod>,
        request_id: Option<String>,
        pin: Option<String>,
        updates: &mut Vec<Update>,
    ) {
        {
            let mut u = Update::to(line, RowState::Created);
            u.request_id = request_id;
            u.method_id = method.as_ref().map(|m| m.id.clone());
            let qr = method
                .as_ref()
                .and_then(|m| m.standard_qr_code.as_ref())
                .map(|c| IssuedQr::from_code(QrKindName::Standard, c, false))
                .filter(|q| !q.image_lost);
            match qr {
                Some(qr) if self.keeps() => {
                    let from_csv = self.pins.0.contains_key(&line);
                    self.keep(line, qr, pin, from_csv)
                }
                Some(_) => {}
                None => {
                    u.state = Some(RowState::BadgeLost);
                    u.error = Some((
                        "bulk.badge_lost".into(),
                        "Graph's answer held no QR code: rotate the QR code".into(),
                    ));
                }
            }
            updates.push(u);
        }
    }

    /// Graph refused the PUT: "the user already has a method". Never a create loop: if an
    /// earlier send of this row may have taken effect the check decides (with re-reads for
    /// replication lag); otherwise the method is not this job's, and one check says what the
    /// row reports. No PUT is sent for this row again in this run.
    pub(super) fn on_exists(&mut self, line: u32, e: &GraphError, updates: &mut Vec<Update>) {
        *self.exists.entry(line).or_insert(0) += 1;
        self.check_again(line, e, updates);
    }

    /// The outcome stays unknown: look again later (a bounded number of times; then the row
    /// stays `sent`, reported, and `resume` looks again).
    pub(super) fn check_again(&mut self, line: u32, e: &GraphError, updates: &mut Vec<Update>) {
        let n = self.checks.entry(line).or_insert(0);
        *n += 1;
        if *n <= self.opts.max_attempts {
            self.queue.push_back(Work::Check(line));
        } else {
            let mut u = Update {
                line,
                ..Update::default()
            };
            u.state = Some(RowState::Sent);
            u.error = Some((
                "bulk.outcome_unknown".into(),
                format!(
                    "could not learn whether it was created ({}): run `bulk resume`",
                    e.code()
                ),
            ));
            updates.push(u);
        }
    }

    pub(super) fn retry_or_fail(
        &mut self,
        line: u32,
        w: Work,
        e: &GraphError,
        updates: &mut Vec<Update>,
    ) {
        // Sends that were only throttled do not count.
        let throttled = self.throttles.get(&line).copied().unwrap_or(0);
        if self.rows[&line].attempts < self.opts.max_attempts + throttled {
            self.queue.push_back(w);
        } else {
            updates.push(self.fail(line, e.code(), &e.to_string()));
        }
    }

    fn keep(&mut self, line: u32, qr: IssuedQr, pin: Option<String>, pin_from_csv: bool) {
        let row = &self.rows[&line];
        // A profile name (the row's, else the job's), resolved only among the job's profiles.
        let name = row.printer.as_ref().or(self.opts.printer.as_ref());
        let profile = name.and_then(|n| find_profile(&self.opts.profiles, n));
        self.ready.push(Ready {
            line,
            upn: row.upn.clone(),
            display_name: row.display_name.clone().unwrap_or_else(|| row.upn.clone()),
            department: row.department.clone(),
            qr,
            pin,
            pin_from_csv,
            template: row
                .template
                .clone()
                .unwrap_or_else(|| self.opts.template.clone()),
            printer: profile.map(|p| p.printer.clone()),
            printer_refused: name.is_some() && profile.is_none(),
        });
    }

    async fn handle_rotations(
        &mut self,
        results: Vec<(u32, super::rotate::Rotation)>,
        refused: bool,
        rtt: Duration,
    ) -> Result<()> {
        if refused && !self.single {
            tracing::warn!(
                "Graph refused authentication-method writes inside $batch: single requests from now on"
            );
            self.single = true;
        }
        let sent = results.len() as u32;
        let mut transient = 0u32;
        let mut updates = Vec::new();
        for (line, result) in results {
            transient += u32::from(self.on_rotated(line, result, &mut updates));
        }
        if transient > 0 {
            self.pace.on_throttle(transient, sent, None, rtt);
        } else {
            self.pace.on_success();
        }
        self.commit(updates).await
    }

    /// The journal change for one rotation's outcome; true when it was a transient refusal
    /// (the row is sent again later).
    fn on_rotated(
        &mut self,
        line: u32,
        result: super::rotate::Rotation,
        updates: &mut Vec<Update>,
    ) -> bool {
        match result {
            Ok((created, reset_pin)) => {
                let lost = created.response_lost();
                let qr = IssuedQr::from_code(QrKindName::Standard, created.value(), lost);
                // The method (and its id, in the journal) stays; only its standard code is new.
                let mut u = Update::to(line, RowState::Created);
                if qr.image_lost {
                    u.state = Some(RowState::BadgeLost);
                    u.error = Some((
                        "bulk.badge_lost".into(),
                        "rotated, but the answer with its QR code was lost: rotate again".into(),
                    ));
                } else if self.keeps() {
                    let from_csv = reset_pin.is_none();
                    let pin = reset_pin.or_else(|| self.pins.0.get(&line).cloned());
                    self.keep(line, qr, pin, from_csv);
                }
                updates.push(u);
                false
            }
            Err(e) if is_transient(&e) => {
                let retry = self.rows[&line].attempts < self.opts.max_attempts;
                let mut u = Update::to(
                    line,
                    if retry {
                        RowState::Pending
                    } else {
                        RowState::Failed
                    },
                );
                if retry {
                    self.queue.push_back(Work::Rotate(line));
                } else {
                    u.error = Some((e.code().to_owned(), e.to_string()));
                }
                updates.push(u);
                true
            }
            Err(e) => {
                let mut u = Update::to(line, RowState::Failed);
                u.request_id = e.request_id().map(str::to_owned);
                u.error = Some((e.code().to_owned(), e.to_string()));
                updates.push(u);
                false
            }
        }
    }
}
