//! The one error type of the command line, with the code it prints beside the message.

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(#[from] qrstation_core::CoreError),
    #[error(transparent)]
    Emulator(#[from] qrstation_emulator::EmulatorError),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    #[error("cannot write JSON output: {0}")]
    Json(#[from] serde_json::Error),
}

impl CliError {
    /// The stable code of the underlying error, e.g. `core.invalid_settings`.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Core(e) => e.code(),
            CliError::Emulator(_) => "emulator.failed",
            CliError::Runtime(_) => "cli.runtime",
            CliError::Json(_) => "cli.output",
        }
    }
}
