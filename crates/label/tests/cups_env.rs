//! `Printer::send` to a CUPS queue honours `QRSTATION_CUPS_TIMEOUT_MS` and stops a hung `lp`
//! found on `PATH`. One test alone in its binary, since it changes the process environment.
#![cfg(unix)]

use qrstation_label::{cups, Format, Printer};
use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

#[test]
fn a_hung_lp_on_path_times_out_through_printer_send() {
    let dir = tempfile::tempdir().unwrap();
    let lp = dir.path().join("lp");
    std::fs::write(&lp, "#!/bin/sh\nexec sleep 30\n").unwrap();
    std::fs::set_permissions(&lp, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::var("PATH").unwrap_or_default();
    std::env::set_var("PATH", format!("{}:{path}", dir.path().display()));
    std::env::set_var(cups::TIMEOUT_ENV, "400");

    let start = Instant::now();
    let err = Printer::parse("cups:zebra")
        .unwrap()
        .send(b"^XA^XZ", Format::Zpl)
        .unwrap_err();
    assert_eq!(err.code(), "label.cups_timeout", "{err}");
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    // A media name with a space is refused by the transport before lp is started.
    let err = Printer::parse("cups:office")
        .unwrap()
        .send_on_media(b"%PDF", Format::Pdf, Some("A4 x=y"))
        .unwrap_err();
    assert_eq!(err.code(), "label.invalid_media", "{err}");
}
