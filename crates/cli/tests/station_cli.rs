//! The `qrstation` command line as a real process against the embedded demo tenant (its state
//! persisted in a temporary data directory) and against a standalone emulator for sign-in.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn qrstation(data: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qrstation"))
        .args(args)
        .env("QRSTATION_DATA_DIR", data)
        .env_remove("QRSTATION_TENANT")
        .env_remove("QRSTATION_CLIENT_ID")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("qrstation runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn demo_tenant_workflow_through_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let found = json(&qrstation(d, &["--json", "user", "search", "Bi"], ""));
    let hits = found["hits"].as_array().unwrap();
    assert!(
        !hits.is_empty()
            && hits
                .iter()
                .all(|h| h["user"]["displayName"].as_str().unwrap().starts_with("Bi"))
    );
    let upn = hits[0]["user"]["upn"].as_str().unwrap().to_owned();

    // Start clean whatever the seed gave this user.
    let _ = qrstation(d, &["method", "delete", &upn], "");
    let qr_file = d.join("badge-qr.png");
    let created = json(&qrstation(
        d,
        &[
            "--json",
            "method",
            "create",
            &upn,
            "--days",
            "30",
            "--qr-out",
            qr_file.to_str().unwrap(),
        ],
        "",
    ));
    assert_eq!(created["card"]["method"]["usable"], true);
    let pin = created["pin"]["pin"].as_str().unwrap().to_owned();
    assert!(pin.len() >= 8 && pin.bytes().all(|b| b.is_ascii_digit()));
    // The demo tenant's image is an SVG, as Microsoft's example: the file is named for it.
    assert!(!qr_file.exists());
    let svg = std::fs::read_to_string(d.join("badge-qr.svg")).unwrap();
    assert!(svg.contains("<svg") && svg.len() > 100);

    // The next process sees the method (state kept in the data directory).
    let again = qrstation(d, &["method", "create", &upn], "");
    assert_eq!(again.status.code(), Some(5));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.starts_with("error [graph.method_exists]: "), "{err}");
    assert!(err.contains("request-id"), "{err}");

    // A bad custom PIN is refused before the network, with its reason.
    let bad = qrstation(d, &["method", "delete", &upn], "");
    assert!(bad.status.success());
    let bad = qrstation(
        d,
        &["method", "create", &upn, "--pin-stdin"],
        "9876543210\n",
    );
    assert_eq!(bad.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("[pin.sequence]"));

    let custom = json(&qrstation(
        d,
        &["--json", "method", "create", &upn, "--pin-stdin"],
        "48271953\n",
    ));
    assert_eq!(custom["pin"]["pin"], "48271953");

    // The worker changes their own PIN (`/me`); the PINs come from stdin, never argv.
    let wrong = qrstation(d, &["--as", &upn, "pin", "change"], "11112222\n59382716\n");
    assert!(
        !wrong.status.success(),
        "a wrong current PIN must be refused"
    );
    let weak = qrstation(d, &["--as", &upn, "pin", "change"], "48271953\n12121212\n");
    assert_eq!(weak.status.code(), Some(5));
    let changed = qrstation(d, &["--as", &upn, "pin", "change"], "48271953\n59382716\n");
    assert!(
        changed.status.success(),
        "{}",
        String::from_utf8_lossy(&changed.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&changed.stdout).trim(),
        "PIN changed."
    );
    let reset = json(&qrstation(d, &["--json", "pin", "reset", &upn], ""));
    assert_eq!(reset["pin"]["mustChange"], true);
    let temp = json(&qrstation(
        d,
        &["--json", "qr", "temp", &upn, "--hours", "2"],
        "",
    ));
    assert_eq!(temp["card"]["method"]["temporaryActive"], true);
    let shown = qrstation(d, &["method", "show", &upn], "");
    let text = String::from_utf8_lossy(&shown.stdout);
    assert!(
        text.contains("Temporary code expires") && text.contains("PIN must be changed"),
        "{text}"
    );
    let gone = json(&qrstation(d, &["--json", "qr", "delete-temp", &upn], ""));
    assert_eq!(gone["method"]["temporaryActive"], false);
    let rotated = json(&qrstation(d, &["--json", "qr", "rotate", &upn], ""));
    assert_ne!(
        rotated["qr"]["rawContentBase64"],
        created["qr"]["rawContentBase64"]
    );
    let extended = json(&qrstation(
        d,
        &["--json", "qr", "extend", &upn, "--expires", "2027-01-31"],
        "",
    ));
    assert!(extended["method"]["standardExpires"].as_i64().is_some());
    let policy = json(&qrstation(d, &["--json", "policy", "show"], ""));
    assert_eq!(policy["state"], "enabled");

    // The store manager lacks the policy reader role: exit 3 with the reason.
    let denied = qrstation(
        d,
        &[
            "--as",
            "megan.bowen@contoso-retail.onmicrosoft.com",
            "policy",
            "show",
        ],
        "",
    );
    assert_eq!(denied.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&denied.stderr).contains("Authentication Policy Administrator"));

    let missing = qrstation(
        d,
        &["user", "show", "nobody@contoso-retail.onmicrosoft.com"],
        "",
    );
    assert_eq!(missing.status.code(), Some(4));
    let usage = qrstation(d, &["qr", "extend", &upn, "--expires", "next tuesday"], "");
    assert_eq!(usage.status.code(), Some(2));

    // Recent users come from the cache first, and the PIN is nowhere on disk.
    let cached = json(&qrstation(d, &["--json", "user", "search", &upn[..4]], ""));
    assert_eq!(cached["hits"][0]["user"]["upn"], upn.as_str());
    assert!(cached["hits"][0]["cachedAt"].is_i64());
    for entry in std::fs::read_dir(d).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() && path != qr_file {
            let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
            assert!(
                !text.contains("48271953") && !text.contains(&pin),
                "PIN in {}",
                path.display()
            );
        }
    }
    let reset = qrstation(d, &["emulator", "reset"], "");
    assert!(reset.status.success());
}

