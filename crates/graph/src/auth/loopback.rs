//! Authorization code + PKCE through the system browser: an HTTP listener on 127.0.0.1
//! (ephemeral port), redirect `http://localhost:{port}` (Entra ignores the port of a localhost
//! redirect, RFC 8252 §7.3), a random `nonce` checked in the ID token, `state` checked (a
//! request with another state gets a 400 and the wait goes on), each connection served in its
//! own task with a short head time-out, an overall time-out, and a page saying the tab can be
//! closed.

use std::borrow::Cow;
use std::time::Duration;

use oauth2::{CsrfToken, RedirectUrl, Scope};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

use super::cancel::Cancel;
use super::identity::IdentityClient;
use super::pkce::{random_token, Pkce};
use super::tokens::TokenSet;
use crate::GraphError;

/// Opens the authorize URL in a browser. The app passes the system browser; tests pass a
/// scripted HTTP client.
pub trait BrowserOpener: Send + Sync {
    /// Opens `url`; an error aborts the sign-in.
    fn open(&self, url: &Url) -> Result<(), String>;
}

impl<F: Fn(&Url) -> Result<(), String> + Send + Sync> BrowserOpener for F {
    fn open(&self, url: &Url) -> Result<(), String> {
        self(url)
    }
}

/// Options of a browser sign-in.
#[derive(Debug, Clone)]
pub struct BrowserSignIn {
    /// How long to wait for the redirect.
    pub timeout: Duration,
    /// Pre-fills the account (`login_hint`).
    pub login_hint: Option<String>,
    /// `prompt` (`select_account`, `login`, `consent`, `none`).
    pub prompt: Option<String>,
    /// A claims request (JSON) sent as the `claims` parameter of `/authorize`, as MSAL does
    /// for a claims challenge: e.g. [`crate::MFA_STEP_UP_CLAIMS`] after `graph.mfa_required`
    /// (see [`crate::GraphError::claims`]).
    pub claims: Option<String>,
}

impl Default for BrowserSignIn {
    fn default() -> Self {
        BrowserSignIn {
            timeout: Duration::from_secs(300),
            login_hint: None,
            prompt: Some("select_account".into()),
            claims: None,
        }
    }
}

const DONE_PAGE: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>qrstation</title></head>\
<body style=\"font-family:sans-serif\"><h1>Signed in to qrstation</h1><p>You can close this tab and return to the app.</p></body></html>";

fn failed_page(why: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>qrstation</title></head>\
<body style=\"font-family:sans-serif\"><h1>Sign-in not completed</h1><p>{why}</p><p>You can close this tab.</p></body></html>"
    )
}

impl IdentityClient {
    /// Signs in through the browser and returns the tokens.
    pub async fn sign_in_with_browser(
        &self,
        scopes: &[String],
        opener: &dyn BrowserOpener,
        opts: &BrowserSignIn,
        cancel: &Cancel,
    ) -> Result<TokenSet, GraphError> {
        let listener = TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(|e| GraphError::InvalidConfig(format!("cannot listen on 127.0.0.1: {e}")))?;
        let port = listener
            .local_addr()
            .map_err(|e| GraphError::InvalidConfig(format!("no local address: {e}")))?
            .port();
        let redirect_uri = format!("http://localhost:{port}");
        let pkce = Pkce::new();
        let nonce = random_token(16);
        let redirect = RedirectUrl::new(redirect_uri.clone())
            .map_err(|e| GraphError::InvalidConfig(format!("redirect URI: {e}")))?;
        let client = self.oauth();
        let mut request = client
            .authorize_url(|| CsrfToken::new(random_token(16)))
            .set_redirect_uri(Cow::Owned(redirect))
            .set_pkce_challenge(pkce.challenge)
            .add_scopes(scopes.iter().map(|s| Scope::new(s.clone())))
            .add_extra_param("response_mode", "query")
            .add_extra_param("nonce", &nonce);
        if let Some(hint) = &opts.login_hint {
            request = request.add_extra_param("login_hint", hint);
        }
        if let Some(prompt) = &opts.prompt {
            request = request.add_extra_param("prompt", prompt);
        }
        if let Some(claims) = opts.claims.as_deref().filter(|c| !c.trim().is_empty()) {
            request = request.add_extra_param("claims", claims);
        }
        let (url, state) = request.url();
        let state = state.into_secret();
        opener.open(&url).map_err(|e| GraphError::SignIn {
            error: "browser".into(),
            description: format!("cannot open the browser: {e}"),
        })?;
        let code = tokio::select! {
            r = tokio::time::timeout(opts.timeout, wait_for_redirect(&listener, &state)) => {
                r.map_err(|_| GraphError::SignInTimedOut)??
            }
            _ = cancel.cancelled() => return Err(GraphError::SignInCancelled),
        };
        drop(listener);
        self.redeem_code(&code, &redirect_uri, pkce.verifier.secret(), scopes, &nonce)
            .await
    }
}

