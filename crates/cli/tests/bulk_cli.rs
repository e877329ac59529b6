//! `qrstation bulk` as a real process against an emulator in this test process: an
//! uninterrupted run, then 20 runs killed with SIGKILL at random points (and their resumes,
//! sometimes killed too) that `bulk resume` and `bulk rotate-lost` bring to the same end state:
//! every user created exactly once, every row with its badge written, the journal's method ids
//! the emulator's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use qrstation_emulator::{seed, Emulator, EmulatorConfig};
use qrstation_emulator_hooks::{Hooks, TenantState};
use serde_json::{json, Value};

const USERS: usize = 60;

struct Env {
    rt: tokio::runtime::Runtime,
    emu: Emulator,
    token: String,
    dir: tempfile::TempDir,
}

impl Env {
    fn start() -> Env {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let emu = rt
            .block_on(Emulator::start(EmulatorConfig {
                extra_users: USERS,
                // Enough latency that a kill lands in the middle of a run, not after it.
                latency_ms: 15,
                ..EmulatorConfig::for_tests()
            }))
            .unwrap();
        let token = emu
            .mint_access_token(
                "admin@contoso-retail.onmicrosoft.com",
                qrstation_core::scopes::OPERATOR_SCOPES,
            )
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut csv = String::from("upn;days\n");
        for n in 1..=USERS {
            csv.push_str(&format!("worker{n:04}@{};{}\n", seed::DOMAIN, 30 + n));
        }
        std::fs::write(dir.path().join("store.csv"), csv).unwrap();
        Env {
            rt,
            emu,
            token,
            dir,
        }
    }

    fn hooks(&self) -> Hooks {
        Hooks::new(self.emu.base_url())
    }

    /// The tenant's books, from the state hook.
    fn tenant(&self) -> TenantState {
        self.rt.block_on(self.hooks().tenant())
    }

    fn command(&self, data: &Path, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_qrstation"));
        c.args(["--access-token-env", "BULK_TEST_TOKEN", "--graph-url"])
            .arg(self.emu.base_url())
            .args(args)
            .current_dir(self.dir.path())
            .env("BULK_TEST_TOKEN", &self.token)
            .env("QRSTATION_DATA_DIR", data)
            .env_remove("QRSTATION_TENANT")
            .env_remove("QRSTATION_CLIENT_ID")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }

    fn run(&self, data: &Path, args: &[&str]) -> Output {
        self.command(data, args).output().unwrap()
    }

    /// Starts `args` and SIGKILLs it after `after` (if it is still running), counted from the
    /// start or, with `after_job`, from the moment it reports its job id (the sending phase).
    /// True if killed.
    fn run_killed(&self, data: &Path, args: &[&str], after: Duration, after_job: bool) -> bool {
        let mut child = self.command(data, args).spawn().unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                if line.starts_with("job ") {
                    let _ = tx.send(());
                }
            }
        });
        let mut t0 = (!after_job).then(Instant::now);
        loop {
            if t0.is_none() && rx.try_recv().is_ok() {
                t0 = Some(Instant::now());
            }
            if t0.is_some_and(|t| t.elapsed() >= after) {
                break;
            }
            if child.try_wait().unwrap().is_some() {
                return false;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        true
    }
}

