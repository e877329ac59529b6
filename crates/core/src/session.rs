//! The desktop app's sign-in state: at most one connected station at a time, demo tenant or
//! Entra, swapped atomically on sign-in and sign-out.

use std::path::PathBuf;

use serde::Serialize;
use tokio::sync::Mutex;
use ts_rs::TS;

use crate::demo::{DemoTenant, DEMO_ADMIN};
use crate::{CoreError, Result, Station, Store};

/// Who is signed in, for the UI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub signed_in: bool,
    /// The operator's UPN.
    pub operator: Option<String>,
    /// "Demo tenant" or "Microsoft Entra (tenant)".
    pub tenant_label: Option<String>,
}

struct Active {
    station: Station,
    demo: Option<DemoTenant>,
    label: String,
}

/// Holds the current station.
pub struct StationSession {
    data_dir: PathBuf,
    store: Store,
    active: Mutex<Option<Active>>,
}

impl StationSession {
    /// Nobody signed in yet.
    pub fn new(data_dir: PathBuf, store: Store) -> StationSession {
        StationSession {
            data_dir,
            store,
            active: Mutex::new(None),
        }
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
        let demo = DemoTenant::start(&self.data_dir).await?;
        let operator = user.unwrap_or(DEMO_ADMIN);
        let station = match demo.station_as(operator, self.store.clone()) {
            Ok(station) => station,
            Err(e) => {
                demo.stop().await;
                return Err(e);
            }
        };
        *active = Some(Active {
            station,
            demo: Some(demo),
            label: "Demo tenant".into(),
        });
        Ok(describe(active.as_ref()))
    }

    /// Adopts a station signed in elsewhere (an Entra session).
    pub async fn adopt(&self, station: Station, label: String) -> SessionInfo {
        let mut active = self.active.lock().await;
        stop(active.take()).await;
        *active = Some(Active {
            station,
            demo: None,
            label,
        });
        describe(active.as_ref())
    }

    /// Signs out; the demo tenant (if any) stops, its state kept on disk.
    pub async fn sign_out(&self) {
        let mut active = self.active.lock().await;
        stop(active.take()).await;
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
            .map(|a| a.station.clone())
            .ok_or(CoreError::NotSignedIn)
    }
}

async fn stop(old: Option<Active>) {
    if let Some(Active {
        demo: Some(demo), ..
    }) = old
    {
        demo.stop().await;
    }
}

fn describe(active: Option<&Active>) -> SessionInfo {
    match active {
        Some(a) => SessionInfo {
            signed_in: true,
            operator: Some(a.station.operator().to_owned()),
            tenant_label: Some(a.label.clone()),
        },
        None => SessionInfo {
            signed_in: false,
            operator: None,
            tenant_label: None,
        },
    }
}
