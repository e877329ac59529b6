//! Token endpoint answers: the token set (with a redacted `Debug`), the account read from the
//! ID token, and the OAuth error body.

use std::fmt;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;

use crate::GraphError;

/// Who signed in, from the ID token's claims (the ID token is ours to read; the access token
/// is Graph's and is never parsed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Account {
    /// `preferred_username` (the UPN at Entra).
    pub username: String,
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
    pub access_token: String,
    pub refresh_token: Option<String>,
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
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OAuthError {
    #[serde(default)]
    pub error: String,
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

impl TokenSet {
    /// Reads a token endpoint success body.
    pub fn parse(body: &[u8]) -> Result<TokenSet, GraphError> {
        let w: Wire = serde_json::from_slice(body).map_err(|e| GraphError::SignIn {
            error: "invalid_response".into(),
            description: format!("token answer is not the documented JSON ({e})"),
        })?;
        // expires_in is a number at Entra, a string in some older AD FS answers.
        let secs = match &w.expires_in {
            Some(serde_json::Value::Number(n)) => n.as_u64().unwrap_or(3599),
            Some(serde_json::Value::String(s)) => s.parse().unwrap_or(3599),
            _ => 3599,
        };
        let account = w.id_token.as_deref().and_then(account_from_id_token);
        Ok(TokenSet {
            access_token: w.access_token,
            refresh_token: w.refresh_token.filter(|r| !r.is_empty()),
            id_token: w.id_token,
            scope: w.scope,
            expires_at: Instant::now() + Duration::from_secs(secs),
            account,
        })
    }
}

/// The account claims of an ID token (payload only; the token came straight from the token
/// endpoint over TLS, which is what OpenID Connect requires for skipping signature checks).
pub fn account_from_id_token(id_token: &str) -> Option<Account> {
    let payload = id_token.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let claims: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    let s = |k: &str| claims.get(k).and_then(|v| v.as_str()).map(str::to_owned);
    Some(Account {
        username: s("preferred_username")
            .or_else(|| s("upn"))
            .or_else(|| s("email"))?,
        name: s("name"),
        oid: s("oid"),
        tid: s("tid"),
        roles: claims
            .get("wids")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|r| r.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
    })
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
        let acct = t.account.clone().unwrap();
        assert_eq!(
            (acct.username.as_str(), acct.oid.as_deref()),
            ("adele@contoso.com", Some("o1"))
        );
        let dbg = format!("{t:?}");
        assert!(!dbg.contains("eyJ0") && !dbg.contains("AwAB"), "{dbg}");
    }

    #[test]
    fn directory_roles_come_from_the_id_tokens_wids() {
        let payload = URL_SAFE_NO_PAD.encode(
            br#"{"preferred_username":"m@contoso.com","wids":["c4e39bd9-1100-46d3-8c65-fb160da0071f","b79fbf4d-3ef9-4689-8143-76b194e85509"]}"#,
        );
        let acct = account_from_id_token(&format!("e30.{payload}.")).unwrap();
        assert_eq!(acct.roles.len(), 2);
        assert_eq!(acct.roles[0], "c4e39bd9-1100-46d3-8c65-fb160da0071f");
        let plain = URL_SAFE_NO_PAD.encode(br#"{"preferred_username":"w@contoso.com"}"#);
        assert!(account_from_id_token(&format!("e30.{plain}."))
            .unwrap()
            .roles
            .is_empty());
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
}
