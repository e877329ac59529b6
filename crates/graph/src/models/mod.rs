//! Wire models for Microsoft Graph's QR code + PIN API, read tolerantly: unknown properties and
//! `@odata.*` annotations are ignored, timestamps carry 0 to 7 fractional digits,
//! `0001-01-01T00:00:00Z` means "never", and a PIN `code` that is null or empty is absent.

pub mod method;
pub mod policy;
pub mod requests;
pub mod secret;
pub mod time;
pub mod user;

pub use method::{
    AuthenticationMethod, ErrorCorrectionLevel, ImageFormat, QrCode, QrCodeImage, QrCodePinMethod,
    QrPin,
};
pub use policy::{ExcludeTarget, IncludeTarget, MethodState, PolicyUpdate, QrCodePinPolicy};
pub use requests::{CodeWindow, CreateMethod};
pub use secret::Pin;
pub use user::{User, UserPage};

/// Returns the object inside a `{"value": {...}}` wrapper (one published example wraps a single
/// qrCode that way), or the value itself when it is bare.
pub fn unwrap_value(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Object(mut map)
            if !map.contains_key("id") && map.get("value").is_some_and(|x| x.is_object()) =>
        {
            map.remove("value").unwrap_or_default()
        }
        other => other,
    }
}
