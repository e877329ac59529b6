//! `qrstation qr …`: a person's badge codes (the standard code and the temporary one).

use qrstation_core::Station;

use super::badge::{card_out, issued_out};
use super::input::parse_time;
use crate::args::*;
use crate::error::CliError;

/// `qr rotate|temp|delete-temp|extend`.
pub async fn run(g: &Global, st: &Station, command: QrCommand) -> Result<(), CliError> {
    match command {
        QrCommand::Rotate { user, expires, out } => {
            let expires = expires.as_deref().map(parse_time).transpose()?;
            issued_out(g, st, &st.rotate_standard_code(&user, expires).await?, &out).await
        }
        QrCommand::Temp { user, hours, out } => {
            issued_out(g, st, &st.add_temporary_code(&user, hours).await?, &out).await
        }
        QrCommand::DeleteTemp { user } => card_out(g, st.delete_temporary_code(&user).await?),
        QrCommand::Extend { user, expires, out } => {
            let issued = st
                .extend_standard_code(&user, parse_time(&expires)?)
                .await?;
            if issued.qr.is_some() {
                return issued_out(g, st, &issued, &out).await;
            }
            card_out(g, issued)
        }
    }
}
