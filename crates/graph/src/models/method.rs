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
    /// The method's id.
    pub id: String,
    /// When the method was created.
    #[serde(deserialize_with = "de_opt")]
    pub created_date_time: Option<DateTime<Utc>>,
    /// Only in the early beta shape.
    #[serde(deserialize_with = "de_opt")]
    pub last_used_date_time: Option<DateTime<Utc>>,
    /// The long-lived code printed on a badge (`standardQRCode`).
    #[serde(rename = "standardQRCode", alias = "standardQrCode")]
    pub standard_qr_code: Option<QrCode>,
    /// The short-lived code for a lost badge (`temporaryQRCode`).
    #[serde(rename = "temporaryQRCode", alias = "temporaryQrCode")]
    pub temporary_qr_code: Option<QrCode>,
    /// The PIN's metadata (and, on create, the PIN).
    pub pin: Option<QrPin>,
}

/// A standard (badge, up to 395 days) or temporary (1–12 hours) QR code.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct QrCode {
    /// The code's id.
    pub id: String,
    /// When the code was made.
    #[serde(deserialize_with = "de_opt")]
    pub created_date_time: Option<DateTime<Utc>>,
    /// When it starts to work for sign-in.
    #[serde(deserialize_with = "de_opt")]
    pub start_date_time: Option<DateTime<Utc>>,
    /// When it stops working.
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
#[serde(from = "QrPinWire")]
pub struct QrPin {
    /// The PIN's id.
    pub id: Option<String>,
    /// The PIN itself; only in the create and reset answers.
    pub code: Option<Pin>,
    /// `forceChangePinNextSignIn` (Graph reference pages) or `isForcePinChangeRequired` (the
    /// Entra how-to's examples, merill/entra-docs-mirror
    /// `docs/identity/authentication/how-to-authentication-qr-code.md`). Which spelling the
    /// service sends is not settled by the docs, so both are read.
    pub force_change_pin_next_sign_in: Option<bool>,
    /// When the PIN was set first.
    pub created_date_time: Option<DateTime<Utc>>,
    /// When the PIN was last changed.
    pub updated_date_time: Option<DateTime<Utc>>,
}

/// [`QrPin`] as it comes over the wire. The force-change flag has two documented spellings;
/// each is its own field (not a serde alias) so an answer carrying both still decodes: the
/// reference spelling wins.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct QrPinWire {
    id: Option<String>,
    #[serde(deserialize_with = "de_opt_pin")]
    code: Option<Pin>,
    force_change_pin_next_sign_in: Option<bool>,
    is_force_pin_change_required: Option<bool>,
    #[serde(deserialize_with = "de_opt")]
    created_date_time: Option<DateTime<Utc>>,
    #[serde(deserialize_with = "de_opt")]
    updated_date_time: Option<DateTime<Utc>>,
}

impl From<QrPinWire> for QrPin {
    fn from(w: QrPinWire) -> QrPin {
        QrPin {
            id: w.id,
            code: w.code,
            force_change_pin_next_sign_in: w
                .force_change_pin_next_sign_in
                .or(w.is_force_pin_change_required),
            created_date_time: w.created_date_time,
            updated_date_time: w.updated_date_time,
        }
    }
}

/// The QR code image, returned once. Holds the sign-in secret: `Debug` shows sizes only.
#[derive(Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct QrCodeImage {
    /// The image (an SVG in every realistic example; see [`QrCodeImage::format`]), decoded
    /// from base64.
    #[serde(deserialize_with = "de_base64")]
    pub binary_value: Vec<u8>,
    /// The payload inside the code (`ms-qrpin:v1|upn|id|secret`), decoded from base64.
    #[serde(deserialize_with = "de_base64")]
    pub raw_content: Vec<u8>,
    /// The examples always say 1; treat it as informative only.
    pub version: Option<i32>,
    /// How much of the code may be damaged and still read.
    pub error_correction_level: Option<ErrorCorrectionLevel>,
}

/// What kind of picture [`QrCodeImage::binary_value`] holds, told from its bytes. Microsoft's
/// pages call it only "base64-encoded binary"; every published client treats it as SVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// An SVG document (text starting with `<svg`, or an XML prolog / comment / doctype
    /// followed by an `<svg` element).
    Svg,
    /// A PNG file (the 8-byte PNG signature).
    Png,
    /// Anything else, including an empty value.
    Unknown,
}

