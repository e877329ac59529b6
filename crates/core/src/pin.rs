//! The QR code + PIN policy: one place that says whether a PIN is acceptable (before any
//! network call) and that generates PINs which always are.
//!
//! Microsoft's rules (concept-authentication-qr-code, "PIN properties"): digits only; at least
//! the tenant's `pinLength` (8 by default) and at most 20 digits; must not contain 0123456789
//! or 9876543210; "don't repeat a sequence of 2-3 digits in the PIN, like 121212, or 123123 or
//! 342342". The docs leave open whether that last rule looks at the whole PIN or any part of
//! it. We read it as "anywhere": a 2-digit block three times in a row or a 3-digit block twice
//! in a row. That rejects every PIN the narrower whole-PIN reading rejects, so a PIN accepted
//! here is never refused by the service for that reason.
//!
//! Two rules are the station's own, stricter than the docs (which only list 0123456789 and
//! 9876543210 under "common sequences" and are silent on shorter runs): a PIN of one digit
//! repeated (11111111) is named as such rather than as a repeated group, and a PIN that is one
//! straight run up or down (12345678, 87654321, 23456789) is refused as the weakest guess there
//! is. Neither can make a PIN the service refuses pass; they only refuse a few more.

use serde::Serialize;
use ts_rs::TS;

/// Longest PIN Microsoft accepts.
pub const MAX_PIN_LENGTH: usize = 20;
/// Shortest `pinLength` a tenant can set, and the default.
pub const MIN_PIN_LENGTH: usize = 8;

/// The part of the tenant's `qrCodePin` policy that governs PINs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinPolicy {
    /// The minimum number of digits (the policy's `pinLength`), clamped to 8..=20.
    pub min_length: usize,
}

impl Default for PinPolicy {
    fn default() -> Self {
        PinPolicy {
            min_length: MIN_PIN_LENGTH,
        }
    }
}

/// Why a PIN was refused. The message says what to change; it never repeats the PIN.
/// (A plain enum, carried by `CoreError::PinRejected`: the crate's one error type.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "reason", rename_all = "camelCase")]
pub enum PinRejection {
    /// Not digits only.
    NotDigits,
    /// Fewer digits than the policy asks for.
    TooShort {
        /// The policy's PIN length.
        min: usize,
    },
    /// More digits than Graph takes.
    TooLong {
        /// The longest PIN Graph takes.
        max: usize,
    },
    /// Contains `0123456789` or `9876543210`.
    Sequence,
    /// Repeats a group of two or three digits (like `121212` or `342342`).
    Repeated,
    /// One digit repeated all through (like `11111111`).
    SameDigit,
    /// One straight run up or down (like `12345678` or `87654321`); the station's own rule.
    StraightRun,
}

impl std::fmt::Display for PinRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PinRejection::NotDigits => f.write_str("The PIN can only contain the digits 0 to 9. Type it again with digits only."),
            PinRejection::TooShort { min } => {
                write!(f, "The PIN is too short: it needs at least {min} digits. Choose a longer PIN.")
            }
            PinRejection::TooLong { max } => {
                write!(f, "The PIN is too long: it can have at most {max} digits. Choose a shorter PIN.")
            }
            PinRejection::Sequence => {
                f.write_str("The PIN contains 0123456789 or 9876543210, which Microsoft does not allow. Choose another PIN.")
            }
            PinRejection::Repeated => f.write_str(
                "The PIN repeats the same 2 or 3 digits (like 121212 or 342342), which is easy to guess. Choose another PIN.",
            ),
            PinRejection::SameDigit => {
                f.write_str("The PIN is all the same digit, which is easy to guess. Choose another PIN.")
            }
            PinRejection::StraightRun => f.write_str(
                "The PIN counts straight up or down (like 1234 or 9876), which is easy to guess. Choose another PIN.",
            ),
        }
    }
}

