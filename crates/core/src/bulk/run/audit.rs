//! Bulk changes in Activity: one audit row per method made or code changed, written once the
//! journal holds the change (no secrets: the action and the UPN only).

use crate::bulk::{RowAction, RowState};
use crate::store::audit::{AuditAction, AuditEntry};
use crate::Station;

/// Writes one success row per `(action, upn)`, by the station's operator.
pub(crate) async fn record(station: &Station, rows: Vec<(AuditAction, String)>) {
    for (action, upn) in rows {
        let entry = AuditEntry::of(station.operator(), action, Some(&upn), Ok(()));
        station.store().record_audit(&entry).await;
    }
}

/// The audit action of a row that Graph changed with this update (`from` → `to`): a row reaching
/// `created` (or `badgeLost`, created but its badge lost) from before it was made. `None` for
/// every other move (a badge written, a failure, a row already counted).
pub(crate) fn made_now(from: RowState, to: RowState, action: RowAction) -> Option<AuditAction> {
    use AuditAction as A;
    let made = |s| {
        matches!(
            s,
            RowState::Created | RowState::BadgeLost | RowState::BadgeWritten | RowState::Printed
        )
    };
    if !matches!(to, RowState::Created | RowState::BadgeLost) || made(from) {
        return None;
    }
    match action {
        RowAction::Create => Some(A::MethodCreate),
        RowAction::Replace => Some(A::MethodReplace),
        RowAction::Renew => Some(A::MethodRenew),
        RowAction::Rotate | RowAction::Reissue => Some(A::QrRotate),
        RowAction::Extend => Some(A::QrExtend),
        RowAction::Skip | RowAction::Invalid => None,
    }
}
