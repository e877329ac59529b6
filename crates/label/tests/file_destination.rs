//! `file:` destinations: never through a symbolic link, owner-only (0600) for new and existing
//! files, devices written as they are.
#![cfg(unix)]

use qrstation_label::{Format, Printer};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn send(path: &Path, bytes: &[u8]) -> Result<(), qrstation_label::LabelError> {
    Printer::parse(&format!("file:{}", path.display()))
        .unwrap()
        .send(bytes, Format::Zpl)
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o7777
}

#[test]
fn a_symlink_is_refused_and_its_target_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("someone-elses.txt");
    std::fs::write(&target, b"keep me").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o644)).unwrap();
    let link = dir.path().join("badge.zpl");
    std::os::unix::fs::symlink(&target, &link).unwrap();

    let err = send(&link, b"^XA secret ^XZ").unwrap_err();
    assert_eq!(err.code(), "label.file_is_symlink", "{err}");
    assert!(err.to_string().contains("badge.zpl"), "{err}");
    assert_eq!(std::fs::read(&target).unwrap(), b"keep me");
    assert_eq!(mode(&target), 0o644);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());

    // A dangling link would create its target: refused as well, and nothing appears.
    let missing = dir.path().join("would-be-created");
    let dangling = dir.path().join("dangling.zpl");
    std::os::unix::fs::symlink(&missing, &dangling).unwrap();
    assert_eq!(
        send(&dangling, b"x").unwrap_err().code(),
        "label.file_is_symlink"
    );
    assert!(!missing.exists());
}

#[test]
fn a_new_file_is_0600() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.zpl");
    send(&path, b"^XA^XZ").unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(std::fs::read(&path).unwrap(), b"^XA^XZ");
}

#[test]
fn an_existing_0644_file_ends_0600_with_only_the_new_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.zpl");
    std::fs::write(&path, b"a much longer earlier badge").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    send(&path, b"short").unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(std::fs::read(&path).unwrap(), b"short");
    // World-writable, as another local user could leave it in a shared temp directory.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o666)).unwrap();
    send(&path, b"again").unwrap();
    assert_eq!(mode(&path), 0o600);
}

#[test]
fn a_device_is_written_without_changing_its_mode() {
    let null = Path::new("/dev/null");
    let before = mode(null);
    send(null, b"^XA^XZ").unwrap();
    assert_eq!(mode(null), before);
}

#[test]
fn a_directory_is_not_a_destination() {
    let dir = tempfile::tempdir().unwrap();
    let err = send(dir.path(), b"x").unwrap_err();
    assert!(
        ["label.io", "label.file_not_regular"].contains(&err.code()),
        "{err}"
    );
}
