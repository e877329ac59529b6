//! Where the kiosk signs people in and calls Graph: the demo tenant (started here) or the
//! Entra tenant in the settings. It holds no token: each flow gets its own and drops it.

use std::path::Path;
use std::sync::Arc;

use qrstation_graph::auth::identity::is_guid;
use qrstation_graph::auth::{Account, IdentityClient, StaticToken};
use qrstation_graph::{ApiVersion, Endpoints, GraphClient, Transport, TransportConfig};

use crate::connect::Target;
#[cfg(feature = "demo-tenant")]
use crate::demo::DemoTenant;
use crate::{CoreError, Result, Settings};

/// The tenant the kiosk works against.
#[derive(Debug)]
pub struct KioskTenant {
    endpoints: Endpoints,
    client_id: String,
    transport: Transport,
    #[cfg(feature = "demo-tenant")]
    demo: Option<DemoTenant>,
    /// The tenant's id, known from the settings or read once from its OpenID metadata: an
    /// account from any other tenant may not approve anything here.
    tenant_id: tokio::sync::OnceCell<String>,
}

impl KioskTenant {
    /// The tenant `settings` names; the demo tenant is started (on its state file in
    /// `data_dir`).
    pub async fn open(data_dir: &Path, settings: &Settings) -> Result<KioskTenant> {
        match Target::from_settings(settings) {
            #[cfg(feature = "demo-tenant")]
            Target::Demo => {
                let demo = DemoTenant::start(data_dir).await?;
                Ok(KioskTenant {
                    endpoints: demo.endpoints()?,
                    client_id: demo.client_id().to_owned(),
                    transport: Transport::new(TransportConfig::default())?,
                    tenant_id: tokio::sync::OnceCell::new_with(Some(demo.tenant_id().to_owned())),
                    demo: Some(demo),
                })
            }
            #[cfg(not(feature = "demo-tenant"))]
            Target::Demo => {
                let _ = data_dir;
                Err(crate::connect::no_demo_tenant())
            }
            Target::Token { .. } => Err(CoreError::KioskNoBearerToken),
            Target::Entra(config) => {
                let tenant = config.tenant.trim().to_ascii_lowercase();
                if ["common", "organizations", "consumers"].contains(&tenant.as_str()) {
                    return Err(CoreError::KioskNeedsOneTenant(tenant));
                }
                let known = is_guid(&tenant).then_some(tenant);
                Ok(KioskTenant {
                    endpoints: config.endpoints()?,
                    client_id: config.client_id,
                    transport: Transport::new(TransportConfig::default())?,
                    #[cfg(feature = "demo-tenant")]
                    demo: None,
                    tenant_id: tokio::sync::OnceCell::new_with(known),
                })
            }
        }
    }

    /// Whether this is the embedded demo tenant.
    pub fn is_demo(&self) -> bool {
        #[cfg(feature = "demo-tenant")]
        return self.demo.is_some();
        #[cfg(not(feature = "demo-tenant"))]
        false
    }

    /// Whether `account` signed in to this tenant (its `tid`).
    pub(crate) async fn is_home(&self, account: &Account) -> Result<bool> {
        let ours = self
            .tenant_id
            .get_or_try_init(|| async { self.identity().tenant_id().await })
            .await?;
        Ok(account
            .tid
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case(ours)))
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
        #[cfg(feature = "demo-tenant")]
        if let Some(demo) = self.demo {
            demo.stop().await;
        }
    }
}
