//! A PIN held as a secret: it serialises as the plain string Graph expects, but its `Debug`
//! shows only its length, so it never lands in logs or error messages by accident, and its
//! bytes are overwritten with zeros when it is dropped (`zeroize`), so a freed PIN does not
//! linger in the heap for a core dump or swap to find.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A QR code sign-in PIN (8 to 20 digits at Microsoft). `Debug` is redacted.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(String);

impl Pin {
    /// Wraps a PIN. No validation here: the PIN policy lives in `qrstation-core`.
    pub fn new(pin: impl Into<String>) -> Pin {
        Pin(pin.into())
    }

    /// The digits, for the one place that must show them (the worker's slip, stdout once).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl Drop for Pin {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl zeroize::ZeroizeOnDrop for Pin {}

impl fmt::Debug for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pin(<{} digits redacted>)", self.0.len())
    }
}

impl Serialize for Pin {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// serde `deserialize_with`: a PIN `code` that is null, absent or empty is `None` (GET answers
/// send `null` in v1.0 and `""` in beta).
pub fn de_opt_pin<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Pin>, D::Error> {
    Ok(Option::<String>::deserialize(d)?
        .filter(|s| !s.trim().is_empty())
        .map(Pin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_digits() {
        let p = Pin::new("48302917");
        assert_eq!(format!("{p:?}"), "Pin(<8 digits redacted>)");
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"48302917\"");
        assert_eq!(p.expose(), "48302917");
    }

    #[test]
    fn a_pin_is_wiped_when_dropped() {
        fn wiped_on_drop<T: zeroize::ZeroizeOnDrop>(_: &T) {}
        let p = Pin::new("48302917");
        wiped_on_drop(&p);
        // What Drop runs: every byte of the buffer zeroed, then emptied.
        let mut digits = String::from("48302917");
        zeroize::Zeroize::zeroize(&mut digits);
        assert!(digits.is_empty());
    }
}
