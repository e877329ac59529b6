//! What each subcommand does: parse its input, call the station, print the outcome. This
//! file routes; each job has its own file.

mod badge;
mod config;
mod input;
mod method;
mod policy;
mod qr;
pub(crate) mod report;
mod session;
mod user;

use std::path::{Path, PathBuf};

use qrstation_core::{
    badge::{self as core_badge, BadgeRequest},
    demo::DemoTenant,
    AppInfo, DataDir, Station,
};

use crate::args::*;
use crate::connect::{connect, finish};
use crate::error::CliError;
pub(crate) use crate::output::json;
use badge::{badge_out, check_badge_out, qr_out_of};
use input::parse_time;

/// `qrstation info`: the version, the mode and where the files are.
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

/// Runs one subcommand.
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
        Command::Login { device_code, mfa } => session::login(g, &data_dir, device_code, mfa).await,
        Command::Badge(BadgeCommand::Templates) => {
            for name in core_badge::templates(Some(&DataDir::new(&data_dir).templates()))? {
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
                temporary: None,
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
        Command::Config(command) => config::run(g, &data_dir, command),
        Command::Logout => session::logout(g, &data_dir).await,
        Command::Bulk(BulkCommand::Status { job }) => {
            crate::bulk::status(g, &data_dir, job.as_deref()).await
        }
        command => {
            let conn = connect(g, &data_dir).await?;
            let result = station_command(g, conn.station(), command).await;
            finish(conn).await;
            result
        }
    }
}

async fn station_command(g: &Global, st: &Station, command: Command) -> Result<(), CliError> {
    // Where a one-time image goes is checked before Graph makes it: a badge file whose name
    // contradicts its format must not cost the worker their badge code.
    if let Some(out) = qr_out_of(&command) {
        check_badge_out(&out.badge)?;
    }
    match command {
        Command::Bulk(cmd) => crate::bulk::command(g, st, cmd).await,
        Command::Whoami => user::whoami(g, st),
        Command::User(cmd) => user::run(g, st, cmd).await,
        Command::Method(cmd) => method::run(g, st, cmd).await,
        Command::Pin(cmd) => method::pin(g, st, cmd).await,
        Command::Qr(cmd) => qr::run(g, st, cmd).await,
        Command::Policy(cmd) => policy::run(g, st, cmd).await,
        Command::Report(cmd) => report::run(g, st, cmd).await,
        Command::Info
        | Command::Login { .. }
        | Command::Logout
        | Command::Emulator(_)
        | Command::Badge(_)
        | Command::Printer(_)
        | Command::Config(_) => {
            unreachable!("handled before connecting")
        }
    }
}
