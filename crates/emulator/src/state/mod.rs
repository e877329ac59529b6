//! The emulator's shared state: the tenant (persisted with `--state`), transient sign-in
//! flows, the signing key, the clock, the runtime knobs and the replication-lag views, behind
//! one `Arc`.

pub mod flows;
pub mod model;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rand::rngs::StdRng;
use rand::SeedableRng;

use crate::clock::Clock;
use crate::config::{EmulatorConfig, Seed};
use crate::jwt::SigningKey;
use crate::knobs::Knobs;
use crate::EmulatorError;
use flows::Flows;
use model::Tenant;

/// Everything a request handler can reach.
#[derive(Debug)]
pub struct Shared {
    /// `http://127.0.0.1:PORT` or `https://…`, no trailing slash.
    pub base_url: String,
    /// The clock every handler reads (settable by the hooks).
    pub clock: Clock,
    /// The key that signs ID and access tokens.
    pub key: SigningKey,
    /// Whether the test hooks under `/_emulator/…` are served.
    pub hooks: bool,
    /// Where the tenant is saved (`--state`); `None`: kept in memory only.
    pub state_file: Option<PathBuf>,
    /// Seconds between device-code polls.
    pub device_code_interval: u64,
    /// Seconds a device code lives.
    pub device_code_lifetime: i64,
    /// Seconds an access token lives.
    pub access_token_lifetime: i64,
    /// Synthetic workers added to the demo seed (kept across resets).
    pub extra_users: usize,
    tenant: Mutex<Tenant>,
    flows: Mutex<Flows>,
    knobs: Mutex<Knobs>,
    rng: Mutex<StdRng>,
    /// Successful method creates (`PUT`) per user id since start or reset: what tests read to
    /// prove no user was created twice. Not persisted.
    creates: Mutex<std::collections::BTreeMap<String, u32>>,
    /// Graph HTTP requests received since start (a `$batch` counts once): what tests read to
    /// prove a job batches its writes. Not persisted, not reset.
    graph_requests: std::sync::atomic::AtomicU64,
    /// Replication lag: per user id, until when reads see which (older) method state.
    replica:
        Mutex<std::collections::HashMap<String, (std::time::Instant, Option<model::QrMethod>)>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A handler that panicked mid-update leaves plain data behind; keep serving.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    /// Builds the state for `config`, loading the state file if there is one.
    pub fn new(config: &EmulatorConfig, base_url: String) -> Result<Self, EmulatorError> {
        let clock = Clock::default();
        let tenant = match &config.state_file {
            Some(path) if path.exists() => load(path)?,
            _ => crate::seed::build_with(config.seed, config.extra_users, clock.now()),
        };
        let rng = match config.rng_seed {
            Some(s) => StdRng::seed_from_u64(s),
            None => {
                let mut seed = [0u8; 32];
                seed.copy_from_slice(&crate::secrets::random_bytes(32));
                StdRng::from_seed(seed)
            }
        };
        let shared = Self {
            base_url,
            clock,
            key: SigningKey::generate()?,
            hooks: config.hooks,
            state_file: config.state_file.clone(),
            device_code_interval: config.device_code_interval,
            device_code_lifetime: config.device_code_lifetime,
            access_token_lifetime: config.access_token_lifetime,
            extra_users: config.extra_users,
            tenant: Mutex::new(tenant),
            flows: Mutex::new(Flows::default()),
            knobs: Mutex::new(Knobs::from_config(config)),
            rng: Mutex::new(rng),
            creates: Mutex::new(Default::default()),
            graph_requests: Default::default(),
            replica: Mutex::new(Default::default()),
        };
        shared.save()?;
        Ok(shared)
    }

