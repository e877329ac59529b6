//! A method that exists but can no longer be used (its badge expired, or its codes were
//! deleted): renewing it (new badge and new PIN on the same method) or replacing it (delete,
//! then create), each the operator's explicit choice.

use chrono::{DateTime, Utc};

use super::after_write::Known;
use super::issued::{Issued, IssuedQr, QrKindName};
use super::{CreateOptions, Station};
use crate::{CoreError, Result};
use qrstation_graph::{GraphError, Subject};

impl Station {
    /// A new badge code and a new PIN on the user's existing method: what a yearly renewal
    /// or an expired badge needs, without deleting anything. The new code keeps the old
    /// expiry when that is still ahead (see [`Station::rotate_standard_code`]), else the
    /// tenant's lifetime applies. The badge is made first; if the PIN reset then fails, the
    /// badge is still handed out and `note` says to reset the PIN.
    pub async fn renew_method(&self, user: &str, expires: Option<DateTime<Utc>>) -> Result<Issued> {
        self.audited(crate::store::audit::AuditAction::MethodRenew, user, async {
            let (code, mut note) = self.replace_standard_code(user, expires).await?;
            let qr = IssuedQr::from_created(QrKindName::Standard, &code);
            let pin = match self.new_pin(user).await {
                Ok(pin) => Some(pin),
                Err(e) => {
                    tracing::warn!(code = e.code(), "PIN reset failed after the new badge");
                    note.push_str(&format!(
                        " The PIN could not be reset ({}): reset it before handing out the badge.",
                        e.code()
                    ));
                    None
                }
            };
            let card = self
                .card_after_write(user, "method.renew", Known::Standard(code.into_inner()))
                .await;
            Ok(Issued {
                card,
                qr: Some(qr),
                pin,
                note: Some(note),
            })
        })
        .await
    }

    /// Deletes the user's method and creates a new one (badge and PIN), for when Graph will
    /// not create over an unusable method. The caller has the operator's consent: the old
    /// method, its temporary code and its PIN are gone for good. If the create then fails,
    /// the error says that the worker now has no method.
    pub async fn replace_method(&self, user: &str, opts: CreateOptions) -> Result<Issued> {
        self.audited(crate::store::audit::AuditAction::MethodReplace, user, async {
            // Everything that can be checked is checked before the old method is deleted.
            let (req, pin) = self.plan_create(&opts).await?;
            match self.graph.delete_method(&Subject::user(user)).await {
                Ok(()) | Err(GraphError::NotFound(_)) => {}
                Err(e) => return Err(e.into()),
            }
            self.send_create(user, req, pin, "method.replace")
                .await
                .map_err(|e| {
                    CoreError::ReplaceHalfDone(format!(
                        "the old method was deleted, but the new one could not be created ({e}): {user} has no QR code method now; create one again"
                    ))
                })
        })
        .await
    }
}
