//! Rotations over `$batch`: one batch deletes the standard codes of up to 20 rows (and resets
//! the PINs of reissues and renewals), a second creates their new codes, at the engine's
//! pace. Every step is safe to repeat, so an item whose answer is missing or that Graph will
//! not take inside a batch is done again on its own ([`rotate`]); a row stays journalled
//! `sent` until its answer is handled, so a crash is settled by a check as for a create.

use std::time::Instant;

use qrstation_graph::models::{CodeWindow, QrCode, QrPin};
use qrstation_graph::ops::MAX_BATCH;
use qrstation_graph::{BatchAnswer, BatchItem, Created, GraphClient, GraphError, QrKind, Subject};
use serde_json::json;

use super::{Done, Engine, Work};
use crate::bulk::journal::Update;
use crate::bulk::pace::{clone_err, is_transient};
use crate::bulk::{RowAction, RowState};
use crate::Result;

/// A rotation's outcome: the new code and, after a PIN reset, the new PIN.
pub(super) type Rotation = std::result::Result<(Created<QrCode>, Option<String>), GraphError>;

/// One row to rotate.
struct Turn {
    line: u32,
    upn: String,
    window: CodeWindow,
    reset_pin: bool,
}

impl Engine<'_> {
    /// Sends the rotations at the front of the queue: up to 20 requests' worth in one task
    /// (one at a time when Graph refuses method writes inside `$batch`).
    pub(super) async fn launch_rotations(
        &mut self,
        set: &mut tokio::task::JoinSet<Done>,
    ) -> Result<()> {
        let mut turns = Vec::new();
        let mut budget = 0usize;
        let mut sent = Vec::new();
        // Rotations anywhere in the queue join this one (a plan's order mixes the actions);
        // the rest keeps its order.
        let mut rest = std::collections::VecDeque::with_capacity(self.queue.len());
        let mut full = false;
        while let Some(w) = self.queue.pop_front() {
            let Work::Rotate(line) = w else {
                rest.push_back(w);
                continue;
            };
            let row = &self.rows[&line];
            // A renewal always resets the PIN (the old one is unknown); a reissue unless the
            // CSV's PIN is at hand.
            let reset_pin = row.action == RowAction::Renew
                || (row.action == RowAction::Reissue && !self.pins.0.contains_key(&line));
            let cost = 1 + usize::from(reset_pin);
            full = full || (!turns.is_empty() && (self.single || budget + cost > MAX_BATCH));
            if full {
                rest.push_back(w);
                continue;
            }
            let (start, expires) = self.window(row);
            turns.push(Turn {
                line,
                upn: row.upn.clone(),
                window: CodeWindow::new(start, expires),
                reset_pin,
            });
            budget += cost;
            let mut u = Update::to(line, RowState::Sent);
            u.sent = true;
            u.attempt = true;
            sent.push(u);
        }
        self.queue = rest;
        self.commit(sent).await?;
        let graph = self.station.graph().clone();
        let single = self.single;
        set.spawn(async move {
            let t0 = Instant::now();
            let (results, refused) = if single {
                let mut out = Vec::with_capacity(turns.len());
                for t in turns {
                    out.push((t.line, rotate(&graph, &t.upn, &t.window, t.reset_pin).await));
                }
                (out, false)
            } else {
                rotate_many(&graph, turns).await
            };
            Done::Rotations {
                results,
                refused,
                rtt: t0.elapsed(),
            }
        });
        Ok(())
    }
}

/// The standard-code URL of `upn` (relative, as `$batch` wants it).
fn code_url(graph: &GraphClient, upn: &str) -> std::result::Result<String, GraphError> {
    let base = BatchItem::get_method(graph, &Subject::user(upn))?.url;
    Ok(format!("{base}/{}", QrKind::Standard.segment()))
}

