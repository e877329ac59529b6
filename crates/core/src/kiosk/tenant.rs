//! Where the kiosk signs people in and calls Graph: the demo tenant (started here) or the
//! Entra tenant in the settings. It holds no token: each flow gets its own and drops it.

use std::path::Path;
use std::sync::Arc;

use qrstation_graph::auth::{IdentityClient, StaticToken};
use qrstation_graph::{ApiVersion, Endpoints, GraphClient, Transport, TransportConfig};

use crate::demo::DemoTenant;
use crate::entra::EntraConfig;
use crate::{Result, Settings};

/// The tenant the kiosk works against.
#[derive(Debug)]
pub struct KioskTenant {
    endpoints: Endpoints,
    client_id: String,
    transport: Transport,
    demo: Option<DemoTenant>,
}

impl KioskTenant {
    /// The tenant `settings` names; the demo tenant is started (on its state file in
    /// `data_dir`).
    pub async fn open(data_dir: &Path, settings: &Settings) -> Result<KioskTenant> {
        match EntraConfig::from_settings(settings) {
            None => {
                let demo = DemoTenant::start(data_dir).await?;
                Ok(KioskTenant {
                    endpoints: demo.endpoints()?,
                    client_id: demo.client_id().to_owned(),
                    transport: Transport::new(TransportConfig::default())?,
                    demo: Some(demo),
                })
            }
            Some(config) => Ok(KioskTenant {
                endpoints: config.endpoints()?,
                client_id: config.client_id,
                transport: Transport::new(TransportConfig::default())?,
                demo: None,
            }),
        }
    }

    /// Whether this is the embedded demo tenant.
    pub fn is_demo(&self) -> bool {
        self.demo.is_some()
    }

    /// A client for the sign-in endpoints (no token cache: the kiosk keeps none).
    pub(crate) fn identity(&self) -> IdentityClient {
        IdentityClient::new(
            &self.endpoints,
            self.client_id.clone(),
            self.transport.clone(),
        )
    }

    /// A Graph client that uses `access_token` until it is dropped (no refresh).
    pub(crate) fn graph(&self, access_token: String) -> GraphClient {
        GraphClient::with_transport(
            &self.endpoints,
            ApiVersion::V1,
            self.transport.clone(),
            Arc::new(StaticToken::new(access_token)),
        )
    }

    /// Stops the demo tenant, if this is it.
    pub async fn stop(self) {
        if let Some(demo) = self.demo {
            demo.stop().await;
        }
    }
}
