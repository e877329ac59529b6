//! Scope handling: splits a `scope` parameter into OpenID scopes and Microsoft Graph
//! permissions (`https://graph.microsoft.com/X`, `00000003-…/X`, bare `X`, `.default`).

use super::errors::AadError;

const GRAPH_PREFIXES: &[&str] = &[
    "https://graph.microsoft.com/",
    "00000003-0000-0000-c000-000000000000/",
];
const OIDC: &[&str] = &["openid", "profile", "email", "offline_access"];

/// Graph delegated permissions the emulator knows.
pub const KNOWN: &[&str] = &[
    "User.Read",
    "User.ReadWrite",
    "User.ReadBasic.All",
    "User.Read.All",
    "User.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
    "Directory.AccessAsUser.All",
    "UserAuthenticationMethod.Read",
    "UserAuthenticationMethod.ReadWrite",
    "UserAuthenticationMethod.Read.All",
    "UserAuthenticationMethod.ReadWrite.All",
    "UserAuthMethod-QR.Read",
    "UserAuthMethod-QR.ReadWrite",
    "UserAuthMethod-QR.Read.All",
    "UserAuthMethod-QR.ReadWrite.All",
    "Policy.Read.AuthenticationMethod",
    "Policy.ReadWrite.AuthenticationMethod",
];

/// What `.default` expands to: the permissions the demo tenant's admin consented for apps.
pub const DEFAULT_SET: &[&str] = &[
    "User.Read",
    "User.ReadBasic.All",
    "UserAuthenticationMethod.ReadWrite.All",
    "Policy.ReadWrite.AuthenticationMethod",
    "Directory.AccessAsUser.All",
];

/// A parsed `scope` parameter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scopes {
    /// Scope strings exactly as requested (echoed in the token response `scope`).
    pub requested: Vec<String>,
    /// Graph permission names for the `scp` claim.
    pub graph: Vec<String>,
    /// `openid` was asked for: the token response carries an ID token.
    pub openid: bool,
    /// `offline_access` was asked for: the token response carries a refresh token.
    pub offline_access: bool,
    /// `email` was asked for: the ID token carries the `email` claim.
    pub email: bool,
}

impl Scopes {
    /// Parses a space-separated scope string.
    pub fn parse(raw: &str, strict: bool) -> Result<Self, AadError> {
        let mut s = Scopes::default();
        for item in raw.split_whitespace() {
            let lower = item.to_ascii_lowercase();
            if OIDC.contains(&lower.as_str()) {
                s.openid |= lower == "openid";
                s.offline_access |= lower == "offline_access";
                s.email |= lower == "email";
                s.requested.push(item.to_string());
                continue;
            }
            let perm = GRAPH_PREFIXES
                .iter()
                .find_map(|p| lower.starts_with(p).then(|| item[p.len()..].to_string()))
                .or_else(|| (!item.contains('/') && !item.contains(':')).then(|| item.to_string()));
            let Some(perm) = perm else {
                let resource = item.rsplit_once('/').map(|(r, _)| r).unwrap_or(item);
                return Err(AadError::new(
                    "invalid_resource",
                    500011,
                    format!("The resource principal named {resource} was not found in the tenant named Contoso Retail (demo)."),
                ));
            };
            if perm == ".default" {
                s.graph.extend(DEFAULT_SET.iter().map(|p| p.to_string()));
            } else if let Some(k) = KNOWN.iter().find(|k| k.eq_ignore_ascii_case(&perm)) {
                s.graph.push(k.to_string());
            } else if strict {
                return Err(AadError::new(
                    "invalid_scope",
                    70011,
                    format!("The provided value for the input parameter 'scope' is not valid. The scope {item} is not valid."),
                ));
            } else {
                s.graph.push(perm);
            }
            s.requested.push(item.to_string());
        }
        if s.graph.is_empty() {
            // Only OpenID scopes: Entra issues a Graph token for User.Read.
            s.graph.push("User.Read".into());
        }
        s.graph.dedup();
        Ok(s)
    }

    /// The `scope` of a token response: the resource scopes as requested (Graph's
    /// `User.Read` when none was), then the OpenID ones.
    pub fn response_scope(&self) -> String {
        let mut out: Vec<String> = self
            .requested
            .iter()
            .filter(|r| !OIDC.contains(&r.to_ascii_lowercase().as_str()))
            .cloned()
            .collect();
        if out.is_empty() {
            out.push("User.Read".into());
        }
        out.extend(
            self.requested
                .iter()
                .filter(|r| OIDC.contains(&r.to_ascii_lowercase().as_str()))
                .cloned(),
        );
        out.join(" ")
    }

    /// Whether every Graph permission of `self` was also granted in `original`.
    pub fn is_subset_of(&self, original: &Scopes) -> bool {
        self.graph
            .iter()
            .all(|g| original.graph.iter().any(|o| o.eq_ignore_ascii_case(g)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_graph_and_oidc() {
        let s = Scopes::parse("https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite.All offline_access openid profile", false).expect("ok");
        assert_eq!(s.graph, vec!["UserAuthenticationMethod.ReadWrite.All"]);
        assert!(s.openid && s.offline_access);
        let d = Scopes::parse("https://graph.microsoft.com/.default", false).expect("ok");
        assert!(d
            .graph
            .contains(&"UserAuthenticationMethod.ReadWrite.All".to_string()));
        assert_eq!(
            Scopes::parse("https://vault.azure.net/x", false).map_err(|e| e.code),
            Err(500011)
        );
        assert_eq!(
            Scopes::parse("Bogus.Scope", true).map_err(|e| e.code),
            Err(70011)
        );
        assert_eq!(
            Scopes::parse("openid", false).expect("ok").graph,
            vec!["User.Read"]
        );
    }
}
