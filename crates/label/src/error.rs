//! The one error type of `qrstation-label`, with a stable machine-readable code per variant.

/// Everything label rendering and printing can fail with. Never carries QR payload bytes.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum LabelError {
    /// QR versions run from 1 to 40.
    #[error("QR version {0} does not exist (1 to 40)")]
    InvalidVersion(u8),
    /// The printer resolution is outside what any label printer has.
    #[error("{0} dpi is not a printer resolution qrstation supports (100 to 1200)")]
    InvalidDpi(u32),
    /// The QR code at the required size does not fit on the label.
    #[error("the QR code needs {needed_in:.2} in but the label has {available_in:.2} in")]
    DoesNotFit { needed_in: f64, available_in: f64 },
}

impl LabelError {
    /// A stable code the UI and scripts can branch on, e.g. `label.does_not_fit`.
    pub fn code(&self) -> &'static str {
        match self {
            LabelError::InvalidVersion(_) => "label.invalid_version",
            LabelError::InvalidDpi(_) => "label.invalid_dpi",
            LabelError::DoesNotFit { .. } => "label.does_not_fit",
        }
    }
}
