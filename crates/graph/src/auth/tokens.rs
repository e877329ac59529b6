//! Token endpoint answers: the token set (with a redacted `Debug`, lifetimes clamped), the
//! account type filled from the validated ID token, and the OAuth error body.

use std::fmt;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::GraphError;

/// Who signed in, from the ID token's claims (the ID token is ours to read; the access token
/// is Graph's and is never parsed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Account {
    /// `preferred_username` (the UPN at Entra).
    pub username: String,
    /// The `name` claim (display name), when the token has one.
    pub name: Option<String>,
    /// Object id (`oid`).
    pub oid: Option<String>,
    /// Tenant id (`tid`).
    pub tid: Option<String>,
    /// Directory role template ids (`wids`). Entra puts them in the ID token only when the app
    /// registration's `groupMembershipClaims` includes directory roles; empty otherwise. For
    /// display and the kiosk's exit check, never for authorising Graph calls (Graph does that).
    pub roles: Vec<String>,
}

/// What a successful token request returns.
#[derive(Clone)]
pub struct TokenSet {
    /// The bearer token for Graph (opaque to us).
    pub access_token: String,
    /// The refresh token, when `offline_access` was granted.
    pub refresh_token: Option<String>,
    /// The ID token, when `openid` was asked for.
    pub id_token: Option<String>,
    /// Scopes granted, space-separated.
    pub scope: String,
    /// When the access token expires (local clock).
    pub expires_at: Instant,
    /// From the ID token, when one came back.
    pub account: Option<Account>,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("access_token", &"<redacted>")
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "<redacted>"),
            )
            .field("id_token", &self.id_token.as_ref().map(|_| "<redacted>"))
            .field("scope", &self.scope)
            .field("account", &self.account)
            .finish()
    }
}

#[derive(Deserialize)]
struct Wire {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    id_token: Option<String>,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

/// The OAuth error body (`error`, `error_description`, …).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct OAuthError {
    /// The OAuth error code, e.g. `invalid_grant`.
    #[serde(default)]
    pub error: String,
    /// Entra's explanation (with its `AADSTS…` code).
    #[serde(default)]
    pub error_description: String,
}

impl OAuthError {
    /// The first line of the description (`AADSTS70016: …`), without the trace lines.
    pub fn short_description(&self) -> String {
        crate::redact::redact(self.error_description.lines().next().unwrap_or("").trim())
    }

    /// The error a person can act on.
    pub fn into_graph_error(self) -> GraphError {
        match self.error.as_str() {
            "authorization_declined" | "access_denied" => GraphError::SignInDeclined,
            "expired_token" | "code_expired" => GraphError::SignInTimedOut,
            "invalid_grant" | "interaction_required" | "login_required" | "consent_required" => {
                GraphError::SignInRequired(format!("{}: {}", self.error, self.short_description()))
            }
            _ => GraphError::SignIn {
                description: self.short_description(),
                error: self.error,
            },
        }
    }
}

/// Shortest and longest access token lifetime believed, whatever `expires_in` says: a hostile
/// or broken answer (`u64::MAX`, negative, text) can neither overflow the clock nor make every
/// call refresh. Entra issues 60-90 minutes.
pub const TOKEN_LIFETIME_BOUNDS: (u64, u64) = (60, 24 * 3600);

/// Reads a lifetime in seconds from a JSON number or numeric string, clamped to
/// `[min, max]`; `default` when absent. Negative and fractional values are clamped too.
/// Returns `None` for a value that is neither (an object, a word).
pub fn lifetime_secs(
    v: Option<&serde_json::Value>,
    default: u64,
    (min, max): (u64, u64),
) -> Option<u64> {
    let raw: f64 = match v {
        None | Some(serde_json::Value::Null) => default as f64,
        Some(serde_json::Value::Number(n)) => n.as_f64()?,
        Some(serde_json::Value::String(s)) => s.trim().parse::<f64>().ok()?,
        Some(_) => return None,
    };
    if raw.is_nan() {
        return None;
    }
    // `as u64` saturates (negative to 0, huge to u64::MAX); the clamp does the rest.
    Some((raw as u64).clamp(min, max))
}

