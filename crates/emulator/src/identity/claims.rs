//! The `claims` request parameter of `/authorize` and `/devicecode`: a JSON claims request
//! (OpenID Connect Core §5.5) that, after a claims challenge, asks for MFA with
//! `{"access_token":{"amr":{"essential":true,"values":["ngcmfa"]}}}`.

use serde_json::Value;

use super::errors::AadError;

/// The claims request Graph's authentication-methods overview tells apps to send after the
/// MFA-freshness 403: "a new interactive OAuth2 request with
/// claims={"access_token":{"amr":{"essential":true,"values":["ngcmfa"]}}}"
/// (<https://learn.microsoft.com/graph/api/resources/authenticationmethods-overview>).
pub const MFA_CLAIMS: &str = r#"{"access_token":{"amr":{"essential":true,"values":["ngcmfa"]}}}"#;

/// Whether a `claims` parameter asks for MFA: `access_token.amr` with `values` (or `value`)
/// containing `ngcmfa` or `mfa`. `None` or an empty string asks for nothing. Anything that
/// is not a JSON object is `invalid_request` (AADSTS90100, Entra's "parameter is empty or
/// not valid"; the exact number Entra sends for bad claims is not documented).
pub fn wants_mfa(raw: Option<&str>) -> Result<bool, AadError> {
    let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
        return Ok(false);
    };
    let v: Value = serde_json::from_str(raw)
        .ok()
        .filter(Value::is_object)
        .ok_or_else(|| {
            AadError::new(
                "invalid_request",
                90100,
                "The 'claims' parameter is not valid JSON.",
            )
        })?;
    let amr = &v["access_token"]["amr"];
    let mut values: Vec<&Value> = amr["values"].as_array().into_iter().flatten().collect();
    values.push(&amr["value"]);
    Ok(values
        .iter()
        .filter_map(|x| x.as_str())
        .any(|x| x.eq_ignore_ascii_case("ngcmfa") || x.eq_ignore_ascii_case("mfa")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_step_up() {
        assert!(wants_mfa(Some(MFA_CLAIMS)).expect("valid"));
        assert!(wants_mfa(Some(r#"{"access_token":{"amr":{"value":"mfa"}}}"#)).expect("ok"));
        assert!(!wants_mfa(Some(r#"{"access_token":{"nbf":{"essential":true}}}"#)).expect("ok"));
        assert!(!wants_mfa(None).expect("none"));
        assert!(!wants_mfa(Some("")).expect("empty"));
        assert!(wants_mfa(Some("not json")).is_err());
        assert!(wants_mfa(Some("[1]")).is_err());
    }
}
