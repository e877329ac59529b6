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
