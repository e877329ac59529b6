//! The CLI's side of connecting: its global options become core's [`Flags`] (the bearer
//! token read from the environment variable they name), and core's one resolver
//! ([`Target::resolve`]) turns them and the settings file into the demo tenant, a bearer
//! token or the saved Entra sign-in.

use std::path::Path;

use qrstation_core::{
    connect::{BearerToken, Connected, Flags, Target},
    entra::EntraConfig,
    Settings, Store,
};

use crate::{args::Global, error::CliError};

/// Core's flags from the global options; the token is read from the environment here.
fn flags(global: &Global) -> Result<Flags, CliError> {
    let access_token = match &global.access_token_env {
        Some(var) => Some(BearerToken::new(std::env::var(var).map_err(|_| {
            CliError::Usage(format!("environment variable {var} is not set"))
        })?)),
        None => None,
    };
    Ok(Flags {
        demo: global.demo,
        tenant: global.tenant.clone(),
        client_id: global.client_id.clone(),
        authority: global.authority.clone(),
        graph_url: global.graph_url.clone(),
        ca_cert: global.ca_cert.clone(),
        access_token,
    })
}

/// The Entra configuration from flags, then the settings file (`--demo` and a token aside:
/// `login` and `logout` are about the Entra tenant); `None` when neither names a tenant and a
/// client id.
pub fn entra_config(global: &Global, settings: &Settings) -> Option<EntraConfig> {
    let flags = Flags {
        demo: false,
        tenant: global.tenant.clone(),
        client_id: global.client_id.clone(),
        authority: global.authority.clone(),
        graph_url: global.graph_url.clone(),
        ca_cert: global.ca_cert.clone(),
        access_token: None,
    };
    match Target::resolve(settings, &flags) {
        Ok(Target::Entra(config)) => Some(config),
        _ => None,
    }
}

/// Connects as the options say: a token from the environment, the demo tenant (asked for, or
/// nothing configured), or the saved Entra sign-in.
pub async fn connect(global: &Global, data_dir: &Path) -> Result<Connected, CliError> {
    let settings = Settings::load(data_dir)?;
    let (store, _) = Store::open(data_dir).await?;
    let target = Target::resolve(&settings, &flags(global)?)?;
    if let Target::Entra(_) = &target {
        if settings.last_account.is_none() {
            return Err(CliError::SignInRequired(
                "not signed in: run `qrstation login`".into(),
            ));
        }
        if let Some(w) = target.cloud_warning() {
            eprintln!("warning: {w}");
        }
    }
    Ok(target
        .open(
            data_dir,
            store,
            global.as_user.as_deref(),
            settings.last_account.as_deref(),
            None,
        )
        .await?)
}

/// Stops the demo tenant (its state is on disk) and closes the database.
pub async fn finish(conn: Connected) {
    conn.station().store().clone().close().await;
    conn.stop().await;
}
