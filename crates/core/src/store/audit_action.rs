//! What an audit row records: the stable list of audited actions ([`AuditAction::ALL`]), each
//! with the dotted string SQLite stores (old rows read as they were written). A string this
//! build does not know (a row of an older or newer version) reads as [`AuditAction::Other`],
//! never an error, and is written back unchanged.

/// An audited action. The stored and serialised form is the dotted string ([`AuditAction::as_str`]).
/// The list is stable: a variant's string never changes (old rows must keep reading); new
/// actions add a variant. UIs branch on the string and keep a default branch for `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AuditAction {
    /// `method.create`: a QR code + PIN method created.
    MethodCreate,
    /// `method.renew`: an unusable method renewed (new badge and PIN, nothing deleted).
    MethodRenew,
    /// `method.replace`: an unusable method deleted, then created anew (with consent).
    MethodReplace,
    /// `method.delete`: the method deleted.
    MethodDelete,
    /// `pin.reset`: a new PIN set by the operator.
    PinReset,
    /// `pin.change`: the operator's own PIN changed.
    PinChange,
    /// `qr.temporary.add`: a temporary QR code issued.
    QrTemporaryAdd,
    /// `qr.temporary.delete`: a temporary QR code withdrawn.
    QrTemporaryDelete,
    /// `qr.rotate`: the standard QR code replaced by a new one.
    QrRotate,
    /// `qr.extend`: the standard QR code's expiry moved.
    QrExtend,
    /// `badge.print`: a badge sent to a printer.
    BadgePrint,
    /// `kiosk.approve`: a manager approved a worker at the kiosk.
    KioskApprove,
    /// `kiosk.pin_reset`: a worker's PIN reset at the kiosk.
    KioskPinReset,
    /// `kiosk.pin_change`: a worker changed their PIN at the kiosk.
    KioskPinChange,
    /// `kiosk.exit`: a manager left kiosk mode.
    KioskExit,
    /// `kiosk.approve_temporary_code`: a manager approved a shift code for a worker without their badge.
    KioskApproveTemporaryCode,
    /// `kiosk.temporary_code`: a temporary QR code for the shift shown at the kiosk.
    KioskTemporaryCode,
    /// `kiosk.temporary_code_replace`: the worker's active temporary code replaced at the kiosk.
    KioskTemporaryCodeReplace,
    /// Any other stored string (an older or newer version's action), kept as it was.
    Other(String),
}

impl AuditAction {
    /// Every known action, in a stable order (not `Other`).
    pub const ALL: [AuditAction; 18] = [
        AuditAction::MethodCreate,
        AuditAction::MethodRenew,
        AuditAction::MethodReplace,
        AuditAction::MethodDelete,
        AuditAction::PinReset,
        AuditAction::PinChange,
        AuditAction::QrTemporaryAdd,
        AuditAction::QrTemporaryDelete,
        AuditAction::QrRotate,
        AuditAction::QrExtend,
        AuditAction::BadgePrint,
        AuditAction::KioskApprove,
        AuditAction::KioskPinReset,
        AuditAction::KioskPinChange,
        AuditAction::KioskExit,
        AuditAction::KioskApproveTemporaryCode,
        AuditAction::KioskTemporaryCode,
        AuditAction::KioskTemporaryCodeReplace,
    ];

    /// The dotted string SQLite stores and the UI receives.
    pub fn as_str(&self) -> &str {
        match self {
            AuditAction::MethodCreate => "method.create",
            AuditAction::MethodRenew => "method.renew",
            AuditAction::MethodReplace => "method.replace",
            AuditAction::MethodDelete => "method.delete",
            AuditAction::PinReset => "pin.reset",
            AuditAction::PinChange => "pin.change",
            AuditAction::QrTemporaryAdd => "qr.temporary.add",
            AuditAction::QrTemporaryDelete => "qr.temporary.delete",
            AuditAction::QrRotate => "qr.rotate",
            AuditAction::QrExtend => "qr.extend",
            AuditAction::BadgePrint => "badge.print",
            AuditAction::KioskApprove => "kiosk.approve",
            AuditAction::KioskPinReset => "kiosk.pin_reset",
            AuditAction::KioskPinChange => "kiosk.pin_change",
            AuditAction::KioskExit => "kiosk.exit",
            AuditAction::KioskApproveTemporaryCode => "kiosk.approve_temporary_code",
            AuditAction::KioskTemporaryCode => "kiosk.temporary_code",
            AuditAction::KioskTemporaryCodeReplace => "kiosk.temporary_code_replace",
            AuditAction::Other(s) => s,
        }
    }

    /// The TypeScript union of the known strings (for `ui/src/generated/bindings.ts`).
    pub fn typescript_union() -> String {
        AuditAction::ALL
            .iter()
            .map(|a| format!("\n  | \"{}\"", a.as_str()))
            .collect()
    }
}

impl From<&str> for AuditAction {
    fn from(s: &str) -> AuditAction {
        AuditAction::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .unwrap_or_else(|| AuditAction::Other(s.to_owned()))
    }
}

impl From<String> for AuditAction {
    fn from(s: String) -> AuditAction {
        AuditAction::from(s.as_str())
    }
}

impl std::fmt::Display for AuditAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for AuditAction {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for AuditAction {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl serde::Serialize for AuditAction {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for AuditAction {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Ok(AuditAction::from(String::deserialize(d)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_strings_round_trip_and_unknown_ones_are_kept() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::from(a.as_str()), a);
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.as_str()));
            assert_eq!(serde_json::from_str::<AuditAction>(&json).unwrap(), a);
        }
        let mut names: Vec<_> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), AuditAction::ALL.len(), "unique");
        let old = AuditAction::from("user.lookup");
        assert_eq!(old, AuditAction::Other("user.lookup".into()));
        assert_eq!(old.as_str(), "user.lookup");
        assert_eq!(AuditAction::from("pin.reset"), "pin.reset");
    }
}
