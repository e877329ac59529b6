//! The kiosk: a locked PIN station with no standing power. A worker changes their own PIN
//! after signing in on their phone with a device code; a manager approves a PIN reset the same
//! way. Each flow gets its own token, never cached, never written, and drops it the moment the
//! flow ends, is cancelled or times out.
//!
//! Approvals fail closed: only an ID token that lists a managing role (`wids`) in this
//! tenant approves; a reset approval is bound to one worker named before the manager signs
//! in, and an exit approval cannot reset (nor a reset approval exit).

mod approval;
mod checking;
pub mod limiter;
mod persist;
mod qr;
pub mod settings;
pub mod start;
mod step_up;
pub mod tenant;
mod types;

use std::path::Path;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use qrstation_graph::auth::{Account, Cancel, TokenSet};
use qrstation_graph::models::Pin;
use qrstation_graph::{GraphClient, GraphError, Subject, MFA_STEP_UP_CLAIMS};

use crate::scopes::{MANAGER_SCOPES, WORKER_SCOPES};
use crate::store::audit::AuditEntry;
use crate::{CoreError, PinPolicy, Result, Settings, Store};
use checking::Checking;
use limiter::{AfterWrong, Gate, Limiter};
pub use settings::KioskSettings;
use step_up::StepUp;
use tenant::KioskTenant;
pub use types::{
    ApprovalPurpose, DeviceCodePrompt, KioskInfo, Person, PinChange, ResetApproval, TemporaryPin,
};

/// Extra seconds past the screen's own idle timeout before the back end drops a flow on its
/// own (the screen resets first; this is the backstop when the screen cannot).
const BACKSTOP_SECONDS: u64 = 15;

/// The longest a signed-in flow (and its token) lives, touched or not.
const MAX_FLOW_SECONDS: u64 = 300;

/// Where the kiosk is in a flow. Replacing the value drops whatever token it held; a step
/// works on a clone taken out of the lock, dropped when the step ends.
#[derive(Clone)]
enum Flow {
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
}

impl Flow {
    fn id(&self) -> Option<u64> {
        match self {
            Flow::Idle => None,
            Flow::Waiting { id, .. } | Flow::Worker { id, .. } | Flow::Manager { id, .. } => {
                Some(*id)
            }
        }
    }
}

struct State {
    flow: Flow,
    last_activity: Instant,
    /// When the current flow's person signed in.
    signed_in_at: Instant,
}

/// The kiosk service the kiosk window's commands call.
pub struct Kiosk {
    store: Store,
    tenant: KioskTenant,
    settings: KioskSettings,
    pin_length: AtomicU32,
    next_id: AtomicU64,
    state: Mutex<State>,
    limiter: Mutex<Limiter>,
    /// Serialises writes of the limiter's changes, so an older record never lands last.
    persisting: tokio::sync::Mutex<()>,
    /// The wall clock (unix ms) when this kiosk started, and the monotonic instant then.
    clock: (i64, Instant),
}

impl Kiosk {
    /// A kiosk on the tenant the settings in `data_dir` name.
    pub async fn open(data_dir: &Path, store: Store) -> Result<Kiosk> {
        let all = Settings::load(data_dir)?;
        let tenant = KioskTenant::open(data_dir, &all).await?;
        Kiosk::new(store, tenant, all.kiosk.clone().sane()).await
    }

    /// A kiosk with `settings` instead of those in the file (tests, a kiosk set up in code).
    pub async fn open_with(
        data_dir: &Path,
        store: Store,
        settings: KioskSettings,
    ) -> Result<Kiosk> {
        let all = Settings::load(data_dir)?;
        let tenant = KioskTenant::open(data_dir, &all).await?;
        Kiosk::new(store, tenant, settings.sane()).await
    }

    /// The kiosk, with the wrong-PIN records the store kept from earlier runs.
    async fn new(store: Store, tenant: KioskTenant, settings: KioskSettings) -> Result<Kiosk> {
        let records = store.kiosk_wrong_pins().await?;
        Ok(Kiosk {
            pin_length: AtomicU32::new(settings.pin_length),
            limiter: Mutex::new(Limiter::with_records(
                settings.max_wrong_pins,
                i64::from(settings.cooldown_minutes) * 60_000,
                records,
            )),
            persisting: tokio::sync::Mutex::new(()),
            clock: (crate::time::now_ms(), Instant::now()),
            store,
            tenant,
            settings,
            next_id: AtomicU64::new(1),
            state: Mutex::new(State {
                flow: Flow::Idle,
                last_activity: Instant::now(),
                signed_in_at: Instant::now(),
            }),
        })
    }

