//! The station's write actions. Each one checks what can be checked before the network (PIN
//! policy, lifetimes), calls Graph, refreshes the user's card and writes one audit row.

use chrono::{DateTime, Duration, Utc};
use qrstation_graph::models::{CodeWindow, CreateMethod, Pin};
use qrstation_graph::{QrKind, Subject};

use super::issued::{Issued, IssuedPin, IssuedQr, QrKindName};
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
    pub pin: PinChoice,
}

/// What the create form sends. Times are unix ms; `pin` absent means "generate".
#[derive(Clone, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CreateRequest {
    pub user: String,
    pub start: Option<i64>,
    pub expires: Option<i64>,
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
            ms.map(|ms| {
                DateTime::from_timestamp_millis(ms)
                    .ok_or_else(|| CoreError::InvalidInput(format!("{ms} is not a time")))
            })
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
    pub async fn create_method(&self, user: &str, opts: CreateOptions) -> Result<Issued> {
        self.audited("method.create", user, async {
            let (policy, lifetime_days) = self.policy_rules().await?;
            let pin = match &opts.pin {
                PinChoice::Generate => policy.generate(),
                PinChoice::Custom(p) => {
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
            let created = self.graph.create_method(&Subject::user(user), &req).await?;
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
                .card_or_stale(user, "method.create", Some(&method))
                .await;
            Ok(Issued {
                card,
                qr,
                pin: Some(IssuedPin { pin, must_change }),
            })
        })
        .await
    }

    /// Resets the PIN: Graph generates a temporary PIN the worker must change at next sign-in.
    pub async fn reset_pin(&self, user: &str) -> Result<Issued> {
        self.audited("pin.reset", user, async {
            let pin = self.graph.reset_pin(&Subject::user(user)).await?;
            // Graph may answer a reset without a body (the docs allow 204): the PIN was changed
            // to one nobody saw. Say so rather than show nothing.
            let code = pin
                .code
                .as_ref()
                .map(|c| c.expose().to_owned())
                .ok_or(CoreError::PinNotReturned)?;
            let card = self.card_or_stale(user, "pin.reset", None).await;
            Ok(Issued {
                card,
                qr: None,
                pin: Some(IssuedPin {
                    pin: code,
                    must_change: true,
                }),
            })
        })
        .await
    }

    /// Adds a temporary code valid from now for `hours` (1–12).
    pub async fn add_temporary_code(&self, user: &str, hours: i64) -> Result<Issued> {
        self.audited("qr.temporary.add", user, async {
            if !(1..=12).contains(&hours) {
                return Err(CoreError::InvalidInput(format!(
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
            let card = self.card_or_stale(user, "qr.temporary.add", None).await;
            Ok(Issued {
                card,
                qr: Some(qr),
                pin: None,
            })
        })
        .await
    }

    /// Deletes the temporary code.
    pub async fn delete_temporary_code(&self, user: &str) -> Result<Issued> {
        self.audited("qr.temporary.delete", user, async {
            let who = Subject::user(user);
            self.graph.delete_qr_code(&who, QrKind::Temporary).await?;
            let card = self.card_after(user, Some("qr.temporary.delete")).await?;
            Ok(Issued {
                card,
                qr: None,
                pin: None,
            })
        })
        .await
    }

    /// Replaces the standard code (the only way to a new badge: Graph shows an image once).
    /// The old badge stops working; the PIN stays. `expires` defaults to a year from now.
    pub async fn rotate_standard_code(
        &self,
        user: &str,
        expires: Option<DateTime<Utc>>,
    ) -> Result<Issued> {
        self.audited("qr.rotate", user, async {
            let start = Utc::now();
            let lifetime_days = match expires {
                Some(_) => 365,
                None => self.policy_rules().await?.1,
            };
            let expires = expires.unwrap_or(start + Duration::days(lifetime_days));
            check_window(start, expires, MAX_STANDARD_DAYS * 24, "standard QR code")?;
            let who = Subject::user(user);
            // A standard code already gone (an earlier rotation that stopped half-way, or a
            // retried DELETE whose answer was lost) is what this step wants anyway.
            match self.graph.delete_qr_code(&who, QrKind::Standard).await {
                Ok(()) | Err(qrstation_graph::GraphError::NotFound(_)) => {}
                Err(e) => return Err(e.into()),
            }
            let created = self
                .graph
                .create_standard_qr_code(&who, &CodeWindow::new(start, expires))
                .await?;
            let qr = IssuedQr::from_created(QrKindName::Standard, &created);
            let card = self.card_or_stale(user, "qr.rotate", None).await;
            Ok(Issued {
                card,
                qr: Some(qr),
                pin: None,
            })
        })
        .await
    }

    /// Moves the standard code's expiry (at most 395 days after its start).
    pub async fn extend_standard_code(&self, user: &str, expires: DateTime<Utc>) -> Result<Issued> {
        self.audited("qr.extend", user, async {
            if expires <= Utc::now() {
                return Err(CoreError::InvalidInput(
                    "the new expiry must be in the future".into(),
                ));
            }
            let who = Subject::user(user);
            if let Some(start) = self
                .graph
                .get_qr_code(&who, QrKind::Standard)
                .await?
                .and_then(|c| c.start_date_time)
            {
                check_window(start, expires, MAX_STANDARD_DAYS * 24, "standard QR code")?;
            }
            self.graph.update_standard_qr_expiry(&who, expires).await?;
            let card = self.card_after(user, Some("qr.extend")).await?;
            Ok(Issued {
                card,
                qr: None,
                pin: None,
            })
        })
        .await
    }

    /// The signed-in user changes their own PIN (`/me`): the new PIN is checked against the
    /// policy first; Graph checks the current one.
    pub async fn change_own_pin(&self, current: &str, new: &str) -> Result<()> {
        let operator = self.operator.clone();
        self.audited("pin.change", &operator, async {
            self.pin_policy().await?.check(new)?;
            self.graph
                .update_pin(&Subject::Me, &Pin::new(current), &Pin::new(new))
                .await?;
            Ok(())
        })
        .await
    }

    /// Deletes the whole method (badge, temporary code and PIN).
    pub async fn delete_method(&self, user: &str) -> Result<Issued> {
        self.audited("method.delete", user, async {
            self.graph.delete_method(&Subject::user(user)).await?;
            let card = self.card_after(user, Some("method.delete")).await?;
            Ok(Issued {
                card,
                qr: None,
                pin: None,
            })
        })
        .await
    }
}

fn check_window(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    max_hours: i64,
    what: &str,
) -> Result<()> {
    if end <= start {
        return Err(CoreError::InvalidInput(format!(
            "the {what} must expire after it starts"
        )));
    }
    if end - start > Duration::hours(max_hours) {
        return Err(CoreError::InvalidInput(format!(
            "the {what} may last at most {} days",
            max_hours / 24
        )));
    }
    Ok(())
}
