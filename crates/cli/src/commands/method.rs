//! `qrstation method …` and `qrstation pin …`: a person's QR code + PIN method and its PIN.

use chrono::{Duration, Utc};
use qrstation_core::{
    station::{CreateOptions, PinChoice},
    CoreError, Station,
};

use super::badge::{card_out, issued_out};
use super::input::{parse_time, read_line};
use super::json;
use crate::args::*;
use crate::error::CliError;

/// `method create|renew|delete|show`.
pub async fn run(g: &Global, st: &Station, command: MethodCommand) -> Result<(), CliError> {
    match command {
        MethodCommand::Show { user } => super::user::show(g, st, &user).await,
        MethodCommand::Create {
            user,
            start,
            expires,
            days,
            pin_stdin,
            generate_pin: _,
            replace_unusable,
            out,
        } => {
            let start = start.as_deref().map(parse_time).transpose()?;
            let expires = match (expires, days) {
                (Some(e), _) => Some(parse_time(&e)?),
                (None, Some(d)) => Some(start.unwrap_or_else(Utc::now) + Duration::days(d)),
                (None, None) => None,
            };
            let pin = if pin_stdin {
                PinChoice::Custom(read_line("PIN")?)
            } else {
                PinChoice::Generate
            };
            let opts = CreateOptions {
                start,
                expires,
                pin,
            };
            let issued = match st.create_method(&user, opts.clone()).await {
                Err(CoreError::MethodUnusable(_)) if replace_unusable => {
                    st.replace_method(&user, opts).await?
                }
                Err(e @ CoreError::MethodUnusable(_)) => {
                    eprintln!(
                        "Renew it (new badge and new PIN, nothing deleted): qrstation method renew {user}\nor delete it and create a new one: add --replace-unusable"
                    );
                    return Err(e.into());
                }
                other => other?,
            };
            issued_out(g, st, &issued, &out).await
        }
        MethodCommand::Renew { user, expires, out } => {
            let expires = expires.as_deref().map(parse_time).transpose()?;
            issued_out(g, st, &st.renew_method(&user, expires).await?, &out).await
        }
        MethodCommand::Delete { user } => card_out(g, st.delete_method(&user).await?),
    }
}

/// `pin reset|change`.
pub async fn pin(g: &Global, st: &Station, command: PinCommand) -> Result<(), CliError> {
    match command {
        PinCommand::Reset { user } => {
            issued_out(g, st, &st.reset_pin(&user).await?, &QrOut::default()).await
        }
        PinCommand::Change => {
            let current = read_line("current PIN")?;
            let new = read_line("new PIN")?;
            if let Err(e) = st.change_own_pin(&current, &new).await {
                if e.code() == "graph.mfa_required" {
                    eprintln!("Microsoft asks for a fresh multifactor sign-in before you change your own PIN: run `qrstation login --mfa` (add --device-code without a browser), then `qrstation pin change` again within 10 minutes.");
                }
                return Err(e.into());
            }
            if g.json {
                return json(&serde_json::json!({ "changed": true }));
            }
            println!("PIN changed.");
            Ok(())
        }
    }
}
