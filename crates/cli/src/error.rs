//! The one error type of the command line, its code and its exit status.

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Core(#[from] qrstation_core::CoreError),
    #[error(transparent)]
    Emulator(#[from] qrstation_emulator::EmulatorError),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    SignInRequired(String),
    #[error("cannot {0}")]
    Io(String),
    #[error("cannot start the async runtime: {0}")]
    Runtime(std::io::Error),
    #[error("cannot write JSON output: {0}")]
    Json(#[from] serde_json::Error),
    /// A bulk job stopped with rows whose outcome is not settled yet (resume it).
    #[error("{0}")]
    BulkIncomplete(String),
    /// A bulk job ended with failed rows or lost badges (each is in the results).
    #[error("{0}")]
    BulkRowsFailed(String),
}

impl CliError {
    /// The stable code of the underlying error, e.g. `core.invalid_settings`.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Core(e) => e.code(),
            CliError::Emulator(_) => "emulator.failed",
            CliError::Usage(_) => "cli.usage",
            CliError::SignInRequired(_) => "cli.sign_in_required",
            CliError::Io(_) => "cli.io",
            CliError::Runtime(_) => "cli.runtime",
            CliError::Json(_) => "cli.output",
            CliError::BulkIncomplete(_) => "cli.bulk_incomplete",
            CliError::BulkRowsFailed(_) => "cli.bulk_rows_failed",
        }
    }

    /// Graph's request-id, when Graph answered.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            CliError::Core(qrstation_core::CoreError::Graph(g)) => g.request_id(),
            _ => None,
        }
    }

    /// The documented exit status (see `qrstation --help`).
    pub fn exit_status(&self) -> u8 {
        let code = self.code();
        match code {
            "cli.usage" => 2,
            "cli.sign_in_required"
            | "graph.unauthorized"
            | "graph.forbidden"
            | "graph.mfa_required" => 3,
            c if c.starts_with("graph.sign_in") => 3,
            "graph.not_found" | "core.profile_not_found" => 4,
            "kiosk.no_bearer_token"
            | "core.invalid_time"
            | "core.invalid_lifetime"
            | "core.ends_before_start"
            | "core.expiry_in_past"
            | "core.entra_incomplete"
            | "core.entra_not_configured"
            | "core.bad_qr_payload"
            | "bulk.job_not_found"
            | "bulk.plan_blocked"
            | "bulk.plan_stale"
            | "bulk.busy"
            | "bulk.pin_slips_nowhere"
            | "core.invalid_profile"
            | "graph.pin_rejected"
            | "graph.lifetime_out_of_range"
            | "graph.method_exists"
            | "graph.active_code_exists"
            | "core.method_unusable"
            | "core.code_not_active" => 5,
            c if c.starts_with("pin.") => 5,
            "graph.throttled" | "graph.network" | "cli.bulk_incomplete" => 6,
            _ => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_statuses_follow_the_documented_table() {
        let pin: CliError =
            qrstation_core::CoreError::from(qrstation_core::PinRejection::Sequence).into();
        assert_eq!((pin.code(), pin.exit_status()), ("pin.sequence", 5));
        assert_eq!(CliError::Usage("x".into()).exit_status(), 2);
        assert_eq!(CliError::SignInRequired("x".into()).exit_status(), 3);
        assert_eq!(CliError::Io("x".into()).exit_status(), 1);
    }
}