fn run_args(out: &Path) -> Vec<String> {
    [
        "bulk",
        "run",
        "store.csv",
        "--out-pdf",
        out.join("badges.pdf").to_str().unwrap(),
        "--pin-slips",
        "--flush-every",
        "15",
        "--concurrency",
        "2",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
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

/// The end state that must not depend on crashes: per user, the row's outcome and whether
/// the method the journal names is the one the tenant has; and how often each user was created.
fn end_state(env: &Env, data: &Path) -> (BTreeMap<String, String>, Vec<u64>) {
    let jobs = json_of(&env.run(data, &["--json", "bulk", "status"]));
    let jobs = jobs.as_array().unwrap();
    assert_eq!(jobs.len(), 1, "one job: {jobs:?}");
    let id = jobs[0]["id"].as_str().unwrap();
    let status = json_of(&env.run(data, &["--json", "bulk", "status", id]));
    let state = env.tenant();
    let mut rows = BTreeMap::new();
    for r in status["rows"].as_array().unwrap() {
        let upn = r["upn"].as_str().unwrap().to_owned();
        let uid = state.user_id(&upn);
        let same = state.methods.get(uid).map(|m| m.id.as_str()) == r["methodId"].as_str();
        rows.insert(upn, format!("{} method-matches={same}", r["state"]));
    }
    let creates = state.method_creates.values().copied().collect();
    (rows, creates)
}

/// Resumes until the job is settled (a resume may itself be killed), then rotates lost badges.
fn settle(env: &Env, data: &Path, rng: &mut u64) -> usize {
    let mut kills = 0;
    let jobs = json_of(&env.run(data, &["--json", "bulk", "status"]));
    let Some(id) = jobs
        .as_array()
        .unwrap()
        .first()
        .map(|j| j["id"].as_str().unwrap().to_owned())
    else {
        // Killed before the job was written: nothing was sent; run it again.
        let args = run_args(&data.join("out"));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = env.run(data, &args);
        assert!(out.status.code().is_some(), "{out:?}");
        return settle(env, data, rng) + kills;
    };
    loop {
        // One resume in three is killed too.
        if next(rng).is_multiple_of(3) {
            let at = Duration::from_millis(50 + next(rng) % 900);
            if env.run_killed(data, &["bulk", "resume", &id], at, false) {
                kills += 1;
                continue;
            }
        }
        let out = env.run(data, &["bulk", "resume", &id]);
        let code = out.status.code();
        // 0: all done; 1: rows lost their badge (rotate below).
        assert!(
            matches!(code, Some(0 | 1)),
            "{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        break;
    }
    let out = env.run(data, &["bulk", "rotate-lost", &id]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    kills
}

fn next(state: &mut u64) -> u64 {
    // xorshift64*: reproducible "random" kill points; the seed is printed on failure.
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11
}

#[test]
fn twenty_runs_killed_at_random_points_end_like_an_uninterrupted_run() {
    let env = Env::start();
    let seed: u64 = std::env::var("BULK_KILL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    eprintln!("kill points from seed {seed} (BULK_KILL_SEED to replay)");
    let mut rng = seed;

    // The reference: one uninterrupted run.
    let data = env.dir.path().join("reference");
    let args = run_args(&data.join("out"));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let t0 = Instant::now();
    let out = env.run(&data, &args);
    let full = t0.elapsed();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (reference, creates) = end_state(&env, &data);
    assert_eq!(reference.len(), USERS);
    assert!(
        reference
            .values()
            .all(|v| v == "\"badgeWritten\" method-matches=true"),
        "{reference:?}"
    );
    assert_eq!(creates, vec![1; USERS]);
    let results = std::fs::read_dir(data.join("out")).unwrap().count();
    assert!(results >= 2, "badge sheets and slips written");
    eprintln!("uninterrupted run: {full:?}");

    let mut killed = 0;
    let mut resumes_killed = 0;
    let (mut mid_job, mut unsettled, mut before_job) = (0, 0, 0);
    let mut run = 0;
    while killed < 20 {
        run += 1;
        assert!(run < 60, "could not land 20 kills");
        env.rt.block_on(env.hooks().reset(None));
        let data: PathBuf = env.dir.path().join(format!("run{run}"));
        // Every other kill lands in the sending phase (timed from the job's start); the others
        // anywhere in the command, the plan included.
        let in_job = run % 2 == 0;
        let window = if in_job { full / 2 } else { full };
        let at = Duration::from_millis(next(&mut rng) % (window.as_millis() as u64 + 1));
        if !env.run_killed(&data, &args, at, in_job) {
            continue; // finished before the kill: not a crash
        }
        killed += 1;
        // What the kill left behind, for the record (and to show kills land mid-job).
        let jobs = json_of(&env.run(&data, &["--json", "bulk", "status"]));
        if let Some(id) = jobs
            .as_array()
            .unwrap()
            .first()
            .map(|j| j["id"].as_str().unwrap().to_owned())
        {
            let s = json_of(&env.run(&data, &["--json", "bulk", "status", &id]));
            let c = &s["counts"];
            let (sent, created, done) = (
                c["sent"].as_u64().unwrap(),
                c["created"].as_u64().unwrap(),
                c["done"].as_u64().unwrap(),
            );
            mid_job += u64::from(done < USERS as u64);
            unsettled += u64::from(sent + created > 0);
        } else {
            before_job += 1;
        }
        resumes_killed += settle(&env, &data, &mut rng);
        let (state, creates) = end_state(&env, &data);
        assert_eq!(state, reference, "run {run} killed at {at:?} (seed {seed})");
        assert_eq!(
            creates,
            vec![1; USERS],
            "run {run}: a user was created twice"
        );
    }
    eprintln!(
        "{killed} runs killed ({before_job} before the job was written, {mid_job} mid-job, \
         {unsettled} with rows sent or created but not settled), {resumes_killed} resumes \
         killed too; all settled"
    );
    assert!(mid_job >= 5, "kills should land mid-job");
}

#[test]
fn the_plan_names_each_problem_and_run_refuses_until_told() {
    let env = Env::start();
    let data = env.dir.path().join("plan");
    let d = seed::DOMAIN;
    std::fs::write(
        env.dir.path().join("mixed.csv"),
        format!("upn,days,pin\nworker0001@{d},30,\nnobody@{d},,\nworker0001@{d},,\nworker0002@{d},,1234\n"),
    )
    .unwrap();
    let out = env.run(&data, &["bulk", "plan", "mixed.csv"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "1 to create, 0 to rotate, 0 to skip (already have a method), 3 with problems"
        ),
        "{text}"
    );
    assert!(text.contains("[bulk.unknown_user]"), "{text}");
    assert!(
        text.contains("[bulk.duplicate] the same user as line 2"),
        "{text}"
    );
    assert!(text.contains("[pin.too_short]"), "{text}");
    assert!(!text.contains("1234"), "the PIN is never printed: {text}");

    let plan = json_of(&env.run(&data, &["--json", "bulk", "plan", "mixed.csv"]));
    assert_eq!(
        (plan["create"].as_u64(), plan["invalid"].as_u64()),
        (Some(1), Some(3))
    );
    assert_eq!(plan["rows"][1]["problems"][0]["line"], 3);

    let out = env.run(&data, &["bulk", "run", "mixed.csv", "--out-pdf", "o/b.pdf"]);
    assert_eq!(out.status.code(), Some(2), "invalid rows stop the run");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--skip-invalid"));
    let out = env.run(&data, &["bulk", "run", "mixed.csv", "--skip-invalid"]);
    assert_eq!(out.status.code(), Some(2), "no badge output named");
    let out = env.run(
        &data,
        &[
            "bulk",
            "run",
            "mixed.csv",
            "--skip-invalid",
            "--out-pdf",
            "o/b.pdf",
            "--results",
            "o/r.csv",
            "--no-pin-record",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results = std::fs::read_to_string(env.dir.path().join("o/r.csv")).unwrap();
    assert!(
        results.contains(&format!("2,worker0001@{d},\"created, badge written\"")),
        "{results}"
    );
    assert!(
        results.contains(&format!("3,nobody@{d},invalid,bulk.unknown_user")),
        "{results}"
    );

    // A store picked from Graph: worker0001 now has a method, so it is skipped.
    let plan = json_of(&env.run(&data, &["--json", "bulk", "plan", "--office", "Store 501"]));
    assert_eq!(plan["rows"][0]["upn"], format!("worker0001@{d}"));
    assert_eq!(plan["rows"][0]["action"], "skip");
    assert!(plan["rows"].as_array().unwrap().len() >= 2);
}

/// Generated PINs need `--pin-slips` or an explicit `--no-pin-record`; a CSV's `printer` and
/// `--print` must name a printer profile; a printer-only run writes its slips into the exports
/// folder and says they are deleted after 24 h.
#[test]
fn pins_need_slips_or_an_explicit_flag_and_printers_are_profiles() {
    let env = Env::start();
    let data = env.dir.path().join("pins");
    let text = |o: &Output| {
        format!(
            "{}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    let creates = |env: &Env| env.tenant().method_creates.len();

    let out = env.run(
        &data,
        &["bulk", "run", "store.csv", "--out-pdf", "out/b.pdf"],
    );
    assert_ne!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("--no-pin-record"), "{}", text(&out));
    assert_eq!(creates(&env), 0, "nothing was sent");

    // A CSV naming a raw address: refused in the plan, with its line.
    let evil = env.dir.path().join("evil.pdf");
    std::fs::write(
        env.dir.path().join("evil.csv"),
        format!(
            "upn,printer\nworker0001@{},file:{}\n",
            seed::DOMAIN,
            evil.display()
        ),
    )
    .unwrap();
    let out = env.run(&data, &["bulk", "plan", "evil.csv"]);
    assert!(
        text(&out).contains("bulk.printer_not_profile"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("line     2"), "{}", text(&out));

    // --print takes a profile name, not an address.
    let spec = format!("file:{}", evil.display());
    let out = env.run(
        &data,
        &["bulk", "run", "store.csv", "--print", &spec, "--pin-slips"],
    );
    assert!(
        text(&out).contains("bulk.printer_not_profile"),
        "{}",
        text(&out)
    );
    assert_eq!(creates(&env), 0);
    assert!(!evil.exists());

    // With a profile: a printer-only run, its slips in the exports folder.
    let printed = env.dir.path().join("printed.pdf");
    let out = env.run(
        &data,
        &[
            "printer",
            "profile",
            "add",
            "Desk",
            "--printer",
            &format!("file:{}", printed.display()),
            "--template",
            "sheet-a4",
            "--format",
            "pdf",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = env.run(
        &data,
        &["bulk", "run", "store.csv", "--print", "desk", "--pin-slips"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("(deleted after 24 h)"),
        "{}",
        text(&out)
    );
    assert!(std::fs::read(&printed).unwrap().starts_with(b"%PDF"));
    let slips: Vec<_> = std::fs::read_dir(data.join("exports"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with("-pins.pdf"))
        .collect();
    assert!(!slips.is_empty(), "slips in the exports folder");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(data.join("exports"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
    assert_eq!(creates(&env), USERS);
}

/// A user whose method cannot be used (alex.abbott's codes expired 35 days ago), with the
/// strict reading of the docs (PUT refused while a method exists): `bulk run` stops and asks
/// (exit 2, naming the flags, nothing sent); `--replace-unusable` deletes and creates it once;
/// the three choices exclude each other; `--renew-unusable` / `--skip-unusable` show in the plan.
#[test]
fn replace_unusable_is_an_explicit_choice() {
    let env = Env::start();
    env.rt.block_on(
        env.hooks()
            .set_compat(json!({"replaceInactiveMethod": false})),
    );
    let data = env.dir.path().join("unusable");
    let d = seed::DOMAIN;
    let alex = format!("alex.abbott@{d}");
    std::fs::write(
        env.dir.path().join("u.csv"),
        format!("upn\n{alex}\nworker0001@{d}\n"),
    )
    .unwrap();
    let text = |o: &Output| {
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    };
    let before = env.tenant();
    let alex_id = before.user_id(&alex).to_owned();
    let old_method = before.methods.get(&alex_id).map(|m| m.id.clone());
    assert!(old_method.is_some());

    let out = env.run(&data, &["bulk", "plan", "u.csv"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out).contains("[bulk.unusable_method]"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("needs renew or replace"),
        "{}",
        text(&out)
    );
    let plan = json_of(&env.run(
        &data,
        &["--json", "bulk", "plan", "u.csv", "--renew-unusable"],
    ));
    assert_eq!(plan["rows"][0]["action"], "renew");
    assert_eq!(plan["renew"], 1);
    let plan = json_of(&env.run(
        &data,
        &["--json", "bulk", "plan", "u.csv", "--skip-unusable"],
    ));
    assert_eq!(plan["rows"][0]["action"], "skip");

    let run = |extra: &[&str]| {
        let mut args = vec![
            "bulk",
            "run",
            "u.csv",
            "--out-pdf",
            "o/b.pdf",
            "--pin-slips",
        ];
        args.extend_from_slice(extra);
        env.run(&data, &args)
    };
    let out = run(&[]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--replace-unusable"), "{}", text(&out));
    assert!(env.tenant().method_creates.is_empty(), "nothing was sent");
    let out = run(&["--renew-unusable", "--replace-unusable"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "clap refuses both: {}",
        text(&out)
    );

    let out = run(&["--replace-unusable"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let after = env.tenant();
    let method = &after.methods[&alex_id];
    assert_ne!(Some(&method.id), old_method.as_ref(), "replaced");
    assert_eq!(after.creates_of(&alex_id), 1);
    assert_eq!(
        after.creates_of(after.user_id(&format!("worker0001@{d}"))),
        1
    );
    let jobs = json_of(&env.run(&data, &["--json", "bulk", "status"]));
    let id = jobs[0]["id"].as_str().unwrap().to_owned();
    let status = json_of(&env.run(&data, &["--json", "bulk", "status", &id]));
    let row = &status["rows"][0];
    assert_eq!(
        (&row["action"], &row["state"], &row["methodId"]),
        (&json!("replace"), &json!("badgeWritten"), &json!(method.id)),
        "{status}"
    );
}
