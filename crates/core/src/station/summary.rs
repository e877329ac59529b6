//! What the station shows about a user and their QR code + PIN method, in plain data for the
//! UI and the CLI. Built from Graph's models; never holds a PIN or a QR payload.

use chrono::{DateTime, Utc};
use qrstation_graph::models::{method::QrCodePinMethod, user::User};
use serde::Serialize;
use ts_rs::TS;

use crate::store::recent_users::RecentUser;

/// A user as the station lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UserSummary {
    /// Object id.
    pub id: String,
    /// The sign-in name.
    pub upn: String,
    /// The display name.
    pub display_name: String,
    /// `department`, if set.
    pub department: Option<String>,
    /// `officeLocation`, if set.
    pub office_location: Option<String>,
    /// `jobTitle`, if set.
    pub job_title: Option<String>,
}

impl UserSummary {
    /// From Graph's user; the UPN stands in for a missing display name.
    pub fn from_graph(u: &User) -> UserSummary {
        let upn = u.user_principal_name.clone().unwrap_or_default();
        UserSummary {
            id: u.id.clone(),
            display_name: u.display_name.clone().unwrap_or_else(|| upn.clone()),
            upn,
            department: u.department.clone(),
            office_location: u.office_location.clone(),
            job_title: u.job_title.clone(),
        }
    }

    /// From the local cache.
    pub fn from_cache(u: &RecentUser) -> UserSummary {
        UserSummary {
            id: u.id.clone(),
            upn: u.upn.clone(),
            display_name: u.display_name.clone(),
            department: u.department.clone(),
            office_location: u.office_location.clone(),
            job_title: u.job_title.clone(),
        }
    }
}

/// The state of a user's QR code + PIN method. Times are unix ms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MethodSummary {
    /// The user has a QR code + PIN method.
    pub has_method: bool,
    /// A standard or temporary code is valid now.
    pub usable: bool,
    /// When the standard code starts (unix ms).
    pub standard_starts: Option<i64>,
    /// When it expires (unix ms).
    pub standard_expires: Option<i64>,
    /// The standard code is valid now.
    pub standard_active: bool,
    /// When the temporary code expires (unix ms).
    pub temporary_expires: Option<i64>,
    /// The temporary code is valid now.
    pub temporary_active: bool,
    /// The user must choose a new PIN at the next sign-in.
    pub pin_must_change: bool,
    /// The method's last sign-in (unix ms), when Graph says.
    pub last_used: Option<i64>,
}

impl MethodSummary {
    /// No method at all.
    pub fn none() -> MethodSummary {
        MethodSummary {
            has_method: false,
            usable: false,
            standard_starts: None,
            standard_expires: None,
            standard_active: false,
            temporary_expires: None,
            temporary_active: false,
            pin_must_change: false,
            last_used: None,
        }
    }

    /// The summary of `method` at `now`.
    pub fn of(method: Option<&QrCodePinMethod>, now: DateTime<Utc>) -> MethodSummary {
        let Some(m) = method else {
            return MethodSummary::none();
        };
        let ms = |t: Option<DateTime<Utc>>| t.map(|t| t.timestamp_millis());
        let std = m.standard_qr_code.as_ref();
        let tmp = m.temporary_qr_code.as_ref();
        let standard_active = std.is_some_and(|c| c.is_active_at(now));
        let temporary_active = tmp.is_some_and(|c| c.is_active_at(now));
        MethodSummary {
            has_method: true,
            usable: standard_active || temporary_active,
            standard_starts: ms(std.and_then(|c| c.start_date_time)),
            standard_expires: ms(std.and_then(|c| c.expire_date_time)),
            standard_active,
            temporary_expires: ms(tmp.and_then(|c| c.expire_date_time)),
            temporary_active,
            pin_must_change: m
                .pin
                .as_ref()
                .and_then(|p| p.force_change_pin_next_sign_in)
                .unwrap_or(false),
            last_used: ms(m.last_used_date_time),
        }
    }
}

/// A user and their method, as the user card shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UserCard {
    /// The user.
    pub user: UserSummary,
    /// Their QR code + PIN method.
    pub method: MethodSummary,
}

impl UserCard {
    /// The cache row for this card, seen at `now_ms`, after `action` if any.
    pub fn to_recent(&self, now_ms: i64, action: Option<&str>) -> RecentUser {
        RecentUser {
            id: self.user.id.clone(),
            upn: self.user.upn.clone(),
            display_name: self.user.display_name.clone(),
            department: self.user.department.clone(),
            office_location: self.user.office_location.clone(),
            job_title: self.user.job_title.clone(),
            has_method: Some(self.method.has_method),
            usable: Some(self.method.usable),
            standard_expires: self.method.standard_expires,
            temporary_expires: self.method.temporary_expires,
            pin_must_change: Some(self.method.pin_must_change),
            last_seen: now_ms,
            last_action: action.map(str::to_owned),
            print_count: 0,
            last_print: None,
        }
    }
}