impl PinRejection {
    /// A stable code, e.g. `pin.too_short`.
    pub fn code(&self) -> &'static str {
        match self {
            PinRejection::NotDigits => "pin.not_digits",
            PinRejection::TooShort { .. } => "pin.too_short",
            PinRejection::TooLong { .. } => "pin.too_long",
            PinRejection::Sequence => "pin.sequence",
            PinRejection::Repeated => "pin.repeated",
            PinRejection::SameDigit => "pin.same_digit",
            PinRejection::StraightRun => "pin.straight_run",
        }
    }
}

impl PinPolicy {
    /// The policy for a tenant `pinLength`; values outside 8..=20 are clamped, as the service
    /// accepts no other.
    pub fn with_min_length(pin_length: usize) -> PinPolicy {
        PinPolicy {
            min_length: pin_length.clamp(MIN_PIN_LENGTH, MAX_PIN_LENGTH),
        }
    }

    /// Checks `pin`; the first rule it breaks is the reason.
    pub fn check(&self, pin: &str) -> Result<(), PinRejection> {
        let digits = pin.as_bytes();
        if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
            return Err(PinRejection::NotDigits);
        }
        if digits.len() < self.min_length {
            return Err(PinRejection::TooShort {
                min: self.min_length,
            });
        }
        if digits.len() > MAX_PIN_LENGTH {
            return Err(PinRejection::TooLong {
                max: MAX_PIN_LENGTH,
            });
        }
        if pin.contains("0123456789") || pin.contains("9876543210") {
            return Err(PinRejection::Sequence);
        }
        if digits.iter().all(|&d| d == digits[0]) {
            return Err(PinRejection::SameDigit);
        }
        if straight_run(digits) {
            return Err(PinRejection::StraightRun);
        }
        if repeats(digits, 2, 3) || repeats(digits, 3, 2) {
            return Err(PinRejection::Repeated);
        }
        Ok(())
    }

    /// A PIN of exactly `min_length` digits from the operating system's CSPRNG that passes
    /// [`PinPolicy::check`]. About 1 in 100 draws is refused and drawn again.
    pub fn generate(&self) -> String {
        loop {
            let pin = random_digits(self.min_length);
            if self.check(&pin).is_ok() {
                return pin;
            }
        }
    }
}

/// Whether some block of `size` digits occurs `times` times in a row.
fn repeats(digits: &[u8], size: usize, times: usize) -> bool {
    digits
        .windows(size * times)
        .any(|w| w.chunks(size).all(|block| block == &w[..size]))
}

/// Whether every digit is one more than the one before it, or every digit one less (no
/// wrapping past 9 or 0: the whole PIN is one run).
fn straight_run(digits: &[u8]) -> bool {
    let steps = || digits.windows(2).map(|w| i16::from(w[1]) - i16::from(w[0]));
    steps().all(|d| d == 1) || steps().all(|d| d == -1)
}

