//! What each subcommand does: parse its input, call the station, print the outcome.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use base64::{engine::general_purpose::STANDARD, Engine};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use qrstation_core::{
    badge::{self, BadgeRequest},
    demo::DemoTenant,
    entra::EntraConnection,
    printer_profiles, profile_print,
    station::{issued::Issued, CreateOptions, PinChoice},
    AppInfo, CoreError, Settings,
};
use qrstation_graph::auth::{Cancel, CredentialStorage};
use serde::Serialize;

use crate::args::*;
use crate::connect::{connect, entra_config};
use crate::error::CliError;
use crate::out_format;
use crate::output;

pub fn info(global: &Global, data_dir: &Path) -> Result<(), CliError> {
    let info = AppInfo::gather(env!("CARGO_PKG_VERSION"), data_dir)?;
    if global.json {
        return json(&info);
    }
    println!("{} {}", info.name, info.version);
    println!("mode:       {}", info.mode_label);
    println!("data dir:   {}", info.data_dir);
    println!("settings:   {}", info.settings_file);
    Ok(())
}

pub async fn dispatch(cli: Cli, data_dir: PathBuf) -> Result<(), CliError> {
    let g = &cli.global;
    match cli.command {
        Command::Info => info(g, &data_dir),
        Command::Emulator(EmulatorCommand::Serve(args)) => {
            Ok(qrstation_emulator::serve(args).await?)
        }
        Command::Emulator(EmulatorCommand::Reset) => {
            let demo = DemoTenant::start(&data_dir).await?;
            demo.reset()?;
            demo.stop().await;
            println!("The demo tenant is back to its seed.");
            Ok(())
        }
        Command::Login { device_code, mfa } => login(g, &data_dir, device_code, mfa).await,
        Command::Badge(BadgeCommand::Templates) => {
            for name in badge::templates(Some(&data_dir.join("templates")))? {
                println!("{name}");
            }
            Ok(())
        }
        Command::Badge(BadgeCommand::Render {
            payload_base64,
            name,
            upn,
            department,
            valid_until,
            ecc,
            out,
        }) => {
            let req = BadgeRequest {
                payload_base64,
                error_correction_level: ecc,
                version: None,
                display_name: name,
                upn,
                department,
                valid_from: None,
                valid_until: valid_until
                    .as_deref()
                    .map(parse_time)
                    .transpose()?
                    .map(|t| t.timestamp_millis()),
                onboarding: None,
            };
            check_badge_out(&out)?;
            if out.out.is_none() && out.print.is_none() && out.profile.is_none() {
                return Err(CliError::Usage(
                    "say where the badge goes: --out FILE and/or --print PRINTER or --profile NAME"
                        .into(),
                ));
            }
            let (store, _) = qrstation_core::Store::open(&data_dir).await?;
            let result = badge_out(&store, "cli", None, &req, &out).await;
            store.close().await;
            result
        }
        Command::Printer(command) => crate::printer::run(g, &data_dir, command),
        Command::Logout => logout(g, &data_dir).await,
        Command::Bulk(BulkCommand::Status { job }) => {
            crate::bulk::status(g, &data_dir, job.as_deref()).await
        }
        command => {
            let conn = connect(g, &data_dir).await?;
            let result = station_command(g, &conn.station, command).await;
            conn.finish().await;
            result
        }
    }
}