    /// The tenant, locked.
    pub fn tenant(&self) -> MutexGuard<'_, Tenant> {
        lock(&self.tenant)
    }

    /// The transient sign-in flows, locked.
    pub fn flows(&self) -> MutexGuard<'_, Flows> {
        lock(&self.flows)
    }

    /// The runtime knobs (faults, compat switches), locked.
    pub fn knobs(&self) -> MutexGuard<'_, Knobs> {
        lock(&self.knobs)
    }

    /// Counts one successful method create for `user_id`.
    pub fn count_create(&self, user_id: &str) {
        *lock(&self.creates).entry(user_id.to_owned()).or_insert(0) += 1;
    }

    /// Counts one Graph HTTP request (the front door calls it).
    pub fn count_graph_request(&self) {
        self.graph_requests
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// Graph HTTP requests received since start (a `$batch` counts once).
    pub fn graph_requests(&self) -> u64 {
        self.graph_requests
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Successful method creates per user id since start or the last reset.
    pub fn creates(&self) -> std::collections::BTreeMap<String, u32> {
        lock(&self.creates).clone()
    }

    /// Records a successful write to `user_id`'s method: for `lag_ms` (wall time) reads see
    /// `before`, the state from before the write. Writes inside the window keep the oldest
    /// unreplicated state and push the window out ("a successful write does not guarantee
    /// that an immediate read will reflect that change", Microsoft's eventual-consistency
    /// guidance for Entra).
    pub fn note_write(&self, user_id: &str, before: Option<model::QrMethod>, lag_ms: u64) {
        if lag_ms == 0 {
            return;
        }
        let until = std::time::Instant::now() + std::time::Duration::from_millis(lag_ms);
        let mut r = lock(&self.replica);
        let now = std::time::Instant::now();
        match r.get_mut(user_id) {
            Some(entry) if entry.0 > now => entry.0 = until,
            _ => {
                r.insert(user_id.to_owned(), (until, before));
            }
        }
    }

    /// `user_id`'s method as a read sees it: the lagging replica's state while a write is
    /// not yet replicated, else the current state.
    pub fn read_method(&self, user_id: &str) -> Option<model::QrMethod> {
        {
            let mut r = lock(&self.replica);
            match r.get(user_id) {
                Some((until, view)) if *until > std::time::Instant::now() => return view.clone(),
                Some(_) => {
                    r.remove(user_id);
                }
                None => {}
            }
        }
        self.tenant().methods.get(user_id).cloned()
    }

    /// The seedable RNG (faults and ids), locked.
    pub fn rng(&self) -> MutexGuard<'_, StdRng> {
        lock(&self.rng)
    }

    /// A new GUID from the seedable RNG.
    pub fn new_id(&self) -> String {
        use rand::RngExt;
        let mut b = [0u8; 16];
        self.rng().fill(&mut b);
        uuid::Builder::from_random_bytes(b).into_uuid().to_string()
    }

    /// The issuer of ID tokens: `{base}/{tenant id}/v2.0`.
    pub fn issuer(&self, tenant_id: &str) -> String {
        format!("{}/{tenant_id}/v2.0", self.base_url)
    }

    /// Replaces the tenant with a fresh seed and forgets every sign-in.
    pub fn reset(&self, seed: Seed) -> Result<(), EmulatorError> {
        *self.tenant() = crate::seed::build_with(seed, self.extra_users, self.clock.now());
        *self.flows() = Flows::default();
        lock(&self.creates).clear();
        lock(&self.replica).clear();
        self.save()
    }

    /// Writes the tenant to the state file, if any (atomically: temp file, then rename).
    /// The tenant holds only hashes of PINs and QR secrets.
    pub fn save(&self) -> Result<(), EmulatorError> {
        let Some(path) = &self.state_file else {
            return Ok(());
        };
        let json =
            serde_json::to_vec_pretty(&*self.tenant()).map_err(|e| EmulatorError::StateFormat {
                path: path.display().to_string(),
                source: e,
            })?;
        let tmp = path.with_extension("tmp");
        let io = |source| EmulatorError::StateIo {
            path: path.display().to_string(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        std::fs::write(&tmp, json).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }
}

fn load(path: &Path) -> Result<Tenant, EmulatorError> {
    let bytes = std::fs::read(path).map_err(|source| EmulatorError::StateIo {
        path: path.display().to_string(),
        source,
    })?;
    serde_json::from_slice(&bytes).map_err(|source| EmulatorError::StateFormat {
        path: path.display().to_string(),
        source,
    })
}