impl ImageFormat {
    /// The file name extension to save these bytes with: `svg`, `png`, or `bin`.
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
            ImageFormat::Unknown => "bin",
        }
    }

    /// The media type: `image/svg+xml`, `image/png`, or `application/octet-stream`.
    pub fn mime(self) -> &'static str {
        match self {
            ImageFormat::Svg => "image/svg+xml",
            ImageFormat::Png => "image/png",
            ImageFormat::Unknown => "application/octet-stream",
        }
    }

    /// Sniffs `bytes`: the PNG signature, or an SVG root element within the first 4 KiB
    /// (after an optional UTF-8 byte order mark, white space, XML prolog, comments or
    /// doctype).
    pub fn sniff(bytes: &[u8]) -> ImageFormat {
        const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
        if bytes.starts_with(PNG) {
            return ImageFormat::Png;
        }
        let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let head = &text[..text.len().min(4096)];
        let head = head.trim_ascii_start();
        if !head.starts_with(b"<") {
            return ImageFormat::Unknown;
        }
        let lower = head.to_ascii_lowercase();
        // The root element is the first `<` not opening `<?`, `<!`: it must be `<svg`.
        let mut rest: &[u8] = &lower;
        while let Some(i) = rest.iter().position(|b| *b == b'<') {
            rest = &rest[i..];
            match rest.get(1) {
                Some(b'!') if rest.starts_with(b"<!--") => {
                    let Some(end) = rest.windows(3).position(|w| w == b"-->") else {
                        return ImageFormat::Unknown;
                    };
                    rest = &rest[end + 3..];
                }
                Some(b'?') | Some(b'!') => rest = &rest[1..],
                _ => {
                    let is_svg = rest.starts_with(b"<svg")
                        && rest
                            .get(4)
                            .is_none_or(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'));
                    return if is_svg {
                        ImageFormat::Svg
                    } else {
                        ImageFormat::Unknown
                    };
                }
            }
        }
        ImageFormat::Unknown
    }
}

impl QrCodeImage {
    /// The format of [`QrCodeImage::binary_value`], sniffed from its bytes (not trusted from
    /// any declaration): save it with [`ImageFormat::extension`].
    pub fn format(&self) -> ImageFormat {
        ImageFormat::sniff(&self.binary_value)
    }
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
    /// Low: about 7 % of the code may be damaged.
    L,
    /// Medium: about 15 %.
    M,
    /// Quartile: about 25 %.
    Q,
    /// High: about 30 %.
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
    /// The method's id.
    pub id: String,
    /// When the method was registered.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_spellings_of_the_force_change_flag_are_read() {
        let pin = |j: &str| serde_json::from_str::<QrPin>(j).unwrap();
        assert_eq!(
            pin(r#"{"forceChangePinNextSignIn": true}"#).force_change_pin_next_sign_in,
            Some(true)
        );
        assert_eq!(
            pin(r#"{"isForcePinChangeRequired": false}"#).force_change_pin_next_sign_in,
            Some(false)
        );
        assert_eq!(pin("{}").force_change_pin_next_sign_in, None);
        // Both in one answer: no decode error, the reference spelling wins.
        let both = pin(r#"{"isForcePinChangeRequired": false, "forceChangePinNextSignIn": true}"#);
        assert_eq!(both.force_change_pin_next_sign_in, Some(true));
        let p = pin(r#"{"id":"p1","code":"73920485","updatedDateTime":"2026-01-27T10:00:00Z"}"#);
        assert_eq!(p.code.as_ref().map(Pin::expose), Some("73920485"));
        assert_eq!(p.id.as_deref(), Some("p1"));
        assert!(p.updated_date_time.is_some());
    }

    #[test]
    fn image_formats_are_sniffed_from_the_bytes() {
        let cases: &[(&[u8], ImageFormat)] = &[
            (b"<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>", ImageFormat::Svg),
            (b"\xEF\xBB\xBF  \n<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"x\">\n<!-- <b> -->\n<SVG>", ImageFormat::Svg),
            (b"<svg>", ImageFormat::Svg),
            (b"<svg", ImageFormat::Svg),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", ImageFormat::Png),
            (b"", ImageFormat::Unknown),
            (b"   ", ImageFormat::Unknown),
            (b"Binary", ImageFormat::Unknown),
            (b"<svgx>", ImageFormat::Unknown),
            (b"<html><svg></svg></html>", ImageFormat::Unknown),
            (b"<!-- <svg> -->", ImageFormat::Unknown),
            (b"<!-- unterminated <svg>", ImageFormat::Unknown),
            (b"\x89PNG", ImageFormat::Unknown),
            (b"GIF89a", ImageFormat::Unknown),
            (b"\xFF\xD8\xFF\xE0", ImageFormat::Unknown),
        ];
        for (bytes, want) in cases {
            assert_eq!(
                ImageFormat::sniff(bytes),
                *want,
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
        assert_eq!(ImageFormat::Svg.extension(), "svg");
        assert_eq!(ImageFormat::Png.extension(), "png");
        assert_eq!(ImageFormat::Unknown.extension(), "bin");
        assert_eq!(ImageFormat::Png.mime(), "image/png");
        let img: QrCodeImage = serde_json::from_value(serde_json::json!({
            "binaryValue": STANDARD.encode(b"\x89PNG\r\n\x1a\nrest"),
            "rawContent": STANDARD.encode(b"ms-qrpin:v1|x")
        }))
        .unwrap();
        assert_eq!(img.format(), ImageFormat::Png);
        assert_eq!(QrCodeImage::default().format(), ImageFormat::Unknown);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Sniffing any bytes never panics, and only a PNG signature or a `<svg` root reads as
        /// an image.
        #[test]
        fn sniffing_garbage_is_safe(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let f = ImageFormat::sniff(&bytes);
            match f {
                ImageFormat::Png => proptest::prop_assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n")),
                ImageFormat::Svg => proptest::prop_assert!(bytes.to_ascii_lowercase().windows(4).any(|w| w == b"<svg")),
                ImageFormat::Unknown => {}
            }
        }
    }
}
