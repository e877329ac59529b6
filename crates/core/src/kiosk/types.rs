//! What the kiosk's flows hand to its screens. The temporary PIN and the temporary QR code's
//! picture are the secrets here; their `Debug` hides them and their bytes are zeroed on drop.

use std::time::Duration;

use qrstation_graph::auth::DeviceCode;
use serde::Serialize;
use ts_rs::TS;

use crate::Result;

/// What a manager's sign-in approves, shown on the kiosk next to the device code. Entra's
/// device-code page and the phone's sign-in prompt cannot show this text (they show only the
/// app registration's name), so the kiosk screen, which the manager reads the code from (or
/// sees in a photo of it), names the purpose and the worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ApprovalPurpose {
    /// Reset the PIN of this one worker, and nobody else.
    ResetPin {
        /// The worker whose PIN is reset.
        worker: Person,
    },
    /// Leave kiosk mode.
    LeaveKiosk,
    /// A temporary QR code for this one worker, who forgot their badge, and nobody else.
    TemporaryCode {
        /// The worker the temporary code is for.
        worker: Person,
    },
}

/// A device code as the kiosk shows it: the code to type, the page, and that page as a QR
/// code a phone camera opens. The device code itself (the secret half) never leaves Rust.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeviceCodePrompt {
    /// The code the manager types at the verification page.
    pub user_code: String,
    /// Where to type it.
    pub verification_uri: String,
    /// An SVG document drawing `verification_uri` as a QR code.
    pub qr_svg: String,
    /// Seconds until the code stops working.
    pub expires_in_seconds: u32,
    /// What a manager approves by signing in; `None` for a worker's own sign-in.
    pub approval: Option<ApprovalPurpose>,
}

impl DeviceCodePrompt {
    /// The shown parts of `code`, for a sign-in approving `approval` (if any).
    pub fn of(code: &DeviceCode, approval: Option<ApprovalPurpose>) -> Result<DeviceCodePrompt> {
        let left = code
            .expires_at
            .saturating_duration_since(std::time::Instant::now());
        Ok(DeviceCodePrompt {
            user_code: code.user_code.clone(),
            verification_uri: code.verification_uri.clone(),
            qr_svg: super::qr::svg(&code.verification_uri)?,
            expires_in_seconds: u32::try_from(left.as_secs()).unwrap_or(u32::MAX),
            approval,
        })
    }
}

/// A signed-in person or a person found in the directory. Before a manager's sign-in, a
/// worker named only by a typed UPN has an empty `id` and their UPN as `name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    /// Object id.
    pub id: String,
    /// The display name.
    pub name: String,
    /// The sign-in name.
    pub upn: String,
}

impl Person {
    /// What the wrong-PIN limit counts by: the object id (stable), else the UPN.
    pub fn limit_key(&self) -> String {
        if self.id.is_empty() {
            self.upn.to_lowercase()
        } else {
            self.id.to_lowercase()
        }
    }
}

/// How a PIN change went. A wrong current PIN is an expected answer, not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum PinChange {
    /// Done; the worker's token is gone.
    Changed,
    /// The current PIN was wrong; this many tries are left before the cool-down.
    #[serde(rename_all = "camelCase")]
    WrongPin {
        /// Wrong PINs left before the cool-down.
        tries_left: u32,
    },
    /// Too many wrong PINs: wait this many minutes, or ask a manager.
    #[serde(rename_all = "camelCase")]
    Locked {
        /// Minutes until PINs may be tried again.
        minutes: u32,
    },
    /// Microsoft asks for a fresh multifactor sign-in first: the worker signs in again on
    /// their phone (`kiosk_worker_step_up`), then the same change is sent once more.
    MfaRequired,
    /// Microsoft still asks for MFA after the second sign-in: the worker has no second factor
    /// it accepts (QR code + PIN is single-factor). A manager can reset the PIN instead.
    MfaUnavailable,
}

impl PinChange {
    /// Locked for `left` (rounded up to whole minutes).
    pub fn locked(left: Duration) -> PinChange {
        let minutes = left.as_secs().div_ceil(60).max(1);
        PinChange::Locked {
            minutes: u32::try_from(minutes).unwrap_or(u32::MAX),
        }
    }
}

/// A manager's approval: who approved, and the one worker it is for (as the directory
/// names them now). The manager confirms this worker before the reset is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResetApproval {
    /// Who approved.
    pub manager: Person,
    /// The one worker the approval is for.
    pub worker: Person,
}

/// The temporary PIN after a reset, shown once.
#[derive(Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemporaryPin {
    /// Whose PIN it is.
    pub worker: Person,
    /// The temporary PIN; the worker must change it at the next sign-in.
    pub pin: String,
}

/// The temporary PIN's bytes are zeroed when it is dropped (after the kiosk showed it).
impl Drop for TemporaryPin {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.pin);
    }
}

impl std::fmt::Debug for TemporaryPin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TemporaryPin")
            .field("worker", &self.worker)
            .field("pin", &"<redacted>")
            .finish()
    }
}

/// What the kiosk's screens need at start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KioskInfo {
    /// Running on the demo tenant (the screens say so).
    pub demo: bool,
    /// Seconds without input before a screen goes back to the start.
    pub idle_seconds: u32,
    /// Digits a PIN must have.
    pub pin_length: u32,
    /// Wrong PINs allowed before the cool-down.
    pub max_wrong_pins: u32,
    /// "en" or "es"; `None` follows the system.
    pub language: Option<String>,
}

/// A manager's approval of a temporary QR code for one worker who forgot their badge: who
/// approved, the one worker it is for, and what the worker has now. The manager then picks
/// the hours (and, when a temporary code is already active, whether to replace it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BadgeApproval {
    /// Who approved.
    pub manager: Person,
    /// The one worker the approval is for.
    pub worker: Person,
    /// Whether the worker has a QR code + PIN method (a temporary code is added to it; without
    /// one there is nothing to add it to: the worker needs a badge from the station).
    pub has_method: bool,
    /// When the worker's temporary code that works now stops working (unix ms); `None` when
    /// none is active. A new one replaces it only when the manager chooses so.
    pub active_until: Option<i64>,
    /// The hours offered first (the shift).
    pub default_hours: u32,
    /// The fewest hours a temporary code may last (Microsoft: 1).
    pub min_hours: u32,
    /// The most hours a temporary code may last (Microsoft: 12).
    pub max_hours: u32,
}

/// A temporary QR code drawn for the kiosk's screen, shown once: the worker scans it with the
/// shared device. Made from Graph's `rawContent` by the label crate's QR encoder; it goes to
/// the kiosk window and nowhere else (never a file, never a log).
#[derive(Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemporaryBadge {
    /// Whose code it is.
    pub worker: Person,
    /// An SVG document of the QR code: the secret, shown only now.
    pub qr_svg: String,
    /// When the code starts to work (unix ms).
    pub starts: i64,
    /// When it stops working (unix ms).
    pub expires: i64,
    /// Seconds the screen shows it before hiding it.
    pub show_seconds: u32,
    /// Whether an active temporary code was deleted to make this one.
    pub replaced: bool,
}

/// The drawing's bytes are zeroed when it is dropped (after the kiosk window got it).
impl Drop for TemporaryBadge {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.qr_svg);
    }
}

impl std::fmt::Debug for TemporaryBadge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TemporaryBadge")
            .field("worker", &self.worker)
            .field("qr_svg", &"<redacted>")
            .field("starts", &self.starts)
            .field("expires", &self.expires)
            .field("replaced", &self.replaced)
            .finish_non_exhaustive()
    }
}
