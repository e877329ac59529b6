//! What a badge shows ([`BadgeInput`]) and the warnings a render can carry ([`Warning`]).

use crate::qr::Ecc;
use crate::template::Field;

/// Everything printed on one badge. `payload` is Graph's `rawContent`, decoded from base64:
/// a secret, redacted from `Debug` and never put in errors or logs.
#[derive(Clone, Default, PartialEq)]
pub struct BadgeInput {
    /// The bytes the QR code must carry, exactly.
    pub payload: Vec<u8>,
    /// Graph's `errorCorrectionLevel` (default H).
    pub ecc: Ecc,
    /// Graph's `image.version`, when it reported one.
    pub reported_version: Option<u8>,
    /// The worker's display name.
    pub display_name: String,
    /// The worker's user principal name.
    pub upn: String,
    /// Store or department.
    pub department: Option<String>,
    /// Start of validity, already formatted for display (e.g. `2026-11-22`).
    pub valid_from: Option<String>,
    /// End of validity, already formatted for display.
    pub valid_until: Option<String>,
    /// Optional onboarding line, e.g. "First sign-in: use your password once, then scan".
    pub onboarding: Option<String>,
    /// A temporary code: the validity line says TEMPORARY first, and `valid_until` should carry
    /// the time as well as the day (it lasts hours, not months).
    pub temporary: bool,
    /// Optional logo: PNG, JPEG or WebP bytes (`logo::GreyImage::decode`; the name is from
    /// when only PNG was read).
    pub logo_png: Option<Vec<u8>>,
}

impl std::fmt::Debug for BadgeInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BadgeInput")
            .field(
                "payload",
                &format_args!("<{} bytes redacted>", self.payload.len()),
            )
            .field("ecc", &self.ecc)
            .field("reported_version", &self.reported_version)
            .field("display_name", &self.display_name)
            .field("upn", &self.upn)
            .field("department", &self.department)
            .field("valid_from", &self.valid_from)
            .field("valid_until", &self.valid_until)
            .field("onboarding", &self.onboarding)
            .field("temporary", &self.temporary)
            .field("logo_png", &self.logo_png.as_ref().map(Vec::len))
            .finish()
    }
}

impl BadgeInput {
    /// The text of `field`, if the badge has one.
    pub fn text(&self, field: Field) -> Option<String> {
        let nonempty = |s: &Option<String>| s.as_ref().filter(|s| !s.trim().is_empty()).cloned();
        match field {
            Field::Name => Some(self.display_name.clone()).filter(|s| !s.trim().is_empty()),
            Field::Upn => Some(self.upn.clone()).filter(|s| !s.trim().is_empty()),
            Field::Department => nonempty(&self.department),
            Field::Onboarding => nonempty(&self.onboarding),
            Field::Validity if self.temporary => Some(match nonempty(&self.valid_until) {
                Some(b) => format!("TEMPORARY · valid until {b}"),
                None => "TEMPORARY code".to_owned(),
            }),
            Field::Validity => match (nonempty(&self.valid_from), nonempty(&self.valid_until)) {
                (Some(a), Some(b)) => Some(format!("Valid {a} – {b}")),
                (None, Some(b)) => Some(format!("Valid until {b}")),
                (Some(a), None) => Some(format!("Valid from {a}")),
                (None, None) => None,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_badge_says_so_and_until_when() {
        let mut b = BadgeInput {
            valid_from: Some("2026-12-01 09:00".into()),
            valid_until: Some("2026-12-01 12:00".into()),
            ..BadgeInput::default()
        };
        assert_eq!(
            b.text(Field::Validity).as_deref(),
            Some("Valid 2026-12-01 09:00 – 2026-12-01 12:00")
        );
        b.temporary = true;
        assert_eq!(
            b.text(Field::Validity).as_deref(),
            Some("TEMPORARY · valid until 2026-12-01 12:00")
        );
        b.valid_until = None;
        assert_eq!(b.text(Field::Validity).as_deref(), Some("TEMPORARY code"));
    }
}

/// Something the user should see before printing; the render still succeeded.
#[derive(Debug, Clone, PartialEq)]
pub enum Warning {
    /// The QR code is smaller than Microsoft's recommended 2 inches.
    QrBelowRecommended {
        /// The QR code's width on the label, in inches.
        width_in: f64,
    },
    /// Graph's reported QR version could not be used (see `qr::encode`).
    VersionMismatch {
        /// The version Graph reported.
        reported: u8,
        /// The version the code was drawn at.
        used: u8,
    },
    /// A field was shortened with an ellipsis because even the smallest size did not fit.
    TextShortened {
        /// The field shortened.
        field: Field,
    },
    /// A field was left off because the label has no room for it.
    FieldDropped {
        /// The field left off.
        field: Field,
    },
    /// A field has characters no bundled font has (e.g. Devanagari); they print as boxes.
    MissingGlyphs {
        /// The field with the missing glyphs.
        field: Field,
    },
    /// A field is in a script whose letters must be joined (Arabic); they print in the right
    /// order but unjoined.
    NotShaped {
        /// The field printed unjoined.
        field: Field,
    },
    /// A logo was given but the template has no logo box.
    LogoNotShown,
}

impl Warning {
    /// A stable code, e.g. `label.warn.qr_below_recommended`.
    pub fn code(&self) -> &'static str {
        match self {
            Warning::QrBelowRecommended { .. } => "label.warn.qr_below_recommended",
            Warning::VersionMismatch { .. } => "label.warn.version_mismatch",
            Warning::TextShortened { .. } => "label.warn.text_shortened",
            Warning::FieldDropped { .. } => "label.warn.field_dropped",
            Warning::MissingGlyphs { .. } => "label.warn.missing_glyphs",
            Warning::NotShaped { .. } => "label.warn.not_shaped",
            Warning::LogoNotShown => "label.warn.logo_not_shown",
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::QrBelowRecommended { width_in } => write!(
                f,
                "the QR code is {width_in:.2} in across, below the recommended 2 in; test that it scans"
            ),
            Warning::VersionMismatch { reported, used } => write!(
                f,
                "Graph reported QR version {reported}, but the payload needs version {used}; version {used} was printed"
            ),
            Warning::TextShortened { field } => write!(f, "the {field:?} text was too long and was shortened"),
            Warning::FieldDropped { field } => write!(f, "the {field:?} line did not fit and was left off"),
            Warning::MissingGlyphs { field } => write!(
                f,
                "the {field:?} text has characters the badge fonts lack; they print as boxes"
            ),
            Warning::NotShaped { field } => write!(
                f,
                "the {field:?} text is Arabic script, which prints with its letters unjoined; check it reads correctly"
            ),
            Warning::LogoNotShown => write!(f, "this template has no room for a logo"),
        }
    }
}
