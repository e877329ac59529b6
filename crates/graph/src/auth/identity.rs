//! [`IdentityClient`]: the identity platform's v2.0 endpoints under an authority
//! (`{authority}/oauth2/v2.0/{authorize,token,devicecode}`) for a public client (no secret).
//! Every ID token that comes back is validated ([`super::id_token`]) before its claims are used.

use std::borrow::Cow;
use std::sync::Arc;

use oauth2::{
    AuthorizationCode, PkceCodeVerifier, RedirectUrl, RefreshToken, RequestTokenError, Scope,
};
use reqwest::Method;
use url::Url;

use super::id_token::{validate_id_token, IdTokenRules, TENANT_PLACEHOLDER};
use super::oauth::{self, OAuthClient, TokenAnswer};
use super::tokens::{OAuthError, TokenSet};
use crate::transport::{Body, RetryClass, Transport};
use crate::{Cloud, Endpoints, GraphError};

/// Talks to `/authorize`, `/token` and `/devicecode` for one client id.
#[derive(Debug, Clone)]
pub struct IdentityClient {
    pub(crate) transport: Transport,
    authority: Url,
    client_id: String,
    /// The national cloud, `None` for a loopback authority.
    cloud: Option<Cloud>,
    /// The tenant id the authority names, when it names one by id.
    tenant_id: Option<String>,
    /// A loopback authority's issuer, read once from its OpenID metadata.
    metadata_issuer: Arc<tokio::sync::OnceCell<String>>,
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
            cloud: endpoints.cloud(),
            tenant_id: endpoints
                .tenant()
                .filter(|t| is_guid(t))
                .map(str::to_ascii_lowercase),
            metadata_issuer: Arc::new(tokio::sync::OnceCell::new()),
        }
    }

    /// What an ID token from this authority must say: `iss` is
    /// `https://{cloud login host}/{tid}/v2.0` (for a loopback authority, the issuer its OpenID
    /// metadata names, read once), `aud` our client id, and `tid` the authority's tenant when
    /// it names one by id.
    pub async fn id_token_rules(&self) -> Result<IdTokenRules, GraphError> {
        let issuer = match self.cloud {
            Some(cloud) => format!("{}/{TENANT_PLACEHOLDER}/v2.0", cloud.authority_host()),
            None => self
                .metadata_issuer
                .get_or_try_init(|| async {
                    let meta = self.openid_metadata().await?;
                    meta["issuer"]
                        .as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| invalid_metadata("has no issuer"))
                })
                .await?
                .clone(),
        };
        Ok(IdTokenRules {
            client_id: self.client_id.clone(),
            issuer,
            tenant_id: self.tenant_id.clone(),
        })
    }

    /// Validates the ID token of `tokens` (if any) and fills its account from it.
    async fn adopt_id_token(
        &self,
        mut tokens: TokenSet,
        nonce: Option<&str>,
    ) -> Result<TokenSet, GraphError> {
        if let Some(id_token) = &tokens.id_token {
            let rules = self.id_token_rules().await?;
            let now = chrono::Utc::now().timestamp();
            tokens.account = Some(validate_id_token(id_token, &rules, nonce, now)?);
        }
        Ok(tokens)
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

    /// POSTs a form to the token endpoint (the device code poll: see [`super::device`] for why
    /// it is not `oauth2`'s); the answer's ID token is validated (with `nonce` when one was sent).
    pub(crate) async fn token_request(
        &self,
        form: Vec<(String, String)>,
        nonce: Option<&str>,
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
            let tokens = TokenSet::parse(&reply.body).map_err(TokenFailure::Other)?;
            return self
                .adopt_id_token(tokens, nonce)
                .await
                .map_err(TokenFailure::Other);
        }
        match serde_json::from_slice::<OAuthError>(&reply.body) {
            Ok(e) if !e.error.is_empty() => Err(TokenFailure::OAuth(e)),
            _ => Err(TokenFailure::Other(GraphError::SignIn {
                error: format!("http_{}", reply.status),
                description: "the token endpoint answered without an OAuth error body".into(),
            })),
        }
    }

    /// The authority's OpenID Connect metadata
    /// (`{authority}/v2.0/.well-known/openid-configuration`).
    async fn openid_metadata(&self) -> Result<serde_json::Value, GraphError> {
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
        if !reply.is_success() {
            return Err(invalid_metadata(&format!("answered HTTP {}", reply.status)));
        }
        serde_json::from_slice(&reply.body).map_err(|_| invalid_metadata("is not JSON"))
    }

    /// The tenant's id (a GUID), from the `issuer` of the authority's OpenID Connect
    /// metadata (`{authority}/v2.0/.well-known/openid-configuration`), e.g. for checking that
    /// a signed-in account (`tid`) belongs to this tenant when the authority names a domain.
    pub async fn tenant_id(&self) -> Result<String, GraphError> {
        let meta = self.openid_metadata().await?;
        let issuer = meta["issuer"]
            .as_str()
            .ok_or_else(|| invalid_metadata("has no issuer"))?;
        // `https://login.microsoftonline.com/{tid}/v2.0`: the tenant id is the segment whose
        // shape is a GUID.
        issuer
            .split('/')
            .find(|seg| is_guid(seg))
            .map(str::to_ascii_lowercase)
            .ok_or_else(|| invalid_metadata("names no tenant id"))
    }

    /// The `oauth2` client for this authority's `/authorize` and `/token`.
    pub(crate) fn oauth(&self) -> OAuthClient {
        oauth::client(
            &self.client_id,
            self.endpoint("authorize"),
            self.endpoint("token"),
        )
    }

    /// Redeems an authorization code (PKCE verifier, same redirect URI as the authorize call);
    /// the ID token must carry `nonce`, the value sent on `/authorize`.
    pub async fn redeem_code(
        &self,
        code: &str,
        redirect_uri: &str,
        verifier: &str,
        scopes: &[String],
        nonce: &str,
    ) -> Result<TokenSet, GraphError> {
        let redirect = RedirectUrl::new(redirect_uri.to_owned())
            .map_err(|e| GraphError::InvalidConfig(format!("redirect URI: {e}")))?;
        let http = oauth::Http(&self.transport);
        let answer = self
            .oauth()
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.to_owned()))
            .set_redirect_uri(Cow::Owned(redirect))
            .add_extra_param("scope", scopes.join(" "))
            .request_async(&http)
            .await;
        self.adopt_answer(answer, Some(nonce)).await
    }

    /// Trades a refresh token for new tokens. Entra rotates refresh tokens: keep the new one
    /// and discard the old.
    pub async fn refresh(
        &self,
        refresh_token: &str,
        scopes: &[String],
    ) -> Result<TokenSet, GraphError> {
        let refresh_token = RefreshToken::new(refresh_token.to_owned());
        let http = oauth::Http(&self.transport);
        let client = self.oauth();
        let answer = client
            .exchange_refresh_token(&refresh_token)
            .add_scopes(scopes.iter().map(|s| Scope::new(s.clone())))
            .request_async(&http)
            .await;
        // A refreshed ID token carries no nonce at Entra (OIDC 12.2 lets it be absent); it is
        // still checked for issuer, audience, lifetime and tenant.
        self.adopt_answer(answer, None).await
    }

    /// Reads an `oauth2` token answer and validates its ID token.
    async fn adopt_answer(
        &self,
        answer: Result<TokenAnswer, RequestTokenError<GraphError, OAuthError>>,
        nonce: Option<&str>,
    ) -> Result<TokenSet, GraphError> {
        let tokens = answer
            .map_err(|e| failure(oauth::token_failure(e)))?
            .into_token_set()?;
        self.adopt_id_token(tokens, nonce).await
    }
}

fn invalid_metadata(why: &str) -> GraphError {
    GraphError::SignIn {
        error: "invalid_metadata".into(),
        description: format!("the authority's OpenID metadata {why}"),
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
