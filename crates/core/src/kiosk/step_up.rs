//! The worker's second sign-in when Microsoft asks for fresh multifactor authentication.
//!
//! Since January 2026 a user changing their own authentication methods must have done MFA in
//! the last 10 minutes ("When users manage their own authentication methods, the system prompts
//! them to complete MFA if they last authenticated more than 10 minutes ago", qrpin-updatepin,
//! v1.0). Graph answers 403; the app starts a new interactive sign-in asking for
//! `claims={"access_token":{"amr":{"essential":true,"values":["ngcmfa"]}}}` and retries (the
//! authentication methods overview). The kiosk does that once: the worker signs in again on
//! their phone with the claims, and the same PIN change is sent again. If Microsoft still
//! refuses, the worker cannot do MFA (QR code + PIN is a single-factor method: a worker whose
//! only method it is has no second factor) and is sent to a manager for a PIN reset.

use super::{DeviceCodePrompt, Flow, Kiosk, PinChange, WORKER_SCOPES};
use crate::{CoreError, Result};

use super::types::Person;

/// Where a signed-in worker is with Microsoft's MFA step-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum StepUp {
    /// Not asked for.
    None,
    /// Graph asked for these claims: the worker must sign in again.
    Asked(String),
    /// The worker signed in again with the claims; a second refusal is final.
    Done,
}

impl Kiosk {
    /// What a PIN change refused for MFA freshness tells the worker: sign in again (first
    /// time), or see a manager (after a step-up that did not satisfy Microsoft).
    pub(super) fn after_mfa_refusal(
        &self,
        id: u64,
        person: Person,
        step_up: StepUp,
        claims: String,
    ) -> PinChange {
        if step_up == StepUp::Done {
            self.end(id);
            return PinChange::MfaUnavailable;
        }
        let mut s = self.lock();
        if let Flow::Worker {
            id: current,
            step_up,
            ..
        } = &mut s.flow
        {
            if *current == id {
                *step_up = StepUp::Asked(claims);
            }
        }
        drop(s);
        tracing::info!(worker = %person.limit_key(), "kiosk: Microsoft asks for a fresh MFA sign-in");
        PinChange::MfaRequired
    }

    /// The worker signs in again on their phone, with the claims Microsoft asked for; then the
    /// PIN change may be sent once more. Only the same person may continue the flow.
    pub async fn worker_step_up(&self, show: impl FnOnce(DeviceCodePrompt)) -> Result<Person> {
        let (person, claims) = match self.touch_flow() {
            Flow::Worker {
                person,
                step_up: StepUp::Asked(claims),
                ..
            } => (person, claims),
            _ => return Err(CoreError::KioskFlowEnded),
        };
        let (id, tokens) = self
            .device_sign_in(WORKER_SCOPES, None, Some(&claims), show)
            .await?;
        let again = super::person_of(tokens.account.as_ref())?;
        let same = if person.id.is_empty() || again.id.is_empty() {
            again.upn.eq_ignore_ascii_case(&person.upn)
        } else {
            again.id == person.id
        };
        if !same {
            self.end(id);
            return Err(CoreError::KioskOtherPerson {
                signed_in: again.upn,
                expected: person.upn.clone(),
            });
        }
        let graph = self.tenant.graph(tokens.access_token);
        self.install(
            id,
            Flow::Worker {
                id,
                graph,
                person: again.clone(),
                step_up: StepUp::Done,
            },
        )?;
        Ok(again)
    }
}
