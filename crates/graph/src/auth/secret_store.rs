//! Where refresh tokens live: the OS keyring (Keychain, Windows Credential Manager, Secret
//! Service) or, when the machine has none (a headless CI box), process memory. Never a file.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The keyring service name entries are stored under.
pub const KEYRING_SERVICE: &str = "qrstation";

/// A small secret store keyed by strings. Calls may block (D-Bus): call them off the runtime.
pub trait SecretStore: Send + Sync + fmt::Debug {
    /// The secret stored under `key`, `None` when there is none.
    fn get(&self, key: &str) -> Result<Option<String>, String>;
    /// Stores `secret` under `key`, replacing what was there.
    fn set(&self, key: &str, secret: &str) -> Result<(), String>;
    /// Removes the entry under `key` (no error when there is none).
    fn delete(&self, key: &str) -> Result<(), String>;
}

/// Where the refresh token is kept, for the app to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialStorage {
    /// The OS keyring: the session survives a restart.
    Keyring,
    /// Memory only (why: no keyring service); signing in again is needed after a restart.
    Memory {
        /// Why the keyring could not be used.
        reason: String,
    },
}

/// Secrets in process memory.
#[derive(Default)]
pub struct MemoryStore(Mutex<HashMap<String, String>>);

impl fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.lock().map(|m| m.len()).unwrap_or(0);
        write!(f, "MemoryStore({n} entries)")
    }
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// How many entries it holds.
    pub fn len(&self) -> usize {
        self.0.lock().map(|m| m.len()).unwrap_or(0)
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The values it holds (tests: which account a saved sign-in belongs to).
    pub fn values(&self) -> Vec<String> {
        self.0
            .lock()
            .map(|m| m.values().cloned().collect())
            .unwrap_or_default()
    }
}

impl SecretStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, String> {
        Ok(self.0.lock().map_err(|e| e.to_string())?.get(key).cloned())
    }
    fn set(&self, key: &str, secret: &str) -> Result<(), String> {
        self.0
            .lock()
            .map_err(|e| e.to_string())?
            .insert(key.to_owned(), secret.to_owned());
        Ok(())
    }
    fn delete(&self, key: &str) -> Result<(), String> {
        self.0.lock().map_err(|e| e.to_string())?.remove(key);
        Ok(())
    }
}

/// The OS keyring through the `keyring` crate.
#[derive(Debug, Clone)]
pub struct KeyringStore {
    service: String,
}

impl KeyringStore {
    /// Entries under `service`.
    pub fn new(service: impl Into<String>) -> KeyringStore {
        KeyringStore {
            service: service.into(),
        }
    }

    fn entry(&self, key: &str) -> Result<keyring::Entry, String> {
        keyring::Entry::new(&self.service, key).map_err(|e| e.to_string())
    }
}

impl SecretStore for KeyringStore {
    fn get(&self, key: &str) -> Result<Option<String>, String> {
        match self.entry(key)?.get_password() {
            Ok(s) => Ok(Some(s)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }
    fn set(&self, key: &str, secret: &str) -> Result<(), String> {
        self.entry(key)?
            .set_password(secret)
            .map_err(|e| e.to_string())
    }
    fn delete(&self, key: &str) -> Result<(), String> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// The OS keyring if it works here (probed with a throw-away entry, within 5 s), otherwise a
/// memory store and the reason.
pub async fn os_secret_store() -> (Arc<dyn SecretStore>, CredentialStorage) {
    let store = KeyringStore::new(KEYRING_SERVICE);
    let probe = store.clone();
    let task = tokio::task::spawn_blocking(move || {
        let key = format!("probe-{}", uuid::Uuid::new_v4());
        probe.set(&key, "probe")?;
        let back = probe.get(&key)?;
        probe.delete(&key)?;
        if back.as_deref() == Some("probe") {
            Ok(())
        } else {
            Err("the keyring did not return what was stored".to_owned())
        }
    });
    let reason = match tokio::time::timeout(Duration::from_secs(5), task).await {
        Ok(Ok(Ok(()))) => return (Arc::new(store), CredentialStorage::Keyring),
        Ok(Ok(Err(e))) => format!("no usable OS keyring ({e})"),
        Ok(Err(e)) => format!("keyring probe failed ({e})"),
        Err(_) => "the OS keyring did not answer within 5 s".to_owned(),
    };
    tracing::warn!(%reason, "keeping the sign-in in memory only");
    (
        Arc::new(MemoryStore::new()),
        CredentialStorage::Memory { reason },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_os_keyring_is_used_or_the_fallback_says_why() {
        let (store, storage) = os_secret_store().await;
        match &storage {
            CredentialStorage::Keyring => {}
            CredentialStorage::Memory { reason } => assert!(!reason.is_empty()),
        }
        let key = format!("test-{}", uuid::Uuid::new_v4());
        store.set(&key, "rt").unwrap();
        assert_eq!(store.get(&key).unwrap().as_deref(), Some("rt"));
        store.delete(&key).unwrap();
        assert_eq!(store.get(&key).unwrap(), None);
        store.delete(&key).unwrap();
    }

    #[test]
    fn memory_store_debug_shows_no_secret() {
        let m = MemoryStore::new();
        m.set("k", "super-secret-refresh-token").unwrap();
        assert_eq!(format!("{m:?}"), "MemoryStore(1 entries)");
    }
}
