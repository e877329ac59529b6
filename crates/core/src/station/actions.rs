//! The station's write actions. Each one checks what can be checked before the network (PIN
//! policy, lifetimes), calls Graph, refreshes the user's card and writes one audit row.

use chrono::{DateTime, Duration, Utc};
use qrstation_graph::models::{CodeWindow, CreateMethod, Pin, QrCode};
use qrstation_graph::{Created, ExpiryChange, GraphError, QrKind, Subject};

use super::after_write::Known;
use super::issued::{Issued, IssuedPin, IssuedQr, QrKindName};
use super::summary::MethodSummary;
use super::Station;
use crate::{CoreError, Result};

/// Longest standard code lifetime Microsoft allows, in days.
pub const MAX_STANDARD_DAYS: i64 = 395;

/// Where the new method's PIN comes from.
#[derive(Clone, PartialEq, Eq)]
pub enum PinChoice {
    /// A PIN from the operating system's CSPRNG that satisfies the tenant policy.
    Generate,
    /// A PIN the operator typed (custom PINs are allowed only at creation).
    Custom(String),
}

/// A typed PIN's bytes are zeroed when the choice is dropped.
impl Drop for PinChoice {
    fn drop(&mut self) {
        if let PinChoice::Custom(pin) = self {
            zeroize::Zeroize::zeroize(pin);
        }
    }
}

impl std::fmt::Debug for PinChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PinChoice::Generate => "Generate",
            PinChoice::Custom(_) => "Custom(<redacted>)",
        })
    }
}

/// What a new method looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateOptions {
    /// When the standard code becomes valid; now when `None`.
    pub start: Option<DateTime<Utc>>,
    /// When it expires; start + the tenant's lifetime (365 days by default) when `None`.
    pub expires: Option<DateTime<Utc>>,
    /// The PIN to set, or generate one.
    pub pin: PinChoice,
}

/// What the create form sends. Times are unix ms; `pin` absent means "generate".
#[derive(Clone, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CreateRequest {
    /// The user's object id or UPN.
    pub user: String,
    /// When the badge code starts (unix ms); `None`: now.
    pub start: Option<i64>,
    /// When it expires (unix ms); `None`: the policy's lifetime.
    pub expires: Option<i64>,
    /// The PIN the operator typed; `None`: generate one.
    pub pin: Option<String>,
}

/// The typed PIN's bytes are zeroed when the request is dropped.
impl Drop for CreateRequest {
    fn drop(&mut self) {
        if let Some(pin) = &mut self.pin {
            zeroize::Zeroize::zeroize(pin);
        }
    }
}

impl CreateRequest {
    /// The options it asks for; a time that is not one is refused, never ignored.
    pub fn options(&self) -> Result<CreateOptions> {
        let time = |ms: Option<i64>| -> Result<Option<DateTime<Utc>>> {
            ms.map(|ms| DateTime::from_timestamp_millis(ms).ok_or(CoreError::InvalidTime(ms)))
                .transpose()
        };
        Ok(CreateOptions {
            start: time(self.start)?,
            expires: time(self.expires)?,
            pin: match &self.pin {
                Some(p) => PinChoice::Custom(p.clone()),
                None => PinChoice::Generate,
            },
        })
    }
}

impl Station {
    /// Creates the user's QR code + PIN method and returns the badge code and the PIN, once.
    /// A user whose existing method can no longer be used gets `core.method_unusable` when
    /// Graph refuses to replace it: renewing or replacing it is the operator's explicit choice
    /// ([`Station::renew_method`], [`Station::replace_method`]), never a retried create.
    pub async fn create_method(&self, user: &str, opts: CreateOptions) -> Result<Issued> {
        self.audited(
            crate::store::audit::AuditAction::MethodCreate,
            user,
            self.create_inner(user, &opts, "method.create"),
        )
        .await
    }

    pub(super) async fn create_inner(
        &self,
        user: &str,
        opts: &CreateOptions,
        action: &str,
    ) -> Result<Issued> {
        let (req, pin) = self.plan_create(opts).await?;
        self.send_create(user, req, pin, action).await
    }

