//! The kiosk's one flow at a time: the device-code sign-in that starts it, putting it in
//! place, ending it, and dropping it when idle or too old (each drop drops its token).

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use qrstation_graph::auth::{Cancel, TokenSet};
use qrstation_graph::{GraphClient, GraphError};

use super::step_up::StepUp;
use super::{ApprovalPurpose, DeviceCodePrompt, Kiosk, Person};
use crate::{CoreError, Result};

/// Extra seconds past the screen's own idle timeout before the back end drops a flow on its
/// own (the screen resets first; this is the backstop when the screen cannot).
const BACKSTOP_SECONDS: u64 = 15;

/// The longest a signed-in flow (and its token) lives, touched or not.
const MAX_FLOW_SECONDS: u64 = 300;

/// Where the kiosk is in a flow. Replacing the value drops whatever token it held; a step
/// works on a clone taken out of the lock, dropped when the step ends.
#[derive(Clone)]
pub(super) enum Flow {
    Idle,
    /// A device code is on screen and being polled.
    Waiting {
        id: u64,
        cancel: Cancel,
    },
    /// A worker is signed in to change their own PIN.
    Worker {
        id: u64,
        graph: GraphClient,
        person: Person,
        step_up: StepUp,
    },
    /// A manager approved the reset of this one worker and is asked to confirm it.
    Manager {
        id: u64,
        graph: GraphClient,
        manager: Person,
        worker: Person,
    },
    /// A manager approved a temporary QR code for this one worker (who forgot their badge)
    /// and is asked for its hours; this approval cannot reset a PIN (nor a reset approval
    /// make a code).
    Badge {
        id: u64,
        graph: GraphClient,
        manager: Person,
        worker: Person,
    },
}

impl Flow {
    pub(super) fn id(&self) -> Option<u64> {
        match self {
            Flow::Idle => None,
            Flow::Waiting { id, .. }
            | Flow::Worker { id, .. }
            | Flow::Manager { id, .. }
            | Flow::Badge { id, .. } => Some(*id),
        }
    }

    /// Whether the flow holds a signed-in person's token.
    pub(super) fn holds_token(&self) -> bool {
        matches!(
            self,
            Flow::Worker { .. } | Flow::Manager { .. } | Flow::Badge { .. }
        )
    }
}

/// The current flow and its clocks, under the kiosk's lock.
pub(super) struct State {
    pub(super) flow: Flow,
    pub(super) last_activity: Instant,
    /// When the current flow's person signed in.
    pub(super) signed_in_at: Instant,
}

impl Kiosk {
    /// Back to the start: any sign-in wait is cancelled and any token dropped.
    pub fn reset(&self) {
        let mut s = self.lock();
        if let Flow::Waiting { cancel, .. } = &s.flow {
            cancel.cancel();
        }
        s.flow = Flow::Idle;
    }

    /// Someone touched the screen: the idle clock starts again.
    pub fn touch(&self) {
        self.lock().last_activity = Instant::now();
    }

    /// Drops the flow when nobody touched the kiosk for the idle timeout (plus a margin, so
    /// the screen resets first). True when it did.
    pub fn expire_idle(&self) -> bool {
        self.expire_idle_at(Instant::now())
    }

    /// [`Kiosk::expire_idle`] as if it were `now`.
    pub fn expire_idle_at(&self, now: Instant) -> bool {
        let limit = Duration::from_secs(u64::from(self.settings.idle_seconds) + BACKSTOP_SECONDS);
        let mut s = self.lock();
        // A device code on screen is left alone: the person is busy on their phone, the code
        // expires by itself, and the screen cancels it on its own timeout. A signed-in flow
        // ends when idle, and at the latest MAX_FLOW_SECONDS after sign-in however busy.
        let signed_in = s.flow.holds_token();
        let idle = now.saturating_duration_since(s.last_activity) >= limit;
        let too_old =
            now.saturating_duration_since(s.signed_in_at) >= Duration::from_secs(MAX_FLOW_SECONDS);
        if signed_in && (idle || too_old) {
            s.flow = Flow::Idle;
            tracing::info!(idle, too_old, "kiosk: flow dropped");
            return true;
        }
        false
    }

    /// Whether a flow holds a token now (tests prove none is left after each flow).
    pub fn holds_token(&self) -> bool {
        self.lock().flow.holds_token()
    }

    pub(super) async fn device_sign_in(
        &self,
        scopes: &[&str],
        approval: Option<ApprovalPurpose>,
        claims: Option<&str>,
        show: impl FnOnce(DeviceCodePrompt),
    ) -> Result<(u64, TokenSet)> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let cancel = Cancel::new();
        {
            let mut s = self.lock();
            if let Flow::Waiting { cancel, .. } = &s.flow {
                cancel.cancel();
            }
            s.flow = Flow::Waiting {
                id,
                cancel: cancel.clone(),
            };
            s.last_activity = Instant::now();
        }
        let identity = self.tenant.identity();
        let scopes: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
        let outcome = async {
            let code = identity
                .start_device_code_with_claims(&scopes, claims)
                .await?;
            // Entra's device-code page (and the phone's prompt) shows only the app's name,
            // never our purpose: the kiosk screen carries it, from `approval`.
            show(DeviceCodePrompt::of(&code, approval)?);
            Ok::<_, CoreError>(identity.poll_device_code(&code, &cancel).await?)
        }
        .await;
        match outcome {
            Ok(tokens) => Ok((id, tokens)),
            Err(e) => {
                self.end(id);
                Err(match e {
                    CoreError::Graph(g) if matches!(*g, GraphError::SignInCancelled) => {
                        CoreError::KioskFlowEnded
                    }
                    other => other,
                })
            }
        }
    }

    /// Puts `flow` in place if the wait `id` is still current; else the flow (and its token)
    /// is dropped: the kiosk was reset while the person signed in.
    pub(super) fn install(&self, id: u64, flow: Flow) -> Result<()> {
        let mut s = self.lock();
        match &s.flow {
            Flow::Waiting { id: current, .. } if *current == id => {
                s.flow = flow;
                s.last_activity = Instant::now();
                s.signed_in_at = Instant::now();
                Ok(())
            }
            _ => Err(CoreError::KioskFlowEnded),
        }
    }

    /// Ends flow `id` if it is still the current one.
    pub(super) fn end(&self, id: u64) {
        let mut s = self.lock();
        if s.flow.id() == Some(id) {
            s.flow = Flow::Idle;
        }
    }

    /// A clone of the current flow (cheap: the Graph client is shared), after the idle check.
    pub(super) fn touch_flow(&self) -> Flow {
        self.expire_idle();
        let mut s = self.lock();
        s.last_activity = Instant::now();
        s.flow.clone()
    }

    pub(super) fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}
