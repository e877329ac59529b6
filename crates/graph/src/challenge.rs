//! Claims challenges: reading `WWW-Authenticate: Bearer …, error="insufficient_claims",
//! claims="<base64 JSON>"` and the default step-up claims for a fresh multifactor sign-in.
//!
//! Sources:
//! - The authentication methods overview (since 26 January 2026, "self-service credential
//!   management operations" need MFA when the user's last authentication is more than
//!   10 minutes old; apps must handle 403 and start a new interactive request with
//!   `claims={"access_token":{"amr":{"essential":true,"values":["ngcmfa"]}}}`):
//!   <https://learn.microsoft.com/graph/api/resources/authenticationmethods-overview>
//! - The updatePin page repeats the rule for that API:
//!   <https://learn.microsoft.com/graph/api/qrpin-updatepin?view=graph-rest-1.0>
//! - Claims challenges in `WWW-Authenticate` (continuous access evaluation, Conditional
//!   Access): <https://learn.microsoft.com/entra/identity-platform/claims-challenge>
//!
//! Neither page shows the exact 403 (its body or whether it carries the header): both readings
//! are handled, the header's claims when present, [`MFA_STEP_UP_CLAIMS`] otherwise.
//!
//! A header comes from the network: the parser reads at most [`MAX_HEADER`] bytes, never
//! allocates more than the header's own size, and never panics.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;

/// The claims the authentication methods overview tells apps to ask for after a 403 on a
/// self-service write: an access token whose `amr` holds `ngcmfa` (MFA within the session).
pub const MFA_STEP_UP_CLAIMS: &str =
    r#"{"access_token":{"amr":{"essential":true,"values":["ngcmfa"]}}}"#;

/// Headers longer than this are not read at all (a real challenge is a few hundred bytes).
pub const MAX_HEADER: usize = 8 * 1024;

/// What a `WWW-Authenticate` challenge asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimsChallenge {
    /// The `error` parameter, e.g. `insufficient_claims`.
    pub error: Option<String>,
    /// The decoded `claims` parameter: a JSON object as text.
    pub claims: Option<String>,
}

impl ClaimsChallenge {
    /// True when the challenge is `error="insufficient_claims"`.
    pub fn insufficient_claims(&self) -> bool {
        self.error
            .as_deref()
            .is_some_and(|e| e.eq_ignore_ascii_case("insufficient_claims"))
    }
}

/// Reads the Bearer challenge of one `WWW-Authenticate` value. `None` when the value is too
/// long, not a Bearer challenge, or names neither `error` nor `claims`. A `claims` value that
/// is not base64 (standard or URL-safe, padded or not) of a JSON object, nor a JSON object
/// itself, is dropped (`claims: None`).
pub fn parse_www_authenticate(header: &str) -> Option<ClaimsChallenge> {
    if header.len() > MAX_HEADER {
        return None;
    }
    let mut error = None;
    let mut claims = None;
    let mut in_bearer = false;
    let mut seen_bearer = false;
    for item in split_items(header) {
        let item = item.trim();
        if item.is_empty() {
            continue;
        }
        // `Bearer realm="", error="…"`: a scheme name starts a new challenge; the first
        // parameter may follow it after a space.
        let (scheme, param) = match item.split_once([' ', '\t']) {
            Some((s, rest)) if !s.contains('=') => (Some(s), rest.trim()),
            _ if !item.contains('=') => (Some(item), ""),
            _ => (None, item),
        };
        if let Some(s) = scheme {
            in_bearer = s.eq_ignore_ascii_case("bearer");
            seen_bearer |= in_bearer;
        }
        if !in_bearer || param.is_empty() {
            continue;
        }
        let Some((key, value)) = param.split_once('=') else {
            continue;
        };
        let value = unquote(value.trim());
        match key.trim().to_ascii_lowercase().as_str() {
            "error" if error.is_none() => error = Some(value),
            "claims" if claims.is_none() => claims = decode_claims(&value),
            _ => {}
        }
    }
    (seen_bearer && (error.is_some() || claims.is_some()))
        .then_some(ClaimsChallenge { error, claims })
}

/// The first Bearer claims challenge among several `WWW-Authenticate` values.
pub fn find_challenge<'a>(values: impl IntoIterator<Item = &'a str>) -> Option<ClaimsChallenge> {
    values.into_iter().find_map(parse_www_authenticate)
}

