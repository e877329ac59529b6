//! [`Session`]: the signed-in account and its tokens. The access token stays in memory. The
//! refresh token is kept in one slot per authority, client id and Graph origin: in the
//! [`SecretStore`] (the OS keyring) when the person chose to stay signed in, otherwise in process
//! memory only. A sign-in as another account replaces the slot, every refresh replaces it (Entra
//! rotates refresh tokens) and sign-out deletes it. It is the Graph client's [`TokenSource`].

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use super::cancel::Cancel;
use super::device::DeviceCode;
use super::identity::IdentityClient;
use super::loopback::{BrowserOpener, BrowserSignIn};
use super::secret_store::{CredentialStorage, MemoryStore, SecretStore};
use super::token_source::TokenSource;
use super::tokens::{Account, TokenSet};
use crate::transport::sleep::BoxFuture;
use crate::GraphError;

/// Refresh this long before the access token expires.
const EXPIRY_MARGIN: Duration = Duration::from_secs(300);

struct Active {
    account: Account,
    access_token: String,
    expires_at: Instant,
}

/// A signed-in (or not yet signed-in) user of one client id at one authority.
pub struct Session {
    identity: IdentityClient,
    scopes: Vec<String>,
    store: Arc<dyn SecretStore>,
    storage: CredentialStorage,
    /// Where a refresh token lives when it must not outlive the process.
    memory: Arc<MemoryStore>,
    /// Whether the refresh token goes to `store` (stay signed in) or `memory` only.
    persist: AtomicBool,
    /// The Graph origin the tokens are for: part of the slot's key, so a changed Graph URL
    /// never receives a token saved for another one.
    graph_origin: String,
    active: Mutex<Option<Active>>,
    /// One refresh at a time: Entra rotates refresh tokens, so two parallel refreshes with
    /// the same token would make the second fail and sign the user out.
    refreshing: Mutex<()>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("client_id", &self.identity.client_id())
            .field("storage", &self.storage)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// A session asking for `scopes`, keeping refresh tokens in `store` (see
    /// [`super::os_secret_store`], which also gives `storage`).
    pub fn new(
        identity: IdentityClient,
        scopes: &[&str],
        store: Arc<dyn SecretStore>,
        storage: CredentialStorage,
    ) -> Session {
        Session {
            identity,
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            store,
            storage,
            memory: Arc::new(MemoryStore::new()),
            persist: AtomicBool::new(true),
            graph_origin: String::new(),
            active: Mutex::new(None),
            refreshing: Mutex::new(()),
        }
    }

    /// The same session, its saved sign-in keyed to the Graph origin `graph` too (scheme, host
    /// and port of the Graph base URL the access tokens will be sent to).
    pub fn for_graph(mut self, graph: &url::Url) -> Session {
        self.graph_origin = graph.origin().ascii_serialization();
        self
    }

    /// Whether the next sign-in's refresh token is saved in the store ("stay signed in on this
    /// computer") or kept in memory only. Turning it off deletes a saved one at the next
    /// sign-in or refresh.
    pub fn set_persist(&self, persist: bool) {
        self.persist.store(persist, Ordering::SeqCst);
    }

    /// A session keeping refresh tokens in the OS keyring, or in memory when this machine has
    /// none ([`Session::storage`] says which, and why).
    pub async fn with_os_keyring(identity: IdentityClient, scopes: &[&str]) -> Session {
        let (store, storage) = super::secret_store::os_secret_store().await;
        Session::new(identity, scopes, store, storage)
    }

    /// Where the refresh token is kept.
    pub fn storage(&self) -> &CredentialStorage {
        &self.storage
    }

    /// The signed-in account, if any.
    pub async fn account(&self) -> Option<Account> {
        self.active.lock().await.as_ref().map(|a| a.account.clone())
    }

    /// The key of the one saved sign-in: authority, client id and Graph origin. The value is
    /// `account\nrefresh token`, so a sign-in as another account replaces the previous one.
    pub fn cache_key(&self) -> String {
        format!(
            "{}|{}|{}",
            self.identity.authority().as_str().trim_end_matches('/'),
            self.identity.client_id(),
            self.graph_origin
        )
    }

