//! Small file and desktop helpers shared by the desktop shell and the command line: private
//! directories (0700) and files (0600), atomic replacement, and opening the browser.
//!
//! On Windows and macOS the modes do not apply: the data directory lives in the user's own
//! profile (`%APPDATA%`, `~/Library/Application Support`), which the OS already keeps from other
//! (non-admin) accounts; docs/security.md says so.

use std::io::Write;
use std::path::Path;

use crate::{CoreError, Result};

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> CoreError + 'a {
    move |source| CoreError::Io {
        action,
        path: path.to_owned(),
        source,
    }
}

/// Creates `dir` (and missing parents) readable by its owner only, and narrows an existing
/// `dir` to 0700: the data directory and `exports/` hold UPNs, the audit trail and badges.
pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(io("create", dir))?;
    narrow(dir, 0o700)
}

/// Sets `path`'s mode (Unix; nothing elsewhere). A missing path is not an error.
pub fn narrow(path: &Path, mode: u32) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            other => other.map_err(io("protect", path))?,
        }
    }
    #[cfg(not(unix))]
    let _ = (path, mode);
    Ok(())
}

/// Opens `path` for writing, owner-only (0600), never through a symlink at its last component
/// (`O_NOFOLLOW`: a planted link cannot redirect a secret), narrowing an existing file first.
fn open_owner_only(path: &Path, opts: &mut std::fs::OpenOptions) -> std::io::Result<std::fs::File> {
    opts.create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    let f = opts.open(path)?;
    #[cfg(unix)]
    f.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    Ok(f)
}

fn open_private(path: &Path, truncate: bool) -> std::io::Result<std::fs::File> {
    open_owner_only(
        path,
        std::fs::OpenOptions::new().write(true).truncate(truncate),
    )
}

/// Writes a file only its owner can read (a badge or QR image holds a secret). An existing
/// file is narrowed to that mode before the secret is written; a symlink is refused.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    open_private(path, true)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(io("write", path))
}

/// Replaces `path` with `bytes` atomically and durably: a private temporary file beside it,
/// flushed to disk, renamed over `path`, and the directory flushed, so a crash or power cut
/// leaves the old file or the new one, never a torn one.
pub fn replace_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension(format!(
        "{}.tmp",
        path.extension().and_then(|e| e.to_str()).unwrap_or("")
    ));
    let _ = std::fs::remove_file(&tmp);
    open_private(&tmp, true)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .map_err(io("write", &tmp))?;
    std::fs::rename(&tmp, path).map_err(io("replace", path))?;
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io("flush", dir))?;
    }
    Ok(())
}

/// Opens (creating when missing) an append-only log file readable by its owner only.
pub fn open_private_log(path: &Path) -> std::io::Result<std::fs::File> {
    open_owner_only(path, std::fs::OpenOptions::new().append(true))
}

/// Opens `url` in the person's own browser (the Entra sign-in page; never inside the app).
pub fn open_in_browser(url: &str) -> std::result::Result<(), String> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(program)
        .arg(url)
        .spawn()
        .map(|_| ())
        .map_err(|e| format!("cannot open a browser ({program}): {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn private_dirs_are_0700_even_when_they_existed_and_a_symlink_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("a/b");
        ensure_private_dir(&data).unwrap();
        assert_eq!(mode(&data), 0o700);
        std::fs::set_permissions(&data, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        ensure_private_dir(&data).unwrap();
        assert_eq!(mode(&data), 0o700, "an existing directory is narrowed");

        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"keep").unwrap();
        let link = data.join("badge.pdf");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        assert_eq!(
            write_private(&link, b"secret").unwrap_err().code(),
            "core.io"
        );
        assert!(
            replace_atomically(&link, b"x").is_ok(),
            "a rename replaces the link itself"
        );
        assert_eq!(
            std::fs::read(&victim).unwrap(),
            b"keep",
            "the link's target is untouched"
        );
    }

    #[cfg(unix)]
    #[test]
    fn atomic_replacement_is_private_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, b"old").unwrap();
        narrow(&path, 0o644).unwrap();
        replace_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(mode(&path), 0o600);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
        let log = dir.path().join("x.log");
        drop(open_private_log(&log).unwrap());
        assert_eq!(mode(&log), 0o600);
    }

    #[test]
    fn private_files_are_owner_only_even_when_they_existed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("badge.pdf");
        std::fs::write(&path, b"old").unwrap();
        write_private(&path, b"secret").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"secret");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }
}
