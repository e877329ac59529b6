//! What a create, rotate or reset hands back once: the QR code to print and the PIN to give
//! the worker. These values go to the screen or the printer and nowhere else: `Debug` is
//! redacted, and nothing here is ever written to the store or the log.

use std::fmt;

use base64::{engine::general_purpose::STANDARD, Engine};
use qrstation_graph::models::method::{ErrorCorrectionLevel, QrCode};
use qrstation_graph::Created;
use serde::Serialize;
use ts_rs::TS;

use super::summary::UserCard;

/// Standard (the badge) or temporary (a few hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum QrKindName {
    /// The long-lived code for a badge.
    Standard,
    /// The short-lived code for a lost badge.
    Temporary,
}

/// A QR code as Graph returned it at creation.
#[derive(Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IssuedQr {
    /// Which of the two codes.
    pub kind: QrKindName,
    /// The bytes the QR code encodes, base64: what the label renderer re-encodes.
    pub raw_content_base64: String,
    /// Graph's own image of the code, base64 (may be empty when the answer was lost).
    pub image_base64: String,
    /// What Graph's image is, from its bytes: `svg`, `png`, or `bin` when neither (Microsoft
    /// documents only "base64 binaryValue"; its example and the demo tenant give SVG).
    pub image_type: String,
    /// Graph's `image.version` (the QR version), if given.
    pub version: Option<i32>,
    /// `L`, `M`, `Q` or `H`.
    pub error_correction_level: Option<String>,
    /// When the code starts to work (unix ms).
    pub starts: Option<i64>,
    /// When it stops working (unix ms).
    pub expires: Option<i64>,
    /// The create took effect but its answer was lost: there is no image to print, and the
    /// code must be rotated to get one.
    pub image_lost: bool,
    /// Whether Graph's own image, read back as a QR code, encodes `rawContent`
    /// (`qrstation_label::verify`): `false` when it encodes something else or a PNG holds no
    /// readable code — show `rawContent`'s rendering, never Graph's picture, then; absent
    /// when not checked (SVG, no image). Badges always print from `rawContent`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub image_matches: Option<bool>,
}

impl fmt::Debug for IssuedQr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedQr")
            .field("kind", &self.kind)
            .field("version", &self.version)
            .field("expires", &self.expires)
            .field("image_lost", &self.image_lost)
            .finish_non_exhaustive()
    }
}

impl IssuedQr {
    /// From a freshly created code.
    pub fn from_created(kind: QrKindName, created: &Created<QrCode>) -> IssuedQr {
        IssuedQr::from_code(kind, created.value(), created.response_lost())
    }

    /// From a code as part of a created method.
    pub fn from_code(kind: QrKindName, code: &QrCode, lost: bool) -> IssuedQr {
        let image = code.image.as_ref();
        let raw = image
            .map(|i| STANDARD.encode(&i.raw_content))
            .unwrap_or_default();
        let image_matches = image.and_then(|i| check_image(&i.binary_value, &i.raw_content));
        IssuedQr {
            kind,
            image_matches,
            image_lost: lost || raw.is_empty(),
            raw_content_base64: raw,
            image_base64: image
                .map(|i| STANDARD.encode(&i.binary_value))
                .unwrap_or_default(),
            image_type: image
                .map(|i| i.format().extension())
                .unwrap_or("bin")
                .to_owned(),
            version: image.and_then(|i| i.version),
            error_correction_level: image.and_then(|i| i.error_correction_level).and_then(|l| {
                match l {
                    ErrorCorrectionLevel::L => Some("L".to_owned()),
                    ErrorCorrectionLevel::M => Some("M".to_owned()),
                    ErrorCorrectionLevel::Q => Some("Q".to_owned()),
                    ErrorCorrectionLevel::H => Some("H".to_owned()),
                    ErrorCorrectionLevel::Unknown => None,
                }
            }),
            starts: code.start_date_time.map(|t| t.timestamp_millis()),
            expires: code.expire_date_time.map(|t| t.timestamp_millis()),
        }
    }
}

