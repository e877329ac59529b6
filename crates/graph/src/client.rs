//! [`GraphClient`]: the Graph root and API version, the token source, and one `call` that sends
//! a request through the transport, refreshes the token once on 401 (not on a claims
//! challenge, which needs an interactive sign-in), and maps refusals.

use std::fmt;
use std::sync::atomic::AtomicU8;
use std::sync::Arc;

use reqwest::Method;
use url::Url;

use crate::auth::TokenSource;
use crate::error_map::{api_error, classify_in, is_self_service_write, Refusal};
use crate::transport::{Body, Reply, RetryClass, Transport, TransportConfig};
use crate::{Endpoints, GraphError};

/// `v1.0` (default, GA since February 2026) or `beta`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ApiVersion {
    /// `https://graph.microsoft.com/v1.0`.
    #[default]
    V1,
    /// `https://graph.microsoft.com/beta`.
    Beta,
}

impl ApiVersion {
    /// The URL segment.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }
}

/// Whose authentication methods: the signed-in user (`/me`) or a user by id or UPN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// `/me`: the signed-in user.
    Me,
    /// `/users/{id or UPN}`.
    User(String),
}

impl Subject {
    /// A user by object id or userPrincipalName.
    pub fn user(id_or_upn: impl Into<String>) -> Subject {
        Subject::User(id_or_upn.into())
    }

    /// The path segments: `["me"]` or `["users", id]`.
    pub(crate) fn segments(&self) -> Result<Vec<&str>, GraphError> {
        match self {
            Subject::Me => Ok(vec!["me"]),
            Subject::User(u) if u.trim().is_empty() => Err(GraphError::InvalidRequest(
                "the user id or UPN is empty".into(),
            )),
            Subject::User(u) => Ok(vec!["users", u.trim()]),
        }
    }
}

/// The typed Microsoft Graph client. Cheap to clone.
#[derive(Clone)]
pub struct GraphClient {
    pub(crate) transport: Transport,
    root: Url,
    version: ApiVersion,
    tokens: Arc<dyn TokenSource>,
    /// Which verb `updatePin` last succeeded with (0 unknown, 1 POST, 2 PATCH).
    pub(crate) update_pin_verb: Arc<AtomicU8>,
    /// Which admin PIN reset body last worked (0 unknown, 1 `@odata.type`, 2 `{}`).
    pub(crate) reset_pin_body: Arc<AtomicU8>,
    /// Users (lower-cased id or UPN) known to exist, so a 404 on their method path means
    /// "none": see [`GraphClient::resolve_user`].
    pub(crate) known_users: Arc<std::sync::Mutex<std::collections::HashSet<String>>>,
}

impl fmt::Debug for GraphClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GraphClient")
            .field("root", &self.root.as_str())
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

impl GraphClient {
    /// A client for `endpoints.graph` (e.g. `https://graph.microsoft.com` or the demo tenant's
    /// base URL) in `version`, authenticating with `tokens`.
    pub fn new(
        endpoints: &Endpoints,
        version: ApiVersion,
        transport: TransportConfig,
        tokens: Arc<dyn TokenSource>,
    ) -> Result<GraphClient, GraphError> {
        Ok(GraphClient::with_transport(
            endpoints,
            version,
            Transport::new(transport)?,
            tokens,
        ))
    }

    /// Same, sharing an existing transport (with the identity client, say).
    pub fn with_transport(
        endpoints: &Endpoints,
        version: ApiVersion,
        transport: Transport,
        tokens: Arc<dyn TokenSource>,
    ) -> GraphClient {
        GraphClient {
            transport,
            root: endpoints.graph.clone(),
            version,
            tokens,
            update_pin_verb: Arc::new(AtomicU8::new(0)),
            reset_pin_body: Arc::new(AtomicU8::new(0)),
            known_users: Arc::default(),
        }
    }

    /// The API version in use.
    pub fn version(&self) -> ApiVersion {
        self.version
    }

    /// The same client talking to another API version.
    pub fn with_version(&self, version: ApiVersion) -> GraphClient {
        GraphClient {
            version,
            ..self.clone()
        }
    }