    /// Where qrstation 0.1 kept `username`'s refresh token (one entry per account); read once
    /// to carry a saved sign-in over, and deleted on every sign-in and sign-out.
    fn legacy_key(&self, username: &str) -> String {
        format!(
            "{}|{}|{}",
            self.identity.authority().as_str().trim_end_matches('/'),
            self.identity.client_id(),
            username.to_ascii_lowercase()
        )
    }

    /// Interactive sign-in through the browser.
    pub async fn sign_in_with_browser(
        &self,
        opener: &dyn BrowserOpener,
        opts: &BrowserSignIn,
        cancel: &Cancel,
    ) -> Result<Account, GraphError> {
        let tokens = self
            .identity
            .sign_in_with_browser(&self.scopes, opener, opts, cancel)
            .await?;
        self.adopt(tokens, None).await
    }

    /// Interactive sign-in through the browser that must satisfy `claims` (the JSON of
    /// [`GraphError::claims`] after `graph.mfa_required`, e.g. [`crate::MFA_STEP_UP_CLAIMS`]):
    /// `opts` with [`BrowserSignIn::claims`] set to `claims`. The new tokens replace the
    /// session's (a step-up is a new sign-in: never satisfied by a refresh). Then retry the
    /// refused request once.
    pub async fn sign_in_with_browser_claims(
        &self,
        opener: &dyn BrowserOpener,
        opts: &BrowserSignIn,
        claims: Option<&str>,
        cancel: &Cancel,
    ) -> Result<Account, GraphError> {
        let opts = BrowserSignIn {
            claims: claims.map(str::to_owned).or_else(|| opts.claims.clone()),
            ..opts.clone()
        };
        self.sign_in_with_browser(opener, &opts, cancel).await
    }

    /// Device code sign-in: `show` gets the code to display, then polling runs until done.
    pub async fn sign_in_with_device_code(
        &self,
        show: impl FnOnce(&DeviceCode),
        cancel: &Cancel,
    ) -> Result<Account, GraphError> {
        self.sign_in_with_device_code_claims(None, show, cancel)
            .await
    }

    /// Device code sign-in that must satisfy `claims` (see
    /// [`Session::sign_in_with_browser_claims`]); `None` is a plain device code sign-in.
    pub async fn sign_in_with_device_code_claims(
        &self,
        claims: Option<&str>,
        show: impl FnOnce(&DeviceCode),
        cancel: &Cancel,
    ) -> Result<Account, GraphError> {
        let code = self
            .identity
            .start_device_code_with_claims(&self.scopes, claims)
            .await?;
        show(&code);
        let tokens = self.identity.poll_device_code(&code, cancel).await?;
        self.adopt(tokens, None).await
    }

    /// Silent sign-in at start-up from the saved sign-in, which must be `username`'s.
    pub async fn restore(&self, username: &str) -> Result<Account, GraphError> {
        let refresh = match self.saved().await? {
            Some((user, rt)) if user.eq_ignore_ascii_case(username) => rt,
            Some(_) => {
                return Err(GraphError::SignInRequired(format!(
                    "the saved sign-in is not {username}'s"
                )))
            }
            None => {
                // A sign-in saved by qrstation 0.1, under the account's own key.
                let legacy = self.legacy_key(username);
                self.blocking(move |s| s.get(&legacy))
                    .await?
                    .ok_or_else(|| {
                        GraphError::SignInRequired(format!("no saved sign-in for {username}"))
                    })?
            }
        };
        let tokens = self.refresh_with(&refresh).await?;
        self.adopt(tokens, Some(username)).await
    }

    /// Forgets the tokens and deletes the saved sign-in (the slot, in the store and in memory,
    /// and the old per-account entry of the account signed in).
    pub async fn sign_out(&self) -> Result<(), GraphError> {
        self.forget(None).await
    }

    /// [`Session::sign_out`], also deleting `username`'s old per-account entry when there is
    /// no active account to name it (sign-out after a failed restore).
    pub async fn forget(&self, username: Option<&str>) -> Result<(), GraphError> {
        let active = self.active.lock().await.take();
        let mut keys = vec![self.cache_key()];
        if let Some(u) = active
            .as_ref()
            .map(|a| a.account.username.as_str())
            .or(username)
        {
            keys.push(self.legacy_key(u));
        }
        for key in &keys {
            let _ = self.memory.delete(key);
        }
        self.blocking(move |s| {
            keys.iter().try_for_each(|k| s.delete(k))?;
            Ok(())
        })
        .await
    }