/// The rotations of `turns` in two batches; also whether Graph refused a write inside
/// `$batch` (the engine then sends one request at a time).
async fn rotate_many(graph: &GraphClient, turns: Vec<Turn>) -> (Vec<(u32, Rotation)>, bool) {
    let mut out = Vec::with_capacity(turns.len());
    let mut refused = false;
    // First batch: the PIN resets and the DELETEs of the old codes.
    let mut items = Vec::new();
    let mut first = Vec::new();
    for t in turns {
        let built = code_url(graph, &t.upn).and_then(|url| {
            let reset = if t.reset_pin {
                items.push(BatchItem::reset_pin(graph, &Subject::user(t.upn.clone()))?);
                Some(items.len() - 1)
            } else {
                None
            };
            items.push(BatchItem {
                method: "DELETE".into(),
                url: url.clone(),
                body: None,
            });
            Ok((reset, items.len() - 1, url))
        });
        match built {
            Ok(b) => first.push((t, b)),
            Err(e) => out.push((t.line, Err(e))),
        }
    }
    if items.is_empty() {
        return (out, refused);
    }
    let mut answers = match graph.batch_once(&items).await {
        Ok(a) => a,
        Err(e) => {
            // Repeating a rotation is harmless: the engine retries or fails each row.
            out.extend(first.into_iter().map(|(t, _)| (t.line, Err(clone_err(&e)))));
            return (out, refused);
        }
    };
    let mut second = Vec::new();
    for (t, (reset, delete, url)) in first {
        let mut pin = None;
        if let Some(i) = reset {
            match answers[i]
                .take()
                .map(|a| refusal(a, &items[i], &mut refused))
            {
                Some(Ok(a)) => pin = pin_of(a),
                Some(Err(Some(e))) if is_transient(&e) => {
                    out.push((t.line, Err(e)));
                    continue;
                }
                // Unknown, refused inside a batch, or refused (a 400 may be the reset's body:
                // the single request tries the other one): the whole rotation on its own.
                Some(Err(_)) | None => {
                    let r = rotate(graph, &t.upn, &t.window, t.reset_pin).await;
                    out.push((t.line, r));
                    continue;
                }
            }
        }
        match answers[delete].take() {
            Some(a) if a.status == 404 => second.push((t, pin, url)),
            Some(a) => match refusal(a, &items[delete], &mut refused) {
                Ok(_) => second.push((t, pin, url)),
                Err(Some(e)) => out.push((t.line, Err(e))),
                Err(None) => {
                    let r = rotate(graph, &t.upn, &t.window, false).await;
                    out.push((t.line, r.map(|(c, p)| (c, p.or(pin)))));
                }
            },
            None => {
                let r = rotate(graph, &t.upn, &t.window, false).await;
                out.push((t.line, r.map(|(c, p)| (c, p.or(pin)))));
            }
        }
    }
    if second.is_empty() {
        return (out, refused);
    }
    // Second batch: the new codes.
    let creates: Vec<BatchItem> = second
        .iter()
        .map(|(t, _, url)| {
            let mut body = json!({ "@odata.type": "#microsoft.graph.qrCode" });
            if let (Some(map), Ok(serde_json::Value::Object(fields))) =
                (body.as_object_mut(), serde_json::to_value(&t.window))
            {
                map.extend(fields);
            }
            BatchItem {
                method: "PATCH".into(),
                url: url.clone(),
                body: Some(body),
            }
        })
        .collect();
    let answers = match graph.batch_once(&creates).await {
        Ok(a) => a,
        Err(e) => {
            out.extend(
                second
                    .into_iter()
                    .map(|(t, _, _)| (t.line, Err(clone_err(&e)))),
            );
            return (out, refused);
        }
    };
    for (((t, pin, _), answer), item) in second.into_iter().zip(answers).zip(&creates) {
        let r = match answer.map(|a| refusal(a, item, &mut refused)) {
            Some(Ok(a)) => {
                let code = a
                    .body
                    .map(qrstation_graph::models::unwrap_value)
                    .and_then(|b| serde_json::from_value::<QrCode>(b).ok());
                Ok(match code {
                    Some(c) => (Created::Fresh(c), pin),
                    // Made, but its picture is not in the answer: the badge is lost.
                    None => (Created::Reconciled(QrCode::default()), pin),
                })
            }
            Some(Err(Some(e))) => Err(e),
            // Unknown (a code may have been made, never seen) or refused inside a batch: a
            // rotation on its own replaces whatever is there.
            Some(Err(None)) | None => rotate(graph, &t.upn, &t.window, false)
                .await
                .map(|(c, p)| (c, p.or(pin))),
        };
        out.push((t.line, r));
    }
    (out, refused)
}

/// A 2xx answer as is; a refusal as its error, or `Err(None)` when Graph will not take the
/// item inside `$batch` (it is sent again on its own, and `refused` is set).
fn refusal(
    a: BatchAnswer,
    item: &BatchItem,
    refused: &mut bool,
) -> std::result::Result<BatchAnswer, Option<GraphError>> {
    if a.is_success() {
        return Ok(a);
    }
    match a.to_error(item) {
        GraphError::NotInBatch(_) => {
            *refused = true;
            Err(None)
        }
        e => Err(Some(e)),
    }
}

/// The PIN of a reset's answer, if it carries one.
fn pin_of(a: BatchAnswer) -> Option<String> {
    a.body
        .map(qrstation_graph::models::unwrap_value)
        .and_then(|b| serde_json::from_value::<QrPin>(b).ok())
        .and_then(|p| p.code)
        .map(|c| c.expose().to_owned())
}

/// A rotation as single requests: reset the PIN first when asked (a reissue whose PIN was
/// lost), then replace the standard code. Both steps are safe to repeat.
pub(super) async fn rotate(
    graph: &GraphClient,
    upn: &str,
    window: &CodeWindow,
    reset_pin: bool,
) -> Rotation {
    let who = Subject::user(upn);
    let pin = if reset_pin {
        graph
            .reset_pin(&who)
            .await?
            .code
            .map(|c| c.expose().to_owned())
    } else {
        None
    };
    match graph.delete_qr_code(&who, QrKind::Standard).await {
        Ok(()) | Err(GraphError::NotFound(_)) => {}
        Err(e) => return Err(e),
    }
    let created = graph.create_standard_qr_code(&who, window).await?;
    Ok((created, pin))
}