    /// `{root}/{version}/{segments…}` with each segment percent-encoded.
    pub(crate) fn url(&self, segments: &[&str]) -> Url {
        let mut url = self.root.clone();
        if let Ok(mut path) = url.path_segments_mut() {
            path.pop_if_empty()
                .push(self.version.as_str())
                .extend(segments);
        }
        url
    }

    /// `{root}/{version}` as text, for `$batch` relative URLs and nextLinks.
    pub(crate) fn version_root(&self) -> Url {
        self.url(&[])
    }

    /// Sends one Graph request and returns its 2xx answer, or the mapped refusal.
    pub(crate) async fn call(
        &self,
        method: Method,
        url: &Url,
        body: Body,
        class: RetryClass,
        headers: &[(&str, String)],
        needs: &str,
    ) -> Result<Reply, GraphError> {
        let is_delete = method == Method::DELETE;
        let self_service_write = is_self_service_write(method.as_str(), &self.relative(url));
        let token = self.tokens.token().await?;
        let mut reply = self
            .transport
            .send(method.clone(), url, headers, Some(&token), &body, class)
            .await?;
        // A 401 with a claims challenge needs a new interactive sign-in: a refresh cannot
        // produce the claims it asks for.
        let challenged = reply
            .claims_challenge()
            .is_some_and(|c| c.insufficient_claims());
        if reply.status == 401 && !challenged {
            match self.tokens.refresh(&token).await? {
                Some(token) => {
                    reply = self
                        .transport
                        .send(method, url, headers, Some(&token), &body, class)
                        .await?;
                }
                None => return Err(GraphError::Unauthorized(Box::new(api_error(&reply)))),
            }
        }
        if reply.is_success() {
            return Ok(reply);
        }
        if is_delete && reply.status == 404 && reply.resent_after_loss {
            // The first DELETE took effect but its answer was lost: gone is what we wanted.
            return Ok(reply);
        }
        let refusal = Refusal {
            needs,
            retry_after: reply.retry_after(),
            challenge: reply.claims_challenge(),
            self_service_write,
            in_batch: false,
        };
        Err(classify_in(api_error(&reply), &refusal))
    }

    /// GET and decode.
    pub(crate) async fn get_json<T: serde::de::DeserializeOwned>(
        &self,
        url: &Url,
        headers: &[(&str, String)],
        needs: &str,
    ) -> Result<T, GraphError> {
        let reply = self
            .call(
                Method::GET,
                url,
                Body::None,
                RetryClass::Idempotent,
                headers,
                needs,
            )
            .await?;
        decode(&reply, false)
    }
}

/// Decodes a 2xx body into `T` (unwrapping a `{"value": {...}}` wrapper when `unwrap`).
pub(crate) fn decode<T: serde::de::DeserializeOwned>(
    reply: &Reply,
    unwrap: bool,
) -> Result<T, GraphError> {
    let value = reply
        .json()?
        .ok_or_else(|| GraphError::UnexpectedResponse {
            detail: format!("an empty answer, status {}", reply.status),
            request_id: reply.request_id.clone(),
        })?;
    let value = if unwrap {
        crate::models::unwrap_value(value)
    } else {
        value
    };
    // serde's message quotes the offending value, which may be a PIN or QR payload: keep only
    // the kind of mismatch.
    serde_json::from_value(value).map_err(|e| GraphError::UnexpectedResponse {
        detail: format!(
            "body does not have the documented shape ({:?} error)",
            e.classify()
        ),
        request_id: reply.request_id.clone(),
    })
}

/// Like [`decode`], but `Ok(None)` for an empty 2xx body (the docs disagree on 200/201/204).
pub(crate) fn decode_opt<T: serde::de::DeserializeOwned>(
    reply: &Reply,
    unwrap: bool,
) -> Result<Option<T>, GraphError> {
    match reply.json()? {
        None => Ok(None),
        Some(_) => decode(reply, unwrap).map(Some),
    }
}
