//! The `oauth2` crate's protocol mechanics (authorize URL, PKCE, code redemption, refresh) on
//! our own [`Transport`] (its CA, retries, time-outs and `client-request-id`): the crate's
//! custom async HTTP client hook, Entra's OAuth error body as its error type, and a token
//! answer type that keeps the JSON object for [`TokenSet::from_object`] (our lifetime clamps and
//! checks). Nothing here logs or formats a token.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use oauth2::basic::{
    BasicRevocationErrorResponse, BasicTokenIntrospectionResponse, BasicTokenType,
};
use oauth2::{
    AccessToken, AuthUrl, ClientId, EndpointNotSet, EndpointSet, RefreshToken, RequestTokenError,
    Scope, StandardRevocableToken, TokenResponse, TokenUrl,
};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::identity::TokenFailure;
use super::tokens::{lifetime_secs, OAuthError, TokenSet, TOKEN_LIFETIME_BOUNDS};
use crate::transport::{Body, RetryClass, Transport};
use crate::GraphError;

/// A public client (no secret) with the authorize and token endpoints of one authority.
pub(crate) type OAuthClient = oauth2::Client<
    OAuthError,
    TokenAnswer,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// The client for `client_id` at these endpoints (from [`super::IdentityClient::endpoint`],
/// so sovereign-cloud and loopback authorities work alike).
pub(crate) fn client(client_id: &str, authorize: url::Url, token: url::Url) -> OAuthClient {
    oauth2::Client::new(ClientId::new(client_id.to_owned()))
        .set_auth_uri(AuthUrl::from_url(authorize))
        .set_token_uri(TokenUrl::from_url(token))
}

/// A token endpoint success body, read as a JSON object. The typed fields `oauth2` asks for are
/// filled from it; [`TokenSet::from_object`] does the real reading (required fields, clamps).
/// `Debug` shows no token.
pub(crate) struct TokenAnswer {
    object: Map<String, Value>,
    access_token: AccessToken,
    refresh_token: Option<RefreshToken>,
    scopes: Option<Vec<Scope>>,
    expires_in: Option<Duration>,
}

impl TokenAnswer {
    /// Our token set from the answer.
    pub(crate) fn into_token_set(self) -> Result<TokenSet, GraphError> {
        TokenSet::from_object(self.object)
    }
}

impl std::fmt::Debug for TokenAnswer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenAnswer")
            .field("fields", &self.object.keys().collect::<Vec<_>>())
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

impl<'de> Deserialize<'de> for TokenAnswer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // An object only (RFC 6749 5.1): an array or a bare string is refused here.
        let object = Map::<String, Value>::deserialize(d)?;
        let text = |k: &str| object.get(k).and_then(Value::as_str).map(str::to_owned);
        Ok(TokenAnswer {
            access_token: AccessToken::new(text("access_token").unwrap_or_default()),
            refresh_token: text("refresh_token").map(RefreshToken::new),
            scopes: text("scope")
                .map(|s| s.split_whitespace().map(|s| Scope::new(s.into())).collect()),
            expires_in: lifetime_secs(object.get("expires_in"), 3599, TOKEN_LIFETIME_BOUNDS)
                .map(Duration::from_secs),
            object,
        })
    }
}

impl Serialize for TokenAnswer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.object.serialize(s)
    }
}

impl TokenResponse for TokenAnswer {
    type TokenType = BasicTokenType;

    fn access_token(&self) -> &AccessToken {
        &self.access_token
    }
    fn token_type(&self) -> &BasicTokenType {
        // Entra always answers `Bearer`; the field is not read.
        &BasicTokenType::Bearer
    }
    fn expires_in(&self) -> Option<Duration> {
        self.expires_in
    }
    fn refresh_token(&self) -> Option<&RefreshToken> {
        self.refresh_token.as_ref()
    }
    fn scopes(&self) -> Option<&Vec<Scope>> {
        self.scopes.as_ref()
    }
}

impl std::fmt::Display for OAuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error, self.short_description())
    }
}

impl oauth2::ErrorResponse for OAuthError {}

/// `oauth2`'s HTTP client: our transport. (A named type rather than a closure, so the futures
/// stay `Send` for every borrow of the session.)
pub(crate) struct Http<'a>(pub(crate) &'a Transport);

impl<'c> oauth2::AsyncHttpClient<'c> for Http<'_> {
    type Error = GraphError;
    type Future =
        Pin<Box<dyn Future<Output = Result<oauth2::HttpResponse, GraphError>> + Send + 'c>>;

    fn call(&'c self, request: oauth2::HttpRequest) -> Self::Future {
        Box::pin(send(self.0, request))
    }
}

