//! `qrstation printer …` and `--profile` as a real process: profiles saved, listed, made the
//! default and removed; badges printed by profile from `badge render`, `method create` and
//! `qr temp` against the demo tenant; CUPS queues and their media from the private cupsd
//! (`crates/label/tests/cups/start.sh`).

use std::path::Path;
use std::process::{Command, Output};

fn qrstation(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qrstation"))
        .args(args)
        .env("QRSTATION_DATA_DIR", data)
        .env_remove("QRSTATION_TENANT")
        .env_remove("QRSTATION_CLIENT_ID")
        .output()
        .expect("qrstation runs")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_str(&ok(out)).unwrap()
}

fn refused(out: &Output, code: &str, status: i32) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(status), "{err}");
    assert!(err.contains(&format!("[{code}]")), "{err}");
}

const PAYLOAD: &str = "bXMtcXJwaW46djF8YUBifHh8MTIz";

#[test]
fn profiles_are_managed_and_used_wherever_print_is() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let zpl = d.join("zebra.zpl");
    let pdf = d.join("office.pdf");
    let zebra = format!("file:{}", zpl.display());
    let office = format!("file:{}", pdf.display());

    assert!(ok(&qrstation(d, &["printer", "profiles"])).contains("No printer profiles"));
    ok(&qrstation(
        d,
        &[
            "printer",
            "profile",
            "add",
            "Front desk",
            "--printer",
            &zebra,
            "--template",
            "zebra-4x3-203",
        ],
    ));
    ok(&qrstation(
        d,
        &[
            "printer",
            "profile",
            "add",
            "Office",
            "--printer",
            &office,
            "--template",
            "sheet-a4",
            "--copies",
            "2",
        ],
    ));
    refused(
        &qrstation(
            d,
            &[
                "printer",
                "profile",
                "add",
                "office",
                "--printer",
                &office,
                "--template",
                "cr80",
            ],
        ),
        "core.invalid_profile",
        5,
    );
    refused(
        &qrstation(
            d,
            &[
                "printer",
                "profile",
                "add",
                "X",
                "--printer",
                &office,
                "--template",
                "nope",
            ],
        ),
        "label.unknown_template",
        1,
    );
    let listed = json(&qrstation(d, &["--json", "printer", "profiles"]));
    assert_eq!(listed["defaultProfile"], "Front desk");
    assert_eq!(listed["profiles"][1]["copies"], 2);
    assert_eq!(listed["profiles"][1]["template"], "sheet-a4");
    let text = ok(&qrstation(d, &["printer", "profiles"]));
    assert!(
        text.contains("* Front desk") && text.contains("  Office"),
        "{text}"
    );

    // badge render --profile: the profile's template and format (ZPL for a Zebra label on a
    // raw printer), --out writes the same badge.
    let copy = d.join("copy.zpl");
    let out = qrstation(
        d,
        &[
            "badge",
            "render",
            "--payload-base64",
            PAYLOAD,
            "--name",
            "王秀英",
            "--upn",
            "wang@contoso.com",
            "--profile",
            "front desk",
            "--out",
            copy.to_str().unwrap(),
        ],
    );
    ok(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("warning"),
        "a CJK name needs no warning: {err}"
    );
    assert!(err.contains("profile \"Front desk\""), "{err}");
    let sent = std::fs::read(&zpl).unwrap();
    assert!(sent.starts_with(b"^XA\n^CI28\n^PW812\n"));
    assert_eq!(std::fs::read(&copy).unwrap(), sent);
    let both = qrstation(
        d,
        &[
            "badge",
            "render",
            "--payload-base64",
            PAYLOAD,
            "--name",
            "a",
            "--upn",
            "b",
            "--profile",
            "Front desk",
            "--print",
            "tcp:127.0.0.1",
        ],
    );
    assert_eq!(both.status.code(), Some(2), "a usage error");
    assert!(String::from_utf8_lossy(&both.stderr).contains("cannot be used with"));
    refused(
        &qrstation(
            d,
            &[
                "badge",
                "render",
                "--payload-base64",
                PAYLOAD,
                "--name",
                "a",
                "--upn",
                "b",
                "--profile",
                "Nobody",
            ],
        ),
        "core.profile_not_found",
        4,
    );

    // The demo tenant: method create and qr temp print by profile, audited per copy.
    let found = json(&qrstation(d, &["--json", "user", "search", "Ca"]));
    let upn = found["hits"][0]["user"]["upn"].as_str().unwrap().to_owned();
    let _ = qrstation(d, &["method", "delete", &upn]);
    let created = qrstation(d, &["method", "create", &upn, "--profile", "Office"]);
    assert!(ok(&created).contains("Badge made from the QR code"));
    assert!(String::from_utf8_lossy(&created.stderr).contains("2 copies"));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    std::fs::remove_file(&zpl).unwrap();
    ok(&qrstation(
        d,
        &[
            "qr",
            "temp",
            &upn,
            "--hours",
            "2",
            "--profile",
            "Front desk",
        ],
    ));
    assert!(std::fs::read(&zpl).unwrap().starts_with(b"^XA"));
    std::fs::remove_file(&zpl).unwrap();
    ok(&qrstation(
        d,
        &["qr", "rotate", &upn, "--profile", "Front desk"],
    ));
    assert!(std::fs::read(&zpl).unwrap().starts_with(b"^XA"));

    // Default and remove.
    let listed = json(&qrstation(
        d,
        &["--json", "printer", "profile", "default", "Office"],
    ));
    assert_eq!(listed["defaultProfile"], "Office");
    ok(&qrstation(d, &["printer", "profile", "remove", "Office"]));
    let listed = json(&qrstation(d, &["--json", "printer", "profiles"]));
    assert_eq!(listed["profiles"].as_array().unwrap().len(), 1);
    assert!(listed["defaultProfile"].is_null());
    refused(
        &qrstation(d, &["printer", "profile", "default", "Office"]),
        "core.profile_not_found",
        4,
    );
}

