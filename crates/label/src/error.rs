//! The one error type of `qrstation-label`, with a stable machine-readable code per variant.

/// Everything label rendering and printing can fail with. Never carries QR payload bytes.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum LabelError {
    /// QR versions run from 1 to 40.
    #[error(
        "QR code size {0} does not exist: sizes run from 1 to 40. Correct the label template."
    )]
    InvalidVersion(u8),
    /// The printer resolution is outside what any label printer has.
    #[error("A printer resolution of {0} dpi is not supported: use 100 to 1200 dpi. Correct the printer settings.")]
    InvalidDpi(u32),
    /// The QR code at the required size does not fit on the label.
    #[error("The QR code does not fit on this label: it needs {needed_in:.2} in, but the label has {available_in:.2} in. Choose a larger label or another template.")]
    DoesNotFit {
        /// Width the QR code needs, in inches.
        needed_in: f64,
        /// Width the label has for it, in inches.
        available_in: f64,
    },
    /// The QR payload was empty.
    #[error("Microsoft sent an empty QR code, so there is nothing to print. Make a new badge.")]
    EmptyPayload,
    /// The payload does not fit any QR version at the requested error-correction level.
    #[error("The QR code holds too much ({len} bytes) to draw at error correction level {ecc}. Make a new badge, or ask IT support.")]
    PayloadTooLong {
        /// The payload's length in bytes.
        len: usize,
        /// The error-correction level asked for (`L`, `M`, `Q`, `H`).
        ecc: char,
    },
    /// Graph reported an error-correction level this crate does not know.
    #[error("Microsoft asked for an unknown QR error correction level ({0:?}). Ask IT support.")]
    InvalidEcc(String),
    /// No template has this name.
    #[error("There is no label template named {0:?}. Pick one of the templates in the list.")]
    UnknownTemplate(String),
    /// A template file could not be read or is inconsistent.
    #[error("The label template {name:?} cannot be used ({reason}). Correct the template file or pick another template.")]
    InvalidTemplate {
        /// The template's name.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The template cannot be rendered in this format (for example Brother QL for a Zebra label).
    #[error("The label template {template:?} cannot be printed in the {format} format. Pick a template made for this printer.")]
    UnsupportedFormat {
        /// The template's name.
        template: String,
        /// The format asked for.
        format: String,
    },
    /// An output format name that does not exist.
    #[error("There is no output format named {0:?}. Use png, pdf, zpl or brother-ql.")]
    UnknownFormat(String),
    /// The logo is not a PNG this crate can read.
    #[error("The logo could not be read ({0}). Use a PNG image.")]
    InvalidLogo(String),
    /// The bundled or user font could not be used.
    #[error(
        "The font for the label could not be used ({0}). Pick another font, or ask IT support."
    )]
    Font(String),
    /// Writing an output or talking to a printer failed at the operating-system level.
    #[error("Something went wrong while {context} ({message}). Check the printer or the folder, and try again.")]
    Io {
        /// What was being done, e.g. the file written.
        context: String,
        /// What the OS said.
        message: String,
    },
    /// A printer or print server was not reachable.
    #[error(
        "The printer {printer:?} cannot be reached ({message}). Check that it is on and connected."
    )]
    PrinterUnreachable {
        /// The printer or server address.
        printer: String,
        /// What failed.
        message: String,
    },
    /// CUPS refused or failed the request.
    #[error("The print system refused the badge ({0}). Check the printer, then try again.")]
    Cups(String),
    /// A CUPS client (`lp`, `lpstat`, `lpoptions`) did not finish in time and was killed.
    #[error("The print system did not answer within {seconds:.1} seconds ({program} was stopped). Check the printer, then try again.")]
    CupsTimeout {
        /// The CUPS client that was stopped.
        program: String,
        /// How long it was given.
        seconds: f64,
    },
    /// A media name that is not a plain CUPS keyword (`A4`, `w162h90`, `Custom.62x100mm`).
    #[error(
        "The paper size {0:?} is not one the print system knows. Use a name like A4 or w162h90."
    )]
    InvalidMedia(String),
    /// A `file:` destination whose last component is a symbolic link: never followed, since
    /// the badge holds a secret.
    #[error("The file {0} is a link to another file, and a badge is never written through a link. Choose another file.")]
    FileIsSymlink(String),
    /// A `file:` destination that is neither a regular file nor a device (a directory, a
    /// pipe, a socket).
    #[error("The destination {0} is not a file or a printer. Choose another file.")]
    FileNotRegular(String),
    /// The label would need more printer dots than qrstation draws (a hostile or mistaken
    /// template, e.g. 1000 mm at 1200 dpi).
    #[error("The label would be too large to draw ({width} x {height} dots; at most {max_side} per side and {max_dots} in all). Correct the label size in the template.")]
    CanvasTooLarge {
        /// Label width in printer dots.
        width: u64,
        /// Label height in printer dots.
        height: u64,
        /// The most dots drawn along one side.
        max_side: u64,
        /// The most dots drawn in all.
        max_dots: u64,
    },
}

