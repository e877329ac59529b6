//! A real Microsoft Entra tenant: the sign-in session (MSAL conventions: auth code + PKCE in
//! the system browser, or device code), its refresh token in the OS keyring (memory when there
//! is none), and a badge station over it.

use std::{path::PathBuf, sync::Arc};

use qrstation_graph::auth::{
    os_secret_store, Account, BrowserOpener, BrowserSignIn, Cancel, CredentialStorage, DeviceCode,
    IdentityClient, SecretStore, Session,
};
use qrstation_graph::{ApiVersion, Cloud, Endpoints, GraphClient, Transport, TransportConfig};

use crate::{scopes::OPERATOR_SCOPES, Result, Station, Store};

/// How to reach a tenant. `authority`/`graph_url` override the global cloud's endpoints
/// (sovereign clouds, a test server).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntraConfig {
    /// Tenant id or domain, or `organizations`.
    pub tenant: String,
    /// The app registration's client id (a public client).
    pub client_id: String,
    /// Sign-in authority URL; `None`: the public cloud's.
    pub authority: Option<String>,
    /// Graph URL; `None`: the public cloud's.
    pub graph_url: Option<String>,
    /// An extra CA certificate (PEM) to trust: a TLS-inspecting proxy, the demo tenant's TLS.
    pub ca_cert: Option<PathBuf>,
}

impl EntraConfig {
    /// The tenant the settings name, if they name one (the demo tenant is not Entra).
    pub fn from_settings(settings: &crate::Settings) -> Option<EntraConfig> {
        match &settings.mode {
            crate::Mode::Entra { tenant, client_id } => Some(EntraConfig {
                tenant: tenant.clone(),
                client_id: client_id.clone(),
                authority: settings.authority.clone(),
                graph_url: settings.graph_url.clone(),
                ca_cert: None,
            }),
            crate::Mode::DemoTenant => None,
        }
    }

    /// The endpoints this configuration names.
    pub fn endpoints(&self) -> Result<Endpoints> {
        let global = Endpoints::for_cloud(Cloud::Global, &self.tenant)?;
        let authority = self
            .authority
            .clone()
            .unwrap_or_else(|| global.authority.to_string());
        let graph = self
            .graph_url
            .clone()
            .unwrap_or_else(|| global.graph.to_string());
        Ok(Endpoints::custom(&authority, &graph)?)
    }
}

/// A signed-in (or signing-in) connection to a tenant.
#[derive(Debug)]
pub struct EntraConnection {
    session: Arc<Session>,
    endpoints: Endpoints,
    transport: Transport,
}

impl EntraConnection {
    /// Prepares the session: endpoints checked, transport built, keyring probed.
    pub async fn new(config: &EntraConfig) -> Result<EntraConnection> {
        EntraConnection::with_secrets(config, None).await
    }

    /// [`EntraConnection::new`] keeping saved sign-ins in `secrets` instead of the OS keyring
    /// (tests: a store that outlives a simulated restart).
    pub async fn with_secrets(
        config: &EntraConfig,
        secrets: Option<Arc<dyn SecretStore>>,
    ) -> Result<EntraConnection> {
        let endpoints = config.endpoints()?;
        let transport = Transport::new(TransportConfig {
            extra_ca_pem: config.ca_cert.clone(),
            ..TransportConfig::default()
        })?;
        let identity = IdentityClient::new(&endpoints, config.client_id.clone(), transport.clone());
        let (store, storage) = match secrets {
            Some(s) => (s, CredentialStorage::Keyring),
            None => os_secret_store().await,
        };
        let session =
            Session::new(identity, OPERATOR_SCOPES, store, storage).for_graph(&endpoints.graph);
        Ok(EntraConnection {
            session: Arc::new(session),
            endpoints,
            transport,
        })
    }

    /// Where the refresh token is kept (keyring, or memory and why).
    pub fn storage(&self) -> &CredentialStorage {
        self.session.storage()
    }

    /// Signs in through the system browser and a one-shot loopback redirect.
    pub async fn sign_in_with_browser(
        &self,
        opener: &dyn BrowserOpener,
        cancel: &Cancel,
    ) -> Result<Account> {
        Ok(self
            .session
            .sign_in_with_browser(opener, &BrowserSignIn::default(), cancel)
            .await?)
    }

    /// Signs in with a device code shown by `show` (kiosks, headless machines).
    pub async fn sign_in_with_device_code(
        &self,
        show: impl FnOnce(&DeviceCode),
        cancel: &Cancel,
    ) -> Result<Account> {
        Ok(self.session.sign_in_with_device_code(show, cancel).await?)
    }

    /// Signs in interactively asking for `claims` (e.g. [`qrstation_graph::MFA_STEP_UP_CLAIMS`]
    /// when Graph answered `graph.mfa_required`): the browser when `device_code` is false,
    /// else a device code shown by `show`. A refresh token cannot satisfy claims.
    pub async fn sign_in_with_claims(
        &self,
        claims: &str,
        device_code: bool,
        opener: &dyn BrowserOpener,
        show: impl FnOnce(&DeviceCode),
        cancel: &Cancel,
    ) -> Result<Account> {
        Ok(if device_code {
            self.session
                .sign_in_with_device_code_claims(Some(claims), show, cancel)
                .await?
        } else {
            self.session
                .sign_in_with_browser_claims(
                    opener,
                    &BrowserSignIn::default(),
                    Some(claims),
                    cancel,
                )
                .await?
        })
    }

