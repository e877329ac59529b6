//! How an emulator instance is configured: address, seed, hooks, fault injection, TLS,
//! persistence, and the switches for behaviours Microsoft's docs leave open.

use std::net::SocketAddr;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Which tenant the emulator starts with (when no state file exists yet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Seed {
    /// About 50 frontline workers across four stores, a store manager with the
    /// Authentication Administrator role, an admin, and the QR policy enabled.
    Demo,
    /// Only the admin account and the default (disabled) policy.
    Empty,
}

/// How "don't repeat a sequence of 2-3 digits" is read (the docs only give examples:
/// `121212`, `123123`, `342342`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PinRepeatRule {
    /// Default: reject a PIN that contains, anywhere, a 2-digit block repeated three times in
    /// a row (`121212`) or a 3-digit block repeated twice in a row (`123123`).
    Substring,
    /// Reject only a PIN that is entirely one 2- or 3-digit block repeated (`12121212`).
    WholePin,
}

/// The Graph error code of the 404 for "the user exists but has no method / no such code".
/// The docs say only "404 Not Found".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MissingMethodCode {
    /// Default: `itemNotFound` (the code Graph uses for missing items of other resources).
    #[serde(rename = "itemNotFound")]
    ItemNotFound,
    /// `Request_ResourceNotFound`, the same code as a missing user.
    #[serde(rename = "Request_ResourceNotFound")]
    RequestResourceNotFound,
}

impl MissingMethodCode {
    /// The code as it goes on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ItemNotFound => "itemNotFound",
            Self::RequestResourceNotFound => "Request_ResourceNotFound",
        }
    }
}

/// Whether writes to authentication methods are carried out inside `$batch` (undocumented).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BatchMethodWrites {
    /// Default: carried out like single requests.
    Accept,
    /// Each such item is answered 400 `BadRequest` "… not supported in JSON batch.".
    Refuse,
    /// Each such item is answered 405 `Request_BadRequest` (the docs' beta-in-v1.0 example).
    #[serde(rename = "refuse405")]
    Refuse405,
}

/// The JSON name of the qrPin "change the PIN at next sign-in" flag in answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ForceChangeProperty {
    /// Default: `forceChangePinNextSignIn` (the Graph resource page).
    #[serde(rename = "forceChangePinNextSignIn")]
    ForceChangePinNextSignIn,
    /// `isForcePinChangeRequired` (the Entra how-to's examples).
    #[serde(rename = "isForcePinChangeRequired")]
    IsForcePinChangeRequired,
}

impl ForceChangeProperty {
    /// The property name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ForceChangePinNextSignIn => "forceChangePinNextSignIn",
            Self::IsForcePinChangeRequired => "isForcePinChangeRequired",
        }
    }
}

/// The format of `image.binaryValue` (the docs show an SVG in one example, a PNG header in a
/// draft).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum QrImageFormat {
    /// Default: SVG.
    Svg,
    /// A real PNG (8-bit greyscale) of the same payload.
    Png,
}

/// Which admin PIN reset bodies are accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PinResetBody {
    /// Default: any of the documented and lenient shapes.
    #[serde(rename = "any")]
    Any,
    /// A body carrying `@odata.type` is 400 `badRequest` (a service that rejects the
    /// documented body, so a client's fallback can be tested).
    #[serde(rename = "noODataType")]
    NoODataType,
}

/// Switches for the places where Microsoft's docs contradict each other. The defaults are
/// what the real service most likely does; see `docs/emulator.md`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Compat {
    /// Status of `PATCH …/standardQRCode` when it updates an existing code: 200 (body), 201
    /// (body) or 204 (no body). Published example: 200.
    pub standard_update_status: u16,
    /// Status of the admin PIN reset `PATCH …/pin`: 201 (body, documented), 200 (body) or 204.
    pub pin_reset_status: u16,
    /// Status of `…/pin/updatePin`: 204 (documented) or 200 (no body).
    pub update_pin_status: u16,
    /// Status of the policy PATCH: 204 (beta example, Entra how-to) or 200 with the body.
    pub policy_patch_status: u16,
    /// Wrap `GET …/standardQRCode` / `temporaryQRCode` in `{"value": …}` as one published
    /// example does. Default false: OData returns a single-valued navigation bare.
    pub qr_get_value_wrapper: bool,
    /// Emit RFC 8628 `slow_down` when a device-code poll comes sooner than `interval`.
    /// Microsoft does not document it; default false.
    pub device_code_slow_down: bool,
    /// How the "repeated 2-3 digit sequence" PIN rule is read.
    pub pin_repeat_rule: PinRepeatRule,
    /// `errorCorrectionLevel` of generated QR images: `l`, `m`, `q` or `h`.
    pub qr_error_correction: char,
    /// Refuse a self-service write (the caller on their own methods) with 403 when the
    /// token's `amr` lacks `mfa`/`ngcmfa` and the sign-in is more than 10 minutes old.
    pub mfa_freshness: bool,
    /// Send the CAE-style `WWW-Authenticate … error="insufficient_claims", claims="…"` header
    /// with that 403 (false: the same 403 without it).
    pub mfa_challenge_header: bool,
    /// The code of the 404 for a missing method or code.
    pub missing_method_code: MissingMethodCode,
    /// PUT replaces a method whose codes have all expired (false: any existing method is
    /// `tooManyQRCodePinMethod`, "you must first delete existing respective objects").
    pub replace_inactive_method: bool,
    /// For this many milliseconds after a write to a user's method, reads of that user's
    /// method, codes and PIN see the state from before the write (0: off).
    pub replica_lag_ms: u64,
    /// Answer `$batch` items in a random (seeded) order.
    pub batch_shuffle: bool,
    /// Whether writes to authentication methods are carried out inside `$batch`.
    pub batch_method_writes: BatchMethodWrites,
    /// The JSON name of the qrPin force-change flag in answers.
    pub force_change_property: ForceChangeProperty,
    /// The format of `image.binaryValue`.
    pub qr_image_format: QrImageFormat,
    /// Which admin PIN reset bodies are accepted.
    pub pin_reset_body: PinResetBody,
}

