//! The desktop app's sign-in state: at most one connected station at a time, demo tenant or
//! Entra, swapped atomically on sign-in and sign-out.

use std::path::PathBuf;

use serde::Serialize;
use tokio::sync::Mutex;
use ts_rs::TS;

pub use crate::connect::EntraSignIn;
use crate::connect::{Cancel, Connected, DeviceCode, SecretStore, Target};
use crate::entra::{EntraConfig, EntraConnection};
use crate::Settings;
use crate::{CoreError, Result, Station, Store};

/// The Entra tenant the settings name, or an error saying none is configured.
fn entra_config(settings: &Settings) -> Result<EntraConfig> {
    match Target::from_settings(settings) {
        Target::Entra(config) => Ok(config),
        _ => Err(CoreError::EntraNotConfigured),
    }
}

/// What a person needs to finish a device-code sign-in on another device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceCodeShown {
    /// The code the person types at the verification page.
    pub user_code: String,
    /// Where to type it.
    pub verification_uri: String,
    /// Entra's own sentence with both.
    pub message: String,
}

impl DeviceCodeShown {
    /// The parts of a device code a person may see (never the device code itself).
    pub fn of(code: &DeviceCode) -> DeviceCodeShown {
        DeviceCodeShown {
            user_code: code.user_code.clone(),
            verification_uri: code.verification_uri.clone(),
            message: code.message.clone(),
        }
    }
}

/// Who is signed in, for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    /// Whether an operator is signed in.
    pub signed_in: bool,
    /// The operator's UPN.
    pub operator: Option<String>,
    /// "Demo tenant" or "Microsoft Entra (tenant)".
    pub tenant_label: Option<String>,
    /// The operator's most relevant directory role in words ("Authentication Administrator",
    /// "No admin role"); `None` when the sign-in did not say (see `roles`).
    pub role: Option<String>,
    /// A warning about the tenant's cloud that the operator must see (QR code + PIN is
    /// documented for Microsoft's global cloud only); `None` when there is nothing to say.
    #[ts(optional = nullable)]
    pub cloud_warning: Option<String>,
}

struct Active {
    /// The station and what keeps it alive (the demo tenant, or the Entra connection, so
    /// that sign-out can delete its saved sign-in).
    connected: Connected,
    label: String,
    role: Option<String>,
}

/// Holds the current station.
pub struct StationSession {
    data_dir: PathBuf,
    store: Store,
    active: Mutex<Option<Active>>,
    last_touch: std::sync::Mutex<std::time::Instant>,
    /// Where saved sign-ins go; the OS keyring when `None`.
    secrets: Option<std::sync::Arc<dyn SecretStore>>,
}

impl StationSession {
    /// Nobody signed in yet.
    pub fn new(data_dir: PathBuf, store: Store) -> StationSession {
        StationSession {
            data_dir,
            store,
            active: Mutex::new(None),
            last_touch: std::sync::Mutex::new(std::time::Instant::now()),
            secrets: None,
        }
    }

    /// The same, keeping saved sign-ins in `secrets` rather than the OS keyring (tests).
    pub fn with_secret_store(mut self, secrets: std::sync::Arc<dyn SecretStore>) -> Self {
        self.secrets = Some(secrets);
        self
    }

    async fn connect(&self, config: &EntraConfig) -> Result<EntraConnection> {
        EntraConnection::with_secrets(config, self.secrets.clone()).await
    }

    /// Swaps in `connected` (stopping what was there) and says who is signed in.
    async fn swap_in(&self, connected: Connected, label: String) -> SessionInfo {
        let mut active = self.active.lock().await;
        stop(active.take()).await;
        *active = Some(Active {
            role: role_of(&connected),
            connected,
            label,
        });
        self.touch();
        describe(active.as_ref())
    }

    /// The local store (recent users, audit log) — readable without signing in.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Signs in to the demo tenant as `user` (its admin by default). The whole swap holds the
    /// lock, so two sign-ins at once cannot start two demo tenants on one state file.
    pub async fn sign_in_demo(&self, user: Option<&str>) -> Result<SessionInfo> {
        let mut active = self.active.lock().await;
        stop(active.take()).await;
        let connected = Target::Demo
            .open(&self.data_dir, self.store.clone(), user, None, None)
            .await?;
        *active = Some(Active {
            role: role_of(&connected),
            connected,
            label: "Demo tenant".into(),
        });
        self.touch();
        Ok(describe(active.as_ref()))
    }

    /// Adopts a station signed in elsewhere (an Entra session, or a test's); `wids` are the
    /// directory role ids the sign-in reported (empty when it did not).
    pub async fn adopt(&self, station: Station, label: String, wids: &[String]) -> SessionInfo {
        self.swap_in(Connected::adopt(station, wids), label).await
    }

