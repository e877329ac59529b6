//! How the model is written as Graph JSON (qrCodePinAuthenticationMethod, qrCode, qrPin,
//! the policy, users) and how request bodies are read (tolerating the trailing commas of
//! Microsoft's own examples outside strict mode).

use serde_json::{json, Map, Value};

use crate::clock::{graph_time, NEVER};
use crate::state::model::{Pin, Policy, QrCode, QrMethod, User};

/// A qrCode. `image` is the once-only image details, or null.
pub fn qr_code(c: &QrCode, image: Option<Value>) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.qrCode",
        "id": c.id,
        "expireDateTime": graph_time(&c.expire_date_time),
        "startDateTime": graph_time(&c.start_date_time),
        "createdDateTime": graph_time(&c.created_date_time),
        "lastUsedDateTime": c.last_used_date_time.map(|t| graph_time(&t)).unwrap_or_else(|| NEVER.into()),
        "image": image.unwrap_or(Value::Null),
    })
}

/// A qrPin. `code` is the clear PIN only on create/reset responses.
pub fn qr_pin(p: &Pin, code: Option<&str>) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.qrPin",
        "id": p.id,
        "code": code,
        "forceChangePinNextSignIn": p.force_change_pin_next_sign_in,
        "createdDateTime": graph_time(&p.created_date_time),
        "updatedDateTime": graph_time(&p.updated_date_time),
    })
}

/// A qrCodePinAuthenticationMethod with its relationships inline (as every example shows).
pub fn method(m: &QrMethod, std_image: Option<Value>, pin_code: Option<&str>) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethod",
        "id": m.id,
        "createdDateTime": graph_time(&m.created_date_time),
        "standardQRCode": m.standard.as_ref().map(|c| qr_code(c, std_image)),
        "temporaryQRCode": m.temporary.as_ref().map(|c| qr_code(c, None)),
        "pin": qr_pin(&m.pin, pin_code),
    })
}

/// The qrCodePinAuthenticationMethodConfiguration.
pub fn policy(p: &Policy, base: &str, version: &str) -> Value {
    json!({
        "@odata.context": format!("{base}/{version}/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations/$entity"),
        "@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethodConfiguration",
        "id": "qrCodePin",
        "state": p.state,
        "standardQRCodeLifetimeInDays": p.standard_qr_code_lifetime_in_days,
        "pinLength": p.pin_length,
        "excludeTargets": p.exclude_targets,
        "includeTargets@odata.context": format!("{base}/{version}/$metadata#policies/authenticationMethodsPolicy/authenticationMethodConfigurations('qrCodePin')/microsoft.graph.qrCodePinAuthenticationMethodConfiguration/includeTargets"),
        "includeTargets": p.include_targets,
    })
}

/// Every user property the emulator knows, in Graph's names.
pub fn user_full(u: &User) -> Map<String, Value> {
    let v = json!({
        "id": u.id,
        "businessPhones": u.business_phones,
        "displayName": u.display_name,
        "givenName": u.given_name,
        "jobTitle": u.job_title,
        "mail": u.mail,
        "mobilePhone": u.mobile_phone,
        "officeLocation": u.office_location,
        "preferredLanguage": u.preferred_language,
        "surname": u.surname,
        "userPrincipalName": u.user_principal_name,
        "department": u.department,
        "employeeId": u.employee_id,
        "accountEnabled": u.account_enabled,
        "createdDateTime": graph_time(&u.created_date_time),
    });
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// The properties Graph returns for a user without `$select` (v1.0 default set).
pub const USER_DEFAULT: &[&str] = &[
    "businessPhones",
    "displayName",
    "givenName",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
    "id",
];

/// A user projected to `select` (property names matched case-insensitively), or the
/// default set.
pub fn user(u: &User, select: Option<&[String]>) -> Value {
    let full = user_full(u);
    let mut out = Map::new();
    match select {
        Some(props) => {
            for p in props {
                if let Some((k, v)) = full.iter().find(|(k, _)| k.eq_ignore_ascii_case(p)) {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        None => {
            for p in USER_DEFAULT {
                if let Some(v) = full.get(*p) {
                    out.insert((*p).to_string(), v.clone());
                }
            }
        }
    }
    Value::Object(out)
}

/// Parses a request body. Empty means `{}`. Outside strict mode, trailing commas before `}`
/// or `]` (as in Microsoft's examples) are tolerated.
pub fn parse_body(body: &[u8], strict: bool) -> Result<Value, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    match serde_json::from_slice(body) {
        Ok(v) => Ok(v),
        Err(e) if strict => Err(e.to_string()),
        Err(e) => {
            let text = String::from_utf8_lossy(body);
            serde_json::from_str(&strip_trailing_commas(&text)).map_err(|_| e.to_string())
        }
    }
}

fn strip_trailing_commas(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let (mut in_str, mut escaped) = (false, false);
    for (i, &c) in chars.iter().enumerate() {
        if in_str {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_str = false,
                _ => {}
            }
            continue;
        }
        if c == '"' {
            in_str = true;
        }
        if c == ',' {
            let next = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if matches!(next, Some('}') | Some(']')) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// A string property of a JSON object, looked up case-insensitively.
pub fn prop<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    v.as_object()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .filter(|v| !v.is_null())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerates_doc_trailing_commas() {
        let body = br##"{"@odata.type": "#microsoft.graph.qrPin", "code": "0,}",}"##;
        let v = parse_body(body, false).expect("lenient");
        assert_eq!(v["code"], "0,}");
        assert!(parse_body(body, true).is_err());
        assert_eq!(parse_body(b"  ", true).expect("empty"), json!({}));
        let v = parse_body(br#"{"a":[1,2,],}"#, false).expect("arrays");
        assert_eq!(v["a"], json!([1, 2]));
    }
}
