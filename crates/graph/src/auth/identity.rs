//! [`IdentityClient`]: the identity platform's v2.0 endpoints under an authority
//! (`{authority}/oauth2/v2.0/{authorize,token,devicecode}`) for a public client (no secret).

use reqwest::Method;
use url::Url;

use super::tokens::{OAuthError, TokenSet};
use crate::transport::{Body, RetryClass, Transport};
use crate::{Endpoints, GraphError};

/// Talks to `/authorize`, `/token` and `/devicecode` for one client id.
#[derive(Debug, Clone)]
pub struct IdentityClient {
    pub(crate) transport: Transport,
    authority: Url,
    client_id: String,
}

/// A token endpoint refusal: the OAuth error, kept raw so the flows can branch on it.
pub(crate) enum TokenFailure {
    OAuth(OAuthError),
    Other(GraphError),
}

impl IdentityClient {
    /// A client for `endpoints.authority` (e.g. `https://login.microsoftonline.com/organizations`
    /// or the demo tenant's `{base}/organizations`).
    pub fn new(
        endpoints: &Endpoints,
        client_id: impl Into<String>,
        transport: Transport,
    ) -> IdentityClient {
        IdentityClient {
            transport,
            authority: endpoints.authority.clone(),
            client_id: client_id.into(),
        }
    }

    /// The client (application) id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The authority URL.
    pub fn authority(&self) -> &Url {
        &self.authority
    }

    /// `{authority}/oauth2/v2.0/{leaf}`.
    pub(crate) fn endpoint(&self, leaf: &str) -> Url {
        let mut url = self.authority.clone();
        if let Ok(mut p) = url.path_segments_mut() {
            p.pop_if_empty().extend(["oauth2", "v2.0", leaf]);
        }
        url
    }

    /// POSTs a form to the token endpoint.
    pub(crate) async fn token_request(
        &self,
        form: Vec<(String, String)>,
    ) -> Result<TokenSet, TokenFailure> {
        let url = self.endpoint("token");
        // An authorization code is one-shot: never resend a token request whose answer was lost.
        let reply = self
            .transport
            .send(
                Method::POST,
                &url,
                &[],
                None,
                &Body::Form(form),
                RetryClass::Once,
            )
            .await
            .map_err(TokenFailure::Other)?;
        if reply.is_success() {
            return TokenSet::parse(&reply.body).map_err(TokenFailure::Other);
        }
        match serde_json::from_slice::<OAuthError>(&reply.body) {
            Ok(e) if !e.error.is_empty() => Err(TokenFailure::OAuth(e)),
            _ => Err(TokenFailure::Other(GraphError::SignIn {
                error: format!("http_{}", reply.status),
                description: "the token endpoint answered without an OAuth error body".into(),
            })),
        }
    }

    /// The tenant's id (a GUID), from the `issuer` of the authority's OpenID Connect
    /// metadata (`{authority}/v2.0/.well-known/openid-configuration`), e.g. for checking that
    /// a signed-in account (`tid`) belongs to this tenant when the authority names a domain.
    pub async fn tenant_id(&self) -> Result<String, GraphError> {
        let mut url = self.authority.clone();
        if let Ok(mut p) = url.path_segments_mut() {
            p.pop_if_empty()
                .extend(["v2.0", ".well-known", "openid-configuration"]);
        }
        let reply = self
            .transport
            .send(
                Method::GET,
                &url,
                &[],
                None,
                &Body::None,
                RetryClass::Idempotent,
            )
            .await?;
        let invalid = |why: &str| GraphError::SignIn {
            error: "invalid_metadata".into(),
            description: format!("the authority's OpenID metadata {why}"),
        };
        if !reply.is_success() {
            return Err(invalid(&format!("answered HTTP {}", reply.status)));
        }
        let meta: serde_json::Value =
            serde_json::from_slice(&reply.body).map_err(|_| invalid("is not JSON"))?;
        let issuer = meta["issuer"]
            .as_str()
            .ok_or_else(|| invalid("has no issuer"))?;
        // `https://login.microsoftonline.com/{tid}/v2.0`: the tenant id is the segment whose
        // shape is a GUID.
        issuer
            .split('/')
            .find(|seg| is_guid(seg))
            .map(str::to_ascii_lowercase)
            .ok_or_else(|| invalid("names no tenant id"))
    }

    /// Redeems an authorization code (PKCE verifier, same redirect URI as the authorize call).
    pub async fn redeem_code(
        &self,
        code: &str,
        redirect_uri: &str,
        verifier: &str,
        scopes: &[String],
    ) -> Result<TokenSet, GraphError> {
        let form = vec![
            ("client_id".into(), self.client_id.clone()),
            ("grant_type".into(), "authorization_code".into()),
            ("code".into(), code.to_owned()),
            ("redirect_uri".into(), redirect_uri.to_owned()),
            ("code_verifier".into(), verifier.to_owned()),
            ("scope".into(), scopes.join(" ")),
        ];
        self.token_request(form).await.map_err(failure)
    }

    /// Trades a refresh token for new tokens. Entra rotates refresh tokens: keep the new one
    /// and discard the old.
    pub async fn refresh(
        &self,
        refresh_token: &str,
        scopes: &[String],
    ) -> Result<TokenSet, GraphError> {
        let form = vec![
            ("client_id".into(), self.client_id.clone()),
            ("grant_type".into(), "refresh_token".into()),
            ("refresh_token".into(), refresh_token.to_owned()),
            ("scope".into(), scopes.join(" ")),
        ];
        self.token_request(form).await.map_err(failure)
    }
}

pub(crate) fn failure(f: TokenFailure) -> GraphError {
    match f {
        TokenFailure::OAuth(e) => e.into_graph_error(),
        TokenFailure::Other(e) => e,
    }
}

/// Whether `s` looks like a GUID (`8-4-4-4-12` hex digits).
pub fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}
