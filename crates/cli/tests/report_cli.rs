//! `qrstation report expiring` and `qrstation bulk renew` as real processes against an
//! emulator of the demo tenant in this test process (real HTTP, a real SQLite file): the
//! store's statuses in JSON, CSV and from the cache; then a renewal SIGKILLed mid-run and
//! `bulk renew resume` (or the plain `bulk resume`) bringing the store to no expired, expiring
//! or missing badge.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use qrstation_emulator::{Emulator, EmulatorConfig};
use serde_json::Value;

const STORE: &str = "Store 101 - Seattle";

struct Env {
    _rt: tokio::runtime::Runtime,
    emu: Emulator,
    token: String,
    dir: tempfile::TempDir,
}

impl Env {
    fn start() -> Env {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let emu = rt
            .block_on(Emulator::start(EmulatorConfig {
                // Enough latency that a kill can land in the middle of a run.
                latency_ms: 15,
                ..EmulatorConfig::for_tests()
            }))
            .unwrap();
        let token = emu
            .mint_access_token(
                qrstation_core::demo::DEMO_ADMIN,
                qrstation_core::scopes::OPERATOR_SCOPES,
            )
            .unwrap();
        Env {
            _rt: rt,
            emu,
            token,
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_qrstation"));
        c.args(["--access-token-env", "REPORT_TEST_TOKEN", "--graph-url"])
            .arg(self.emu.base_url())
            .args(args)
            .current_dir(self.dir.path())
            .env("REPORT_TEST_TOKEN", &self.token)
            .env("QRSTATION_DATA_DIR", self.dir.path().join("data"))
            .env_remove("QRSTATION_TENANT")
            .env_remove("QRSTATION_CLIENT_ID")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }
}

fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
        panic!(
            "not JSON: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn count(report: &Value, state: &str) -> usize {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["state"] == state)
        .count()
}

#[test]
fn report_expiring_gives_the_store_in_json_csv_and_from_the_cache() {
    let env = Env::start();
    let out = env.run(&[
        "--json", "report", "expiring", "--within", "30", "--office", STORE,
    ]);
    assert!(out.status.success(), "{out:?}");
    let r = json_of(&out);
    assert_eq!(r["withinDays"], 30);
    assert!(r["rows"].as_array().unwrap().len() >= 10, "{r}");
    assert_eq!(count(&r, "expired"), 1, "the seed's expired badge: {r}");
    assert_eq!(r["rows"][0]["state"], "expired", "most urgent first");
    assert!(count(&r, "noMethod") > 0);
    // No secret in the report.
    let text = r.to_string();
    assert!(!text.contains("rawContent") && !text.contains("\"pin\""));

    let csv = env.run(&["report", "expiring", "--office", STORE, "--csv"]);
    assert!(csv.status.success(), "{csv:?}");
    let csv = String::from_utf8(csv.stdout).unwrap();
    assert!(csv.starts_with("upn,display_name,office,department,status,expires,days_left"));
    assert_eq!(csv.lines().count(), r["rows"].as_array().unwrap().len() + 1);
    assert!(csv.contains(",expired,"));

    // From the cache with its age, and with a wider window nothing is "valid".
    std::thread::sleep(Duration::from_millis(20));
    let c = json_of(&env.run(&[
        "--json", "report", "expiring", "--office", STORE, "--cached", "--within", "400",
    ]));
    assert!(c["ageMs"].as_i64().unwrap() >= 20, "{c}");
    assert_eq!(count(&c, "valid"), 0);
    // Text names the store and the counts.
    let t = env.run(&["report", "expiring", "--office", STORE, "--cached"]);
    let t = String::from_utf8(t.stdout).unwrap();
    assert!(t.starts_with(&format!("office {STORE}:")), "{t}");
    assert!(t.contains("1 expired"), "{t}");
    // A store never scanned is refused from the cache; one of office/department/unit is required.
    assert!(!env
        .run(&["report", "expiring", "--office", "Nowhere", "--cached"])
        .status
        .success());
    assert_eq!(env.run(&["report", "expiring"]).status.code(), Some(2));
}

#[test]
fn bulk_renew_killed_mid_run_is_completed_by_resume() {
    killed_mid_run_then(&["bulk", "renew", "resume"], 40);
}

/// The generic `bulk resume` recognises a renewal job and finishes its extensions too (the
/// kill lands before they are done).
#[test]
fn bulk_renew_killed_mid_run_is_completed_by_a_plain_bulk_resume() {
    killed_mid_run_then(&["bulk", "resume"], 0);
}

/// Workers of the store without a method get codes due for an extension (started 100 days
/// ago, expiring in 10 days).
const EXTENDABLE: [&str; 4] = ["dana.silva", "hana.fischer", "liam.novak", "mateo.eriksen"];

/// A renewal of the store SIGKILLed `kill_after_ms` after its job is written, then finished
/// with `resume JOB`.
fn killed_mid_run_then(resume: &[&str], kill_after_ms: u64) {
    let env = Env::start();
    let now = chrono::Utc::now();
    let iso = |d: i64| {
        (now + chrono::Duration::days(d)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    let mut csv = String::from("upn,start,expires\n");
    for who in EXTENDABLE {
        csv.push_str(&format!(
            "{who}@contoso-retail.onmicrosoft.com,{},{}\n",
            iso(-100),
            iso(10)
        ));
    }
    std::fs::write(env.dir.path().join("due.csv"), csv).unwrap();
    let setup = env.run(&["bulk", "run", "due.csv", "--no-badges", "--no-pin-record"]);
    assert!(setup.status.success(), "{setup:?}");
    let plan = json_of(&env.run(&["--json", "bulk", "renew", "plan", "--office", STORE]));
    let rows = plan["rows"].as_array().unwrap();
    assert!(rows.len() >= 10, "{plan}");
    assert!(plan["create"].as_u64().unwrap() > 0, "{plan}");
    assert_eq!(plan["extend"], EXTENDABLE.len(), "{plan}");
    assert!(
        plan["replace"].as_u64().unwrap() >= 1,
        "the expired one: {plan}"
    );
    // The plan changed nothing.
    let before = json_of(&env.run(&["--json", "report", "expiring", "--office", STORE]));
    assert_eq!(count(&before, "expired"), 1);

    let out_pdf = env.dir.path().join("out").join("renewed.pdf");
    let args = [
        "bulk",
        "renew",
        "run",
        "--office",
        STORE,
        "--out-pdf",
        out_pdf.to_str().unwrap(),
        "--pin-slips",
        "--concurrency",
        "1",
        "--flush-every",
        "2",
    ];
    // SIGKILL shortly after the job is written (the sending phase).
    let mut child = env.command(&args).spawn().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(id) = line.strip_prefix("job ") {
                let _ = tx.send(id.trim().to_owned());
            }
        }
    });
    let job = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the run names its job");
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_millis(kill_after_ms) && child.try_wait().unwrap().is_none()
    {
        std::thread::sleep(Duration::from_millis(2));
    }
    let killed = child.try_wait().unwrap().is_none();
    child.kill().ok(); // SIGKILL on Unix
    child.wait().unwrap();
    eprintln!("killed mid-run: {killed}");

