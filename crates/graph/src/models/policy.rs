//! The tenant's QR code + PIN policy, qrCodePinAuthenticationMethodConfiguration (§2.5, E13–E15).

use serde::{Deserialize, Serialize};

/// `enabled` or `disabled` (anything else is kept as `Other`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MethodState {
    Enabled,
    Disabled,
    #[serde(other)]
    Other,
}

/// The policy as Graph returns it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct QrCodePinPolicy {
    /// `qrCodePin` (v1.0) or `QRCodePin` (beta).
    pub id: String,
    pub state: Option<MethodState>,
    /// Minimum PIN length, 8–20.
    pub pin_length: Option<u32>,
    /// Default standard code lifetime, 1–395 days.
    #[serde(
        rename = "standardQRCodeLifetimeInDays",
        alias = "standardQrCodeLifetimeInDays"
    )]
    pub standard_qr_code_lifetime_in_days: Option<u32>,
    pub include_targets: Vec<IncludeTarget>,
    pub exclude_targets: Vec<ExcludeTarget>,
}

/// Who the policy applies to (`all_users` or a group/user id).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IncludeTarget {
    pub id: String,
    pub target_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_registration_required: Option<bool>,
}

/// Who is excluded from the policy.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ExcludeTarget {
    pub id: String,
    pub target_type: String,
}

/// A policy PATCH: only the fields that are `Some` are sent, plus the `@odata.type` the v1.0
/// page says must be included.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<MethodState>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pin_length: Option<u32>,
    #[serde(
        rename = "standardQRCodeLifetimeInDays",
        skip_serializing_if = "Option::is_none"
    )]
    pub standard_qr_code_lifetime_in_days: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_targets: Option<Vec<IncludeTarget>>,
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