/// Splits on commas outside quoted strings (a quoted string may hold `\"` and commas).
fn split_items(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// A token or a quoted string (RFC 9110 §5.6.4), unescaped.
fn unquote(v: &str) -> String {
    let Some(inner) = v.strip_prefix('"') else {
        return v.to_owned();
    };
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut escaped = false;
    for c in inner.chars() {
        if escaped {
            out.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else {
            out.push(c);
        }
    }
    out
}

/// The JSON text of a `claims` value: base64 (any of the four alphabets/paddings) of a JSON
/// object, or a bare JSON object.
fn decode_claims(v: &str) -> Option<String> {
    let v = v.trim();
    let json = if v.starts_with('{') {
        v.to_owned()
    } else {
        let bytes = [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD]
            .iter()
            .find_map(|e| e.decode(v).ok())?;
        String::from_utf8(bytes).ok()?
    };
    let parsed: serde_json::Value = serde_json::from_str(&json).ok()?;
    parsed.is_object().then(|| parsed.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLAIMS: &str = r#"{"access_token":{"amr":{"essential":true,"values":["ngcmfa"]}}}"#;

    #[test]
    fn the_documented_header_shape_is_read_in_every_base64_flavour() {
        let json = r#"{"access_token":{"acrs":{"essential":true,"value":"c1"}},"x":"??>>"}"#;
        for engine in [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD] {
            let b64 = engine.encode(json);
            let h = format!(
                r#"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="{b64}""#
            );
            let c = parse_www_authenticate(&h).expect("challenge");
            assert!(c.insufficient_claims());
            let got: serde_json::Value =
                serde_json::from_str(c.claims.as_deref().unwrap()).unwrap();
            assert_eq!(
                got,
                serde_json::from_str::<serde_json::Value>(json).unwrap()
            );
        }
        let bare = format!(
            r#"Bearer error=insufficient_claims, claims="{}""#,
            STANDARD.encode(CLAIMS)
        );
        let c = parse_www_authenticate(&bare).unwrap();
        assert_eq!(c.error.as_deref(), Some("insufficient_claims"));
        assert_eq!(c.claims.as_deref(), Some(CLAIMS));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(MFA_STEP_UP_CLAIMS).unwrap(),
            serde_json::from_str::<serde_json::Value>(CLAIMS).unwrap()
        );
    }

    #[test]
    fn other_schemes_and_junk_are_not_challenges() {
        assert_eq!(parse_www_authenticate(""), None);
        assert_eq!(parse_www_authenticate("Bearer"), None);
        assert_eq!(parse_www_authenticate(r#"Bearer realm="""#), None);
        assert_eq!(
            parse_www_authenticate(r#"Basic realm="x", error="insufficient_claims""#),
            None
        );
        // A Basic challenge first, then the Bearer one in the same header.
        let two = r#"Basic realm="x", Bearer error="insufficient_claims""#;
        assert!(parse_www_authenticate(two).unwrap().insufficient_claims());
        // Not base64 of a JSON object: the error stays, the claims are dropped.
        for bad in ["!!!", "bnVsbA==", "W10", "%%", r#"{"a":"#] {
            let h = format!(r#"Bearer error="insufficient_claims", claims="{bad}""#);
            let c = parse_www_authenticate(&h).unwrap();
            assert_eq!(c.claims, None, "{bad}");
        }
        // Commas and escaped quotes inside a quoted value.
        let h = r#"Bearer error_description="a, \"b\"", error="invalid_token""#;
        let c = parse_www_authenticate(h).unwrap();
        assert_eq!(c.error.as_deref(), Some("invalid_token"));
        assert!(!c.insufficient_claims());
        let long = format!(
            "Bearer error=\"insufficient_claims\", x=\"{}\"",
            "a".repeat(MAX_HEADER)
        );
        assert_eq!(parse_www_authenticate(&long), None);
        assert!(find_challenge(["Negotiate", r#"Bearer error="insufficient_claims""#]).is_some());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Any header: no panic, and decoded claims are always a JSON object no larger than
        /// the header.
        #[test]
        fn hostile_headers_are_safe(h in "(?s).{0,600}") {
            if let Some(c) = parse_www_authenticate(&h) {
                if let Some(claims) = c.claims {
                    proptest::prop_assert!(claims.len() <= h.len() * 2 + 2);
                    let v: serde_json::Value = serde_json::from_str(&claims).unwrap();
                    proptest::prop_assert!(v.is_object());
                }
            }
        }

        /// Structured noise around a real challenge still finds its claims.
        #[test]
        fn a_challenge_among_noise_is_found(
            junk in "x_[a-z]{1,8}=\"[^\"\\\\]{0,20}\"",
            url_safe in proptest::prelude::any::<bool>(),
        ) {
            let b64 = if url_safe { URL_SAFE_NO_PAD.encode(CLAIMS) } else { STANDARD.encode(CLAIMS) };
            let h = format!("Bearer {junk}, error=\"insufficient_claims\", {junk}, claims=\"{b64}\"");
            let c = parse_www_authenticate(&h).unwrap();
            proptest::prop_assert!(c.insufficient_claims());
            proptest::prop_assert_eq!(c.claims.as_deref(), Some(CLAIMS));
        }
    }
}