    /// Why QR code + PIN may not work on this tenant's cloud, or `None` for Microsoft's global
    /// cloud (and the demo tenant). The v1.0 pages of every QR code + PIN API carry Microsoft's
    /// "global service only" note (✅ global, ❌ US Government L4, L5 (DOD), China operated by
    /// 21Vianet); nothing is refused here, as the service is the judge.
    pub fn cloud_warning(&self) -> Option<String> {
        cloud_warning(&self.endpoints)
    }

    /// Signs in silently with the refresh token saved for `username`.
    pub async fn restore(&self, username: &str) -> Result<Account> {
        Ok(self.session.restore(username).await?)
    }

    /// Whether this sign-in is saved in the OS keyring ("stay signed in on this computer") or
    /// kept in memory until the app closes.
    pub fn set_stay_signed_in(&self, stay: bool) {
        self.session.set_persist(stay);
    }

    /// Forgets the tokens and deletes the saved sign-in (also `username`'s entry from older
    /// versions, when named).
    pub async fn sign_out(&self, username: Option<&str>) -> Result<()> {
        Ok(self.session.forget(username).await?)
    }

    /// A station acting as the signed-in `account`.
    pub fn station(&self, account: &Account, store: Store) -> Station {
        let graph = GraphClient::with_transport(
            &self.endpoints,
            ApiVersion::V1,
            self.transport.clone(),
            self.session.clone(),
        );
        Station::new(graph, store, account.username.clone())
            .with_account(account.tid.clone(), account.oid.clone())
    }
}

/// The tenant settings form: which tenant and app registration the station signs in to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TenantSettings {
    /// Tenant id or domain, or `organizations`.
    pub tenant: String,
    /// The app registration's client id.
    pub client_id: String,
    /// Sign-in authority URL for a national cloud; `None`: the public cloud's.
    pub authority: Option<String>,
    /// Graph URL for a national cloud; `None`: the public cloud's.
    pub graph_url: Option<String>,
}

impl TenantSettings {
    /// What the settings file says, if it names an Entra tenant.
    pub fn load(data_dir: &std::path::Path) -> Result<Option<TenantSettings>> {
        let s = crate::Settings::load(data_dir)?;
        Ok(EntraConfig::from_settings(&s).map(|c| TenantSettings {
            tenant: c.tenant,
            client_id: c.client_id,
            authority: c.authority,
            graph_url: c.graph_url,
        }))
    }

    /// Checks the values (the authority and Graph URL must be one national cloud's pair, or
    /// both loopback; see [`Endpoints::custom`]) and saves them; nothing is written when they
    /// are refused. A different tenant or app forgets the last account.
    pub fn save(&self, data_dir: &std::path::Path) -> Result<()> {
        let blank = |s: &Option<String>| s.clone().filter(|v| !v.trim().is_empty());
        if self.tenant.trim().is_empty() || self.client_id.trim().is_empty() {
            return Err(crate::CoreError::EntraIncomplete);
        }
        let config = EntraConfig {
            tenant: self.tenant.trim().to_owned(),
            client_id: self.client_id.trim().to_owned(),
            authority: blank(&self.authority),
            graph_url: blank(&self.graph_url),
            ca_cert: None,
        };
        config.endpoints()?;
        let mut s = crate::Settings::load(data_dir)?;
        let mode = crate::Mode::Entra {
            tenant: config.tenant,
            client_id: config.client_id,
        };
        if s.mode != mode {
            s.last_account = None;
        }
        s.mode = mode;
        s.authority = config.authority;
        s.graph_url = config.graph_url;
        s.save(data_dir)
    }
}

/// The warning for `endpoints` outside Microsoft's global cloud (see
/// [`EntraConnection::cloud_warning`]).
pub fn cloud_warning(endpoints: &Endpoints) -> Option<String> {
    (!endpoints.qr_pin_supported()).then(|| {
        let cloud = match endpoints.cloud() {
            Some(Cloud::UsGovL4) => "US Government L4",
            Some(Cloud::UsGovL5Dod) => "US Government L5 (DOD)",
            Some(Cloud::China) => "China operated by 21Vianet",
            _ => "this cloud",
        };
        format!(
            "Microsoft documents QR code + PIN sign-in for its global cloud only, not for {cloud}: creating or using QR code methods may fail on this tenant."
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_clouds_get_a_warning_the_global_cloud_and_loopback_do_not() {
        for cloud in Cloud::ALL {
            let e = Endpoints::for_cloud(cloud, "contoso.onmicrosoft.com").unwrap();
            let w = cloud_warning(&e);
            assert_eq!(w.is_none(), cloud == Cloud::Global, "{cloud:?}: {w:?}");
        }
        let china = Endpoints::for_cloud(Cloud::China, "t").unwrap();
        assert!(cloud_warning(&china).unwrap().contains("21Vianet"));
        let local = Endpoints::custom("http://127.0.0.1:5555/t", "http://127.0.0.1:5555").unwrap();
        assert!(cloud_warning(&local).is_none());
    }
}
