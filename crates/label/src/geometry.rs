//! QR code size on a printer: a whole number of dots per module, a 4-module quiet zone, and a
//! printed width of at least the requested minimum (2 in by default, per Microsoft's guidance
//! for QR code + PIN badges).

use crate::LabelError;

/// Modules of quiet zone on each side, as the QR specification requires.
pub const QUIET_ZONE_MODULES: u32 = 4;
/// Microsoft's recommended smallest printed QR code + PIN badge code: 2 by 2 inches.
pub const DEFAULT_MIN_WIDTH_IN: f64 = 2.0;

/// How one QR code is laid out in printer dots.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QrGeometry {
    /// Modules across the symbol, without quiet zone (21 for version 1, +4 per version).
    pub modules: u32,
    /// Printer dots per module: always whole, so every module prints the same size.
    pub dots_per_module: u32,
    /// Dots across, quiet zone included.
    pub width_dots: u32,
    /// Inches across, quiet zone included.
    pub width_in: f64,
}

impl QrGeometry {
    /// The smallest whole-dot layout of a version-`version` symbol at `dpi` that is at least
    /// `min_width_in` wide (quiet zone included) and no wider than `max_width_in`.
    pub fn fit(
        version: u8,
        dpi: u32,
        min_width_in: f64,
        max_width_in: f64,
    ) -> Result<QrGeometry, LabelError> {
        if !(1..=40).contains(&version) {
            return Err(LabelError::InvalidVersion(version));
        }
        if !(100..=1200).contains(&dpi) {
            return Err(LabelError::InvalidDpi(dpi));
        }
        let modules = 17 + 4 * u32::from(version);
        let total = modules + 2 * QUIET_ZONE_MODULES;
        let min_dots = (min_width_in * f64::from(dpi)).ceil().max(1.0) as u32;
        let dots_per_module = min_dots.div_ceil(total).max(1);
        let width_dots = dots_per_module * total;
        let width_in = f64::from(width_dots) / f64::from(dpi);
        if width_in > max_width_in + 1e-9 {
            return Err(LabelError::DoesNotFit {
                needed_in: width_in,
                available_in: max_width_in,
            });
        }
        Ok(QrGeometry {
            modules,
            dots_per_module,
            width_dots,
            width_in,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_dots_and_at_least_two_inches() {
        // Version 5 (37 modules + 8 quiet = 45) at 203 dpi: 406 dots needed -> 10 dots/module.
        let g = QrGeometry::fit(5, 203, DEFAULT_MIN_WIDTH_IN, 4.0).unwrap();
        assert_eq!(g.modules, 37);
        assert_eq!(g.dots_per_module, 10);
        assert_eq!(g.width_dots, 450);
        assert!(g.width_in >= 2.0 && g.width_in < 2.3, "{}", g.width_in);
        // 300 dpi: 600 dots / 45 -> 14 dots/module, 630 dots.
        let g = QrGeometry::fit(5, 300, DEFAULT_MIN_WIDTH_IN, 4.0).unwrap();
        assert_eq!((g.dots_per_module, g.width_dots), (14, 630));
    }

    #[test]
    fn refuses_what_cannot_print() {
        assert_eq!(
            QrGeometry::fit(0, 300, 2.0, 4.0),
            Err(LabelError::InvalidVersion(0))
        );
        assert_eq!(
            QrGeometry::fit(3, 72, 2.0, 4.0),
            Err(LabelError::InvalidDpi(72))
        );
        let err = QrGeometry::fit(10, 203, 2.0, 1.5).unwrap_err();
        assert_eq!(err.code(), "label.does_not_fit");
        assert!(
            err.to_string()
                .starts_with("The QR code does not fit on this label: it needs 2."),
            "{err}"
        );
    }
}
