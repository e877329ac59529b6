//! Turning a [`Target`] into a connected station, and what keeps the connection alive.

use std::path::Path;
use std::sync::Arc;

use qrstation_graph::auth::{BrowserOpener, Cancel, DeviceCode, SecretStore, StaticToken};
use qrstation_graph::{ApiVersion, GraphClient, TransportConfig};

#[cfg(feature = "demo-tenant")]
use crate::demo::{DemoTenant, DEMO_ADMIN};
use crate::entra::{EntraConfig, EntraConnection};
use crate::{CoreError, Result, Station, Store};

use super::Target;

/// How to sign in to Entra interactively.
pub enum EntraSignIn<'a> {
    /// Authorization code + PKCE in the system browser.
    Browser(&'a dyn BrowserOpener),
    /// A device code, shown to the person by the callback.
    DeviceCode(Box<dyn FnOnce(&DeviceCode) + Send + 'a>),
}

/// A connected station and what keeps it alive: the demo tenant it runs on, or the Entra
/// session it signed in with (sign-out deletes its saved sign-in).
pub struct Connected {
    station: Station,
    #[cfg(feature = "demo-tenant")]
    demo: Option<DemoTenant>,
    entra: Option<EntraConnection>,
    roles: Vec<String>,
}

impl std::fmt::Debug for Connected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connected")
            .field("operator", &self.station.operator())
            .field("entra", &self.entra.is_some())
            .finish_non_exhaustive()
    }
}

impl Connected {
    /// A station signed in elsewhere (a test's), holding nothing else.
    pub fn adopt(station: Station, roles: &[String]) -> Connected {
        Connected {
            station,
            #[cfg(feature = "demo-tenant")]
            demo: None,
            entra: None,
            roles: roles.to_vec(),
        }
    }

    /// The station.
    pub fn station(&self) -> &Station {
        &self.station
    }

    /// The directory role ids the sign-in reported (empty when it did not).
    pub fn roles(&self) -> &[String] {
        &self.roles
    }

    /// The Entra session, when this is one.
    pub fn entra(&self) -> Option<&EntraConnection> {
        self.entra.as_ref()
    }

    /// Why QR code + PIN may not work on this tenant's cloud (Entra only).
    pub fn cloud_warning(&self) -> Option<String> {
        self.entra.as_ref().and_then(EntraConnection::cloud_warning)
    }

    /// Resolves where the operator may work (#16 §1: role assignments, the policy's pinned
    /// unit; `wids` when assignments are refused); a broken policy fails the sign-in. When
    /// Graph cannot be reached the station
    /// stays unresolved (unscoped: Graph still enforces the roles) and it is logged.
    async fn with_scope(self) -> Result<Connected> {
        if let Err(e) = self.station.resolve_scope(&self.roles).await {
            if e.code().starts_with("policy.") {
                return Err(e);
            }
            tracing::warn!(
                code = e.code(),
                "the operator's scope could not be resolved"
            );
        }
        Ok(self)
    }

    /// Stops the demo tenant, if this runs on it (its state is already on disk).
    pub async fn stop(self) {
        #[cfg(feature = "demo-tenant")]
        if let Some(demo) = self.demo {
            demo.stop().await;
        }
    }
}

/// The error for the demo tenant in a build without it.
#[cfg(not(feature = "demo-tenant"))]
pub(crate) fn no_demo_tenant() -> CoreError {
    CoreError::Demo(
        "this build has no demo tenant (built without the demo-tenant feature): configure a \
         Microsoft Entra tenant"
            .into(),
    )
}

impl Target {
    /// Connects without asking anyone: the demo tenant (started on its state file in
    /// `data_dir`) as `demo_user` (its admin when `None`); Entra by restoring `account`'s
    /// saved sign-in (`core.not_signed_in` when `None`), from `secrets` or the OS keyring; a
    /// bearer token as whoever it belongs to (`/me`).
    pub async fn open(
        self,
        data_dir: &Path,
        store: Store,
        demo_user: Option<&str>,
        account: Option<&str>,
        secrets: Option<Arc<dyn SecretStore>>,
    ) -> Result<Connected> {
        match self {
            #[cfg(feature = "demo-tenant")]
            Target::Demo => {
                crate::policy::enforce::demo_offered()?; // managed configuration
                let demo = DemoTenant::start(data_dir).await?;
                let operator = demo_user.unwrap_or(DEMO_ADMIN);
                let station = match demo.station_as(operator, store) {
                    Ok(station) => station,
                    Err(e) => {
                        demo.stop().await;
                        return Err(e);
                    }
                };
                let roles = demo.user_roles(operator).unwrap_or_default();
                Connected {
                    station,
                    demo: Some(demo),
                    entra: None,
                    roles,
                }
                .with_scope()
                .await
            }
            #[cfg(not(feature = "demo-tenant"))]
            Target::Demo => {
                let _ = (data_dir, demo_user);
                Err(no_demo_tenant())
            }
            Target::Entra(config) => {
                let account = account.ok_or(CoreError::NotSignedIn)?;
                let conn = EntraConnection::with_secrets(&config, secrets).await?;
                let account = conn.restore(account).await?;
                Connected::of_entra(conn, &account, store)
                    .with_scope()
                    .await
            }
            Target::Token {
                token,
                endpoints,
                ca_cert,
            } => {
                let graph = GraphClient::new(
                    &endpoints,
                    ApiVersion::V1,
                    TransportConfig {
                        extra_ca_pem: ca_cert,
                        ..TransportConfig::default()
                    },
                    Arc::new(StaticToken::new(token.into_inner())),
                )?;
                let me = graph.me().await?;
                let operator = me.user_principal_name.unwrap_or(me.id);
                Connected::adopt(Station::new(graph, store, operator), &[])
                    .with_scope()
                    .await
            }
        }
    }
}

impl Connected {
    fn of_entra(
        conn: EntraConnection,
        account: &qrstation_graph::auth::Account,
        store: Store,
    ) -> Connected {
        Connected {
            station: conn.station(account, store),
            #[cfg(feature = "demo-tenant")]
            demo: None,
            roles: account.roles.clone(),
            entra: Some(conn),
        }
    }

    /// Signs in to the Entra tenant `config` names, through the system browser or a device
    /// code. With `stay_signed_in` the sign-in is saved (in `secrets`, else the OS keyring);
    /// without, the refresh token lives in memory only. Returns the connection and the
    /// account's username.
    pub async fn sign_in_entra(
        config: &EntraConfig,
        secrets: Option<Arc<dyn SecretStore>>,
        how: EntraSignIn<'_>,
        stay_signed_in: bool,
        cancel: &Cancel,
        store: Store,
    ) -> Result<(Connected, String)> {
        let conn = EntraConnection::with_secrets(config, secrets).await?;
        // Managed configuration: the policy may forbid saving sign-ins.
        conn.set_stay_signed_in(
            stay_signed_in && crate::policy::enforce::stay_signed_in_allowed()?,
        );
        let account = match how {
            EntraSignIn::Browser(opener) => conn.sign_in_with_browser(opener, cancel).await?,
            EntraSignIn::DeviceCode(show) => conn.sign_in_with_device_code(show, cancel).await?,
        };
        let username = account.username.clone();
        let connected = Connected::of_entra(conn, &account, store)
            .with_scope()
            .await?;
        Ok((connected, username))
    }
}