    let mut args = vec!["--json"];
    args.extend_from_slice(resume);
    args.push(&job);
    let resumed = env.run(&args);
    let code = resumed.status.code();
    assert!(matches!(code, Some(0) | Some(1)), "{resumed:?}");
    let status = json_of(&resumed);
    if status["counts"]["badgeLost"].as_u64().unwrap_or(0) > 0 {
        // Created before the kill but not written: the engine's own remedy.
        let r = env.run(&["bulk", "rotate-lost", &job]);
        assert!(r.status.success(), "{r:?}");
    }
    let end = json_of(&env.run(&["--json", "bulk", "status", &job]));
    assert_eq!(end["counts"]["pending"], 0, "{end}");
    assert_eq!(end["counts"]["sent"], 0, "{end}");
    assert_eq!(end["counts"]["failed"], 0, "{end}");
    assert_eq!(end["counts"]["extended"], plan["extend"], "{end}");

    // The store now has no expired, expiring or missing badge; new badges are on a sheet.
    let after = json_of(&env.run(&["--json", "report", "expiring", "--office", STORE]));
    assert_eq!(
        (
            count(&after, "expired"),
            count(&after, "expiring"),
            count(&after, "noMethod")
        ),
        (0, 0, 0),
        "{after}"
    );
    let sheets = std::fs::read_dir(out_pdf.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.ends_with(".pdf") && !n.contains("pins")
        })
        .count();
    assert!(sheets > 0);
}