    /// What the kiosk screens need to know at start.
    pub fn info(&self) -> KioskInfo {
        KioskInfo {
            demo: self.tenant.is_demo(),
            idle_seconds: self.settings.idle_seconds,
            pin_length: self.pin_length.load(Ordering::Relaxed),
            max_wrong_pins: self.settings.max_wrong_pins,
            language: self.settings.language.clone(),
        }
    }

    /// Checks a new PIN against the policy the kiosk knows; the error says why it is refused.
    pub fn check_pin(&self, pin: &str) -> Result<()> {
        Ok(self.policy().check(pin)?)
    }

    fn policy(&self) -> PinPolicy {
        PinPolicy::with_min_length(self.pin_length.load(Ordering::Relaxed) as usize)
    }

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
            return Err(CoreError::InvalidInput(
                "the new PIN must be different from the current one".into(),
            ));
        }
        self.policy().check(new)?;
        let key = person.limit_key();
        let gate = self.limiter().begin(&key, self.now_ms());
        let check = match gate {
            Gate::Go { previous } => Checking::new(&self.limiter, &key, previous),
            Gate::Busy => {
                return Err(CoreError::InvalidInput(
                    "the last PIN is still being checked: wait a moment".into(),
                ))
            }
            Gate::Locked(left_ms) => {
                self.persist().await;
                let err = CoreError::KioskLocked;
                self.audit(&person.upn, "kiosk.pin_change", &person.upn, Err(&err))
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
                self.audit(&person.upn, "kiosk.pin_change", &person.upn, Ok(()))
                    .await;
                self.end(id);
                Ok(PinChange::Changed)
            }
            Err(e) if judged_the_current_pin(&e) => {
                let after = check.wrong();
                self.persist().await;
                let err = CoreError::from(e);
                self.audit(&person.upn, "kiosk.pin_change", &person.upn, Err(&err))
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
                self.audit(&person.upn, "kiosk.pin_change", &person.upn, Err(&err))
                    .await;
                Ok(self.after_mfa_refusal(id, person, step_up, claims))
            }
            Err(e) => {
                check.neutral();
                self.persist().await;
                let err = CoreError::from(e);
                self.audit(&person.upn, "kiosk.pin_change", &person.upn, Err(&err))
                    .await;
                Err(err)
            }
        }
    }

    /// The people what a worker typed (a name or their UPN) may mean, before any manager is
    /// asked: one for a UPN, up to five for a name from the local directory cache (the worker
    /// picks one when there are several). Nobody found: the worker types their UPN.
    pub async fn find_worker(&self, typed: &str) -> Result<Vec<Person>> {
        approval::candidates(&self.store, typed).await
    }

    /// A manager approves the reset of one worker's PIN by signing in with the device code
    /// `show` puts on screen. `worker` is a person's id as [`Kiosk::find_worker`] returned it,
    /// or a UPN; it is bound before the sign-in starts, the prompt names it, and after the
    /// sign-in Graph must confirm the same person. The manager then confirms with
    /// [`Kiosk::reset_pin`].
    pub async fn manager_approve(
        &self,
        worker: &str,
        show: impl FnOnce(DeviceCodePrompt),
    ) -> Result<ResetApproval> {
        let bound = approval::bind(&self.store, worker).await?;
        let purpose = ApprovalPurpose::ResetPin {
            worker: bound.clone(),
        };
        let (id, tokens) = self
            .device_sign_in(MANAGER_SCOPES, Some(purpose), None, show)
            .await?;
        let manager = person_of(tokens.account.as_ref())?;
        let account = tokens.account.clone().unwrap_or_default();
        // Fail closed: only proof of a managing role in this tenant approves. An ID token
        // that lists no roles (the app registration does not emit `wids`) is not proof.
        let allowed = self.tenant.is_home(&account).await?
            && crate::roles::may_manage_methods(&account.roles);
        if !allowed {
            let err = CoreError::NotAManager;
            self.end(id);
            self.audit(&manager.upn, "kiosk.approve", &bound.upn, Err(&err))
                .await;
            return Err(err);
        }
        let graph = self.tenant.graph(tokens.access_token);
        if let Ok(policy) = graph.get_policy().await {
            if let Some(len) = policy.pin_length {
                self.pin_length.store(len.clamp(8, 20), Ordering::Relaxed);
            }
        }
        let worker = match approval::confirm(&graph, &bound).await {
            Ok(w) => w,
            Err(e) => {
                self.end(id);
                self.audit(&manager.upn, "kiosk.approve", &bound.upn, Err(&e))
                    .await;
                return Err(e);
            }
        };
        self.audit(&manager.upn, "kiosk.approve", &worker.upn, Ok(()))
            .await;
        self.install(
            id,
            Flow::Manager {
                id,
                graph,
                manager: manager.clone(),
                worker: worker.clone(),
            },
        )?;
        self.remember(&worker).await;
        Ok(ResetApproval { manager, worker })
    }

    /// The manager confirms the reset of the approved worker, whose object id is
    /// `worker_id`: the PIN of that worker, and of nobody else, is reset, and the flow ends
    /// (the manager's token is dropped before the temporary PIN is shown). Any other id ends
    /// the approval unused.
    pub async fn reset_pin(&self, worker_id: &str) -> Result<TemporaryPin> {
        // The approval is used up here, under the lock: a second reset (in parallel or later)
        // finds no flow.
        let (graph, manager, worker) = {
            let mut s = self.lock();
            if !matches!(s.flow, Flow::Manager { .. }) {
                return Err(CoreError::KioskFlowEnded);
            }
            match std::mem::replace(&mut s.flow, Flow::Idle) {
                Flow::Manager {
                    graph,
                    manager,
                    worker,
                    ..
                } => (graph, manager, worker),
                _ => return Err(CoreError::KioskFlowEnded),
            }
        };
        if worker.id.is_empty() || !worker.id.eq_ignore_ascii_case(worker_id.trim()) {
            drop(graph);
            let err = CoreError::InvalidInput(format!(
                "this approval is for {} only: start again",
                worker.upn
            ));
            self.audit(&manager.upn, "kiosk.pin_reset", &worker.upn, Err(&err))
                .await;
            return Err(err);
        }
        let result = graph.reset_pin(&Subject::user(&worker.id)).await;
        drop(graph);
        let result = result
            .map_err(CoreError::from)
            .and_then(|p| p.code.ok_or(CoreError::PinNotReturned));
        let audit_result = result.as_ref().map(|_| ());
        self.audit(&manager.upn, "kiosk.pin_reset", &worker.upn, audit_result)
            .await;
        Ok(TemporaryPin {
            worker,
            pin: result?.expose().to_owned(),
        })
    }

    /// A manager signs in to leave kiosk mode; only someone who may manage methods may. This
    /// sign-in asks for no Graph permission, so it can never reset a PIN, and a reset
    /// approval never leaves the kiosk.
    pub async fn approve_exit(&self, show: impl FnOnce(DeviceCodePrompt)) -> Result<Person> {
        // Only the ID token is needed (its roles and tenant): no Graph permission is asked.
        let (id, tokens) = self
            .device_sign_in(
                &["openid", "profile"],
                Some(ApprovalPurpose::LeaveKiosk),
                None,
                show,
            )
            .await?;
        self.end(id);
        let manager = person_of(tokens.account.as_ref())?;
        let account = tokens.account.unwrap_or_default();
        // Leaving the kiosk needs proof of a role in this tenant; an ID token that lists no
        // roles is not proof.
        let result = if self.tenant.is_home(&account).await?
            && crate::roles::may_manage_methods(&account.roles)
        {
            Ok(())
        } else {
            Err(CoreError::NotAManager)
        };
        self.audit(&manager.upn, "kiosk.exit", "", result.as_ref().copied())
            .await;
        result.map(|()| manager)
    }

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
        let signed_in = matches!(s.flow, Flow::Worker { .. } | Flow::Manager { .. });
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
        matches!(self.lock().flow, Flow::Worker { .. } | Flow::Manager { .. })
    }

    /// Stops the demo tenant, if any.
    pub async fn shutdown(self) {
        self.reset();
        self.tenant.stop().await;
    }

    async fn device_sign_in(
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
    fn install(&self, id: u64, flow: Flow) -> Result<()> {
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
    fn end(&self, id: u64) {
        let mut s = self.lock();
        if s.flow.id() == Some(id) {
            s.flow = Flow::Idle;
        }
    }

    /// A clone of the current flow (cheap: the Graph client is shared), after the idle check.
    fn touch_flow(&self) -> Flow {
        self.expire_idle();
        let mut s = self.lock();
        s.last_activity = Instant::now();
        s.flow.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn limiter(&self) -> std::sync::MutexGuard<'_, Limiter> {
        self.limiter.lock().unwrap_or_else(|p| p.into_inner())
    }

    async fn audit(
        &self,
        operator: &str,
        action: &str,
        target: &str,
        result: Result<(), &CoreError>,
    ) {
        let target = (!target.is_empty()).then_some(target);
        let entry = AuditEntry::of(operator, action, target, result);
        self.store.record_audit(&entry).await;
    }
}

/// Milliseconds as a duration (negative: zero).
fn ms(ms: i64) -> Duration {
    Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

fn person_of(account: Option<&Account>) -> Result<Person> {
    let a = account.ok_or_else(|| {
        CoreError::Graph(Box::new(GraphError::SignIn {
            error: "invalid_response".into(),
            description: "no ID token came back".into(),
        }))
    })?;
    Ok(Person {
        id: a.oid.clone().unwrap_or_default(),
        name: a.name.clone().unwrap_or_else(|| a.username.clone()),
        upn: a.username.clone(),
    })
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
