//! What a new user meets on the command line when the tenant behaves as Microsoft documents:
//! badge files in the format their name says, a rotation that keeps the badge's expiry, an
//! expired badge that is renewed rather than "extended", all against the embedded demo tenant.

use std::process::{Command, Output, Stdio};

/// The seeded worker whose badge expired 35 days ago.
const EXPIRED: &str = "alex.abbott@contoso-retail.onmicrosoft.com";

fn qrstation(data: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qrstation"))
        .args(args)
        .env("QRSTATION_DATA_DIR", data)
        .env_remove("QRSTATION_TENANT")
        .env_remove("QRSTATION_CLIENT_ID")
        .stdin(Stdio::null())
        .output()
        .expect("qrstation runs")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn worker(d: &std::path::Path, prefix: &str) -> String {
    let found = json(&qrstation(d, &["--json", "user", "search", prefix]));
    let upn = found["hits"][0]["user"]["upn"].as_str().unwrap().to_owned();
    let _ = qrstation(d, &["method", "delete", &upn]);
    upn
}

#[test]
fn badge_files_get_the_format_their_name_says() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let upn = worker(d, "Bi");
    let png = d.join("badge.png");
    json(&qrstation(
        d,
        &[
            "--json",
            "method",
            "create",
            &upn,
            "--out",
            png.to_str().unwrap(),
        ],
    ));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let pdf = d.join("rotated.PDF");
    json(&qrstation(
        d,
        &[
            "--json",
            "qr",
            "rotate",
            &upn,
            "--out",
            pdf.to_str().unwrap(),
        ],
    ));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    // A contradiction is refused before anything is sent to Graph: the badge code stays.
    let before = json(&qrstation(d, &["--json", "method", "show", &upn]));
    let clash = d.join("clash.png");
    let out = qrstation(
        d,
        &[
            "qr",
            "rotate",
            &upn,
            "--format",
            "pdf",
            "--out",
            clash.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("[cli.usage]") && err.contains("clash.png"),
        "{err}"
    );
    assert!(!clash.exists());
    let after = json(&qrstation(d, &["--json", "method", "show", &upn]));
    assert_eq!(before["method"], after["method"], "nothing was rotated");
}

#[test]
fn a_rotation_keeps_the_expiry_unless_told_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let upn = worker(d, "Ca");
    let created = json(&qrstation(
        d,
        &["--json", "method", "create", &upn, "--days", "30"],
    ));
    let expires = created["qr"]["expires"].as_i64().unwrap();
    let rotated = json(&qrstation(d, &["--json", "qr", "rotate", &upn]));
    assert_eq!(rotated["qr"]["expires"].as_i64().unwrap(), expires);
    assert!(
        rotated["note"]
            .as_str()
            .unwrap()
            .contains("like the badge it replaces"),
        "{rotated}"
    );
    let text = qrstation(d, &["qr", "rotate", &upn, "--expires", "2027-06-30"]);
    assert!(
        text.status.success(),
        "{}",
        String::from_utf8_lossy(&text.stderr)
    );
    assert!(String::from_utf8_lossy(&text.stdout).contains("The new badge expires on 2027-06-30."));
}

#[test]
fn an_expired_badge_is_renewed_not_extended() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let shown = json(&qrstation(d, &["--json", "method", "show", EXPIRED]));
    assert_eq!(shown["method"]["hasMethod"], true);
    assert_eq!(shown["method"]["usable"], false);

    let out = qrstation(d, &["qr", "extend", EXPIRED, "--expires", "2027-11-30"]);
    assert_eq!(out.status.code(), Some(5));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("[core.code_not_active]") && err.contains("new badge"),
        "{err}"
    );
    let still = json(&qrstation(d, &["--json", "method", "show", EXPIRED]));
    assert_eq!(
        still["method"], shown["method"],
        "no code was made behind the operator's back"
    );

    let renewed = json(&qrstation(d, &["--json", "method", "renew", EXPIRED]));
    assert_eq!(renewed["card"]["method"]["usable"], true);
    assert_eq!(renewed["pin"]["mustChange"], true);
    assert!(!renewed["qr"]["rawContentBase64"]
        .as_str()
        .unwrap()
        .is_empty());
    assert!(
        renewed["note"].as_str().unwrap().contains("had expired"),
        "{renewed}"
    );
}
