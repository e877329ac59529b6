//! The standalone demo tenant: `qrstation-emulator [FLAGS]` (same flags as
//! `qrstation emulator serve`).

use clap::Parser;

#[derive(Parser)]
#[command(
    name = "qrstation-emulator",
    version,
    about = "Local emulator of Microsoft Graph's QR code + PIN API and the Microsoft identity platform"
)]
struct Cli {
    #[command(flatten)]
    serve: qrstation_emulator::ServeArgs,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match qrstation_emulator::serve(Cli::parse().serve).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
