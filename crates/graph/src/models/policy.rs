//! The tenant's QR code + PIN policy, qrCodePinAuthenticationMethodConfiguration (§2.5, E13–E15).

use serde::{Deserialize, Serialize};

/// `enabled` or `disabled` (anything else is kept as `Other`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MethodState {
    /// Users in the targets may use the method.
    Enabled,
    /// Nobody may use the method.
    Disabled,
    /// A state this client does not know.
    #[serde(other)]
    Other,
}

/// The policy as Graph returns it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct QrCodePinPolicy {
    /// `qrCodePin` (v1.0) or `QRCodePin` (beta).
    pub id: String,
    /// Whether the method is enabled in the tenant.
    pub state: Option<MethodState>,
    /// Minimum PIN length, 8–20.
    pub pin_length: Option<u32>,
    /// Default standard code lifetime, 1–395 days.
    #[serde(
        rename = "standardQRCodeLifetimeInDays",
        alias = "standardQrCodeLifetimeInDays"
    )]
    pub standard_qr_code_lifetime_in_days: Option<u32>,
    /// Who may use the method.
    pub include_targets: Vec<IncludeTarget>,
    /// Who may not, even when included.
    pub exclude_targets: Vec<ExcludeTarget>,
}

/// Who the policy applies to (`all_users` or a group/user id).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IncludeTarget {
    /// The group's object id, or `all_users`.
    pub id: String,
    /// What `id` names, e.g. `group`.
    pub target_type: String,
    /// Whether targeted users are asked to register the method.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_registration_required: Option<bool>,
}

/// Who is excluded from the policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ExcludeTarget {
    /// The group's object id.
    pub id: String,
    /// What `id` names, e.g. `group`.
    pub target_type: String,
}

/// A policy PATCH: only the fields that are `Some` are sent, plus the `@odata.type` the v1.0
/// page says must be included.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyUpdate {
    /// Enable or disable the method; `None` leaves it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<MethodState>,
    /// New minimum PIN length (8–20); `None` leaves it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin_length: Option<u32>,
    #[serde(
        rename = "standardQRCodeLifetimeInDays",
        skip_serializing_if = "Option::is_none"
    )]
    /// New default standard code lifetime (1–395 days); `None` leaves it.
    pub standard_qr_code_lifetime_in_days: Option<u32>,
    /// New include targets (replacing the old ones); `None` leaves them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_targets: Option<Vec<IncludeTarget>>,
    /// New exclude targets (replacing the old ones); `None` leaves them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude_targets: Option<Vec<ExcludeTarget>>,
}

impl PolicyUpdate {
    /// The JSON body, with `@odata.type` first.
    pub fn to_body(&self) -> serde_json::Value {
        let mut body = serde_json::json!({
            "@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethodConfiguration"
        });
        if let (Some(map), Ok(serde_json::Value::Object(fields))) =
            (body.as_object_mut(), serde_json::to_value(self))
        {
            map.extend(fields);
        }
        body
    }
}
