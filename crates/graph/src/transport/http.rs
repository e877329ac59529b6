//! One HTTP exchange with retries: a fresh `client-request-id` per attempt, `Retry-After` or
//! backoff on 429/503/504, a resend after a dropped connection only when that is safe, a
//! deadline per attempt, a longer read time-out for authentication-method writes, and a cap
//! on the body size.

use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::Method;
use url::Url;

use super::config::TransportConfig;
use super::retry::{backoff_delay, parse_retry_after};
use crate::redact::redact;
use crate::GraphError;

/// A request body. `Debug` shows only its kind: bodies carry PINs, codes and tokens.
#[derive(Clone, PartialEq)]
pub enum Body {
    /// No body.
    None,
    /// A JSON body (`application/json`).
    Json(serde_json::Value),
    /// A form body (`application/x-www-form-urlencoded`), e.g. token requests.
    Form(Vec<(String, String)>),
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Body::None => "Body::None",
            Body::Json(_) => "Body::Json(<redacted>)",
            Body::Form(_) => "Body::Form(<redacted>)",
        })
    }
}

/// Whether a request may be sent again after its answer was lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryClass {
    /// Sending it twice has the effect of sending it once (GET, DELETE, expiry update).
    Idempotent,
    /// Resent only when the server certainly did not act on it: a failed connect, or a
    /// 429/503 answer. A lost answer becomes `Network { maybe_applied: true }` for the
    /// caller to reconcile, and so does a 504.
    Once,
}

/// A final HTTP answer (any status: mapping statuses to errors is the caller's job). `Debug`
/// shows the body's length only: it may hold PINs, QR payloads or tokens.
#[derive(Clone)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// The body as received (at most the client's size limit).
    pub body: Vec<u8>,
    /// The server's `request-id` header.
    pub request_id: Option<String>,
    /// The `client-request-id` sent with the attempt that got this answer.
    pub client_request_id: String,
    /// True if an earlier attempt of this request was sent and its answer lost.
    pub resent_after_loss: bool,
}

