//! The running emulator: binds the socket, serves HTTP or HTTPS through one hyper accept
//! loop (so an injected fault can really drop a connection), applies latency, throttling
//! and faults to Graph requests, and shuts down gracefully.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, Response};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use axum::Router;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tower::ServiceExt;

use crate::config::EmulatorConfig;
use crate::faults::{judge, Verdict};
use crate::graph::response::{throttled, unavailable, Ctx};
use crate::state::Shared;
use crate::EmulatorError;

/// A running emulator. Dropping it without [`Emulator::shutdown`] stops accepting too.
pub struct Emulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
    ca: Option<(String, PathBuf)>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("base_url", &self.shared.base_url)
            .finish()
    }
}

/// The connection is dropped on purpose (an injected fault).
#[derive(Debug)]
struct DroppedOnPurpose;

impl std::fmt::Display for DroppedOnPurpose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for DroppedOnPurpose {}

impl Emulator {
    /// Starts an emulator (binds `config.bind`, by default `127.0.0.1:0`).
    pub async fn start(config: EmulatorConfig) -> Result<Self, EmulatorError> {
        config.validate()?;
        let listener =
            TcpListener::bind(config.bind)
                .await
                .map_err(|source| EmulatorError::Bind {
                    addr: config.bind.to_string(),
                    source,
                })?;
        let addr = listener
            .local_addr()
            .map_err(|source| EmulatorError::Bind {
                addr: config.bind.to_string(),
                source,
            })?;
        let host = if addr.ip().is_unspecified() {
            "127.0.0.1".to_string()
        } else {
            addr.ip().to_string()
        };
        let tls = if config.tls {
            Some(crate::tls::setup(
                config.ca_cert_path.as_deref(),
                addr.port(),
            )?)
        } else {
            None
        };
        let scheme = if tls.is_some() { "https" } else { "http" };
        let base_url = format!("{scheme}://{host}:{}", addr.port());
        let cfg = config.clone();
        let shared = tokio::task::spawn_blocking(move || Shared::new(&cfg, base_url))
            .await
            .map_err(|e| EmulatorError::Crypto(e.to_string()))??;
        let shared = Arc::new(shared);
        let router = router(shared.clone());
        let (tx, rx) = watch::channel(false);
        let acceptor = tls
            .as_ref()
            .map(|t| tokio_rustls::TlsAcceptor::from(t.config.clone()));
        let task = tokio::spawn(accept_loop(listener, router, shared.clone(), acceptor, rx));
        tracing::info!(base_url = %shared.base_url, "emulator listening");
        Ok(Self {
            shared,
            addr,
            shutdown: tx,
            task: Some(task),
            ca: tls.map(|t| (t.ca_pem, t.ca_path)),
        })
    }