    /// Signs in to the Entra tenant the settings name, through the system browser (`opener`)
    /// or a device code shown by `show`. With `stay_signed_in` the sign-in is saved in the OS
    /// keyring and the account (not a secret) in the settings, so the next start restores it;
    /// without, the refresh token lives in memory only and the next start asks again. Either
    /// way a saved sign-in of another account is deleted (one slot per tenant and app).
    pub async fn sign_in_entra(
        &self,
        how: EntraSignIn<'_>,
        stay_signed_in: bool,
        cancel: &Cancel,
    ) -> Result<SessionInfo> {
        // Managed configuration: the policy may forbid saving sign-ins (`signIn.staySignedInAllowed`).
        let stay_signed_in = stay_signed_in && crate::policy::enforce::stay_signed_in_allowed()?;
        let mut settings = Settings::load(&self.data_dir)?;
        let config = entra_config(&settings)?;
        let (connected, username) = Connected::sign_in_entra(
            &config,
            self.secrets.clone(),
            how,
            stay_signed_in,
            cancel,
            self.store.clone(),
        )
        .await?;
        settings.last_account = stay_signed_in.then_some(username);
        settings.save(&self.data_dir)?;
        Ok(self.swap_in(connected, settings.mode.label()).await)
    }

    /// Signs in silently with the saved account's refresh token (OS keyring), if there is one.
    pub async fn restore_entra(&self) -> Result<SessionInfo> {
        let settings = Settings::load(&self.data_dir)?;
        let config = entra_config(&settings)?;
        let user = settings
            .last_account
            .clone()
            .ok_or(CoreError::NotSignedIn)?;
        let connected = Target::Entra(config)
            .open(
                &self.data_dir,
                self.store.clone(),
                None,
                Some(&user),
                self.secrets.clone(),
            )
            .await?;
        Ok(self.swap_in(connected, settings.mode.label()).await)
    }

    /// Signs out: the saved sign-in is deleted from the OS keyring and `lastAccount` from the
    /// settings, so the next start asks again; the demo tenant (if any) stops, its state kept
    /// on disk. Also clears a saved sign-in nobody is using (a restore that failed).
    pub async fn sign_out(&self) -> Result<()> {
        let mut active = self.active.lock().await;
        let old = active.take();
        let mut settings = Settings::load(&self.data_dir)?;
        let last = settings.last_account.take();
        match old.as_ref().and_then(|a| a.connected.entra()) {
            Some(conn) => conn.sign_out(last.as_deref()).await?,
            None => {
                if let Target::Entra(config) = Target::from_settings(&settings) {
                    self.connect(&config)
                        .await?
                        .sign_out(last.as_deref())
                        .await?;
                }
            }
        }
        if last.is_some() {
            settings.save(&self.data_dir)?;
        }
        stop(old).await;
        Ok(())
    }

    /// Notes input from the person at the window (the idle sign-out counts from here).
    pub fn touch(&self) {
        if let Ok(mut t) = self.last_touch.lock() {
            *t = std::time::Instant::now();
        }
    }

    /// Signs out when nobody has touched the window for `idle`; true when it did.
    pub async fn sign_out_if_idle(&self, idle: std::time::Duration) -> Result<bool> {
        let quiet = self
            .last_touch
            .lock()
            .map(|t| t.elapsed())
            .unwrap_or_default();
        if quiet < idle || self.active.lock().await.is_none() {
            return Ok(false);
        }
        tracing::info!(
            idle_minutes = idle.as_secs() / 60,
            "signed out after inactivity"
        );
        self.sign_out().await?;
        Ok(true)
    }

    /// Who is signed in.
    pub async fn info(&self) -> SessionInfo {
        describe(self.active.lock().await.as_ref())
    }

    /// The current station (a cheap clone), or `core.not_signed_in`.
    pub async fn station(&self) -> Result<Station> {
        self.active
            .lock()
            .await
            .as_ref()
            .map(|a| a.connected.station().clone())
            .ok_or(CoreError::NotSignedIn)
    }
}

async fn stop(old: Option<Active>) {
    if let Some(active) = old {
        active.connected.stop().await;
    }
}

fn describe(active: Option<&Active>) -> SessionInfo {
    match active {
        Some(a) => SessionInfo {
            signed_in: true,
            operator: Some(a.connected.station().operator().to_owned()),
            tenant_label: Some(a.label.clone()),
            role: a.role.clone(),
            cloud_warning: a.connected.cloud_warning(),
        },
        None => SessionInfo {
            signed_in: false,
            operator: None,
            tenant_label: None,
            role: None,
            cloud_warning: None,
        },
    }
}

/// The role the header shows: from the sign-in's `wids` (tenant-wide roles), else from the
/// role assignments resolved at sign-in, which are the only place a role scoped to stores
/// (administrative units) shows up (#16 §1).
fn role_of(connected: &Connected) -> Option<String> {
    if let Some(crate::scoping::Scope::Units { units, .. }) = connected.station().scope() {
        if !units.is_empty() && !crate::roles::may_manage_methods(connected.roles()) {
            return Some(match units.len() {
                1 => "Manages one store".to_owned(),
                n => format!("Manages {n} stores"),
            });
        }
    }
    crate::roles::describe(connected.roles())
}
