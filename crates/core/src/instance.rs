//! One running qrstation per data directory: the app and the CLI hold an exclusive lock on
//! `<data dir>/qrstation.lock` while they run, so two of them never run one bulk job twice,
//! reuse a badge part number, lose each other's settings or start two demo tenants on one state
//! file. The OS drops the lock when the process ends, a crash included.

use std::path::{Path, PathBuf};

use crate::{CoreError, Result};

/// The lock file's name inside the data directory.
pub use crate::data_dir::LOCK_FILE;

/// Held for as long as this process may use the data directory.
#[derive(Debug)]
pub struct InstanceLock {
    _file: std::fs::File,
    path: PathBuf,
}

impl InstanceLock {
    /// Takes the data directory's lock, or `core.already_running` when another qrstation (app
    /// or CLI) holds it.
    pub fn acquire(data_dir: &Path) -> Result<InstanceLock> {
        crate::files::ensure_private_dir(data_dir)?;
        let path = crate::DataDir::new(data_dir).lock_file();
        let file = crate::files::open_private_log(&path).map_err(|source| CoreError::Io {
            action: "open",
            path: path.clone(),
            source,
        })?;
        match file.try_lock() {
            Ok(()) => Ok(InstanceLock { _file: file, path }),
            Err(std::fs::TryLockError::WouldBlock) => Err(CoreError::AlreadyRunning {
                data_dir: data_dir.to_owned(),
            }),
            Err(std::fs::TryLockError::Error(source)) => Err(CoreError::Io {
                action: "lock",
                path,
                source,
            }),
        }
    }

    /// [`InstanceLock::acquire`], waiting up to `patience` for a qrstation that is just
    /// closing (its window gone, the process not yet ended) to let go.
    pub fn acquire_within(data_dir: &Path, patience: std::time::Duration) -> Result<InstanceLock> {
        let deadline = std::time::Instant::now() + patience;
        loop {
            match InstanceLock::acquire(data_dir) {
                Err(CoreError::AlreadyRunning { .. }) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                other => return other,
            }
        }
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let first = InstanceLock::acquire(dir.path()).unwrap();
        let err = InstanceLock::acquire(dir.path()).unwrap_err();
        assert_eq!(err.code(), "core.already_running");
        assert!(err.to_string().contains("already running"), "{err}");
        drop(first);
        InstanceLock::acquire(dir.path()).unwrap();
    }
}
