//! `qrstation`: the command line over qrstation-core, for scripts, checks and headless use.
//! Human output by default, `--json` for scripts; errors as one line with their code and
//! Graph's request-id; exit statuses as documented in `--help`.

mod args;
mod bulk;
mod commands;
mod connect;
mod error;
mod out_format;
mod output;
mod printer;

use std::process::ExitCode;

use clap::Parser;

use args::{Cli, Command, EmulatorCommand};
use error::CliError;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let text = e.to_string();
            match e.request_id().filter(|id| !text.contains(*id)) {
                Some(id) => eprintln!("error [{}]: {e} (request-id: {id})", e.code()),
                None => eprintln!("error [{}]: {e}", e.code()),
            }
            ExitCode::from(e.exit_status())
        }
    }
}

fn run(cli: Cli) -> Result<(), CliError> {
    let filter = if matches!(cli.command, Command::Emulator(EmulatorCommand::Serve(_))) {
        "info"
    } else {
        "warn"
    };
    // RUST_LOG first, then the machine policy's `logLevel` (an unreadable policy is reported
    // by the command that needs it), then the default.
    let policy_level = qrstation_core::policy::log_level().ok().flatten();
    let filter = policy_level.as_deref().unwrap_or(filter);
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| filter.into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let data_dir = qrstation_core::settings::data_dir()?;
    if let Command::Info = cli.command {
        return commands::info(&cli.global, &data_dir);
    }
    // One qrstation per data directory (the app included), for as long as the command runs;
    // a stand-alone emulator serves its own state and may run beside them.
    let _lock = match cli.command {
        Command::Emulator(EmulatorCommand::Serve(_)) => None,
        _ => Some(qrstation_core::instance::InstanceLock::acquire(&data_dir)?),
    };
    if _lock.is_some() {
        // Badge sheets, PIN slips and badge files in exports/ past their retention go.
        if let Err(e) = qrstation_core::exports::sweep(&data_dir, qrstation_core::time::now_ms()) {
            eprintln!("warning [{}]: exports not swept: {e}", e.code());
        }
    }
    let runtime = tokio::runtime::Runtime::new().map_err(CliError::Runtime)?;
    runtime.block_on(commands::dispatch(cli, data_dir))
}
