//! Files of the exports folder by name: the one place a name the window sends ("badge-….pdf")
//! becomes a path, so the window never names a path; and what a "Save as" answers.

use std::path::{Component, Path, PathBuf};

use serde::Serialize;
use ts_rs::TS;

use crate::{CoreError, DataDir, Result};

/// A file the app wrote where the person chose (the native save dialog), as the window sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedFile {
    /// Where it is, to show (the window never sends it back).
    pub path: String,
    /// Its file name.
    pub file_name: String,
    /// Its name in the exports folder when it was saved there (the dialog's default), which
    /// "Open" and "Show in folder" take; `None` for a file saved elsewhere.
    pub exports_name: Option<String>,
}

impl SavedFile {
    /// Describes `path`, written just now, against the exports folder of `data_dir`.
    pub fn of(data_dir: &DataDir, path: &Path) -> SavedFile {
        let file_name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let exports_name = resolve(data_dir, &file_name)
            .ok()
            .filter(|p| path.canonicalize().is_ok_and(|c| &c == p))
            .map(|_| file_name.clone());
        SavedFile {
            path: path.display().to_string(),
            file_name,
            exports_name,
        }
    }
}

/// The file called `name` directly in `<data dir>/exports/`, as a canonical path. Refused: a
/// name that is not one plain file name (`files.name_refused`: empty, `.`, `..`, a `/` or `\`,
/// a drive or NUL), a name that leads out of the folder through a link or is not a regular file
/// (`files.outside_exports`), and a name with no file (`files.not_found`, e.g. swept).
pub fn resolve(data_dir: &DataDir, name: &str) -> Result<PathBuf> {
    if !is_plain_name(name) {
        return Err(CoreError::FileNameRefused(name.to_owned()));
    }
    let dir = data_dir.exports();
    let not_found = || CoreError::FileNotFound(name.to_owned());
    let dir = dir.canonicalize().map_err(|_| not_found())?;
    let target = dir.join(name).canonicalize().map_err(|_| not_found())?;
    if target.parent() != Some(dir.as_path()) || !target.is_file() {
        return Err(CoreError::FileOutsideExports(name.to_owned()));
    }
    Ok(target)
}

/// Whether `name` is one ordinary file name: no separator of any platform, not `.`/`..`, no NUL.
fn is_plain_name(name: &str) -> bool {
    let mut parts = Path::new(name).components();
    let single =
        matches!(parts.next(), Some(Component::Normal(n)) if n == name) && parts.next().is_none();
    single && !name.contains(['/', '\\', '\0', ':']) && name.trim() == name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exports_with(files: &[&str]) -> (tempfile::TempDir, DataDir) {
        let tmp = tempfile::tempdir().unwrap();
        let data = DataDir::new(tmp.path().join("data"));
        crate::files::ensure_private_dir(&data.exports()).unwrap();
        for f in files {
            crate::files::write_private(&data.exports().join(f), b"x").unwrap();
        }
        (tmp, data)
    }

    #[test]
    fn a_plain_name_resolves_inside_the_exports_folder() {
        let (_tmp, data) = exports_with(&["badge-a_b.com-sheet-a4.pdf"]);
        let p = resolve(&data, "badge-a_b.com-sheet-a4.pdf").unwrap();
        assert_eq!(p.parent().unwrap(), data.exports().canonicalize().unwrap());
        assert!(p.ends_with("badge-a_b.com-sheet-a4.pdf"));
    }

    #[test]
    fn paths_dots_and_separators_are_refused_by_name() {
        let (_tmp, data) = exports_with(&["ok.pdf"]);
        std::fs::write(data.root().join("settings.json"), b"{}").unwrap();
        for bad in [
            "",
            ".",
            "..",
            "../settings.json",
            "..\\settings.json",
            "sub/ok.pdf",
            "/etc/passwd",
            "C:\\x.pdf",
            "c:x.pdf",
            "ok.pdf\0",
            " ok.pdf",
        ] {
            let e = resolve(&data, bad).unwrap_err();
            assert_eq!(e.code(), "files.name_refused", "{bad:?}");
        }
    }

    #[test]
    fn a_missing_file_or_a_directory_is_not_opened() {
        let (_tmp, data) = exports_with(&[]);
        assert_eq!(
            resolve(&data, "gone.pdf").unwrap_err().code(),
            "files.not_found"
        );
        std::fs::create_dir(data.exports().join("folder.pdf")).unwrap();
        assert_eq!(
            resolve(&data, "folder.pdf").unwrap_err().code(),
            "files.outside_exports"
        );
        // No exports folder at all.
        let tmp = tempfile::tempdir().unwrap();
        let empty = DataDir::new(tmp.path());
        assert_eq!(
            resolve(&empty, "x.pdf").unwrap_err().code(),
            "files.not_found"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_leaving_the_folder_is_refused_and_one_inside_is_followed() {
        let (tmp, data) = exports_with(&["real.pdf"]);
        let outside = tmp.path().join("secret.txt");
        std::fs::write(&outside, b"not yours").unwrap();
        std::os::unix::fs::symlink(&outside, data.exports().join("link.pdf")).unwrap();
        std::os::unix::fs::symlink(tmp.path(), data.exports().join("up")).unwrap();
        std::os::unix::fs::symlink("real.pdf", data.exports().join("alias.pdf")).unwrap();
        assert_eq!(
            resolve(&data, "link.pdf").unwrap_err().code(),
            "files.outside_exports"
        );
        assert_eq!(
            resolve(&data, "up").unwrap_err().code(),
            "files.outside_exports"
        );
        assert!(resolve(&data, "alias.pdf").unwrap().ends_with("real.pdf"));
    }

    #[test]
    fn a_saved_file_names_its_exports_name_only_when_it_is_in_the_folder() {
        let (tmp, data) = exports_with(&["badge.pdf"]);
        let inside = SavedFile::of(&data, &data.exports().join("badge.pdf"));
        assert_eq!(inside.exports_name.as_deref(), Some("badge.pdf"));
        assert_eq!(inside.file_name, "badge.pdf");
        let elsewhere = tmp.path().join("badge.pdf");
        std::fs::write(&elsewhere, b"x").unwrap();
        let out = SavedFile::of(&data, &elsewhere);
        assert_eq!(out.exports_name, None, "same name, other folder");
        assert_eq!(out.path, elsewhere.display().to_string());
    }
}
