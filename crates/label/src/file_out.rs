//! Writing a badge to a `file:` destination: never through a symbolic link, readable by its
//! owner only, and never hanging on a pipe nobody reads.

use crate::LabelError;
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path`, which holds the secret QR code.
///
/// On Unix:
/// * the last path component is opened with `O_NOFOLLOW`: a symbolic link there (dangling or
///   not) is refused with `label.file_is_symlink` and its target is left untouched. Links in
///   the directories above are followed as usual (they are the user's own choice of folder);
/// * a new file is created with mode 0600; an existing regular file is first narrowed to 0600
///   (`fchmod`, which fails for a file another user owns, so that file is refused before it
///   is truncated), then truncated and written;
/// * a character device (`/dev/usb/lp0`) is written as it is: its mode and owner are the
///   system's;
/// * anything else (a directory, a pipe, a socket) is refused with `label.file_not_regular`.
///   The open is non-blocking, so a pipe without a reader fails at once instead of hanging.
///
/// Elsewhere (Windows): std has no `O_NOFOLLOW`, so the symbolic-link check is a
/// `symlink_metadata` look before the open, which a racing process could defeat. The new file
/// gets the directory's inherited ACL, not an owner-only one; no mode is narrowed.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), LabelError> {
    let shown = || path.display().to_string();
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(LabelError::FileIsSymlink(shown()));
    }
    let mut f = open(path).map_err(|e| {
        // O_NOFOLLOW reports a link as ELOOP on Linux and macOS, EMLINK on FreeBSD: look
        // again rather than trust the number.
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            LabelError::FileIsSymlink(shown())
        } else {
            LabelError::io(format!("opening {}", shown()), &e)
        }
    })?;
    prepare(&f, path)?;
    f.write_all(bytes)
        .and_then(|()| f.flush())
        .map_err(|e| LabelError::io(format!("writing {}", shown()), &e))
}

#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    use rustix::fs::OFlags;
    use std::os::unix::fs::OpenOptionsExt;
    let flags = OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
    // No O_TRUNC here: the file is truncated only once it is known to be ours (`prepare`).
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .mode(0o600)
        .custom_flags(flags.bits() as i32)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .open(path)
}

/// Checks what was opened, narrows and truncates a regular file, and makes writes blocking.
#[cfg(unix)]
fn prepare(f: &std::fs::File, path: &Path) -> Result<(), LabelError> {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt};
    let fail =
        |what: &str, e: &std::io::Error| LabelError::io(format!("{what} {}", path.display()), e);
    let kind = f
        .metadata()
        .map_err(|e| fail("inspecting", &e))?
        .file_type();
    if kind.is_file() {
        f.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| fail("making private (mode 0600)", &e))?;
        f.set_len(0).map_err(|e| fail("truncating", &e))?;
    } else if !kind.is_char_device() {
        return Err(LabelError::FileNotRegular(path.display().to_string()));
    }
    let flags = rustix::fs::fcntl_getfl(f).map_err(|e| fail("inspecting", &e.into()))?;
    rustix::fs::fcntl_setfl(f, flags - rustix::fs::OFlags::NONBLOCK)
        .map_err(|e| fail("opening", &e.into()))
}

#[cfg(not(unix))]
fn prepare(f: &std::fs::File, path: &Path) -> Result<(), LabelError> {
    let fail =
        |what: &str, e: &std::io::Error| LabelError::io(format!("{what} {}", path.display()), e);
    let kind = f
        .metadata()
        .map_err(|e| fail("inspecting", &e))?
        .file_type();
    if !kind.is_file() {
        return Err(LabelError::FileNotRegular(path.display().to_string()));
    }
    f.set_len(0).map_err(|e| fail("truncating", &e))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use rustix::fs::{Mode, OFlags};
    use std::time::{Duration, Instant};

    #[test]
    fn a_pipe_fails_at_once_with_or_without_a_reader() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe");
        rustix::fs::mkfifoat(rustix::fs::CWD, &fifo, Mode::from_raw_mode(0o600)).unwrap();
        // Nobody reads: a blocking open would wait for ever.
        let start = Instant::now();
        let err = write_private(&fifo, b"secret").unwrap_err();
        assert_eq!(err.code(), "label.io", "{err}");
        assert!(start.elapsed() < Duration::from_secs(2));
        // Someone reads: the open succeeds, but a pipe is still no badge file.
        let _reader =
            rustix::fs::open(&fifo, OFlags::RDONLY | OFlags::NONBLOCK, Mode::empty()).unwrap();
        let err = write_private(&fifo, b"secret").unwrap_err();
        assert_eq!(err.code(), "label.file_not_regular", "{err}");
    }
}