#[test]
fn printer_list_shows_cups_queues_and_their_media() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Nothing listening: CUPS cannot be asked, and the command says so.
    let out = qrstation(d, &["printer", "list", "--server", "127.0.0.1:1"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("[label.cups]"));

    let required = std::env::var("QRSTATION_REQUIRE_CUPS").is_ok_and(|v| v == "1");
    let (Ok(server), Some(queue)) = (
        std::env::var("CUPS_SERVER"),
        std::env::var("QRSTATION_CUPS_PDF_QUEUE")
            .ok()
            .filter(|q| !q.is_empty()),
    ) else {
        assert!(
            !required,
            "QRSTATION_REQUIRE_CUPS=1 but no private CUPS server"
        );
        eprintln!("note: no private CUPS server; run crates/label/tests/cups/start.sh");
        return;
    };
    let list = json(&qrstation(
        d,
        &["--json", "printer", "list", "--server", &server],
    ));
    let q = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["queue"] == queue.as_str())
        .expect("the PDF queue is listed");
    assert_eq!(q["spec"], format!("cups:{queue}@{server}"));
    assert_eq!(q["hasDriver"], true);
    let media: Vec<&str> = q["media"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert!(
        media.contains(&"A4") && media.contains(&"Letter"),
        "{media:?}"
    );
    let default = q["defaultMedia"].as_str().unwrap();
    let text = ok(&qrstation(d, &["printer", "list", "--server", &server]));
    assert!(
        text.contains(&format!("cups:{queue}@{server}  driver (PDF)")),
        "{text}"
    );
    // Without --server the CUPS clients' own default (CUPS_SERVER here) and plain specs.
    let plain = ok(&qrstation(d, &["printer", "list"]));
    assert!(
        plain.contains(&format!("cups:{queue}  driver (PDF)")),
        "{plain}"
    );
    assert!(text.contains(&format!("*{default}")), "{text}");

    // A profile may ask a driver queue for one of its media, and only for those.
    let spec = q["spec"].as_str().unwrap().to_owned();
    let add = |media: &str| {
        qrstation(
            d,
            &[
                "printer",
                "profile",
                "add",
                "Office",
                "--printer",
                &spec,
                "--template",
                "sheet-a4",
                "--media",
                media,
            ],
        )
    };
    refused(&add("Tabloid-Nope"), "core.invalid_profile", 5);
    ok(&add("A4"));
    let text = ok(&qrstation(d, &["printer", "profiles"]));
    assert!(text.contains("media A4"), "{text}");
}
