//! Turning the global options and the settings file into a connected badge station: the demo
//! tenant, a bearer token from the environment, or a signed-in Entra session.

use std::path::Path;
use std::sync::Arc;

use qrstation_core::{
    demo::{DemoTenant, DEMO_ADMIN},
    entra::{EntraConfig, EntraConnection},
    Mode, Settings, Station, Store,
};
use qrstation_graph::{
    auth::StaticToken, ApiVersion, Cloud, Endpoints, GraphClient, TransportConfig,
};

use crate::{args::Global, error::CliError};

/// A connected station and what keeps it alive.
pub struct Connected {
    pub station: Station,
    demo: Option<DemoTenant>,
}

impl Connected {
    /// Stops the demo tenant (its state is on disk) and closes the database.
    pub async fn finish(self) {
        self.station.store().clone().close().await;
        if let Some(demo) = self.demo {
            demo.stop().await;
        }
    }
}

/// The Entra configuration from flags, then the settings file; `None` when neither names a
/// tenant and a client id.
pub fn entra_config(global: &Global, settings: &Settings) -> Option<EntraConfig> {
    let (tenant, client_id) = match (&global.tenant, &global.client_id, &settings.mode) {
        (Some(t), Some(c), _) => (t.clone(), c.clone()),
        (t, c, Mode::Entra { tenant, client_id }) => (
            t.clone().unwrap_or_else(|| tenant.clone()),
            c.clone().unwrap_or_else(|| client_id.clone()),
        ),
        _ => return None,
    };
    Some(EntraConfig {
        tenant,
        client_id,
        authority: global
            .authority
            .clone()
            .or_else(|| settings.authority.clone()),
        graph_url: global
            .graph_url
            .clone()
            .or_else(|| settings.graph_url.clone()),
        ca_cert: global.ca_cert.clone(),
    })
}

/// Connects as the options say: a token from the environment, the demo tenant (asked for, or
/// nothing configured), or the saved Entra sign-in.
pub async fn connect(global: &Global, data_dir: &Path) -> Result<Connected, CliError> {
    let settings = Settings::load(data_dir)?;
    let (store, _) = Store::open(data_dir).await?;
    if let Some(var) = &global.access_token_env {
        let token = std::env::var(var)
            .map_err(|_| CliError::Usage(format!("environment variable {var} is not set")))?;
        let graph_url = global
            .graph_url
            .clone()
            .unwrap_or_else(|| Cloud::Global.graph_host().to_owned());
        // The authority of the Graph URL's own cloud (endpoints must be a pair); a loopback
        // Graph (a test server) gets a loopback authority on the same origin.
        let parsed = url::Url::parse(&graph_url).ok();
        let authority_base = match parsed.as_ref() {
            Some(u) if qrstation_graph::endpoints::is_loopback(u) => {
                u.origin().ascii_serialization()
            }
            Some(u) => Cloud::of_graph(u)
                .unwrap_or(Cloud::Global)
                .authority_host()
                .to_owned(),
            None => Cloud::Global.authority_host().to_owned(),
        };
        let authority = format!("{authority_base}/organizations");
        let endpoints = Endpoints::custom(&authority, &graph_url).map_err(core_err)?;
        let graph = GraphClient::new(
            &endpoints,
            ApiVersion::V1,
            TransportConfig {
                extra_ca_pem: global.ca_cert.clone(),
                ..TransportConfig::default()
            },
            Arc::new(StaticToken::new(token)),
        )
        .map_err(core_err)?;
        let me = graph.me().await.map_err(core_err)?;
        let operator = me.user_principal_name.unwrap_or(me.id);
        return Ok(Connected {
            station: Station::new(graph, store, operator),
            demo: None,
        });
    }
    let entra = if global.demo {
        None
    } else {
        entra_config(global, &settings)
    };
    match entra {
        None => {
            let demo = DemoTenant::start(data_dir).await?;
            let operator = global
                .as_user
                .clone()
                .unwrap_or_else(|| DEMO_ADMIN.to_owned());
            let station = demo.station_as(&operator, store)?;
            Ok(Connected {
                station,
                demo: Some(demo),
            })
        }
        Some(config) => {
            let username = settings.last_account.clone().ok_or_else(|| {
                CliError::SignInRequired("not signed in: run `qrstation login`".into())
            })?;
            let conn = EntraConnection::new(&config).await?;
            if let Some(w) = conn.cloud_warning() {
                eprintln!("warning: {w}");
            }
            let account = conn.restore(&username).await?;
            Ok(Connected {
                station: conn.station(&account, store),
                demo: None,
            })
        }
    }
}

fn core_err(e: qrstation_graph::GraphError) -> CliError {
    CliError::Core(e.into())
}
