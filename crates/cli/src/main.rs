//! `qrstation`: the command line over qrstation-core, for scripts, checks and headless use.

mod error;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use error::CliError;

#[derive(Parser)]
#[command(
    name = "qrstation",
    version,
    about = "Issue and look after Microsoft Entra QR code + PIN sign-in methods"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show this installation: version, mode (demo tenant or Entra) and data directory.
    Info {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The demo tenant: a local emulator of Microsoft Graph and the identity platform.
    Emulator {
        #[command(subcommand)]
        command: EmulatorCommand,
    },
}

#[derive(Subcommand)]
enum EmulatorCommand {
    /// Serve the emulator until Ctrl-C (flags in docs/emulator.md).
    Serve(qrstation_emulator::ServeArgs),
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error [{}]: {e}", e.code());
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    match cli.command {
        Command::Info { json } => info(json),
        Command::Emulator {
            command: EmulatorCommand::Serve(args),
        } => serve_emulator(args),
    }
}

fn info(json: bool) -> Result<(), CliError> {
    let dir = qrstation_core::settings::data_dir()?;
    let info = qrstation_core::AppInfo::gather(env!("CARGO_PKG_VERSION"), &dir)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&info)?);
    } else {
        println!("{} {}", info.name, info.version);
        println!("mode:       {}", info.mode_label);
        println!("data dir:   {}", info.data_dir);
        println!("settings:   {}", info.settings_file);
    }
    Ok(())
}

fn serve_emulator(args: qrstation_emulator::ServeArgs) -> Result<(), CliError> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Runtime::new().map_err(CliError::Runtime)?;
    Ok(runtime.block_on(qrstation_emulator::serve(args))?)
}