/// Reads Graph's QR image back and compares it with `rawContent` (a warning, not a refusal:
/// the code is already live in Entra and the badge prints from `rawContent`; see "Printing" in
/// ARCHITECTURE.md). Logs the outcome's kind only, never either value.
fn check_image(image: &[u8], raw_content: &[u8]) -> Option<bool> {
    use qrstation_label::verify::{qr_image_matches, QrImageCheck};
    match qr_image_matches(image, raw_content) {
        QrImageCheck::Matches => Some(true),
        QrImageCheck::NotChecked => None,
        other => {
            tracing::warn!(
                check = ?other,
                "Graph's QR image does not read back as its rawContent; badges print from rawContent"
            );
            Some(false)
        }
    }
}

/// A PIN shown once to be handed to the worker.
#[derive(Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IssuedPin {
    /// The PIN, shown once and never stored.
    pub pin: String,
    /// The worker must change it at the next sign-in.
    pub must_change: bool,
}

/// The PIN's bytes are zeroed when the answer is dropped (after it was sent to the window).
impl Drop for IssuedPin {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.pin);
    }
}

impl zeroize::ZeroizeOnDrop for IssuedPin {}

impl fmt::Debug for IssuedPin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedPin")
            .field("pin", &"<redacted>")
            .field("must_change", &self.must_change)
            .finish()
    }
}

/// The outcome of an action that issues secrets: the refreshed card and what to hand out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Issued {
    /// The user and their method after the action.
    pub card: UserCard,
    /// The new code, when the action made one.
    pub qr: Option<IssuedQr>,
    /// The new PIN, when the action set one.
    pub pin: Option<IssuedPin>,
    /// Something the operator must read about what was done (the expiry a rotation kept, a
    /// step that failed after the new badge was made), in plain words; no secret.
    pub note: Option<String>,
}

impl Issued {
    /// Only the refreshed card: nothing to hand out.
    pub fn card_only(card: UserCard) -> Issued {
        Issued {
            card,
            qr: None,
            pin: None,
            note: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_pin_or_the_payload() {
        let pin = IssuedPin {
            pin: "48271953".into(),
            must_change: true,
        };
        let qr = IssuedQr {
            kind: QrKindName::Standard,
            raw_content_base64: "c2VjcmV0LXBheWxvYWQ=".into(),
            image_base64: "aW1hZ2U=".into(),
            image_type: "svg".into(),
            version: Some(7),
            error_correction_level: Some("H".into()),
            starts: None,
            expires: None,
            image_lost: false,
            image_matches: Some(true),
        };
        let text = format!("{pin:?} {qr:?}");
        assert!(!text.contains("48271953"), "{text}");
        assert!(!text.contains("c2VjcmV0"), "{text}");
        assert!(!text.contains("aW1hZ2U"), "{text}");
    }

    /// A code as Graph answers a create, with `image` as its `binaryValue`.
    fn code_with_image(raw: &[u8], image: &[u8]) -> QrCode {
        serde_json::from_value(serde_json::json!({
            "id": "c1",
            "image": {
                "binaryValue": STANDARD.encode(image),
                "rawContent": STANDARD.encode(raw),
                "version": 1,
            },
        }))
        .unwrap()
    }

    #[test]
    fn graphs_qr_image_is_checked_against_raw_content() {
        let raw = b"ms-qrpin:v1|jane@contoso.example|1a25|secret-part";
        let png_of = |payload: &[u8]| {
            let input = qrstation_label::BadgeInput {
                payload: payload.to_vec(),
                ecc: qrstation_label::Ecc::H,
                reported_version: None,
                display_name: "Jane".into(),
                upn: "jane@contoso.example".into(),
                department: None,
                valid_from: None,
                valid_until: None,
                onboarding: None,
                temporary: false,
                logo_png: None,
            };
            let t = qrstation_label::Template::find("cr80", None).unwrap();
            qrstation_label::render_badge(&input, &t, qrstation_label::Format::Png)
                .unwrap()
                .bytes
        };
        let issued = |image: &[u8]| {
            IssuedQr::from_code(QrKindName::Standard, &code_with_image(raw, image), false)
        };
        assert_eq!(issued(&png_of(raw)).image_matches, Some(true));
        let other = issued(&png_of(b"ms-qrpin:v1|someone-else|9|x"));
        assert_eq!(other.image_matches, Some(false), "a mismatch is flagged");
        assert!(
            !other.image_lost,
            "flagged, not refused: the badge prints from rawContent"
        );
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"></svg>"#;
        assert_eq!(issued(svg).image_matches, None, "SVG is not checked");
    }
}