/// Sends one `oauth2` request through `transport` (never resent when its answer was lost: an
/// authorization code is one-shot). An answer that is neither a success nor an OAuth error
/// body (a gateway's 5xx page) becomes `http_{status}` here, so `oauth2` never parses it.
async fn send(
    transport: &Transport,
    request: oauth2::HttpRequest,
) -> Result<oauth2::HttpResponse, GraphError> {
    let url = url::Url::parse(&request.uri().to_string())
        .map_err(|e| GraphError::InvalidConfig(format!("token endpoint URL: {e}")))?;
    let form = url::form_urlencoded::parse(request.body())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let reply = transport
        .send(
            Method::POST,
            &url,
            &[("Accept", "application/json".to_owned())],
            None,
            &Body::Form(form),
            RetryClass::Once,
        )
        .await?;
    let status = if reply.is_success() {
        // Any 2xx is a success here, as before (`oauth2` wants exactly 200).
        200
    } else {
        match serde_json::from_slice::<OAuthError>(&reply.body) {
            Ok(e) if !e.error.is_empty() => reply.status,
            _ => {
                return Err(GraphError::SignIn {
                    error: format!("http_{}", reply.status),
                    description: "the token endpoint answered without an OAuth error body".into(),
                })
            }
        }
    };
    let mut response = oauth2::HttpResponse::new(reply.body);
    *response.status_mut() = oauth2::http::StatusCode::from_u16(status)
        .map_err(|_| GraphError::InvalidConfig(format!("HTTP status {status}")))?;
    if let Some(ct) = reply.headers.get(reqwest::header::CONTENT_TYPE) {
        response
            .headers_mut()
            .insert(oauth2::http::header::CONTENT_TYPE, ct.clone());
    }
    Ok(response)
}

/// From `oauth2`'s error to ours. A body that did not parse is never quoted (it may hold a
/// token): only serde's error class is kept.
pub(crate) fn token_failure(e: RequestTokenError<GraphError, OAuthError>) -> TokenFailure {
    let invalid = |description: String| {
        TokenFailure::Other(GraphError::SignIn {
            error: "invalid_response".into(),
            description,
        })
    };
    match e {
        RequestTokenError::ServerResponse(e) => TokenFailure::OAuth(e),
        RequestTokenError::Request(e) => TokenFailure::Other(e),
        RequestTokenError::Parse(e, _body) => invalid(format!(
            "token answer is not the documented JSON ({:?} error)",
            e.inner().classify()
        )),
        RequestTokenError::Other(why) => invalid(crate::redact::redact(&why)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oauth2::AuthorizationCode;

    /// Redeems a code against a canned answer, as the flows do, without the network.
    fn redeem(status: u16, body: &str) -> Result<TokenSet, GraphError> {
        let u = url::Url::parse("https://login.example/t/oauth2/v2.0/token").unwrap();
        let http = |_: oauth2::HttpRequest| -> Result<oauth2::HttpResponse, GraphError> {
            let mut r = oauth2::HttpResponse::new(body.as_bytes().to_vec());
            *r.status_mut() = oauth2::http::StatusCode::from_u16(status).unwrap();
            Ok(r)
        };
        client("c", u.clone(), u)
            .exchange_code(AuthorizationCode::new("code".into()))
            .request(&http)
            .map_err(|e| super::super::identity::failure(token_failure(e)))
            .and_then(TokenAnswer::into_token_set)
    }

    #[test]
    fn answers_keep_our_reading_and_never_show_a_token() {
        let t = redeem(200, r#"{"access_token":"eyJa","expires_in":"3599"}"#).unwrap();
        assert_eq!(t.access_token, "eyJa");
        for body in [
            r#""eyJsecret""#,
            r#"["eyJsecret"]"#,
            r#"{"access_token":["eyJsecret"]}"#,
        ] {
            let e = redeem(200, body).unwrap_err();
            assert_eq!(e.code(), "graph.sign_in_failed", "{body}");
            assert!(!format!("{e} {e:?}").contains("eyJ"), "{body}: {e}");
        }
        let e = redeem(400, r#"{"error":"invalid_grant","error_description":"AADSTS70008: expired\r\nTrace ID: x"}"#)
            .unwrap_err();
        assert_eq!(e.code(), "graph.sign_in_required");
        assert!(!e.to_string().contains("Trace ID"), "{e}");
        let a: TokenAnswer =
            serde_json::from_str(r#"{"access_token":"eyJa","refresh_token":"AwAB"}"#).unwrap();
        let dbg = format!("{a:?}");
        assert!(!dbg.contains("eyJ") && !dbg.contains("AwAB"), "{dbg}");
        assert_eq!(a.refresh_token().map(|r| r.secret().as_str()), Some("AwAB"));
    }
}