impl LabelError {
    /// Every code `code()` returns (the TypeScript `ErrorCode` union is made from these).
    pub fn all_codes() -> &'static [&'static str] {
        &[
            "label.invalid_version",
            "label.invalid_dpi",
            "label.does_not_fit",
            "label.empty_payload",
            "label.payload_too_long",
            "label.invalid_ecc",
            "label.unknown_template",
            "label.invalid_template",
            "label.unsupported_format",
            "label.unknown_format",
            "label.invalid_logo",
            "label.font",
            "label.io",
            "label.printer_unreachable",
            "label.cups",
            "label.cups_timeout",
            "label.invalid_media",
            "label.file_is_symlink",
            "label.file_not_regular",
            "label.canvas_too_large",
        ]
    }

    /// A stable code the UI and scripts can branch on, e.g. `label.does_not_fit`.
    pub fn code(&self) -> &'static str {
        match self {
            LabelError::InvalidVersion(_) => "label.invalid_version",
            LabelError::InvalidDpi(_) => "label.invalid_dpi",
            LabelError::DoesNotFit { .. } => "label.does_not_fit",
            LabelError::EmptyPayload => "label.empty_payload",
            LabelError::PayloadTooLong { .. } => "label.payload_too_long",
            LabelError::InvalidEcc(_) => "label.invalid_ecc",
            LabelError::UnknownTemplate(_) => "label.unknown_template",
            LabelError::InvalidTemplate { .. } => "label.invalid_template",
            LabelError::UnsupportedFormat { .. } => "label.unsupported_format",
            LabelError::UnknownFormat(_) => "label.unknown_format",
            LabelError::InvalidLogo(_) => "label.invalid_logo",
            LabelError::Font(_) => "label.font",
            LabelError::Io { .. } => "label.io",
            LabelError::PrinterUnreachable { .. } => "label.printer_unreachable",
            LabelError::Cups(_) => "label.cups",
            LabelError::CupsTimeout { .. } => "label.cups_timeout",
            LabelError::InvalidMedia(_) => "label.invalid_media",
            LabelError::FileIsSymlink(_) => "label.file_is_symlink",
            LabelError::FileNotRegular(_) => "label.file_not_regular",
            LabelError::CanvasTooLarge { .. } => "label.canvas_too_large",
        }
    }

    pub(crate) fn io(context: impl Into<String>, err: &std::io::Error) -> LabelError {
        LabelError::Io {
            context: context.into(),
            message: err.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One value of every variant.
    fn one_of_each() -> Vec<LabelError> {
        vec![
            LabelError::InvalidVersion(0),
            LabelError::InvalidDpi(0),
            LabelError::DoesNotFit {
                needed_in: 0.0,
                available_in: 0.0,
            },
            LabelError::EmptyPayload,
            LabelError::PayloadTooLong { len: 0, ecc: 'H' },
            LabelError::InvalidEcc(String::new()),
            LabelError::UnknownTemplate(String::new()),
            LabelError::InvalidTemplate {
                name: String::new(),
                reason: String::new(),
            },
            LabelError::UnsupportedFormat {
                template: String::new(),
                format: String::new(),
            },
            LabelError::UnknownFormat(String::new()),
            LabelError::InvalidLogo(String::new()),
            LabelError::Font(String::new()),
            LabelError::Io {
                context: String::new(),
                message: String::new(),
            },
            LabelError::PrinterUnreachable {
                printer: String::new(),
                message: String::new(),
            },
            LabelError::Cups(String::new()),
            LabelError::CupsTimeout {
                program: "lp".into(),
                seconds: 1.0,
            },
            LabelError::InvalidMedia(String::new()),
            LabelError::FileIsSymlink(String::new()),
            LabelError::FileNotRegular(String::new()),
            LabelError::CanvasTooLarge {
                width: 0,
                height: 0,
                max_side: 0,
                max_dots: 0,
            },
        ]
    }

    #[test]
    fn codes_are_dotted_and_unique() {
        let all = one_of_each();
        let mut codes: Vec<&str> = all.iter().map(LabelError::code).collect();
        assert!(codes.iter().all(|c| c.starts_with("label.") && c.len() > 6));
        codes.sort_unstable();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n, "a code is used twice");
    }

    /// Messages are for a store manager: sentences, no backticks and no codes.
    #[test]
    fn every_message_is_a_plain_sentence() {
        let all = one_of_each();
        assert_eq!(
            all.len(),
            LabelError::all_codes().len(),
            "a variant is missing"
        );
        for e in all {
            let text = e.to_string();
            assert!(!text.contains('`'), "{text}");
            assert!(text.starts_with(char::is_uppercase), "{text}");
            assert!(text.ends_with('.'), "{text}");
            for code in LabelError::all_codes() {
                assert!(!text.contains(code), "{text}");
            }
            assert!(!text.contains("CUPS"), "{text}");
        }
    }
}