    /// The saved sign-in (account and refresh token): memory first, then the store.
    async fn saved(&self) -> Result<Option<(String, String)>, GraphError> {
        let key = self.cache_key();
        let value = match self.memory.get(&key).ok().flatten() {
            Some(v) => Some(v),
            None => self.blocking(move |s| s.get(&key)).await?,
        };
        Ok(value.and_then(|v| {
            v.split_once('\n')
                .map(|(u, rt)| (u.to_owned(), rt.to_owned()))
        }))
    }

    async fn refresh_with(&self, refresh: &str) -> Result<TokenSet, GraphError> {
        match self.identity.refresh(refresh, &self.scopes).await {
            Err(e @ GraphError::SignInRequired(_)) => {
                // Revoked, expired or already rotated: the saved token is useless now.
                let key = self.cache_key();
                let _ = self.memory.delete(&key);
                let _ = self.blocking(move |s| s.delete(&key)).await;
                Err(e)
            }
            other => other,
        }
    }

    /// Keeps the access token in memory and stores the (rotated) refresh token.
    async fn adopt(&self, tokens: TokenSet, known: Option<&str>) -> Result<Account, GraphError> {
        let account = tokens
            .account
            .clone()
            .or_else(|| {
                known.map(|u| Account {
                    username: u.to_owned(),
                    ..Account::default()
                })
            })
            .ok_or_else(|| GraphError::SignIn {
                error: "invalid_response".into(),
                description: "no ID token came back; ask for the openid and profile scopes".into(),
            })?;
        if let Some(rt) = tokens.refresh_token.clone() {
            let key = self.cache_key();
            let legacy = self.legacy_key(&account.username);
            let value = format!("{}\n{rt}", account.username);
            if self.persist.load(Ordering::SeqCst) {
                let _ = self.memory.delete(&key);
                self.blocking(move |s| {
                    s.set(&key, &value)?;
                    s.delete(&legacy)
                })
                .await?;
            } else {
                let _ = self.memory.set(&key, &value);
                self.blocking(move |s| {
                    s.delete(&key)?;
                    s.delete(&legacy)
                })
                .await?;
            }
        }
        *self.active.lock().await = Some(Active {
            account: account.clone(),
            access_token: tokens.access_token,
            expires_at: tokens.expires_at,
        });
        Ok(account)
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn SecretStore) -> Result<T, String> + Send + 'static,
    ) -> Result<T, GraphError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(store.as_ref()))
            .await
            .map_err(|e| GraphError::InvalidConfig(format!("credential store task failed: {e}")))?
            .map_err(|e| GraphError::InvalidConfig(format!("credential store: {e}")))
    }

    /// Refreshes unless another caller already replaced `stale` with a valid token.
    async fn refresh_unless_done(&self, stale: Option<&str>) -> Result<Option<String>, GraphError> {
        let _one_at_a_time = self.refreshing.lock().await;
        let username = {
            let active = self.active.lock().await;
            let Some(a) = active.as_ref() else {
                return Ok(None);
            };
            let fresh = a.expires_at > Instant::now() + EXPIRY_MARGIN;
            if fresh && stale.is_none_or(|s| s != a.access_token) {
                return Ok(Some(a.access_token.clone()));
            }
            a.account.username.clone()
        };
        let Some((_, refresh)) = self.saved().await? else {
            return Ok(None);
        };
        let tokens = self.refresh_with(&refresh).await?;
        let token = tokens.access_token.clone();
        self.adopt(tokens, Some(&username)).await?;
        Ok(Some(token))
    }
}

impl TokenSource for Session {
    fn token(&self) -> BoxFuture<'_, Result<String, GraphError>> {
        Box::pin(async move {
            if let Some(a) = self.active.lock().await.as_ref() {
                if a.expires_at > Instant::now() + EXPIRY_MARGIN {
                    return Ok(a.access_token.clone());
                }
            }
            self.refresh_unless_done(None)
                .await?
                .ok_or_else(|| GraphError::SignInRequired("not signed in".into()))
        })
    }

    fn refresh<'a>(
        &'a self,
        rejected: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>, GraphError>> {
        Box::pin(self.refresh_unless_done(Some(rejected)))
    }
}