async fn station_command(
    g: &Global,
    st: &qrstation_core::Station,
    command: Command,
) -> Result<(), CliError> {
    // Where a one-time image goes is checked before Graph makes it: a badge file whose name
    // contradicts its format must not cost the worker their badge code.
    if let Some(out) = qr_out_of(&command) {
        check_badge_out(&out.badge)?;
    }
    match command {
        Command::Bulk(cmd) => crate::bulk::command(g, st, cmd).await,
        Command::Whoami => {
            if g.json {
                return json(&serde_json::json!({ "operator": st.operator() }));
            }
            println!("{}", st.operator());
            Ok(())
        }
        Command::User(UserCommand::Search { query, limit }) => {
            let result = st.search_users(&query, limit).await?;
            if g.json {
                return json(&result);
            }
            output::print_search(&result);
            Ok(())
        }
        Command::User(UserCommand::Show { user })
        | Command::Method(MethodCommand::Show { user }) => {
            let card = st.user_card(&user).await?;
            if g.json {
                return json(&card);
            }
            output::print_card(&card);
            Ok(())
        }
        Command::Method(MethodCommand::Create {
            user,
            start,
            expires,
            days,
            pin_stdin,
            generate_pin: _,
            replace_unusable,
            out,
        }) => {
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
        Command::Method(MethodCommand::Renew { user, expires, out }) => {
            let expires = expires.as_deref().map(parse_time).transpose()?;
            issued_out(g, st, &st.renew_method(&user, expires).await?, &out).await
        }
        Command::Method(MethodCommand::Delete { user }) => {
            card_out(g, st.delete_method(&user).await?)
        }
        Command::Pin(PinCommand::Reset { user }) => {
            issued_out(g, st, &st.reset_pin(&user).await?, &QrOut::default()).await
        }
        Command::Pin(PinCommand::Change) => {
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
        Command::Qr(QrCommand::Rotate { user, expires, out }) => {
            let expires = expires.as_deref().map(parse_time).transpose()?;
            issued_out(g, st, &st.rotate_standard_code(&user, expires).await?, &out).await
        }
        Command::Qr(QrCommand::Temp { user, hours, out }) => {
            issued_out(g, st, &st.add_temporary_code(&user, hours).await?, &out).await
        }
        Command::Qr(QrCommand::DeleteTemp { user }) => {
            card_out(g, st.delete_temporary_code(&user).await?)
        }
        Command::Qr(QrCommand::Extend { user, expires, out }) => {
            let issued = st
                .extend_standard_code(&user, parse_time(&expires)?)
                .await?;
            if issued.qr.is_some() {
                return issued_out(g, st, &issued, &out).await;
            }
            card_out(g, issued)
        }
        Command::Policy(PolicyCommand::Show) => {
            let p = st
                .graph()
                .get_policy()
                .await
                .map_err(qrstation_core::CoreError::from)?;
            let view = serde_json::json!({
                "state": match p.state {
                    Some(qrstation_graph::models::MethodState::Enabled) => "enabled",
                    Some(qrstation_graph::models::MethodState::Disabled) => "disabled",
                    _ => "unknown",
                },
                "pinLength": p.pin_length,
                "standardQRCodeLifetimeInDays": p.standard_qr_code_lifetime_in_days,
            });
            if g.json {
                return json(&view);
            }
            println!(
                "state:                 {}",
                view["state"].as_str().unwrap_or("")
            );
            println!(
                "PIN length (minimum):  {}",
                p.pin_length.map_or("default".into(), |n| n.to_string())
            );
            println!(
                "badge lifetime (days): {}",
                p.standard_qr_code_lifetime_in_days
                    .map_or("default".into(), |n| n.to_string())
            );
            Ok(())
        }
        Command::Info
        | Command::Login { .. }
        | Command::Logout
        | Command::Emulator(_)
        | Command::Badge(_)
        | Command::Printer(_) => {
            unreachable!("handled before connecting")
        }
    }
}

async fn login(g: &Global, data_dir: &Path, device_code: bool, mfa: bool) -> Result<(), CliError> {
    let mut settings = Settings::load(data_dir)?;
    let config = entra_config(g, &settings).ok_or_else(|| {
        CliError::Usage("no tenant configured: pass --tenant and --client-id (the demo tenant needs no sign-in)".into())
    })?;
    let conn = EntraConnection::new(&config).await?;
    if let Some(w) = conn.cloud_warning() {
        eprintln!("warning: {w}");
    }
    let cancel = Cancel::new();
    let show = |code: &qrstation_graph::auth::DeviceCode| {
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
        let claims = qrstation_graph::MFA_STEP_UP_CLAIMS;
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

async fn logout(g: &Global, data_dir: &Path) -> Result<(), CliError> {
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

/// `2027-03-12` (midnight UTC) or RFC 3339.
fn parse_time(s: &str) -> Result<DateTime<Utc>, CliError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc())
        .map_err(|_| {
            CliError::Usage(format!(
                "{s:?} is not a date (YYYY-MM-DD) or an RFC 3339 time"
            ))
        })
}

/// One line from standard input, without its line break; never echoed, never logged.
fn read_line(what: &str) -> Result<String, CliError> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Io(format!("read the {what} from standard input: {e}")))?;
    let line = line.trim_end_matches(['\r', '\n']).to_owned();
    if line.is_empty() {
        return Err(CliError::Usage(format!(
            "expected the {what} on standard input"
        )));
    }
    Ok(line)
}

async fn issued_out(
    g: &Global,
    st: &qrstation_core::Station,
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
fn qr_out_of(command: &Command) -> Option<&QrOut> {
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
fn check_badge_out(out: &BadgeOut) -> Result<(), CliError> {
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
async fn badge_out(
    store: &qrstation_core::Store,
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
    let templates = data_dir.join("templates");
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

fn card_out(g: &Global, issued: Issued) -> Result<(), CliError> {
    if g.json {
        return json(&issued.card);
    }
    output::print_card(&issued.card);
    Ok(())
}

/// Writes a secret file readable by its owner only.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    Ok(qrstation_core::files::write_private(path, bytes)?)
}

pub(crate) fn json(value: &impl Serialize) -> Result<(), CliError> {
    println!("{}", serde_json::to_string_pretty(value)?);
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