/// `n` uniformly random decimal digits. Bytes of 250 and above are dropped so that every
/// digit is equally likely (250 is the largest multiple of 10 below 256).
fn random_digits(n: usize) -> String {
    let mut out = String::with_capacity(n);
    let mut buf = [0u8; 32];
    while out.len() < n {
        getrandom::fill(&mut buf).expect("the operating system's random source works");
        for b in buf.iter().filter(|&&b| b < 250) {
            if out.len() == n {
                break;
            }
            out.push(char::from(b'0' + b % 10));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_bad_pin_is_refused_with_its_reason() {
        let p = PinPolicy::default();
        let table: &[(&str, Result<(), PinRejection>)] = &[
            ("", Err(PinRejection::NotDigits)),
            ("1234abcd9", Err(PinRejection::NotDigits)),
            ("48 271 953", Err(PinRejection::NotDigits)),
            ("٤٨٢٧١٩٥٣", Err(PinRejection::NotDigits)), // Arabic-Indic digits are not ASCII
            ("4827195", Err(PinRejection::TooShort { min: 8 })),
            (
                "482719536184027395183",
                Err(PinRejection::TooLong { max: 20 }),
            ),
            ("50123456789", Err(PinRejection::Sequence)),
            ("98765432104", Err(PinRejection::Sequence)),
            ("12121212", Err(PinRejection::Repeated)),
            ("90121212", Err(PinRejection::Repeated)),
            ("123123123", Err(PinRejection::Repeated)),
            ("34234271", Err(PinRejection::Repeated)),
            ("11111111", Err(PinRejection::SameDigit)),
            ("999999999999", Err(PinRejection::SameDigit)),
            ("12345678", Err(PinRejection::StraightRun)),
            ("87654321", Err(PinRejection::StraightRun)),
            ("23456789", Err(PinRejection::StraightRun)),
            ("12345679", Ok(())),                      // not one run all through
            ("11111112", Err(PinRejection::Repeated)), // "11" three times
            ("48271953", Ok(())),
            ("12312456", Ok(())), // 123 then 124: not a repeat
            ("12129034", Ok(())), // 12 twice only
            ("01234567", Err(PinRejection::StraightRun)), // the station refuses a whole-PIN run
            ("01234568", Ok(())), // a run that breaks is allowed
            ("48271953618402739518", Ok(())),
        ];
        for (pin, want) in table {
            assert_eq!(&p.check(pin), want, "PIN {pin:?}");
        }
    }

    #[test]
    fn tenant_length_raises_the_minimum_and_is_clamped() {
        let p = PinPolicy::with_min_length(10);
        assert_eq!(p.check("48271953"), Err(PinRejection::TooShort { min: 10 }));
        assert_eq!(p.check("4827195361"), Ok(()));
        assert_eq!(PinPolicy::with_min_length(4).min_length, 8);
        assert_eq!(PinPolicy::with_min_length(64).min_length, 20);
    }

    #[test]
    fn messages_have_codes_and_never_echo_the_pin() {
        let p = PinPolicy::default();
        for pin in [
            "12121212",
            "50123456789",
            "4827195",
            "abc",
            "11111111",
            "12345678",
        ] {
            let e = p.check(pin).unwrap_err();
            assert!(e.code().starts_with("pin."));
            assert!(!e.to_string().contains(pin), "{e}");
            // A sentence: a capital letter first, a full stop last, no code in it.
            let m = e.to_string();
            assert!(m.starts_with(char::is_uppercase) && m.ends_with('.'), "{m}");
            assert!(!m.contains("pin."), "{m}");
        }
        assert!(p
            .check("11111111")
            .unwrap_err()
            .to_string()
            .contains("all the same digit"));
        let json = serde_json::to_value(PinRejection::TooShort { min: 8 }).unwrap();
        assert_eq!(json, serde_json::json!({"reason": "tooShort", "min": 8}));
    }

    #[test]
    fn a_hundred_thousand_generated_pins_all_pass_and_are_varied() {
        for len in [8, 13, 20] {
            let p = PinPolicy::with_min_length(len);
            let mut seen = std::collections::HashSet::new();
            let mut digit_counts = [0usize; 10];
            let n = if len == 8 { 100_000 } else { 5_000 };
            for _ in 0..n {
                let pin = p.generate();
                assert_eq!(pin.len(), len);
                assert_eq!(p.check(&pin), Ok(()), "generated {pin}");
                for b in pin.bytes() {
                    digit_counts[usize::from(b - b'0')] += 1;
                }
                seen.insert(pin);
            }
            // Distinct almost always, and every digit close to a tenth of all digits.
            assert!(
                seen.len() as f64 > n as f64 * 0.99,
                "{} distinct",
                seen.len()
            );
            let total = (n * len) as f64;
            for c in digit_counts {
                assert!((c as f64 / total - 0.1).abs() < 0.01, "{digit_counts:?}");
            }
        }
    }
}