impl Reply {
    /// The body as JSON, `None` when it is empty (204, or a 200/201 without body).
    pub fn json(&self) -> Result<Option<serde_json::Value>, GraphError> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        serde_json::from_slice(&self.body)
            .map(Some)
            .map_err(|e| GraphError::UnexpectedResponse {
                detail: format!("body is not JSON ({e})"),
                request_id: self.request_id.clone(),
            })
    }

    /// The `Retry-After` header, read now.
    pub fn retry_after(&self) -> Option<Duration> {
        header(&self.headers, "retry-after").and_then(|v| parse_retry_after(&v, SystemTime::now()))
    }

    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Every `WWW-Authenticate` value of the answer (those that are not visible ASCII are
    /// skipped).
    pub fn www_authenticate(&self) -> Vec<&str> {
        self.headers
            .get_all(reqwest::header::WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect()
    }

    /// The Bearer claims challenge of the answer's `WWW-Authenticate`, if any (see
    /// [`crate::challenge`]).
    pub fn claims_challenge(&self) -> Option<crate::challenge::ClaimsChallenge> {
        crate::challenge::find_challenge(self.www_authenticate())
    }
}

fn header(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

/// The HTTP client with its retry policy.
#[derive(Debug, Clone)]
pub struct Transport {
    client: reqwest::Client,
    /// The same settings with [`TransportConfig::write_timeout`] as the read time-out, for
    /// authentication-method writes. reqwest sets the read time-out per client only (a
    /// request's own `timeout` bounds the whole exchange instead), hence a second client.
    write_client: reqwest::Client,
    config: TransportConfig,
}

/// Whether a request is a write to authentication methods (any verb but GET/HEAD with a path
/// segment `authentication`), or a `$batch` (which may carry such writes): those get
/// [`TransportConfig::write_timeout`].
pub fn is_method_write(method: &Method, url: &Url) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    url.path_segments().is_some_and(|mut segs| {
        segs.any(|s| s.eq_ignore_ascii_case("authentication") || s.eq_ignore_ascii_case("$batch"))
    })
}

enum Attempt {
    Answer(Reply),
    /// Never reached the server (connect/TLS failure).
    NotSent(String),
    /// Sent; the answer was lost (reset, closed, time-out).
    Lost(String),
    /// The body is larger than `max_body_bytes`.
    TooLarge,
}

impl Transport {
    /// Builds the reqwest client (rustls; system roots plus the configured extra CA).
    pub fn new(config: TransportConfig) -> Result<Transport, GraphError> {
        if config.deadline.is_zero() || config.max_body_bytes == 0 || config.max_pages == 0 {
            return Err(GraphError::InvalidConfig(
                "the deadline, body limit and page limit must be above zero".into(),
            ));
        }
        let client = Transport::build(&config, config.read_timeout)?;
        let write_client = Transport::build(&config, config.write_timeout)?;
        Ok(Transport {
            client,
            write_client,
            config,
        })
    }

    fn build(
        config: &TransportConfig,
        read_timeout: Duration,
    ) -> Result<reqwest::Client, GraphError> {
        let mut builder = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .read_timeout(read_timeout)
            .user_agent(config.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none());
        let mut pem: Vec<u8> = Vec::new();
        if let Some(path) = &config.extra_ca_pem {
            let bytes = std::fs::read(path).map_err(|e| {
                GraphError::InvalidConfig(format!(
                    "cannot read CA certificate {}: {e}",
                    path.display()
                ))
            })?;
            pem.extend(bytes);
            pem.push(b'\n');
        }
        if let Some(text) = &config.extra_ca_pem_text {
            pem.extend(text.as_bytes());
        }
        if !pem.is_empty() {
            let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                GraphError::InvalidConfig(format!("CA certificate is not valid PEM: {e}"))
            })?;
            if certs.is_empty() {
                return Err(GraphError::InvalidConfig(
                    "CA certificate file holds no certificate".into(),
                ));
            }
            builder = builder.tls_certs_merge(certs);
        }
        builder
            .build()
            .map_err(|e| GraphError::InvalidConfig(format!("cannot set up HTTPS: {}", chain(&e))))
    }

    /// The settings this transport was built with.
    pub fn config(&self) -> &TransportConfig {
        &self.config
    }

    /// Sends a request, retrying per the policy. Returns the final answer whatever its
    /// status, or a network error.
    pub async fn send(
        &self,
        method: Method,
        url: &Url,
        headers: &[(&str, String)],
        bearer: Option<&str>,
        body: &Body,
        class: RetryClass,
    ) -> Result<Reply, GraphError> {
        let policy = &self.config.retry;
        let mut waited = Duration::ZERO;
        let mut lost = false;
        let mut attempt = 0u32;
        // One deadline for the whole call, retries and their waits included.
        let started = tokio::time::Instant::now();
        let deadline = self.config.deadline;
        loop {
            attempt += 1;
            let crid = uuid::Uuid::new_v4().to_string();
            let outcome = self
                .once(
                    method.clone(),
                    url,
                    headers,
                    bearer,
                    body,
                    &crid,
                    deadline.saturating_sub(started.elapsed()),
                )
                .await;
            let network = |detail: String, maybe_applied: bool| GraphError::Network {
                host: url.host_str().unwrap_or("?").to_owned(),
                detail,
                maybe_applied,
                client_request_id: Some(crid.clone()),
            };
            let delay = match &outcome {
                Attempt::TooLarge => {
                    return Err(GraphError::ResponseTooLarge {
                        host: url.host_str().unwrap_or("?").to_owned(),
                        limit: self.config.max_body_bytes,
                    })
                }
                Attempt::Answer(r) if r.status == 504 && class == RetryClass::Once => {
                    return Err(network("gateway time-out (HTTP 504)".into(), true));
                }
                Attempt::Answer(r) if matches!(r.status, 429 | 503 | 504) => r
                    .retry_after()
                    .unwrap_or_else(|| backoff_delay(policy, attempt)),
                Attempt::Answer(_) => Duration::ZERO,
                Attempt::NotSent(_) => backoff_delay(policy, attempt),
                Attempt::Lost(detail) if class == RetryClass::Once => {
                    return Err(network(detail.clone(), true));
                }
                Attempt::Lost(_) => {
                    lost = true;
                    backoff_delay(policy, attempt)
                }
            };
            let retryable = match &outcome {
                Attempt::Answer(r) => matches!(r.status, 429 | 503 | 504),
                _ => true,
            };
            if !retryable
                || attempt >= policy.max_attempts
                || waited + delay > policy.max_total_wait
                || started.elapsed() + delay >= deadline
            {
                return match outcome {
                    Attempt::Answer(mut r) => {
                        r.resent_after_loss = lost;
                        Ok(r)
                    }
                    Attempt::NotSent(d) => Err(network(d, false)),
                    Attempt::Lost(d) => Err(network(d, false)),
                    Attempt::TooLarge => Err(GraphError::ResponseTooLarge {
                        host: url.host_str().unwrap_or("?").to_owned(),
                        limit: self.config.max_body_bytes,
                    }),
                };
            }
            tracing::debug!(%method, attempt, delay_ms = delay.as_millis() as u64, "retrying Graph request");
            self.config.sleeper.sleep(delay).await;
            waited += delay;
        }
    }

    /// One attempt within what is left of the call's deadline. A deadline hit counts as a
    /// lost answer: the request may have reached the server.
    #[allow(clippy::too_many_arguments)]
    async fn once(
        &self,
        method: Method,
        url: &Url,
        headers: &[(&str, String)],
        bearer: Option<&str>,
        body: &Body,
        crid: &str,
        left: Duration,
    ) -> Attempt {
        tokio::time::timeout(left, self.attempt(method, url, headers, bearer, body, crid))
            .await
            .unwrap_or_else(|_| {
                Attempt::Lost(format!(
                    "no complete answer within {:.1} s",
                    self.config.deadline.as_secs_f64()
                ))
            })
    }

    async fn attempt(
        &self,
        method: Method,
        url: &Url,
        headers: &[(&str, String)],
        bearer: Option<&str>,
        body: &Body,
        crid: &str,
    ) -> Attempt {
        let client = if is_method_write(&method, url) {
            &self.write_client
        } else {
            &self.client
        };
        let mut req = client
            .request(method, url.clone())
            .header("client-request-id", crid)
            .header("return-client-request-id", "true")
            .header("Accept", "application/json");
        for (k, v) in headers {
            req = req.header(*k, v);
        }
        if let Some(token) = bearer {
            req = req.bearer_auth(token);
        }
        req = match body {
            Body::None => req,
            Body::Json(v) => req.json(v),
            Body::Form(pairs) => req.form(pairs),
        };
        let resp = match req.send().await {
            Ok(r) => r,
            Err(e) if e.is_connect() || e.is_builder() => return Attempt::NotSent(chain(&e)),
            Err(e) => return Attempt::Lost(chain(&e)),
        };
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let limit = self.config.max_body_bytes;
        if resp.content_length().is_some_and(|n| n > limit as u64) {
            return Attempt::TooLarge;
        }
        let mut resp = resp;
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(c)) if body.len() + c.len() > limit => return Attempt::TooLarge,
                Ok(Some(c)) => body.extend_from_slice(&c),
                Ok(None) => break,
                Err(e) => return Attempt::Lost(chain(&e)),
            }
        }
        Attempt::Answer(Reply {
            status,
            request_id: header(&headers, "request-id"),
            headers,
            body,
            client_request_id: crid.to_owned(),
            resent_after_loss: false,
        })
    }
}

