//! Test environment: an emulator on 127.0.0.1, Graph clients for its seeded accounts (tokens
//! minted by the emulator), its `/_emulator/…` hooks, and a sleeper that records retry delays.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use qrstation_emulator::{Emulator, EmulatorConfig};
use qrstation_graph::auth::{CredentialStorage, IdentityClient, MemoryStore, Session, StaticToken};
use qrstation_graph::transport::sleep::BoxFuture;
use qrstation_graph::{
    ApiVersion, Endpoints, GraphClient, RetryPolicy, Sleeper, Transport, TransportConfig,
};
use serde_json::Value;

/// The seeded Global Administrator.
pub fn admin() -> String {
    format!("admin@{}", qrstation_emulator::seed::DOMAIN)
}

/// The seeded store manager (Authentication Administrator).
pub fn manager() -> String {
    format!("megan.bowen@{}", qrstation_emulator::seed::DOMAIN)
}

/// A seeded worker by mail nickname.
pub fn worker(nick: &str) -> String {
    format!("{nick}@{}", qrstation_emulator::seed::DOMAIN)
}

/// Every Graph permission the admin tests need.
pub const ADMIN_SCOPES: &[&str] = &[
    "https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite.All",
    "https://graph.microsoft.com/User.Read.All",
    "https://graph.microsoft.com/Policy.ReadWrite.AuthenticationMethod",
    "https://graph.microsoft.com/Directory.AccessAsUser.All",
];

/// Records the delays asked for and returns at once, so retry tests stay fast (or sleeps them
/// for real after [`RecordingSleeper::sleep_for_real`], for a token bucket that must refill).
#[derive(Debug, Default)]
pub struct RecordingSleeper(Mutex<Vec<Duration>>, std::sync::atomic::AtomicBool);

impl RecordingSleeper {
    /// Delays asked for so far.
    pub fn delays(&self) -> Vec<Duration> {
        self.0.lock().map(|v| v.clone()).unwrap_or_default()
    }

    /// Sleep the recorded delays for real from now on.
    pub fn sleep_for_real(&self) {
        self.1.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Forgets recorded delays.
    pub fn clear(&self) {
        if let Ok(mut v) = self.0.lock() {
            v.clear();
        }
    }
}

impl Sleeper for RecordingSleeper {
    fn sleep(&self, d: Duration) -> BoxFuture<'_, ()> {
        if let Ok(mut v) = self.0.lock() {
            v.push(d);
        }
        if self.1.load(std::sync::atomic::Ordering::SeqCst) {
            return Box::pin(tokio::time::sleep(d));
        }
        Box::pin(tokio::task::yield_now())
    }
}

/// A running emulator and what the tests need around it.
pub struct Env {
    /// The emulator, with its test hooks.
    pub emu: Emulator,
    /// A plain HTTP client for calling the hooks.
    pub http: reqwest::Client,
    /// Records the retry waits the Graph client asked for (see [`RecordingSleeper`]).
    pub sleeper: Arc<RecordingSleeper>,
}

impl Env {
    /// The demo tenant with hooks on.
    pub async fn start() -> Env {
        Env::start_with(EmulatorConfig::for_tests()).await
    }

    /// An emulator with `config`.
    pub async fn start_with(config: EmulatorConfig) -> Env {
        let emu = Emulator::start(config).await.expect("emulator starts");
        let mut http = reqwest::Client::builder();
        if let Some(pem) = emu.ca_cert_pem() {
            http = http.tls_certs_merge(
                reqwest::Certificate::from_pem_bundle(pem.as_bytes()).expect("CA pem"),
            );
        }
        Env {
            emu,
            http: http.build().expect("reqwest client"),
            sleeper: Arc::new(RecordingSleeper::default()),
        }
    }

    /// Authority `{base}/organizations` and Graph root `{base}`.
    pub fn endpoints(&self) -> Endpoints {
        self.endpoints_at(&self.emu.base_url())
    }

    /// Same, with the Graph root at `graph` (a proxy in front of the emulator).
    pub fn endpoints_at(&self, graph: &str) -> Endpoints {
        Endpoints::custom(&self.emu.authority("organizations"), graph).expect("endpoints")
    }

    /// Transport settings: the emulator's CA when TLS is on, 4 attempts, recorded sleeps.
    pub fn transport(&self) -> TransportConfig {
        TransportConfig {
            connect_timeout: Duration::from_secs(2),
            read_timeout: Duration::from_secs(2),
            extra_ca_pem_text: self.emu.ca_cert_pem().map(str::to_owned),
            retry: RetryPolicy {
                max_attempts: 4,
                base_delay: Duration::from_millis(200),
                max_delay: Duration::from_secs(2),
                max_total_wait: Duration::from_secs(20),
            },
            sleeper: self.sleeper.clone(),
            ..TransportConfig::default()
        }
    }

