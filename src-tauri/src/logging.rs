//! Logging: to stderr and to `logs/qrstation.log` in the data directory (a person can attach
//! it to a bug report; the E2E suite keeps it on failure). Never log secrets.

use std::{path::Path, sync::Mutex};

use tracing_subscriber::{fmt, layer::SubscriberExt, util::SubscriberInitExt, EnvFilter};

/// Installs the global subscriber. `RUST_LOG` overrides the machine policy's `logLevel`,
/// which overrides the default level (info). When the log file cannot be opened the app still
/// runs and says why on stderr.
pub fn init(data_dir: &Path) -> Option<()> {
    // An unreadable policy is reported where the settings are loaded; logging still starts.
    let level = qrstation_core::policy::log_level().ok().flatten();
    let level = level.as_deref().unwrap_or("info");
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    let data_dir = qrstation_core::DataDir::new(data_dir);
    let dir = data_dir.logs();
    // Owner-only, like the rest of the data directory: the log names workers and operators.
    let file = qrstation_core::files::ensure_private_dir(&dir)
        .map_err(std::io::Error::other)
        .and_then(|()| qrstation_core::files::open_private_log(&data_dir.log_file()));
    let file_layer = match file {
        Ok(f) => Some(fmt::layer().with_ansi(false).with_writer(Mutex::new(f))),
        Err(e) => {
            eprintln!("qrstation: cannot open log file in {}: {e}", dir.display());
            None
        }
    };
    tracing_subscriber::registry()
        .with(filter)
        .with(fmt::layer().with_writer(std::io::stderr))
        .with(file_layer)
        .try_init()
        .ok()
}
