//! The QR PIN rules: digits only, policy length up to 20, no full ascending/descending run,
//! no repeated 2-3 digit block; and generation of PINs that pass them.

use crate::config::PinRepeatRule;

/// Why a PIN is rejected, mapped to Graph error codes by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinProblem {
    /// Not digits only, or shorter than the policy length (`pinTooShort`, documented).
    TooShortOrNotDigits {
        /// The policy's PIN length.
        min: u32,
    },
    /// Longer than 20 digits (error code undocumented).
    TooLong,
    /// Contains 0123456789 / 9876543210 or a repeated 2-3 digit block.
    TooSimple,
}

/// Checks `pin` against the rules with the policy's minimum length.
pub fn check(pin: &str, min_len: u32, rule: PinRepeatRule) -> Result<(), PinProblem> {
    if pin.is_empty() || !pin.bytes().all(|b| b.is_ascii_digit()) || pin.len() < min_len as usize {
        return Err(PinProblem::TooShortOrNotDigits { min: min_len });
    }
    if pin.len() > 20 {
        return Err(PinProblem::TooLong);
    }
    if pin.contains("0123456789") || pin.contains("9876543210") {
        return Err(PinProblem::TooSimple);
    }
    let repeated = match rule {
        PinRepeatRule::Substring => {
            has_repeated_block(pin.as_bytes(), 2, 3) || has_repeated_block(pin.as_bytes(), 3, 2)
        }
        PinRepeatRule::WholePin => {
            is_whole_repeat(pin.as_bytes(), 2) || is_whole_repeat(pin.as_bytes(), 3)
        }
    };
    if repeated {
        return Err(PinProblem::TooSimple);
    }
    Ok(())
}

/// Whether some block of `size` digits appears `times` times in a row.
fn has_repeated_block(pin: &[u8], size: usize, times: usize) -> bool {
    let span = size * times;
    pin.windows(span)
        .any(|w| (1..times).all(|k| w[k * size..(k + 1) * size] == w[..size]))
}

/// Whether the whole PIN is one block of `size` digits repeated.
fn is_whole_repeat(pin: &[u8], size: usize) -> bool {
    pin.len().is_multiple_of(size)
        && pin.len() >= size * 2
        && pin.chunks(size).all(|c| c == &pin[..size])
}

/// A random PIN of `len` digits that passes the rules (what Entra generates on reset).
pub fn generate(len: u32, rule: PinRepeatRule) -> String {
    loop {
        let pin = crate::secrets::random_digits(len.clamp(8, 20) as usize);
        if check(&pin, len.clamp(8, 20), rule).is_ok() {
            return pin;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: PinRepeatRule = PinRepeatRule::Substring;

    #[test]
    fn documented_rules() {
        assert_eq!(check("48302917", 8, S), Ok(()));
        assert_eq!(check("09599786", 8, S), Ok(()));
        assert_eq!(check("56745755", 8, S), Ok(()));
        assert!(matches!(
            check("4830291", 8, S),
            Err(PinProblem::TooShortOrNotDigits { min: 8 })
        ));
        assert!(matches!(
            check("4830291a", 8, S),
            Err(PinProblem::TooShortOrNotDigits { .. })
        ));
        assert!(matches!(
            check("48302917", 10, S),
            Err(PinProblem::TooShortOrNotDigits { min: 10 })
        ));
        assert_eq!(
            check("482039174829301748291", 8, S),
            Err(PinProblem::TooLong)
        );
        assert_eq!(check("50123456789", 8, S), Err(PinProblem::TooSimple));
        assert_eq!(check("98765432105", 8, S), Err(PinProblem::TooSimple));
        assert_eq!(check("90121212", 8, S), Err(PinProblem::TooSimple));
        assert_eq!(check("91231238", 8, S), Err(PinProblem::TooSimple));
        assert_eq!(check("34234271", 8, S), Err(PinProblem::TooSimple));
        assert_eq!(check("11111111", 8, S), Err(PinProblem::TooSimple));
        // A block repeated only twice (2 digits) is fine.
        assert_eq!(check("12128745", 8, S), Ok(()));
    }

    #[test]
    fn whole_pin_reading() {
        let w = PinRepeatRule::WholePin;
        assert_eq!(check("90121212", 8, w), Ok(()));
        assert_eq!(check("12121212", 8, w), Err(PinProblem::TooSimple));
        assert_eq!(check("123123123", 8, w), Err(PinProblem::TooSimple));
    }

    #[test]
    fn generated_pins_pass() {
        for len in [8, 10, 20] {
            let pin = generate(len, S);
            assert_eq!(pin.len(), len as usize);
            assert_eq!(check(&pin, len, S), Ok(()));
        }
    }
}
