//! qrCodePinAuthenticationMethod, qrCode, qrPin, qrCodeImageDetails and the entries of a user's
//! authentication method list (graph-qr-api.md §2.1–2.4, E12).

use std::fmt;

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};

use super::secret::{de_opt_pin, Pin};
use super::time::de_opt;

/// A user's QR code + PIN method. `standardQRCode`, `temporaryQRCode` and `pin` come inline
/// (no `$expand` needed); each may be absent or null.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct QrCodePinMethod {
    pub id: String,
    #[serde(deserialize_with = "de_opt")]
    pub created_date_time: Option<DateTime<Utc>>,
    /// Only in the early beta shape.
    #[serde(deserialize_with = "de_opt")]
    pub last_used_date_time: Option<DateTime<Utc>>,
    #[serde(rename = "standardQRCode", alias = "standardQrCode")]
    pub standard_qr_code: Option<QrCode>,
    #[serde(rename = "temporaryQRCode", alias = "temporaryQrCode")]
    pub temporary_qr_code: Option<QrCode>,
    pub pin: Option<QrPin>,
}

/// A standard (badge, up to 395 days) or temporary (1–12 hours) QR code.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct QrCode {
    pub id: String,
    #[serde(deserialize_with = "de_opt")]
    pub created_date_time: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "de_opt")]
    pub start_date_time: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "de_opt")]
    pub expire_date_time: Option<DateTime<Utc>>,
    /// `None` when never used (`0001-01-01T00:00:00Z` or null).
    #[serde(deserialize_with = "de_opt")]
    pub last_used_date_time: Option<DateTime<Utc>>,
    /// Only in the answer that created the code; `null` on every GET.
    pub image: Option<QrCodeImage>,
}

impl QrCode {
    /// True when `now` lies in `[startDateTime, expireDateTime)` (missing bounds are open).
    pub fn is_active_at(&self, now: DateTime<Utc>) -> bool {
        self.start_date_time.is_none_or(|s| s <= now)
            && self.expire_date_time.is_none_or(|e| now < e)
    }
}

/// The PIN of a method. `code` is present only in the create and reset answers.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct QrPin {
    pub id: Option<String>,
    #[serde(deserialize_with = "de_opt_pin")]
    pub code: Option<Pin>,
    pub force_change_pin_next_sign_in: Option<bool>,
    #[serde(deserialize_with = "de_opt")]
    pub created_date_time: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "de_opt")]
    pub updated_date_time: Option<DateTime<Utc>>,
}

/// The QR code image, returned once. Holds the sign-in secret: `Debug` shows sizes only.
#[derive(Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct QrCodeImage {
    /// The image (an SVG in every realistic example), decoded from base64.
    #[serde(deserialize_with = "de_base64")]
    pub binary_value: Vec<u8>,
    /// The payload inside the code (`ms-qrpin:v1|upn|id|secret`), decoded from base64.
    #[serde(deserialize_with = "de_base64")]
    pub raw_content: Vec<u8>,
    /// The examples always say 1; treat it as informative only.
    pub version: Option<i32>,
    pub error_correction_level: Option<ErrorCorrectionLevel>,
}

impl fmt::Debug for QrCodeImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QrCodeImage")
            .field(
                "binary_value",
                &format_args!("<{} bytes>", self.binary_value.len()),
            )
            .field(
                "raw_content",
                &format_args!("<{} bytes redacted>", self.raw_content.len()),
            )
            .field("version", &self.version)
            .field("error_correction_level", &self.error_correction_level)
            .finish()
    }
}

/// How much of the code may be damaged and still scan. Read case-insensitively (the Entra
/// how-to writes `H`, Graph writes `l`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCorrectionLevel {
    L,
    M,
    Q,
    H,
    /// `unknownFutureValue` or anything newer.
    Unknown,
}

impl<'de> Deserialize<'de> for ErrorCorrectionLevel {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(match s.to_ascii_lowercase().as_str() {
            "l" => ErrorCorrectionLevel::L,
            "m" => ErrorCorrectionLevel::M,
            "q" => ErrorCorrectionLevel::Q,
            "h" => ErrorCorrectionLevel::H,
            _ => ErrorCorrectionLevel::Unknown,
        })
    }
}

fn de_base64<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    let Some(s) = Option::<String>::deserialize(d)? else {
        return Ok(Vec::new());
    };
    let s = s.trim();
    for engine in [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD] {
        if let Ok(bytes) = engine.decode(s) {
            return Ok(bytes);
        }
    }
    // The docs' placeholders ("Binary") are not base64: keep the text rather than fail.
    Ok(s.as_bytes().to_vec())
}

/// One entry of `GET …/authentication/methods`. Only the type and ids are read.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AuthenticationMethod {
    /// e.g. `#microsoft.graph.qrCodePinAuthenticationMethod`.
    #[serde(rename = "@odata.type")]
    pub odata_type: String,
    pub id: String,
    #[serde(deserialize_with = "de_opt")]
    pub created_date_time: Option<DateTime<Utc>>,
}

impl AuthenticationMethod {
    /// The type without the `#microsoft.graph.` prefix, e.g. `qrCodePinAuthenticationMethod`.
    pub fn kind(&self) -> &str {
        self.odata_type
            .trim_start_matches('#')
            .trim_start_matches("microsoft.graph.")
    }

    /// True for a QR code + PIN method.
    pub fn is_qr_code_pin(&self) -> bool {
        self.kind()
            .eq_ignore_ascii_case("qrCodePinAuthenticationMethod")
    }
}