/// How long one connection may take to send its request head (slow-loris guard).
const HEAD_TIMEOUT: Duration = Duration::from_secs(2);

/// Serves the loopback port until the redirect with `code` or `error` and the right `state`
/// arrives. Each connection runs in its own task, so a slow or silent client stalls nothing;
/// a request with a wrong or missing `state` (a stale tab, a forged request from a web page)
/// is answered 400 and ignored.
async fn wait_for_redirect(listener: &TcpListener, state: &str) -> Result<String, GraphError> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<String, GraphError>>(1);
    let mut tasks = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let (tx, state) = (tx.clone(), state.to_owned());
                tasks.spawn(async move {
                    if let Some(outcome) = serve_one(stream, &state).await {
                        let _ = tx.send(outcome).await;
                    }
                });
            }
            Some(outcome) = rx.recv() => {
                tasks.abort_all();
                return outcome;
            }
        }
    }
}

/// Answers one connection; `Some` when it carried this sign-in's answer.
async fn serve_one(mut stream: TcpStream, state: &str) -> Option<Result<String, GraphError>> {
    let target = tokio::time::timeout(HEAD_TIMEOUT, read_target(&mut stream))
        .await
        .ok()??;
    let Ok(url) = Url::parse(&format!("http://localhost{target}")) else {
        respond(&mut stream, 400, &failed_page("Unreadable request.")).await;
        return None;
    };
    let param = |k: &str| {
        url.query_pairs()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.into_owned())
    };
    let (code, error) = (param("code"), param("error"));
    if code.is_none() && error.is_none() {
        respond(&mut stream, 404, &failed_page("Nothing here.")).await;
        return None;
    }
    if param("state").as_deref() != Some(state) {
        respond(
            &mut stream,
            400,
            &failed_page("This answer does not belong to the current sign-in."),
        )
        .await;
        return None;
    }
    if let Some(error) = error {
        respond(
            &mut stream,
            200,
            &failed_page("The sign-in was cancelled or refused."),
        )
        .await;
        let desc = param("error_description").unwrap_or_default();
        return Some(Err(super::tokens::OAuthError {
            error,
            error_description: desc,
        }
        .into_graph_error()));
    }
    respond(&mut stream, 200, DONE_PAGE).await;
    code.map(Ok)
}

/// Reads the request head and returns its target (`/?code=…`).
async fn read_target(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 2048];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < 16 * 1024 {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let head = String::from_utf8_lossy(&buf);
    let mut parts = head.lines().next()?.split_whitespace();
    let _method = parts.next()?;
    parts.next().map(str::to_owned)
}

async fn respond(stream: &mut TcpStream, status: u16, html: &str) {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        _ => "Not Found",
    };
    let msg = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n\r\n{html}",
        html.len()
    );
    let _ = stream.write_all(msg.as_bytes()).await;
    let _ = stream.shutdown().await;
}
