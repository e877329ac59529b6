//! A worker's own PIN change: the worker signs in on their phone, then changes the PIN, every
//! judged try counted by the wrong-PIN limiter.

use std::time::Duration;

use qrstation_graph::models::Pin;
use qrstation_graph::{GraphError, Subject, MFA_STEP_UP_CLAIMS};

use super::checking::Checking;
use super::limiter::{AfterWrong, Gate};
use super::step_up::StepUp;
use super::{person_of, DeviceCodePrompt, Flow, Kiosk, Person, PinChange};
use crate::scopes::WORKER_SCOPES;
use crate::{CoreError, Result};

impl Kiosk {
    /// A worker signs in on their phone with the device code `show` puts on screen.
    pub async fn worker_sign_in(&self, show: impl FnOnce(DeviceCodePrompt)) -> Result<Person> {
        let (id, tokens) = self.device_sign_in(WORKER_SCOPES, None, None, show).await?;
        let person = person_of(tokens.account.as_ref())?;
        let account = tokens.account.clone().unwrap_or_default();
        if self.tenant.is_home(&account).await.unwrap_or(false) {
            self.remember(&person).await;
        }
        let graph = self.tenant.graph(tokens.access_token);
        self.install(
            id,
            Flow::Worker {
                id,
                graph,
                person: person.clone(),
                step_up: StepUp::None,
            },
        )?;
        Ok(person)
    }

    /// The signed-in worker changes their PIN. Every answer that judged the current PIN counts
    /// toward the local limit (fail closed: the try is counted and written to the store before
    /// it is sent; only a refusal of the new PIN or a network error gives it back); one check
    /// at a time per worker. Success ends the flow and drops the token.
    pub async fn change_pin(&self, current: &str, new: &str) -> Result<PinChange> {
        let Flow::Worker {
            id,
            graph,
            person,
            step_up,
        } = self.touch_flow()
        else {
            return Err(CoreError::KioskFlowEnded);
        };
        if current == new {
            return Err(CoreError::KioskPinUnchanged);
        }
        self.policy().check(new)?;
        let key = person.limit_key();
        let gate = self.limiter().begin(&key, self.now_ms());
        let check = match gate {
            Gate::Go { previous } => Checking::new(&self.limiter, &key, previous),
            Gate::Busy => return Err(CoreError::KioskPinBusy),
            Gate::Locked(left_ms) => {
                self.persist().await;
                let err = CoreError::KioskLocked;
                self.audit(
                    &person.upn,
                    crate::store::audit::AuditAction::KioskPinChange,
                    &person.upn,
                    Err(&err),
                )
                .await;
                return Ok(PinChange::locked(ms(left_ms)));
            }
        };
        // The try is on disk before Graph sees it; when that cannot be written, no PIN is
        // checked (the guard ends the check, the try stays counted in memory).
        self.persist_or_fail().await?;
        let result = graph
            .update_pin(&Subject::Me, &Pin::new(current), &Pin::new(new))
            .await;
        drop(graph);
        match result {
            Ok(()) => {
                check.right();
                self.persist().await;
                self.audit(
                    &person.upn,
                    crate::store::audit::AuditAction::KioskPinChange,
                    &person.upn,
                    Ok(()),
                )
                .await;
                self.end(id);
                Ok(PinChange::Changed)
            }
            Err(e) if judged_the_current_pin(&e) => {
                let after = check.wrong();
                self.persist().await;
                let err = CoreError::from(e);
                self.audit(
                    &person.upn,
                    crate::store::audit::AuditAction::KioskPinChange,
                    &person.upn,
                    Err(&err),
                )
                .await;
                Ok(match after {
                    AfterWrong::TriesLeft(n) => PinChange::WrongPin { tries_left: n },
                    AfterWrong::Locked(left_ms) => PinChange::locked(ms(left_ms)),
                })
            }
            // Microsoft asks for a fresh multifactor sign-in before a self-service change
            // (since January 2026): the PIN was not judged, the worker signs in again with
            // the claims asked for and the change is tried once more (see step_up.rs).
            Err(e @ GraphError::MfaRequired { .. }) => {
                check.neutral();
                self.persist().await;
                let claims = e.claims().unwrap_or(MFA_STEP_UP_CLAIMS).to_owned();
                let err = CoreError::from(e);
                self.audit(
                    &person.upn,
                    crate::store::audit::AuditAction::KioskPinChange,
                    &person.upn,
                    Err(&err),
                )
                .await;
                Ok(self.after_mfa_refusal(id, person, step_up, claims))
            }
            Err(e) => {
                check.neutral();
                self.persist().await;
                let err = CoreError::from(e);
                self.audit(
                    &person.upn,
                    crate::store::audit::AuditAction::KioskPinChange,
                    &person.upn,
                    Err(&err),
                )
                .await;
                Err(err)
            }
        }
    }
}

/// Milliseconds as a duration (negative: zero).
fn ms(ms: i64) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

/// Whether Graph's refusal of `updatePin` judged the current PIN, so it counts as a guess.
/// The code for a wrong current PIN is undocumented, so this fails closed: any 400 counts
/// unless it positively names the new PIN (too short, a sequence, a repeat), and any answer
/// naming the current PIN counts. Network errors, 401/403/404 and 429/5xx say nothing about
/// the PIN and do not count.
fn judged_the_current_pin(e: &GraphError) -> bool {
    let Some(a) = e.api() else { return false };
    let text = format!("{} {}", a.code, a.message).to_ascii_lowercase();
    let names_current = text.contains("currentpin") || text.contains("current pin");
    let names_new = [
        "newpin",
        "new pin",
        "tooshort",
        "too short",
        "sequence",
        "repeat",
        "weak",
    ]
    .iter()
    .any(|w| text.contains(w));
    names_current || (a.status == 400 && !names_new)
}
