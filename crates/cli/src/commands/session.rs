//! `qrstation login` and `qrstation logout`: signing in to the Entra tenant (browser or
//! device code, optionally with a fresh multifactor sign-in) and out again.

use std::path::Path;

use qrstation_core::{
    connect::{Cancel, CredentialStorage, DeviceCode, MFA_STEP_UP_CLAIMS},
    entra::EntraConnection,
    Settings,
};

use crate::args::*;
use crate::connect::entra_config;
use crate::error::CliError;
use crate::output;

/// `login [--device-code] [--mfa]`.
pub async fn login(
    g: &Global,
    data_dir: &Path,
    device_code: bool,
    mfa: bool,
) -> Result<(), CliError> {
    let mut settings = Settings::load(data_dir)?;
    let config = entra_config(g, &settings).ok_or_else(|| {
        CliError::Usage("no tenant configured: pass --tenant and --client-id (the demo tenant needs no sign-in)".into())
    })?;
    let conn = EntraConnection::new(&config).await?;
    if let Some(w) = conn.cloud_warning() {
        eprintln!("warning: {w}");
    }
    let cancel = Cancel::new();
    let show = |code: &DeviceCode| {
        eprintln!("{}", code.message);
        eprintln!(
            "  code: {}   page: {}",
            code.user_code, code.verification_uri
        );
        if let Some(qr) = output::terminal_qr(&code.verification_uri) {
            eprintln!("  Or scan this with a phone to open the page:\n{qr}");
        }
    };
    let opener = |url: &url_open::Url| url_open::open(url);
    let account = if mfa {
        let claims = MFA_STEP_UP_CLAIMS;
        conn.sign_in_with_claims(claims, device_code, &opener, show, &cancel)
            .await?
    } else if device_code {
        conn.sign_in_with_device_code(show, &cancel).await?
    } else {
        conn.sign_in_with_browser(&opener, &cancel).await?
    };
    settings.mode = qrstation_core::Mode::Entra {
        tenant: config.tenant.clone(),
        client_id: config.client_id.clone(),
    };
    settings.authority = config.authority.clone();
    settings.graph_url = config.graph_url.clone();
    settings.last_account = Some(account.username.clone());
    settings.save(data_dir)?;
    match conn.storage() {
        CredentialStorage::Keyring => println!("Signed in as {} (kept in the OS keyring).", account.username),
        CredentialStorage::Memory { reason } => println!(
            "Signed in as {} — {reason}: the sign-in is kept in memory only and ends with this command.",
            account.username
        ),
    }
    Ok(())
}

/// `logout`.
pub async fn logout(g: &Global, data_dir: &Path) -> Result<(), CliError> {
    let mut settings = Settings::load(data_dir)?;
    if let (Some(config), Some(user)) = (entra_config(g, &settings), settings.last_account.clone())
    {
        let conn = EntraConnection::new(&config).await?;
        conn.sign_out(Some(&user)).await?;
    }
    settings.last_account = None;
    settings.save(data_dir)?;
    println!("Signed out.");
    Ok(())
}

/// Opening the system browser for the sign-in page.
mod url_open {
    pub use url::Url;

    pub fn open(url: &Url) -> Result<(), String> {
        eprintln!("Opening the sign-in page in your browser; if it does not open, visit:\n  {url}");
        // No browser (a server, a kiosk): the URL above is enough.
        let _ = qrstation_core::files::open_in_browser(url.as_str());
        Ok(())
    }
}
