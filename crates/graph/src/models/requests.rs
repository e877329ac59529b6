//! Request bodies: creating a method and the start/expiry window of a QR code.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::secret::Pin;
use super::time::ser_opt;

/// When a QR code starts and expires. Omitted dates are left to Graph's defaults (now and the
/// policy lifetime), which the Feb-2025 beta text allows and v1.0 calls required: send both
/// to a real tenant.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeWindow {
    /// When the code starts to work; `None` leaves it to Graph (now).
    #[serde(serialize_with = "ser_opt", skip_serializing_if = "Option::is_none")]
    pub start_date_time: Option<DateTime<Utc>>,
    /// When it expires; `None` leaves it to Graph (the policy lifetime).
    #[serde(serialize_with = "ser_opt", skip_serializing_if = "Option::is_none")]
    pub expire_date_time: Option<DateTime<Utc>>,
}

impl CodeWindow {
    /// Both dates given.
    pub fn new(start: DateTime<Utc>, expire: DateTime<Utc>) -> CodeWindow {
        CodeWindow {
            start_date_time: Some(start),
            expire_date_time: Some(expire),
        }
    }
}

/// `PUT …/qrCodePinMethod`: a standard code and the admin's temporary PIN.
#[derive(Debug, Clone, PartialEq)]
pub struct CreateMethod {
    /// When the new badge code starts and expires.
    pub standard_qr_code: CodeWindow,
    /// The PIN to set. `None` asks Graph to generate one, which only the admin center is
    /// documented to do: `qrstation-core` generates a policy-conforming PIN instead.
    pub pin: Option<Pin>,
}

impl CreateMethod {
    /// The JSON body as in the v1.0 example.
    pub fn to_body(&self) -> serde_json::Value {
        let mut body = serde_json::json!({
            "@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethod",
            "standardQRCode": self.standard_qr_code,
        });
        if let Some(pin) = &self.pin {
            body["pin"] = serde_json::json!({ "code": pin });
        }
        body
    }
}