    /// `http://127.0.0.1:PORT` (or `https://…` with TLS), no trailing slash.
    pub fn base_url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The authority for MSAL-style clients: `{base}/{tenant}` (`organizations`, `common`,
    /// the tenant id or its domain).
    pub fn authority(&self, tenant: &str) -> String {
        format!("{}/{tenant}", self.shared.base_url)
    }

    /// The Graph root for `version` (`v1.0` or `beta`): `{base}/v1.0`.
    pub fn graph_url(&self, version: &str) -> String {
        format!("{}/{version}", self.shared.base_url)
    }

    /// The tenant id.
    pub fn tenant_id(&self) -> String {
        self.shared.tenant().id.clone()
    }

    /// The CA certificate (PEM) to trust when TLS is on.
    pub fn ca_cert_pem(&self) -> Option<&str> {
        self.ca.as_ref().map(|(pem, _)| pem.as_str())
    }

    /// Where the CA certificate was written when TLS is on.
    pub fn ca_cert_path(&self) -> Option<&std::path::Path> {
        self.ca.as_ref().map(|(_, p)| p.as_path())
    }

    /// A Graph access token for `user` (id or UPN) with `scopes`, without a sign-in flow
    /// (for demo mode and tests): `amr` `["pwd"]`, signed in now.
    pub fn mint_access_token(&self, user: &str, scopes: &[&str]) -> Result<String, EmulatorError> {
        self.mint_access_token_with(user, scopes, crate::MintOptions::default())
    }

    /// Like [`Emulator::mint_access_token`], with the token's `amr` and how long ago the
    /// person signed in taken from `options` (e.g. a sign-in 11 minutes ago without MFA,
    /// which self-service writes refuse while `Compat::mfa_freshness` is on).
    pub fn mint_access_token_with(
        &self,
        user: &str,
        scopes: &[&str],
        options: crate::MintOptions,
    ) -> Result<String, EmulatorError> {
        let uid = self
            .shared
            .tenant()
            .find_user(user)
            .map(|u| u.id.clone())
            .ok_or_else(|| EmulatorError::Config(format!("unknown user '{user}'")))?;
        let scopes = crate::identity::scopes::Scopes::parse(&scopes.join(" "), false)
            .map_err(|e| EmulatorError::Config(e.message))?;
        let grant = crate::identity::tokens::Grant {
            client_id: crate::seed::QRSTATION_CLIENT_ID.into(),
            user_id: uid,
            scopes,
            nonce: None,
            sign_in: options.sign_in(self.shared.clock.now()),
        };
        crate::identity::tokens::access_token(
            &self.shared,
            &grant,
            self.shared.access_token_lifetime,
        )
    }

    /// The directory role template ids `user` (id or UPN) holds, if the user exists.
    pub fn user_roles(&self, user: &str) -> Option<Vec<String>> {
        self.shared
            .tenant()
            .find_user(user)
            .map(|u| u.roles.clone())
    }

    /// Puts the tenant back to a fresh `seed` (persisted with a state file), forgets every
    /// sign-in and resets the clock; e.g. the app's "reset demo tenant".
    pub fn reset(&self, seed: crate::Seed) -> Result<(), EmulatorError> {
        self.shared.clock.reset();
        self.shared.reset(seed)
    }

    /// Stops accepting, lets open requests finish (up to 5 s), and waits for the server.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

fn router(shared: Arc<Shared>) -> Router {
    let mut r = Router::new()
        .route("/", get(index))
        .merge(crate::identity::router());
    if shared.hooks {
        r = r.merge(crate::hooks::router());
    }
    r.fallback(crate::graph::http_entry).with_state(shared)
}

async fn index(
    axum::extract::State(shared): axum::extract::State<Arc<Shared>>,
) -> impl IntoResponse {
    let base = &shared.base_url;
    Html(format!(
        "<!doctype html><html><body><h1>qrstation demo tenant</h1><ul>\
         <li>Authority: <code>{base}/organizations</code></li>\
         <li>Graph: <code>{base}/v1.0</code> and <code>{base}/beta</code></li>\
         <li>Device sign-in page: <a href=\"/devicelogin\">{base}/devicelogin</a></li></ul></body></html>"
    ))
}

async fn accept_loop(
    listener: TcpListener,
    router: Router,
    shared: Arc<Shared>,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    mut stop: watch::Receiver<bool>,
) {
    let graceful = GracefulShutdown::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let (router, shared, acceptor, watcher) = (router.clone(), shared.clone(), acceptor.clone(), graceful.watcher());
                tokio::spawn(async move {
                    let svc = service_fn(move |req| front(shared.clone(), router.clone(), req));
                    let builder = hyper::server::conn::http1::Builder::new();
                    match acceptor {
                        Some(a) => {
                            if let Ok(tls) = a.accept(stream).await {
                                let _ = watcher.watch(builder.serve_connection(TokioIo::new(tls), svc)).await;
                            }
                        }
                        None => {
                            let _ = watcher.watch(builder.serve_connection(TokioIo::new(stream), svc)).await;
                        }
                    }
                });
            }
            _ = stop.changed() => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(Duration::from_secs(5), graceful.shutdown()).await;
}

fn is_graph(path: &str) -> bool {
    crate::graph::split_version(path).is_some()
}

/// The front door: latency for everything but hooks; throttle and faults for Graph.
async fn front(
    shared: Arc<Shared>,
    router: Router,
    req: Request<Incoming>,
) -> Result<Response<Body>, DroppedOnPurpose> {
    let path = req.uri().path().to_string();
    if !path.starts_with("/_emulator/") {
        let latency = shared.knobs().latency_ms;
        if latency > 0 {
            tokio::time::sleep(Duration::from_millis(latency)).await;
        }
    }
    if is_graph(&path) {
        shared.count_graph_request();
        let crid = req
            .headers()
            .get("client-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let ctx = || Ctx::new(crid.as_deref(), shared.clock.now(), "v1.0");
        match judge(&shared) {
            Verdict::Serve => {}
            Verdict::Lost => {
                // Carried out in full, then the answer never leaves: the client must find
                // out with a read whether its change happened.
                let _ = router.oneshot(req.map(Body::new)).await;
                return Err(DroppedOnPurpose);
            }
            Verdict::SlowServe(ms) => {
                // A slow service still carries the request out when the client stops waiting
                // (Graph times authentication-method calls out only after 60 s): the work
                // runs in its own task, so a client that closes the connection during the
                // delay loses the answer, not the write.
                let task = tokio::spawn(async move {
                    tokio::time::sleep(Duration::from_millis(ms)).await;
                    router.oneshot(req.map(Body::new)).await
                });
                return Ok(match task.await {
                    Ok(Ok(resp)) => resp,
                    Ok(Err(never)) => match never {},
                    Err(_) => {
                        let c = ctx();
                        unavailable(&c).into_http(&c)
                    }
                });
            }
            Verdict::Drop => return Err(DroppedOnPurpose),
            Verdict::Unavailable => {
                let c = ctx();
                return Ok(unavailable(&c).into_http(&c));
            }
            Verdict::Throttled(wait) => {
                let c = ctx();
                return Ok(throttled(&c, wait).into_http(&c));
            }
        }
    }
    let resp: Result<Response<Body>, Infallible> = router.oneshot(req.map(Body::new)).await;
    Ok(resp.unwrap_or_else(|never| match never {}))
}
