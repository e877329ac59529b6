//! The kiosk: a locked PIN station with no standing power. A worker changes their own PIN
//! after signing in on their phone with a device code; a manager approves a PIN reset the same
//! way. Each flow gets its own token, never cached, never written, and drops it the moment the
//! flow ends, is cancelled or times out.
//!
//! Approvals fail closed: only an ID token that lists a managing role (`wids`) in this
//! tenant approves; a reset approval is bound to one worker named before the manager signs
//! in, and an exit approval cannot reset (nor a reset approval exit).

//!
//! The jobs live apart: `flow` (the one flow at a time, its sign-in and idle end), `worker`
//! (a worker signs in and changes their PIN), `manager` (a manager approves a reset, resets,
//! or lets the kiosk be left), `forgot_badge` (a manager approves a temporary QR code for a
//! worker who forgot their badge, shown on screen once); this file holds the kiosk itself and
//! its wiring.

mod approval;
mod checking;
mod flow;
mod forgot_badge;
pub mod limiter;
mod manager;
mod persist;
mod qr;
pub mod settings;
pub mod start;
mod step_up;
pub mod tenant;
mod types;
mod worker;

use std::path::Path;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use qrstation_graph::auth::Account;
use qrstation_graph::GraphError;

use crate::scopes::WORKER_SCOPES;
use crate::store::audit::AuditEntry;
use crate::{CoreError, PinPolicy, Result, Settings, Store};
use flow::{Flow, State};
pub use forgot_badge::{DEFAULT_HOURS, MAX_HOURS, MIN_HOURS, SHOW_SECONDS};
use limiter::Limiter;
pub use settings::KioskSettings;
use tenant::KioskTenant;
pub use types::{
    ApprovalPurpose, BadgeApproval, DeviceCodePrompt, KioskInfo, Person, PinChange, ResetApproval,
    TemporaryBadge, TemporaryPin,
};

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

    /// Stops the demo tenant, if any.
    pub async fn shutdown(self) {
        self.reset();
        self.tenant.stop().await;
    }

    pub(super) fn limiter(&self) -> std::sync::MutexGuard<'_, Limiter> {
        self.limiter.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(super) async fn audit(
        &self,
        operator: &str,
        action: crate::store::audit::AuditAction,
        target: &str,
        result: Result<(), &CoreError>,
    ) {
        let target = (!target.is_empty()).then_some(target);
        let entry = AuditEntry::of(operator, action, target, result);
        self.store.record_audit(&entry).await;
    }
}

/// The person an ID token names (an error when no ID token came back).
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