impl Default for Compat {
    fn default() -> Self {
        Self {
            standard_update_status: 200,
            pin_reset_status: 201,
            update_pin_status: 204,
            policy_patch_status: 204,
            qr_get_value_wrapper: false,
            device_code_slow_down: false,
            pin_repeat_rule: PinRepeatRule::Substring,
            qr_error_correction: 'h',
            mfa_freshness: true,
            mfa_challenge_header: true,
            missing_method_code: MissingMethodCode::ItemNotFound,
            replace_inactive_method: true,
            replica_lag_ms: 0,
            batch_shuffle: false,
            batch_method_writes: BatchMethodWrites::Accept,
            force_change_property: ForceChangeProperty::ForceChangePinNextSignIn,
            qr_image_format: QrImageFormat::Svg,
            pin_reset_body: PinResetBody::Any,
        }
    }
}

/// Everything an emulator instance needs to start. `Default` is the demo tenant on
/// `127.0.0.1:0`, plain HTTP, no hooks, no faults, in memory.
#[derive(Debug, Clone)]
pub struct EmulatorConfig {
    /// Address to listen on. Port 0 picks a free port.
    pub bind: SocketAddr,
    /// Tenant to start with when there is no state file (or it does not exist yet).
    pub seed: Seed,
    /// Serve the test hooks under `/_emulator/…`.
    pub hooks: bool,
    /// Extra delay before every response, in milliseconds.
    pub latency_ms: u64,
    /// Graph requests per second before 429 (token bucket, burst = rate). `None`: off.
    pub throttle_rps: Option<u32>,
    /// Probability (0..=1) that a Graph request gets an injected fault (503, slow response
    /// or dropped connection).
    pub fault_rate: f64,
    /// Probability (0..=1) that a Graph request is carried out but its response is lost (the
    /// connection is closed after the change took effect): what a client must reconcile.
    pub lost_rate: f64,
    /// Probability (0..=1) that one request inside a `$batch` is answered 429 or 503 (half
    /// each) while the others in the same batch are served.
    pub item_fault_rate: f64,
    /// Synthetic frontline workers added to the demo seed (`worker0001@…`), for bulk tests.
    pub extra_users: usize,
    /// Seed of the fault-injection RNG (and of generated ids). `None`: random.
    pub rng_seed: Option<u64>,
    /// Reject what the docs call required but real clients often omit (see docs).
    pub strict: bool,
    /// Serve HTTPS with a freshly generated self-signed CA.
    pub tls: bool,
    /// Where to write the CA certificate (PEM) when `tls` is on. `None`: a file in the temp dir.
    pub ca_cert_path: Option<PathBuf>,
    /// JSON file to load the tenant from and save it to after every change. `None`: memory only.
    pub state_file: Option<PathBuf>,
    /// Seconds between device-code polls the emulator asks for (`interval`).
    pub device_code_interval: u64,
    /// Lifetime of a device code in seconds (`expires_in`, 900 at Microsoft).
    pub device_code_lifetime: i64,
    /// Lifetime of access tokens in seconds.
    pub access_token_lifetime: i64,
    /// Doc-contradiction switches.
    pub compat: Compat,
    /// Replication lag in milliseconds (see [`Compat::replica_lag_ms`]); when not 0 it
    /// overrides the value in `compat`.
    pub replica_lag_ms: u64,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            seed: Seed::Demo,
            hooks: false,
            latency_ms: 0,
            throttle_rps: None,
            fault_rate: 0.0,
            lost_rate: 0.0,
            item_fault_rate: 0.0,
            extra_users: 0,
            rng_seed: None,
            strict: false,
            tls: false,
            ca_cert_path: None,
            state_file: None,
            device_code_interval: 5,
            device_code_lifetime: 900,
            access_token_lifetime: 3599,
            compat: Compat::default(),
            replica_lag_ms: 0,
        }
    }
}

impl EmulatorConfig {
    /// The demo tenant with hooks on and a fixed RNG seed: what tests want.
    pub fn for_tests() -> Self {
        Self {
            hooks: true,
            rng_seed: Some(7),
            ..Self::default()
        }
    }

    /// Checks ranges that would otherwise fail later in surprising ways.
    pub fn validate(&self) -> Result<(), crate::EmulatorError> {
        for (name, rate) in [
            ("fault rate", self.fault_rate),
            ("lost rate", self.lost_rate),
            ("item fault rate", self.item_fault_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(crate::EmulatorError::Config(format!(
                    "{name} must be between 0 and 1, got {rate}"
                )));
            }
        }
        if self.throttle_rps == Some(0) {
            return Err(crate::EmulatorError::Config(
                "throttle rate must be at least 1 request per second".into(),
            ));
        }
        if !matches!(self.compat.qr_error_correction, 'l' | 'm' | 'q' | 'h') {
            return Err(crate::EmulatorError::Config(
                "QR error correction level must be one of l, m, q, h".into(),
            ));
        }
        Ok(())
    }
}
