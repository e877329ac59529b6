//! Demo-tenant mode: the embedded emulator of Microsoft Graph and the identity platform,
//! started in-process on 127.0.0.1 with its state kept in the data directory (PINs hashed, no
//! QR secrets), so one run sees what the previous one did.

use std::{path::Path, sync::Arc};

use qrstation_emulator::{seed, Emulator, EmulatorConfig, Seed};
use qrstation_graph::{auth::StaticToken, ApiVersion, Endpoints, GraphClient, TransportConfig};

use crate::scopes::OPERATOR_SCOPES;
use crate::{CoreError, DataDir, Result, Station, Store};

/// The demo tenant's state file in the data directory.
pub use crate::data_dir::DEMO_STATE_FILE as STATE_FILE;
/// Who a demo station acts as by default: the tenant's admin.
pub const DEMO_ADMIN: &str = "admin@contoso-retail.onmicrosoft.com";

/// A running demo tenant.
pub struct DemoTenant {
    emulator: Emulator,
}

impl std::fmt::Debug for DemoTenant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoTenant")
            .field("base_url", &self.emulator.base_url())
            .finish()
    }
}

impl DemoTenant {
    /// Starts the demo tenant, persisted in `data_dir`.
    pub async fn start(data_dir: &Path) -> Result<DemoTenant> {
        DemoTenant::start_with(data_dir, |_| {}).await
    }

    /// Starts the demo tenant with its configuration changed by `tweak` first (tests: the
    /// documented behaviours the demo leaves off by default, hooks, faults).
    #[doc(hidden)]
    pub async fn start_with(
        data_dir: &Path,
        tweak: impl FnOnce(&mut EmulatorConfig),
    ) -> Result<DemoTenant> {
        let dir = DataDir::new(data_dir);
        dir.ensure()?;
        let mut config = EmulatorConfig {
            state_file: Some(dir.demo_state()),
            ..EmulatorConfig::default()
        };
        tweak(&mut config);
        let emulator = Emulator::start(config).await.map_err(demo_error)?;
        Ok(DemoTenant { emulator })
    }

    /// Where it listens, e.g. `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> String {
        self.emulator.base_url()
    }

    /// The demo tenant's domain.
    pub fn domain(&self) -> &'static str {
        seed::DOMAIN
    }

    /// The demo tenant's sign-in authority and Graph address.
    pub fn endpoints(&self) -> Result<Endpoints> {
        Ok(Endpoints::custom(
            &self.emulator.authority(seed::TENANT_ID),
            &self.emulator.base_url(),
        )?)
    }

    /// The demo tenant's id (the kiosk accepts accounts of this tenant only).
    pub fn tenant_id(&self) -> &'static str {
        seed::TENANT_ID
    }

    /// The client id of the demo tenant's qrstation app registration.
    pub fn client_id(&self) -> &'static str {
        seed::QRSTATION_CLIENT_ID
    }

    /// A Graph client signed in as `user` (UPN) of the demo tenant.
    pub fn graph_as(&self, user: &str) -> Result<GraphClient> {
        let token = self
            .emulator
            .mint_access_token(user, OPERATOR_SCOPES)
            .map_err(demo_error)?;
        let endpoints = Endpoints::custom(
            &self.emulator.authority(seed::TENANT_ID),
            &self.emulator.base_url(),
        )?;
        Ok(GraphClient::new(
            &endpoints,
            ApiVersion::V1,
            TransportConfig::default(),
            Arc::new(StaticToken::new(token)),
        )?)
    }

    /// The directory role ids `user` holds in the demo tenant.
    pub fn user_roles(&self, user: &str) -> Option<Vec<String>> {
        self.emulator.user_roles(user)
    }

    /// A station for `user` over `store`.
    pub fn station_as(&self, user: &str, store: Store) -> Result<Station> {
        Ok(Station::new(self.graph_as(user)?, store, user)
            .with_account(Some(seed::TENANT_ID.into()), None))
    }

    /// Back to the freshly seeded tenant.
    pub fn reset(&self) -> Result<()> {
        self.emulator.reset(Seed::Demo).map_err(demo_error)
    }

    /// Stops the emulator (its state is already on disk).
    pub async fn stop(self) {
        self.emulator.shutdown().await;
    }
}

fn demo_error(e: qrstation_emulator::EmulatorError) -> CoreError {
    CoreError::Demo(e.to_string())
}