    /// Checks the PIN and the lifetime before anything is sent; the request and the PIN.
    pub(super) async fn plan_create(&self, opts: &CreateOptions) -> Result<(CreateMethod, String)> {
        let (policy, lifetime_days) = self.policy_rules().await?;
        let pin = match &opts.pin {
            PinChoice::Generate => policy.generate(),
            PinChoice::Custom(p) => {
                crate::policy::enforce::custom_pin_allowed()?; // managed configuration
                policy.check(p)?;
                p.clone()
            }
        };
        let start = opts.start.unwrap_or_else(Utc::now);
        let expires = opts
            .expires
            .unwrap_or(start + Duration::days(lifetime_days));
        check_window(start, expires, MAX_STANDARD_DAYS * 24, "standard QR code")?;
        let req = CreateMethod {
            standard_qr_code: CodeWindow::new(start, expires),
            pin: Some(Pin::new(pin.clone())),
        };
        Ok((req, pin))
    }

    /// Sends a planned create; the badge code and the PIN, once.
    pub(super) async fn send_create(
        &self,
        user: &str,
        req: CreateMethod,
        pin: String,
        action: &str,
    ) -> Result<Issued> {
        let who = Subject::user(user);
        let created = match self.graph.create_method(&who, &req).await {
            Ok(c) => c,
            // Microsoft's docs say both that a new method "can be added if an existing one
            // expires or is deleted" and that "you must first delete existing respective
            // objects" (authentication-put-qrcodepinmethod, v1.0). When Graph refuses, an
            // unusable method is the operator's to renew or replace, not a create to retry.
            Err(GraphError::MethodAlreadyExists(api)) => {
                let existing = self.graph.get_method(&who).await.ok().flatten();
                let unusable =
                    existing.is_some_and(|m| !MethodSummary::of(Some(&m), Utc::now()).usable);
                return Err(if unusable {
                    CoreError::MethodUnusable(user.to_owned())
                } else {
                    GraphError::MethodAlreadyExists(api).into()
                });
            }
            Err(e) => return Err(e.into()),
        };
        let lost = created.response_lost();
        let method = created.into_inner();
        let qr = method
            .standard_qr_code
            .as_ref()
            .map(|c| IssuedQr::from_code(QrKindName::Standard, c, lost));
        // Graph echoes the PIN on create; where it does not (or the answer was lost) the PIN
        // is the one this station sent. A method created by a lost answer keeps that PIN.
        let must_change = method
            .pin
            .as_ref()
            .and_then(|p| p.force_change_pin_next_sign_in)
            .unwrap_or(true);
        let card = self
            .card_after_write(user, action, Known::Created(Box::new(method)))
            .await;
        Ok(Issued {
            card,
            qr,
            pin: Some(IssuedPin { pin, must_change }),
            note: None,
        })
    }

    /// Resets the PIN: Graph generates a temporary PIN the worker must change at next sign-in.
    pub async fn reset_pin(&self, user: &str) -> Result<Issued> {
        self.audited(crate::store::audit::AuditAction::PinReset, user, async {
            let pin = self.new_pin(user).await?;
            let card = self
                .card_after_write(user, "pin.reset", Known::PinReset)
                .await;
            Ok(Issued {
                card,
                qr: None,
                pin: Some(pin),
                note: None,
            })
        })
        .await
    }

    /// The reset itself: the PIN Graph generated.
    pub(super) async fn new_pin(&self, user: &str) -> Result<IssuedPin> {
        let pin = self.graph.reset_pin(&Subject::user(user)).await?;
        // Graph may answer a reset without a body (the docs allow 204): the PIN was changed
        // to one nobody saw. Say so rather than show nothing.
        let code = pin
            .code
            .as_ref()
            .map(|c| c.expose().to_owned())
            .ok_or(CoreError::PinNotReturned)?;
        Ok(IssuedPin {
            pin: code,
            must_change: true,
        })
    }

