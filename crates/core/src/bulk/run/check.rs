//! What a check (a GET of the user's method, after an unknown outcome or a refusal) decides
//! for a row: "created by this job, badge lost", "send again", "someone else's", or — after
//! Graph refused a PUT as "method already exists" — a report instead of another PUT. For a
//! replacement whose DELETE is unconfirmed it decides between "deleted: create now" and
//! "send the DELETE again" (safe: no PUT of this job has left for that row yet).

use chrono::Utc;
use qrstation_graph::models::QrCodePinMethod;
use qrstation_graph::{BatchAnswer, BatchItem};

use super::{Engine, Work, SKEW_MS};
use crate::bulk::journal::Update;
use crate::bulk::{RowAction, RowState};
use crate::station::summary::MethodSummary;

impl Engine<'_> {
    pub(super) fn on_check(
        &mut self,
        line: u32,
        a: BatchAnswer,
        item: &BatchItem,
        updates: &mut Vec<Update>,
    ) {
        let row = &self.rows[&line];
        if row.action == RowAction::Replace && !row.creates() {
            return self.on_delete_check(line, a, item, updates);
        }
        let sent_at = row.sent_at.unwrap_or(0);
        let creates = row.creates();
        let refused = self.exists.get(&line).copied().unwrap_or(0) > 0;
        let maybe = self.maybe.contains(&line);
        if a.is_success() {
            let method: Option<QrCodePinMethod> =
                a.body.and_then(|b| serde_json::from_value(b).ok());
            let created = match creates {
                true => method.as_ref().and_then(|m| m.created_date_time),
                false => method
                    .as_ref()
                    .and_then(|m| m.standard_qr_code.as_ref())
                    .and_then(|c| c.created_date_time),
            };
            let ours = match (creates, &row.seen) {
                // Only a send whose outcome is unknown can have made it: a PUT refused at once
                // as "already exists" made nothing.
                (true, _) if !maybe => false,
                // Graph time against Graph time: the method is ours when it is not the one
                // the plan saw (or the plan saw none). A clock ahead of Graph's cannot turn
                // our own create into "made elsewhere". A method someone else made between
                // the plan and the send counts as ours too (the row then offers a rotation):
                // Microsoft documents no way to tell, and this errs towards a visible row.
                (true, Some(seen)) => method.as_ref().is_some_and(|m| {
                    seen.method_id.as_deref() != Some(m.id.as_str())
                        || seen.created_ms != m.created_date_time.map(|t| t.timestamp_millis())
                }),
                // Jobs planned before the plan kept what it saw, and rotations (where a wrong
                // guess only rotates once more): this machine's clock, with a margin.
                _ => created.is_some_and(|t| t.timestamp_millis() >= sent_at - SKEW_MS),
            };
            let usable = MethodSummary::of(method.as_ref(), Utc::now()).usable;
            if ours {
                let mut u = Update::to(line, RowState::BadgeLost);
                u.request_id = a.request_id;
                u.method_id = method.map(|m| m.id);
                u.error = Some((
                    "bulk.badge_lost".into(),
                    "created, but the answer with its QR code was lost: rotate the QR code".into(),
                ));
                updates.push(u);
            } else if creates && refused {
                // Our own create may still be hidden by a replica that lags: re-read a few
                // times when it may have been sent; then report, never PUT again.
                if !(maybe && self.recheck_later(line)) {
                    updates.push(self.refused_report(line, usable, a.request_id));
                }
            } else if creates && !usable {
                // The method the plan saw (a replacement's DELETE is done, so this read is
                // stale), or an old job's: the create did not take effect. Send it again; a
                // "method already exists" then ends in a report, not a loop.
                updates.push(Update::to(line, RowState::Pending));
                self.queue.push_back(Work::Create(line));
            } else if creates {
                let mut u = Update::to(line, RowState::Skipped);
                u.request_id = a.request_id;
                u.error = Some((
                    "bulk.exists".into(),
                    "the user already had a method (made elsewhere): not replaced".into(),
                ));
                updates.push(u);
            } else {
                updates.push(Update::to(line, RowState::Pending));
                self.queue.push_back(Work::Rotate(line));
            }
            return;
        }
        let e = a.to_error(item);
        if a.status == 404 && creates && refused {
            // Graph said a method exists, but reads do not show it yet (replication lag).
            if !self.recheck_later(line) {
                updates.push(self.refused_report(line, false, a.request_id));
            }
        } else if a.status == 404 && creates {
            // Not there: the create never took effect; send it (again).
            updates.push(Update::to(line, RowState::Pending));
            self.queue.push_back(Work::Create(line));
        } else if a.status == 404 {
            let mut u = Update::to(line, RowState::Failed);
            u.error = Some((
                "bulk.method_gone".into(),
                "the user's method was deleted meanwhile".into(),
            ));
            updates.push(u);
        } else {
            self.check_again(line, &e, updates);
        }
    }

    /// A replacement whose DELETE's outcome is unknown: no method means it went through;
    /// the method the plan saw means it did not (or the read lags): send the DELETE again.
    fn on_delete_check(
        &mut self,
        line: u32,
        a: BatchAnswer,
        item: &BatchItem,
        updates: &mut Vec<Update>,
    ) {
        let row = &self.rows[&line];
        if a.status == 404 {
            return self.deleted(line, updates);
        }
        if !a.is_success() {
            return self.check_again(line, &a.to_error(item), updates);
        }
        let method: Option<QrCodePinMethod> = a.body.and_then(|b| serde_json::from_value(b).ok());
        let seen_one = row.seen.as_ref().is_none_or(|s| {
            method.as_ref().is_some_and(|m| {
                s.method_id.as_deref() == Some(m.id.as_str())
                    && s.created_ms == m.created_date_time.map(|t| t.timestamp_millis())
            })
        });
        if seen_one {
            updates.push(Update::to(line, RowState::Pending));
            self.queue.push_back(Work::Delete(line));
        } else {
            let mut u = Update::to(line, RowState::Skipped);
            u.request_id = a.request_id;
            u.error = Some((
                "bulk.exists".into(),
                "a new method was made for this user after the plan (elsewhere): not replaced"
                    .into(),
            ));
            updates.push(u);
        }
    }

    /// The report of a row whose PUT Graph refused as "method already exists" and whose
    /// method is not this job's.
    fn refused_report(&self, line: u32, usable: bool, request_id: Option<String>) -> Update {
        let mut u = if usable {
            let mut u = Update::to(line, RowState::Skipped);
            u.error = Some((
                "bulk.exists".into(),
                "Graph says the user already has a method (made elsewhere, or the plan's read \
                 was out of date): not replaced"
                    .into(),
            ));
            u
        } else {
            self.fail(
                line,
                "bulk.unusable_method",
                "Graph refuses to create a method because the user has one that cannot be used \
                 (this tenant does not replace it): plan again and choose --renew-unusable or \
                 --replace-unusable",
            )
        };
        u.request_id = request_id;
        u
    }
}
