//! Where the machine's policy file is, and reading it safely: the platform's machine-wide
//! path first, `QRSTATION_POLICY` only where that file does not exist, and a file that other
//! users could write is refused.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::read::{Policy, MAX_POLICY_BYTES};
use crate::{CoreError, Result};

/// The environment variable naming a policy file (staging, tests). Honoured only when the
/// machine-wide file does not exist, so a user cannot escape a deployed policy with it.
pub const POLICY_ENV: &str = "QRSTATION_POLICY";

/// Where a policy file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// The platform's machine-wide path ([`machine_path`]).
    Machine,
    /// The file `QRSTATION_POLICY` names.
    Env,
}

/// The machine-wide policy file: `/etc/qrstation/policy.json` (Linux and other Unix),
/// `/Library/Application Support/qrstation/policy.json` (macOS),
/// `%ProgramData%\qrstation\policy.json` (Windows).
pub fn machine_path() -> PathBuf {
    if cfg!(windows) {
        let base = std::env::var_os("ProgramData")
            .filter(|v| !v.is_empty())
            .map_or_else(|| PathBuf::from(r"C:\ProgramData"), PathBuf::from);
        base.join("qrstation").join("policy.json")
    } else if cfg!(target_os = "macos") {
        PathBuf::from("/Library/Application Support/qrstation/policy.json")
    } else {
        PathBuf::from("/etc/qrstation/policy.json")
    }
}

/// The policy file in force and where it came from; `None` when there is none.
pub fn locate() -> Option<(PathBuf, Origin)> {
    let machine = machine_path();
    if machine.exists() {
        return Some((machine, Origin::Machine));
    }
    std::env::var_os(POLICY_ENV)
        .filter(|v| !v.is_empty())
        .map(|v| (PathBuf::from(v), Origin::Env))
}

/// The machine's policy: the file [`locate`] finds, checked ([`read_file`]); the empty policy
/// when there is none. A file that is there but unsafe or invalid is an error, never ignored:
/// its locks would silently vanish.
pub fn load() -> Result<Policy> {
    match locate() {
        None => Ok(Policy::default()),
        Some((path, origin)) => read_file(&path, origin),
    }
}

/// Reads and checks the policy file at `path`: its permissions (see [`check_permissions`]),
/// its size, then its contents (`policy.invalid` lists every problem).
pub fn read_file(path: &Path, origin: Origin) -> Result<Policy> {
    check_permissions(path, origin == Origin::Machine)?;
    let text = read_capped(path)?;
    Policy::parse(&text)
        .map(|p| p.with_path(path.to_owned()))
        .map_err(|problems| CoreError::PolicyInvalid {
            path: path.to_owned(),
            problems,
        })
}

/// Reads `path` for `config check`: the contents only (IT checks a file before it ships it;
/// its permissions on the stations are their deployment's).
pub fn check_file(path: &Path) -> Result<Policy> {
    let text = read_capped(path)?;
    Policy::parse(&text)
        .map(|p| p.with_path(path.to_owned()))
        .map_err(|problems| CoreError::PolicyInvalid {
            path: path.to_owned(),
            problems,
        })
}

fn read_capped(path: &Path) -> Result<String> {
    let io = |source| CoreError::Io {
        action: "read",
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_POLICY_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() > MAX_POLICY_BYTES {
        return Err(CoreError::PolicyInvalid {
            path: path.to_owned(),
            problems: vec![super::PolicyProblem {
                key: super::read::FILE_KEY.into(),
                reason: format!("is larger than {} KiB", MAX_POLICY_BYTES / 1024),
            }],
        });
    }
    String::from_utf8(bytes).map_err(|_| CoreError::PolicyInvalid {
        path: path.to_owned(),
        problems: vec![super::PolicyProblem {
            key: super::read::FILE_KEY.into(),
            reason: "is not UTF-8 text".into(),
        }],
    })
}

/// On Unix, refuses (`policy.unsafe_file`) a policy file, or its folder, that users other
/// than its owner may write (group or others have `w`), and, for the machine-wide file
/// (`machine`), one not owned by root: anyone who can write the policy could lift its locks.
/// On Windows the folder's ACL is the deployment's (docs/fleet.md); nothing is checked here.
pub fn check_permissions(path: &Path, machine: bool) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let unsafe_file = |reason: String| CoreError::PolicyUnsafe {
            path: path.to_owned(),
            reason,
        };
        let meta = std::fs::metadata(path).map_err(|source| CoreError::Io {
            action: "read",
            path: path.to_owned(),
            source,
        })?;
        if !meta.is_file() {
            return Err(unsafe_file("is not a regular file".into()));
        }
        if meta.permissions().mode() & 0o022 != 0 {
            return Err(unsafe_file(
                "can be written by other users (chmod 0644, owned by root)".into(),
            ));
        }
        if machine && meta.uid() != 0 {
            return Err(unsafe_file("is not owned by root (chown root:root)".into()));
        }
        let dir = std::fs::canonicalize(path)
            .ok()
            .and_then(|p| p.parent().map(Path::to_owned));
        if let Some(dir) = dir {
            if let Ok(d) = std::fs::metadata(&dir) {
                // A sticky, world-writable folder (/tmp) still keeps others from replacing
                // a file they do not own.
                let mode = d.permissions().mode();
                if mode & 0o022 != 0 && mode & 0o1000 == 0 {
                    return Err(unsafe_file(format!(
                        "is in {}, a folder other users can write",
                        dir.display()
                    )));
                }
                if machine && d.uid() != 0 {
                    return Err(unsafe_file(format!(
                        "is in {}, a folder not owned by root",
                        dir.display()
                    )));
                }
            }
        }
    }
    #[cfg(not(unix))]
    let _ = (path, machine);
    Ok(())
}