    /// Adds a temporary code valid from now for `hours` (1–12).
    pub async fn add_temporary_code(&self, user: &str, hours: i64) -> Result<Issued> {
        self.audited(
            crate::store::audit::AuditAction::QrTemporaryAdd,
            user,
            async {
                if !(1..=12).contains(&hours) {
                    return Err(CoreError::InvalidLifetime(format!(
                        "a temporary QR code lasts 1 to 12 hours, not {hours}"
                    )));
                }
                let start = Utc::now();
                let window = CodeWindow::new(start, start + Duration::hours(hours));
                let created = self
                    .graph
                    .create_temporary_qr_code(&Subject::user(user), &window)
                    .await?;
                let qr = IssuedQr::from_created(QrKindName::Temporary, &created);
                let card = self
                    .card_after_write(
                        user,
                        "qr.temporary.add",
                        Known::Temporary(created.into_inner()),
                    )
                    .await;
                Ok(Issued {
                    card,
                    qr: Some(qr),
                    pin: None,
                    note: None,
                })
            },
        )
        .await
    }

    /// Deletes the temporary code.
    pub async fn delete_temporary_code(&self, user: &str) -> Result<Issued> {
        self.audited(
            crate::store::audit::AuditAction::QrTemporaryDelete,
            user,
            async {
                let who = Subject::user(user);
                self.graph.delete_qr_code(&who, QrKind::Temporary).await?;
                let card = self
                    .card_after_write(user, "qr.temporary.delete", Known::NoTemporary)
                    .await;
                Ok(Issued::card_only(card))
            },
        )
        .await
    }

    /// Replaces the standard code (the only way to a new badge: Graph shows an image once).
    /// The old badge stops working; the PIN stays. Without `expires` the new code keeps the
    /// old one's expiry (a rotated 30-day badge stays a 30-day badge); when the old code has
    /// expired, is gone, or ends within a day, the tenant's lifetime applies. The answer's
    /// `note` says which.
    pub async fn rotate_standard_code(
        &self,
        user: &str,
        expires: Option<DateTime<Utc>>,
    ) -> Result<Issued> {
        self.audited(crate::store::audit::AuditAction::QrRotate, user, async {
            let (code, note) = self.replace_standard_code(user, expires).await?;
            let qr = IssuedQr::from_created(QrKindName::Standard, &code);
            let card = self
                .card_after_write(user, "qr.rotate", Known::Standard(code.into_inner()))
                .await;
            Ok(Issued {
                card,
                qr: Some(qr),
                pin: None,
                note: Some(note),
            })
        })
        .await
    }

    /// Deletes the standard code (if any) and creates a new one; returns it with a sentence
    /// saying how its expiry was chosen.
    pub(super) async fn replace_standard_code(
        &self,
        user: &str,
        expires: Option<DateTime<Utc>>,
    ) -> Result<(Created<QrCode>, String)> {
        let who = Subject::user(user);
        let start = Utc::now();
        let (expires, note) = match expires {
            Some(e) => (e, format!("The new badge expires on {}.", day(e))),
            None => {
                let old = self
                    .graph
                    .get_qr_code(&who, QrKind::Standard)
                    .await?
                    .and_then(|c| c.expire_date_time);
                match old {
                    Some(e)
                        if e - start >= Duration::days(1)
                            && e - start <= Duration::days(MAX_STANDARD_DAYS) =>
                    {
                        (
                            e,
                            format!(
                                "The new badge expires on {}, like the badge it replaces.",
                                day(e)
                            ),
                        )
                    }
                    _ => {
                        let days = self.policy_rules().await?.1;
                        let e = start + Duration::days(days);
                        let why = if old.is_some() {
                            "the badge it replaces had expired or was about to"
                        } else {
                            "there was no badge to take the expiry from"
                        };
                        (
                            e,
                            format!(
                                "The new badge expires on {} (the tenant's {days} days: {why}).",
                                day(e)
                            ),
                        )
                    }
                }
            }
        };
        check_window(start, expires, MAX_STANDARD_DAYS * 24, "standard QR code")?;
        // A standard code already gone (an earlier rotation that stopped half-way, or a
        // retried DELETE whose answer was lost) is what this step wants anyway.
        match self.graph.delete_qr_code(&who, QrKind::Standard).await {
            Ok(()) | Err(GraphError::NotFound(_)) => {}
            Err(e) => return Err(e.into()),
        }
        let created = self
            .graph
            .create_standard_qr_code(&who, &CodeWindow::new(start, expires))
            .await?;
        Ok((created, note))
    }