/// An error and its sources on one line, without the URL, scrubbed.
fn chain(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut cur: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = cur {
        let text = err.to_string();
        let text = match text.find(" for url (") {
            Some(i) => text[..i].to_owned(),
            None => text,
        };
        if !parts.contains(&text) {
            parts.push(text);
        }
        cur = err.source();
    }
    redact(&parts.join(": "))
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reply")
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authentication_method_writes_and_batches_get_the_write_timeout() {
        let u = |p: &str| Url::parse(&format!("https://graph.microsoft.com/v1.0/{p}")).unwrap();
        for (m, p, want) in [
            (Method::PUT, "users/u/authentication/qrCodePinMethod", true),
            (
                Method::PATCH,
                "users/u/authentication/qrCodePinMethod/pin",
                true,
            ),
            (
                Method::POST,
                "me/authentication/qrCodePinMethod/pin/updatePin",
                true,
            ),
            (
                Method::DELETE,
                "users/u/Authentication/qrCodePinMethod",
                true,
            ),
            (Method::POST, "$batch", true),
            (Method::GET, "users/u/authentication/qrCodePinMethod", false),
            (
                Method::PATCH,
                "policies/authenticationMethodsPolicy/authenticationMethodConfigurations/qrCodePin",
                false,
            ),
            (Method::POST, "organizations/oauth2/v2.0/token", false),
        ] {
            assert_eq!(is_method_write(&m, &u(p)), want, "{m} {p}");
        }
    }
}