/// `now + secs`, never panicking (a clock near its end keeps `now`, which reads as expired).
pub fn instant_after(secs: u64) -> Instant {
    let now = Instant::now();
    now.checked_add(Duration::from_secs(secs)).unwrap_or(now)
}

impl TokenSet {
    /// Reads a token endpoint success body. The ID token is kept but not read here:
    /// [`crate::auth::IdentityClient`] validates it and fills [`TokenSet::account`].
    pub fn parse(body: &[u8]) -> Result<TokenSet, GraphError> {
        let invalid = |why: String| GraphError::SignIn {
            error: "invalid_response".into(),
            description: why,
        };
        // The answer is a JSON object (RFC 6749 5.1); serde would also fill the struct from an
        // array, by position, which no identity platform sends (found by the fuzzer).
        if !body.trim_ascii_start().starts_with(b"{") {
            return Err(invalid("token answer is not a JSON object".into()));
        }
        let object: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(body)
            .map_err(|e| {
                invalid(format!(
                    "token answer is not the documented JSON ({})",
                    e.classify_text()
                ))
            })?;
        TokenSet::from_object(object)
    }

    /// Reads a token endpoint success body already read as a JSON object (by
    /// the `oauth2` token answer type, or [`TokenSet::parse`]).
    pub fn from_object(
        object: serde_json::Map<String, serde_json::Value>,
    ) -> Result<TokenSet, GraphError> {
        let invalid = |why: String| GraphError::SignIn {
            error: "invalid_response".into(),
            description: why,
        };
        let w: Wire = serde_json::from_value(serde_json::Value::Object(object)).map_err(|e| {
            invalid(format!(
                "token answer is not the documented JSON ({})",
                e.classify_text()
            ))
        })?;
        if w.access_token.trim().is_empty() {
            return Err(invalid("token answer has an empty access_token".into()));
        }
        // expires_in is a number at Entra, a string in some older AD FS answers. RFC 6749
        // only recommends it; when absent, assume Entra's usual hour (the docs leave open what
        // a client should assume).
        let secs = lifetime_secs(w.expires_in.as_ref(), 3599, TOKEN_LIFETIME_BOUNDS)
            .ok_or_else(|| invalid("token answer's expires_in is not a number".into()))?;
        Ok(TokenSet {
            access_token: w.access_token,
            refresh_token: w.refresh_token.filter(|r| !r.is_empty()),
            id_token: w.id_token.filter(|t| !t.is_empty()),
            scope: w.scope,
            expires_at: instant_after(secs),
            account: None,
        })
    }
}

/// A serde error's kind, without the offending value (it may be a token).
trait ClassifyText {
    fn classify_text(&self) -> String;
}

