//! The error the UI receives from every command: `{code, message}`.

use serde::{Serialize, Serializer};
use ts_rs::TS;

/// What crosses the IPC boundary when a command fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorPayload {
    /// Stable, dotted, e.g. `core.invalid_settings`; the UI branches on it.
    pub code: String,
    /// One sentence for a person; never holds a PIN, QR payload or token.
    pub message: String,
}

/// The desktop shell's one error type: every crate's error, carried with its own code.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A core error (Graph's and the label crate's arrive inside it).
    #[error(transparent)]
    Core(#[from] qrstation_core::CoreError),
}

impl AppError {
    /// The stable code of the underlying error.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Core(e) => e.code(),
        }
    }

    /// The `{code, message}` the UI receives.
    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code().to_owned(),
            message: self.to_string(),
        }
    }
}

impl Serialize for AppError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.payload().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_serialise_as_exactly_code_and_message() {
        let err = AppError::from(qrstation_core::CoreError::InvalidSettings {
            path: "/data/settings.json".into(),
            reason: "expected value at line 1 column 1".into(),
        });
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            serde_json::json!({
                "code": "core.invalid_settings",
                "message": "settings file /data/settings.json is not valid: expected value at line 1 column 1"
            })
        );
    }
}
