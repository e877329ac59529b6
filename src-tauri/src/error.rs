//! The error the UI receives from every command: `{code, message}`, and `requestId` when
//! Microsoft Graph gave the failed call one.

use serde::{Serialize, Serializer};
use ts_rs::TS;

/// What crosses the IPC boundary when a command fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorPayload {
    /// Stable, dotted, e.g. `core.invalid_settings`; the UI branches on it (in TypeScript the
    /// `ErrorCode` union of `error_codes()`).
    #[ts(type = "ErrorCode")]
    pub code: String,
    /// Plain sentences for a person (what happened, what to do); never holds a PIN, QR
    /// payload or token, nor the code or request id.
    pub message: String,
    /// Graph's `request-id` of the failed call, for "Details for support"; sent only when
    /// the error came from a Graph answer that had one.
    #[serde(rename = "requestId", skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub request_id: Option<String>,
}

/// The code the UI gives a rejection that is not one of Rust's errors (`ui/src/ipc.ts`).
pub const UI_UNEXPECTED: &str = "ui.unexpected";

/// Every code a window can receive: every crate's, and the UI's own for anything else.
pub fn error_codes() -> Vec<&'static str> {
    let mut all = qrstation_core::CoreError::all_codes();
    all.push(UI_UNEXPECTED);
    all
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

    /// Graph's request-id of the failed call, when the error came from Graph.
    pub fn request_id(&self) -> Option<String> {
        match self {
            AppError::Core(e) => e.request_id(),
        }
    }

    /// The `{code, message, requestId?}` the UI receives.
    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            code: self.code().to_owned(),
            message: self.to_string(),
            request_id: self.request_id(),
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
    fn every_code_is_dotted_and_unique() {
        let codes = error_codes();
        let mut seen = std::collections::HashSet::new();
        for code in &codes {
            let (area, what) = code.split_once('.').expect("dotted");
            let snake =
                |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            assert!(snake(area) && snake(what), "{code} is not area.snake_case");
            assert!(seen.insert(code), "{code} is listed twice");
        }
    }

    /// Each `code()` is one exhaustive match, so every variant has an arm there: every code an
    /// arm returns must be in the list (a variant added without it fails here).
    #[test]
    fn every_code_a_variant_returns_is_listed() {
        let listed = error_codes();
        for (file, enum_name) in [
            ("../crates/core/src/error.rs", "CoreError"),
            ("../crates/core/src/pin.rs", "PinRejection"),
            ("../crates/graph/src/error.rs", "GraphError"),
            ("../crates/label/src/error.rs", "LabelError"),
        ] {
            let path = format!("{}/{file}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).unwrap();
            let arms: Vec<&str> = text
                .lines()
                .filter(|l| l.trim_start().starts_with(&format!("{enum_name}::")))
                .filter_map(|l| l.split_once("=> \"").map(|(_, rest)| rest))
                .filter_map(|rest| rest.split_once('"').map(|(code, _)| code))
                .collect();
            assert!(!arms.is_empty(), "no code() arm found in {file}");
            for code in arms {
                assert!(
                    listed.contains(&code),
                    "{file}: {code} is missing from all_codes()"
                );
            }
        }
    }

    /// Without a request id the payload is exactly `{code, message}`.
    #[test]
    fn errors_serialise_as_code_message_and_a_known_request_id() {
        let err = AppError::from(qrstation_core::CoreError::InvalidSettings {
            path: "/data/settings.json".into(),
            reason: "expected value at line 1 column 1".into(),
        });
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            serde_json::json!({
                "code": "core.invalid_settings",
                "message": "The settings file /data/settings.json cannot be used (expected value at line 1 column 1). Correct it, or remove it to go back to the default settings."
            })
        );
        // A Graph failure adds `requestId` (see ipc_tests: against the demo tenant).
        assert!(err.request_id().is_none());
    }
}
