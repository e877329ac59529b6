//! The user card right after a write, when Graph's reads may still be stale.
//!
//! Microsoft documents that Entra is eventually consistent: "a successful write … does not
//! guarantee that an immediate read will reflect that change", and a new object may read as
//! "Not Found" for a while (Designing for eventual consistency for Microsoft Entra, 2026; the
//! lag's length is not documented). Their advice is to trust the write's own answer. So the
//! card shown after an action is the card read back from Graph with what the write itself
//! established laid over it: a create that just succeeded never shows "No method" because a
//! replica had not seen it yet.

use chrono::{DateTime, Utc};
use qrstation_graph::models::{QrCode, QrCodePinMethod, QrPin};

/// What a write that succeeded is known to have done to the user's method.
#[derive(Debug, Clone)]
pub(crate) enum Known {
    /// The method as the create answer returned it.
    Created(Box<QrCodePinMethod>),
    /// The standard code is now this one (rotated, renewed or extended).
    Standard(QrCode),
    /// The temporary code is now this one.
    Temporary(QrCode),
    /// The temporary code is gone.
    NoTemporary,
    /// The method is gone.
    NoMethod,
    /// The PIN was reset: the worker must change it at the next sign-in.
    PinReset,
}

impl Known {
    /// The method to show: `read` (possibly stale) corrected by what the write established.
    pub(crate) fn apply(&self, read: Option<QrCodePinMethod>) -> Option<QrCodePinMethod> {
        match self {
            Known::Created(m) => {
                let mut m = m.as_ref().clone();
                strip_images(&mut m);
                Some(m)
            }
            Known::NoMethod => None,
            Known::Standard(code) => {
                let mut m = read.unwrap_or_default();
                m.standard_qr_code = Some(without_image(code));
                Some(m)
            }
            Known::Temporary(code) => {
                let mut m = read.unwrap_or_default();
                m.temporary_qr_code = Some(without_image(code));
                Some(m)
            }
            Known::NoTemporary => read.map(|mut m| {
                m.temporary_qr_code = None;
                m
            }),
            Known::PinReset => read.map(|mut m| {
                let pin = m.pin.get_or_insert_with(QrPin::default);
                pin.code = None;
                pin.force_change_pin_next_sign_in = Some(true);
                m
            }),
        }
    }

    /// True when `read` already shows what the write did (the replica has caught up).
    pub(crate) fn seen_in(&self, read: Option<&QrCodePinMethod>, now: DateTime<Utc>) -> bool {
        match (self, read) {
            (Known::Created(m), Some(r)) => r.id == m.id,
            (Known::NoMethod, None) => true,
            (Known::Standard(c), Some(r)) => same_code(r.standard_qr_code.as_ref(), c),
            (Known::Temporary(c), Some(r)) => same_code(r.temporary_qr_code.as_ref(), c),
            (Known::NoTemporary, Some(r)) => r
                .temporary_qr_code
                .as_ref()
                .is_none_or(|c| !c.is_active_at(now)),
            (Known::NoTemporary, None) => true,
            (Known::PinReset, Some(r)) => r
                .pin
                .as_ref()
                .and_then(|p| p.force_change_pin_next_sign_in)
                .unwrap_or(false),
            _ => false,
        }
    }
}

fn same_code(read: Option<&QrCode>, known: &QrCode) -> bool {
    read.is_some_and(|r| r.id == known.id && r.expire_date_time == known.expire_date_time)
}

fn without_image(code: &QrCode) -> QrCode {
    QrCode {
        image: None,
        ..code.clone()
    }
}

fn strip_images(m: &mut QrCodePinMethod) {
    for code in [&mut m.standard_qr_code, &mut m.temporary_qr_code]
        .into_iter()
        .flatten()
    {
        code.image = None;
    }
    if let Some(pin) = &mut m.pin {
        pin.code = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn code(id: &str, expires_in_days: i64) -> QrCode {
        let now = Utc::now();
        QrCode {
            id: id.into(),
            start_date_time: Some(now - Duration::days(1)),
            expire_date_time: Some(now + Duration::days(expires_in_days)),
            ..QrCode::default()
        }
    }

    fn method(id: &str, std: QrCode) -> QrCodePinMethod {
        QrCodePinMethod {
            id: id.into(),
            standard_qr_code: Some(std),
            ..QrCodePinMethod::default()
        }
    }

    #[test]
    fn a_stale_read_is_corrected_by_what_the_write_did() {
        let now = Utc::now();
        let stale = method("m1", code("old", -30));
        let fresh = code("new", 365);
        let k = Known::Standard(fresh.clone());
        assert!(!k.seen_in(Some(&stale), now));
        let shown = k.apply(Some(stale)).unwrap();
        assert_eq!(shown.standard_qr_code.unwrap().id, "new");
        assert!(k.seen_in(Some(&method("m1", fresh)), now));

        let created = method("m2", code("c", 365));
        let k = Known::Created(Box::new(created.clone()));
        assert!(
            !k.seen_in(None, now),
            "a 404 from a lagging replica is not the truth"
        );
        assert_eq!(k.apply(None).unwrap().id, "m2");
        assert!(Known::NoMethod.apply(Some(created.clone())).is_none());
        assert!(Known::NoMethod.seen_in(None, now));

        let reset = Known::PinReset.apply(Some(created)).unwrap();
        assert_eq!(reset.pin.unwrap().force_change_pin_next_sign_in, Some(true));
    }
}
