//! The installed queues from a real CUPS scheduler (`tests/cups/start.sh`, found through
//! `CUPS_SERVER`): a queue added with `lpadmin` is listed with its description, location,
//! default mark and state; a scheduler that is not there is an error, never a hang. Without
//! `CUPS_SERVER` the server test prints a note and passes, unless `QRSTATION_REQUIRE_CUPS=1`.
#![cfg(unix)]

mod common;

use qrstation_label::cups::Clients;
use qrstation_label::cups_installed::{self, QueueState};
use std::net::TcpListener;
use std::process::Command;
use std::time::{Duration, Instant};

fn admin(program: &str, args: &[&str]) {
    let path = ["/usr/sbin/", "/usr/local/sbin/"]
        .into_iter()
        .map(|d| format!("{d}{program}"))
        .find(|p| std::path::Path::new(p).exists())
        .unwrap_or_else(|| program.to_string());
    let st = Command::new(&path)
        .args(args)
        .status()
        .unwrap_or_else(|e| panic!("{program} (package cups) is needed: {e}"));
    assert!(st.success(), "{program} {args:?} failed");
}

#[test]
fn a_queue_added_to_cups_is_listed_with_its_description_default_and_state() {
    let server = match std::env::var("CUPS_SERVER") {
        Ok(s) if !s.is_empty() => s,
        _ => {
            assert!(
                !common::tools_required(),
                "QRSTATION_REQUIRE_CUPS=1 but CUPS_SERVER is not set: run \
                 eval \"$(crates/label/tests/cups/start.sh)\" first"
            );
            eprintln!("note: CUPS_SERVER not set; skipping (see crates/label/tests/cups/start.sh)");
            return;
        }
    };
    // A port nobody listens on once the listener is gone: the queue is never printed to.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let front = format!("qrstation-front-{port}");
    let back = format!("qrstation-back-{port}");
    let device = format!("socket://127.0.0.1:{port}");
    for q in [&front, &back] {
        admin("lpadmin", &["-h", &server, "-p", q, "-E", "-v", &device]);
    }
    admin(
        "lpadmin",
        &[
            "-h",
            &server,
            "-p",
            &front,
            "-D",
            "Front desk Zebra",
            "-L",
            "Lobby",
        ],
    );
    admin("lpadmin", &["-h", &server, "-d", &front]);
    admin("cupsdisable", &["-h", &server, "-r", "paper jam", &back]);
    admin("cupsreject", &["-h", &server, "-r", "paper jam", &back]);

    let listed = cups_installed::installed(Some(&server));
    for q in [&front, &back] {
        let _ = Command::new("/usr/sbin/lpadmin")
            .args(["-h", &server, "-x", q])
            .status();
    }
    let listed = listed.unwrap();
    let f = listed
        .iter()
        .find(|q| q.name == front)
        .unwrap_or_else(|| panic!("{front} is not listed: {listed:?}"));
    assert_eq!(f.description.as_deref(), Some("Front desk Zebra"));
    assert_eq!(f.location.as_deref(), Some("Lobby"));
    assert!(f.is_default && f.accepting, "{f:?}");
    assert_eq!(f.state, QueueState::Idle);
    let b = listed.iter().find(|q| q.name == back).unwrap();
    assert_eq!(b.state, QueueState::Stopped, "{b:?}");
    assert!(!b.accepting && !b.is_default, "{b:?}");
    assert_eq!(b.reason.as_deref(), Some("paper jam"));
    assert_eq!(listed.iter().filter(|q| q.is_default).count(), 1);
}

#[test]
fn no_scheduler_is_a_plain_error_and_quick() {
    // A loopback port with nothing behind it.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let start = Instant::now();
    match Clients::default().installed(Some(&format!("127.0.0.1:{port}"))) {
        // Without cups-client installed there is nothing to run: an error too.
        Err(e) => assert!(
            e.code() == "label.cups" || e.code() == "label.io",
            "{}: {e}",
            e.code()
        ),
        Ok(list) => panic!("a dead server listed {list:?}"),
    }
    assert!(start.elapsed() < Duration::from_secs(10));
}