    /// A v1.0 client signed in as `user` with `scopes` (token minted by the emulator).
    pub fn client_as(&self, user: &str, scopes: &[&str]) -> GraphClient {
        self.client_at(&self.emu.base_url(), user, scopes)
    }

    /// Same, talking to Graph at `graph`.
    pub fn client_at(&self, graph: &str, user: &str, scopes: &[&str]) -> GraphClient {
        let token = self.emu.mint_access_token(user, scopes).expect("token");
        GraphClient::new(
            &self.endpoints_at(graph),
            ApiVersion::V1,
            self.transport(),
            Arc::new(StaticToken::new(token)),
        )
        .expect("client")
    }

    /// The Global Administrator with [`ADMIN_SCOPES`].
    pub fn admin(&self) -> GraphClient {
        self.client_as(&admin(), ADMIN_SCOPES)
    }

    /// The emulator's hooks, through this environment's client (its CA when TLS is on).
    pub fn hooks(&self) -> qrstation_emulator_hooks::Hooks {
        qrstation_emulator_hooks::Hooks::with_client(self.http.clone(), self.emu.base_url())
    }

    /// POSTs a hook and returns its JSON answer (panics when the hook refuses).
    pub async fn hook(&self, path: &str, body: Value) -> Value {
        self.hooks().post(path, body).await
    }

    /// Sets `Compat` switches (a partial object) through `/_emulator/compat`.
    pub async fn compat(&self, switches: Value) {
        self.hooks().set_compat(switches).await;
    }

    /// A client for `user` whose token says `amr` and a sign-in `auth_age` ago.
    pub fn client_aged(
        &self,
        user: &str,
        scopes: &[&str],
        amr: &[&str],
        auth_age: Duration,
    ) -> GraphClient {
        let token = self
            .emu
            .mint_access_token_with(
                user,
                scopes,
                qrstation_emulator::MintOptions {
                    amr: amr.iter().map(|a| (*a).to_owned()).collect(),
                    auth_age,
                },
            )
            .expect("token");
        GraphClient::new(
            &self.endpoints(),
            ApiVersion::V1,
            self.transport(),
            Arc::new(StaticToken::new(token)),
        )
        .expect("client")
    }

    /// The object id of the seeded user `upn`.
    pub async fn user_id(&self, upn: &str) -> String {
        let st = self.state().await;
        st["users"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|u| {
                u["userPrincipalName"]
                    .as_str()
                    .is_some_and(|x| x.eq_ignore_ascii_case(upn))
            })
            .and_then(|u| u["id"].as_str())
            .expect("seeded user")
            .to_owned()
    }

    /// How many method creates (PUTs that made a method) the emulator carried out for `upn`.
    pub async fn method_creates(&self, upn: &str) -> u64 {
        let id = self.user_id(upn).await;
        self.state().await["methodCreates"][id.as_str()]
            .as_u64()
            .unwrap_or(0)
    }

    /// The emulator's state (no secrets in it).
    pub async fn state(&self) -> Value {
        self.hooks().state().await
    }

    /// Forces faults on the next Graph requests, in order (`unavailable`, `slow`, `drop`,
    /// `throttle`).
    pub async fn next_faults(&self, faults: &[&str]) {
        self.hook("faults", serde_json::json!({ "next": faults }))
            .await;
    }

    /// UPNs of seeded workers (not the admin or manager) without a QR method, in seed order.
    pub async fn workers_without_method(&self) -> Vec<String> {
        let st = self.state().await;
        let methods = st["methods"].as_object().cloned().unwrap_or_default();
        st["users"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|u| !methods.contains_key(u["id"].as_str().unwrap_or("")))
            .filter(|u| u["roles"].as_array().is_none_or(|r| r.is_empty()))
            .filter_map(|u| u["userPrincipalName"].as_str().map(str::to_owned))
            .collect()
    }

    /// Does the emulator accept `pin` as `user`'s current PIN?
    pub async fn pin_matches(&self, user: &str, pin: &str) -> bool {
        let v = self
            .hook(
                "verify-pin",
                serde_json::json!({ "user": user, "pin": pin }),
            )
            .await;
        v["matches"].as_bool().expect("matches")
    }
}

/// Scopes of the sign-in tests' sessions.
pub const SIGN_IN_SCOPES: &[&str] = &[
    "https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite.All",
    "https://graph.microsoft.com/User.Read.All",
    "offline_access",
    "openid",
    "profile",
];

/// A session of the qrstation app registration against the emulator, tokens kept in `store`.
pub fn session(env: &Env, cfg: TransportConfig, store: Arc<MemoryStore>) -> Session {
    let identity = IdentityClient::new(
        &env.endpoints(),
        qrstation_emulator::seed::QRSTATION_CLIENT_ID,
        Transport::new(cfg).expect("transport"),
    );
    Session::new(
        identity,
        SIGN_IN_SCOPES,
        store,
        CredentialStorage::Memory {
            reason: "test".into(),
        },
    )
}
