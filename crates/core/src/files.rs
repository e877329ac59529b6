//! Small file and desktop helpers shared by the desktop shell and the command line.

use std::io::Write;
use std::path::Path;

use crate::{CoreError, Result};

/// Writes a file only its owner can read (a badge or QR image holds a secret). An existing
/// file is narrowed to that mode before the secret is written.
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path)
        .and_then(|mut f| {
            #[cfg(unix)]
            f.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
            f.write_all(bytes)
        })
        .map_err(|source| CoreError::Io {
            action: "write",
            path: path.to_owned(),
            source,
        })
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