    /// Moves the standard code's expiry (at most 395 days after its start). Only a code that
    /// is valid now can be extended: Graph's PATCH of a missing or expired code creates a new
    /// code instead ("Create a standard or temporary QR code, if there is no active QR code",
    /// qrcode-update, v1.0), whose image would be lost. Should that still happen (the code
    /// expired between the check and the PATCH), the new code is handed out like a rotation's.
    pub async fn extend_standard_code(&self, user: &str, expires: DateTime<Utc>) -> Result<Issued> {
        self.audited(crate::store::audit::AuditAction::QrExtend, user, async {
            let now = Utc::now();
            if expires <= now {
                return Err(CoreError::ExpiryInPast);
            }
            let who = Subject::user(user);
            let current = self.graph.get_qr_code(&who, QrKind::Standard).await?;
            let Some(current) = current.filter(|c| c.is_active_at(now)) else {
                return Err(CoreError::CodeNotActive(format!(
                    "{user}'s badge code has expired or there is none: it cannot be extended. Make a new badge instead."
                )));
            };
            if let Some(start) = current.start_date_time {
                check_window(start, expires, MAX_STANDARD_DAYS * 24, "standard QR code")?;
            }
            match self.graph.update_standard_qr_expiry(&who, expires).await? {
                // The docs also give 201 for a plain update: a 201 for the same code without
                // an image is an extension, not a new badge.
                ExpiryChange::Issued(code) if code.image.is_none() && code.id == current.id => {
                    let card = self
                        .card_after_write(user, "qr.extend", Known::Standard(code))
                        .await;
                    Ok(Issued::card_only(card))
                }
                ExpiryChange::Extended(code) => {
                    let card = self
                        .card_after_write(user, "qr.extend", Known::Standard(code))
                        .await;
                    Ok(Issued::card_only(card))
                }
                ExpiryChange::Issued(code) => {
                    let qr = IssuedQr::from_code(QrKindName::Standard, &code, false);
                    let card = self
                        .card_after_write(user, "qr.extend", Known::Standard(code))
                        .await;
                    Ok(Issued {
                        card,
                        qr: Some(qr),
                        pin: None,
                        note: Some(
                            "Microsoft made a new badge code instead (the old one had just expired): print this badge now, it is shown only once.".into(),
                        ),
                    })
                }
            }
        })
        .await
    }

    /// The signed-in user changes their own PIN (`/me`): the new PIN is checked against the
    /// policy first; Graph checks the current one.
    pub async fn change_own_pin(&self, current: &str, new: &str) -> Result<()> {
        let operator = self.operator.clone();
        self.audited(
            crate::store::audit::AuditAction::PinChange,
            &operator,
            async {
                self.pin_policy().await?.check(new)?;
                self.graph
                    .update_pin(&Subject::Me, &Pin::new(current), &Pin::new(new))
                    .await?;
                Ok(())
            },
        )
        .await
    }

    /// Deletes the whole method (badge, temporary code and PIN).
    pub async fn delete_method(&self, user: &str) -> Result<Issued> {
        self.audited(
            crate::store::audit::AuditAction::MethodDelete,
            user,
            async {
                self.graph.delete_method(&Subject::user(user)).await?;
                let card = self
                    .card_after_write(user, "method.delete", Known::NoMethod)
                    .await;
                Ok(Issued::card_only(card))
            },
        )
        .await
    }
}

/// A day as people read it on a badge, e.g. `2027-12-02`.
fn day(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d").to_string()
}

pub(super) fn check_window(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    max_hours: i64,
    what: &str,
) -> Result<()> {
    if end <= start {
        return Err(CoreError::EndsBeforeStart(what.to_owned()));
    }
    if end - start > Duration::hours(max_hours) {
        return Err(CoreError::InvalidLifetime(format!(
            "the {what} may last at most {} days",
            max_hours / 24
        )));
    }
    Ok(())
}