impl ClassifyText for serde_json::Error {
    fn classify_text(&self) -> String {
        match self.line() {
            // From a value already parsed: there is no position.
            0 => format!("{:?} error", self.classify()),
            line => format!(
                "{:?} error at line {line} column {}",
                self.classify(),
                self.column()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_success_body_parses_and_debug_hides_tokens() {
        let body = br#"{"access_token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsIng1dCI6Ik5HVEZ2ZEstZnl0aEV1Q","token_type":"Bearer","expires_in":3599,"scope":"https%3A%2F%2Fgraph.microsoft.com%2Fmail.read","refresh_token":"AwABAAAAvPM1KaPlrEqdFSBzjqfTGAMxZGUTdM0t4B4","id_token":"eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.eyJwcmVmZXJyZWRfdXNlcm5hbWUiOiJhZGVsZUBjb250b3NvLmNvbSIsIm9pZCI6Im8xIiwidGlkIjoidDEifQ."}"#;
        let t = TokenSet::parse(body).unwrap();
        assert_eq!(
            t.refresh_token.as_deref(),
            Some("AwABAAAAvPM1KaPlrEqdFSBzjqfTGAMxZGUTdM0t4B4")
        );
        assert!(t.id_token.is_some());
        assert!(t.account.is_none(), "claims are read only after validation");
        let dbg = format!("{t:?}");
        assert!(!dbg.contains("eyJ0") && !dbg.contains("AwAB"), "{dbg}");
    }

    #[test]
    fn hostile_lifetimes_are_clamped_or_refused() {
        // An array would fill the fields by position: never accepted (a fuzzer find).
        for array in [&br#"["refresh_token"]"#[..], br#" ["a", "b", "c", "d"]"#] {
            assert!(TokenSet::parse(array).is_err());
        }
        let t = |e: &str| {
            TokenSet::parse(format!(r#"{{"access_token":"a","expires_in":{e}}}"#).as_bytes())
        };
        let left = |t: TokenSet| {
            t.expires_at
                .saturating_duration_since(Instant::now())
                .as_secs()
        };
        for huge in [
            "18446744073709551615",
            "1e300",
            "\"18446744073709551615\"",
            "99999999999",
        ] {
            let secs = left(t(huge).unwrap());
            assert!((86_000..=86_400).contains(&secs), "{huge}: {secs}");
        }
        for tiny in ["-5", "0", "\"-1\"", "0.5"] {
            let secs = left(t(tiny).unwrap());
            assert!((55..=60).contains(&secs), "{tiny}: {secs}");
        }
        assert!((3500..=3599).contains(&left(t("\"3599\"").unwrap())));
        for junk in ["\"soon\"", "{}", "[1]", "true"] {
            assert_eq!(
                t(junk).unwrap_err().code(),
                "graph.sign_in_failed",
                "{junk}"
            );
        }
        for body in [
            r#"{}"#,
            r#"{"access_token":""}"#,
            r#"{"access_token":7}"#,
            "[]",
            "",
        ] {
            let e = TokenSet::parse(body.as_bytes()).unwrap_err();
            assert_eq!(e.code(), "graph.sign_in_failed", "{body}");
        }
        let leak = TokenSet::parse(br#"{"access_token":["eyJsecret"]}"#).unwrap_err();
        assert!(!leak.to_string().contains("eyJ"), "{leak}");
    }

    #[test]
    fn documented_error_body_maps_by_error_code() {
        let body = r#"{"error":"invalid_scope","error_description":"AADSTS70011: The provided value for the input parameter 'scope' is not valid.\r\nTrace ID: 0000aaaa-11bb\r\nCorrelation ID: aaaa0000\r\nTimestamp: 2016-01-09 02:02:12Z","error_codes":[70011]}"#;
        let e: OAuthError = serde_json::from_str(body).unwrap();
        assert_eq!(
            e.short_description(),
            "AADSTS70011: The provided value for the input parameter 'scope' is not valid."
        );
        let g = e.into_graph_error();
        assert_eq!(g.code(), "graph.sign_in_failed");
        assert!(!g.to_string().contains("Trace ID"));
        for (err, code) in [
            ("authorization_declined", "graph.sign_in_declined"),
            ("expired_token", "graph.sign_in_timed_out"),
            ("invalid_grant", "graph.sign_in_required"),
        ] {
            let e = OAuthError {
                error: err.into(),
                error_description: String::new(),
            };
            assert_eq!(e.into_graph_error().code(), code);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Any `expires_in` (number of any size or sign, numeric text, junk) parses into a
        /// lifetime within bounds or is refused; never a panic.
        #[test]
        fn any_expires_in_is_clamped_or_refused(
            n in proptest::num::f64::ANY,
            i in proptest::num::i64::ANY,
            text in "\\PC{0,12}",
            pick in 0u8..4,
        ) {
            let v = match pick {
                0 => serde_json::json!(n),
                1 => serde_json::json!(i),
                2 => serde_json::json!(text),
                _ => serde_json::json!(i.to_string()),
            };
            let body = serde_json::json!({"access_token": "a", "expires_in": v}).to_string();
            if let Ok(t) = TokenSet::parse(body.as_bytes()) {
                let left = t.expires_at.saturating_duration_since(Instant::now());
                proptest::prop_assert!(left <= Duration::from_secs(TOKEN_LIFETIME_BOUNDS.1));
            }
            let l = lifetime_secs(Some(&v), 5, (1, 60));
            proptest::prop_assert!(l.is_none_or(|s| (1..=60).contains(&s)));
        }
    }
}