#[test]
fn login_with_a_device_code_against_a_tenant() {
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let emulator = rt.block_on(async {
        qrstation_emulator::Emulator::start(qrstation_emulator::EmulatorConfig::for_tests())
            .await
            .unwrap()
    });
    let base = emulator.base_url();
    let tenant = qrstation_emulator::seed::TENANT_ID;
    let mut child = Command::new(env!("CARGO_BIN_EXE_qrstation"))
        .args([
            "--tenant",
            tenant,
            "--client-id",
            qrstation_emulator::seed::QRSTATION_CLIENT_ID,
            "--authority",
            &format!("{base}/{tenant}"),
            "--graph-url",
            &base,
            "login",
            "--device-code",
        ])
        .env("QRSTATION_DATA_DIR", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The code is on stderr's second line: "  code: XXXX   page: URL".
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut user_code = None;
    for _ in 0..5 {
        let mut line = String::new();
        std::io::BufRead::read_line(&mut stderr, &mut line).unwrap();
        if let Some(rest) = line.trim().strip_prefix("code: ") {
            user_code = rest.split_whitespace().next().map(str::to_owned);
            break;
        }
    }
    let user_code = user_code.expect("a user code on stderr");
    let approved = rt.block_on(
        qrstation_emulator_hooks::Hooks::new(&base).try_approve_device(
            &user_code,
            "admin@contoso-retail.onmicrosoft.com",
            true,
        ),
    );
    assert!(approved.is_ok(), "{approved:?}");
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.starts_with("Signed in as admin@contoso-retail.onmicrosoft.com"),
        "{stdout}"
    );
    let settings = std::fs::read_to_string(dir.path().join("settings.json")).unwrap();
    assert!(
        settings.contains("\"lastAccount\": \"admin@contoso-retail.onmicrosoft.com\""),
        "{settings}"
    );
    assert!(!settings.to_lowercase().contains("token"), "{settings}");
    rt.block_on(emulator.shutdown());
}

#[test]
fn badges_render_without_graph_and_print_on_create() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let png = d.join("badge.png");
    let payload = "bXMtcXJwaW46djF8YUBifHh8MTIz"; // base64 of ms-qrpin:v1|a@b|x|123
    let out = qrstation(
        d,
        &[
            "badge",
            "render",
            "--payload-base64",
            payload,
            "--name",
            "Zoë Ångström",
            "--upn",
            "zoe@contoso.com",
            "--template",
            "zebra-4x3-203",
            "--format",
            "png",
            "--out",
            png.to_str().unwrap(),
        ],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let bad = qrstation(
        d,
        &[
            "badge",
            "render",
            "--payload-base64",
            payload,
            "--name",
            "x",
            "--upn",
            "y",
            "--template",
            "nope",
            "--out",
            "z",
        ],
        "",
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("[label.unknown_template]"));

    let found = json(&qrstation(d, &["--json", "user", "search", "Ca"], ""));
    let upn = found["hits"][0]["user"]["upn"].as_str().unwrap().to_owned();
    let _ = qrstation(d, &["method", "delete", &upn], "");
    let printed = d.join("printed.pdf");
    let spec = format!("file:{}", printed.display());
    let created = qrstation(d, &["method", "create", &upn, "--print", &spec], "");
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    assert!(String::from_utf8_lossy(&created.stdout).contains("Badge made from the QR code"));
    assert!(std::fs::read(&printed).unwrap().starts_with(b"%PDF"));
    let shown = json(&qrstation(d, &["--json", "user", "search", &upn], ""));
    assert_eq!(shown["hits"][0]["user"]["upn"], upn.as_str());
}
