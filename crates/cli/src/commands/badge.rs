//! Where an issued QR code goes: a badge rendered and written or printed (directly or with a
//! printer profile), the raw QR image saved, the outcome printed.

use std::path::Path;

use base64::{engine::general_purpose::STANDARD, Engine};
use qrstation_core::{
    badge::{self, BadgeRequest},
    printer_profiles, profile_print,
    station::issued::Issued,
    DataDir, Station, Store,
};

use super::json;
use crate::args::*;
use crate::error::CliError;
use crate::out_format;
use crate::output;

/// Writes, prints and saves what an issued QR code asks for, then prints the outcome.
pub async fn issued_out(
    g: &Global,
    st: &Station,
    issued: &Issued,
    out: &QrOut,
) -> Result<(), CliError> {
    let wants_badge =
        out.badge.out.is_some() || out.badge.print.is_some() || out.badge.profile.is_some();
    let mut badge_done = false;
    if let (true, Some(qr)) = (wants_badge, &issued.qr) {
        match BadgeRequest::from_issued(qr, &issued.card.user) {
            Some(req) => {
                let user_id = Some(issued.card.user.id.as_str()).filter(|id| !id.is_empty());
                badge_out(st.store(), st.operator(), user_id, &req, &out.badge).await?;
                badge_done = true;
            }
            None => {
                eprintln!("No badge: the QR code's image was lost on the way; rotate the code.")
            }
        }
    }
    let saved = match (&out.qr_out, &issued.qr) {
        (Some(path), Some(qr)) if !qr.image_lost => {
            let bytes = STANDARD
                .decode(&qr.image_base64)
                .map_err(|e| CliError::Io(format!("decode the QR image: {e}")))?;
            // The file is named for what its bytes are (Graph documents only "base64"): an
            // SVG asked for as badge.png is saved as badge.svg.
            let path = out_format::with_extension(path, &qr.image_type);
            write_private(&path, &bytes)?;
            Some(path)
        }
        _ => None,
    };
    if g.json {
        return json(issued);
    }
    output::print_issued(issued, saved.as_deref(), badge_done);
    Ok(())
}

/// The badge destination of a command that issues a QR code.
pub fn qr_out_of(command: &Command) -> Option<&QrOut> {
    match command {
        Command::Method(MethodCommand::Create { out, .. })
        | Command::Method(MethodCommand::Renew { out, .. })
        | Command::Qr(QrCommand::Rotate { out, .. })
        | Command::Qr(QrCommand::Temp { out, .. })
        | Command::Qr(QrCommand::Extend { out, .. }) => Some(out),
        _ => None,
    }
}

/// Refuses a badge destination that cannot work (a file name contradicting the format).
pub fn check_badge_out(out: &BadgeOut) -> Result<(), CliError> {
    match &out.profile {
        Some(name) => {
            let data_dir = qrstation_core::settings::data_dir()?;
            let p = printer_profiles::profile(&data_dir, Some(name))?;
            let format = profile_print::profile_format(&p, &data_dir)?;
            out_format::check_profile_out(format.name(), out.out.as_deref())
        }
        None => out_format::badge_format(out.format.as_deref(), out.out.as_deref()).map(drop),
    }
}

/// Renders the badge and writes and/or prints it; prints the warnings a person must see.
pub async fn badge_out(
    store: &Store,
    operator: &str,
    user_id: Option<&str>,
    req: &BadgeRequest,
    out: &BadgeOut,
) -> Result<(), CliError> {
    let data_dir = qrstation_core::settings::data_dir()?;
    if let Some(name) = &out.profile {
        let p = printer_profiles::profile(&data_dir, Some(name))?;
        let (format, rendered) = profile_print::render_for_profile(req, &p, &data_dir)?;
        out_format::check_profile_out(format.name(), out.out.as_deref())?;
        for w in &rendered.warnings {
            eprintln!("warning: {w}");
        }
        if let Some(path) = &out.out {
            write_private(path, &rendered.bytes)?;
            eprintln!("Badge written to {}.", path.display());
        }
        profile_print::send_with_profile(store, operator, user_id, &req.upn, &rendered, format, &p)
            .await?;
        eprintln!(
            "Badge sent to {} with profile {:?} ({}, {}, {} cop{}).",
            p.printer,
            p.name,
            p.template,
            format.name(),
            p.copies(),
            if p.copies() == 1 { "y" } else { "ies" }
        );
        return Ok(());
    }
    let templates = DataDir::new(&data_dir).templates();
    let format = out_format::badge_format(out.format.as_deref(), out.out.as_deref())?;
    let rendered = badge::render(req, &out.template, &format, Some(&templates))?;
    for w in &rendered.warnings {
        eprintln!("warning: {w}");
    }
    if let Some(path) = &out.out {
        write_private(path, &rendered.bytes)?;
        eprintln!(
            "Badge written to {} ({}, {format}, QR {:.2} in).",
            path.display(),
            out.template,
            rendered.qr_width_in
        );
    }
    if let Some(printer) = &out.print {
        badge::print(
            store, operator, user_id, &req.upn, &rendered, &format, printer,
        )
        .await?;
        eprintln!("Badge sent to {printer}.");
    }
    Ok(())
}

/// Prints a person's card after a change that issued no QR code.
pub fn card_out(g: &Global, issued: Issued) -> Result<(), CliError> {
    if g.json {
        return json(&issued.card);
    }
    output::print_card(&issued.card);
    Ok(())
}

/// Writes a secret file readable by its owner only.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    Ok(qrstation_core::files::write_private(path, bytes)?)
}
