//! The one error type of `qrstation-emulator`.

/// Failures of the emulator itself (not the Graph errors it sends to clients on purpose).
///
/// Messages never carry secrets (PINs, QR contents, tokens).
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    /// The listening socket could not be opened.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address that was asked for.
        addr: String,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The state file could not be read or written.
    #[error("state file {path}: {source}")]
    StateIo {
        /// The state file.
        path: String,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// The state file exists but does not hold a state this emulator understands.
    #[error("state file {path} is not valid emulator state: {source}")]
    StateFormat {
        /// The state file.
        path: String,
        /// Why its JSON did not parse as emulator state.
        #[source]
        source: serde_json::Error,
    },
    /// A cryptographic primitive failed (key generation, signing, certificate creation).
    #[error("crypto failure: {0}")]
    Crypto(String),
    /// The TLS setup failed.
    #[error("TLS setup failed: {0}")]
    Tls(String),
    /// The CA certificate file could not be written.
    #[error("cannot write CA certificate to {path}: {source}")]
    CaFile {
        /// The file the CA certificate was to go to.
        path: String,
        /// What the OS said.
        #[source]
        source: std::io::Error,
    },
    /// A configuration value is out of range.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// Waiting for Ctrl-C failed.
    #[error("cannot wait for Ctrl-C: {0}")]
    Signal(#[source] std::io::Error),
}
