//! Bulk against a demo tenant that reads Microsoft's docs either way (issue #13): users whose
//! method cannot be used (expired, or standard code deleted) are asked about, renewed,
//! replaced or skipped — with the strict reading (`replaceInactiveMethod: false`, PUT refused
//! with `tooManyQRCodePinMethod`) and the lenient one alike — and a refused PUT is reported,
//! never looped; a replacement survives lost answers and a crash between its DELETE and PUT
//! with replication lag on; `$batch` refusing method writes (400 and 405) sends them one by
//! one; shuffled `$batch` answers reach their own rows; an older journal survives the
//! migration. Real HTTP, real SQLite.

#[path = "support/slips.rs"]
mod slip_text;

#[path = "support/demo_station.rs"]
mod demo_station;

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use demo_station::{hook, start, upn, with_workers};
use qrstation_core::bulk::{
    self, BulkControl, PlanOptions, RowAction, RowState, RunOptions, Unusable,
};
use qrstation_core::station::{CreateOptions, PinChoice};
use qrstation_core::{Station, Store};
use qrstation_emulator::{seed, Emulator};
use qrstation_graph::{QrKind, Subject};
use serde_json::{json, Value};

/// The replication lag of the lag tests, and a wait past it.
const LAG: std::time::Duration = std::time::Duration::from_millis(450);

fn alex() -> String {
    // Seeded with a standard code that expired 35 days ago.
    format!("alex.abbott@{}", seed::DOMAIN)
}

async fn compat(emu: &Emulator, c: Value) {
    qrstation_emulator_hooks::Hooks::new(emu.base_url())
        .set_compat(c)
        .await;
}

/// The emulator's books: user id by UPN, methods by user id, creates by user id.
struct Books(Value);

impl Books {
    async fn of(emu: &Emulator) -> Books {
        Books(hook(emu, "state", None).await)
    }
    fn uid(&self, upn: &str) -> String {
        self.0["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| {
                u["userPrincipalName"]
                    .as_str()
                    .unwrap()
                    .eq_ignore_ascii_case(upn)
            })
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }
    fn method(&self, upn: &str) -> &Value {
        &self.0["methods"][self.uid(upn)]
    }
    fn creates(&self, upn: &str) -> u64 {
        self.0["methodCreates"][self.uid(upn)].as_u64().unwrap_or(0)
    }
    fn all_creates(&self) -> HashMap<String, u64> {
        self.0["methodCreates"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
            .collect()
    }
}

/// The standard code of the emulator's method is valid now.
fn standard_valid(m: &Value) -> bool {
    let exp = m["standardQRCode"]["expireDateTime"].as_str().unwrap_or("");
    chrono::DateTime::parse_from_rfc3339(exp).is_ok_and(|t| t > chrono::Utc::now())
}

/// The (UPN, PIN) pairs on the PIN slips in `dir`.
fn slip_pins(dir: &Path) -> HashMap<String, String> {
    let mut strings = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.to_string_lossy().ends_with("-pins.pdf") {
            strings.extend(slip_text::slip_lines(&p));
        }
    }
    strings
        .windows(2)
        .filter_map(|w| Some((w[0].to_lowercase(), w[1].strip_prefix("PIN  ")?.to_owned())))
        .collect()
}

async fn pin_ok(emu: &Emulator, user: &str, pin: &str) -> bool {
    hook(emu, "verify-pin", Some(json!({"user": user, "pin": pin}))).await["matches"] == true
}

fn options(out: &Path) -> RunOptions {
    RunOptions {
        out_pdf: Some(out.join("badges.pdf").display().to_string()),
        pin_slips: true,
        concurrency: 2,
        ..RunOptions::default()
    }
}

async fn run_plan(st: &Station, plan: &bulk::Plan, opts: &RunOptions) -> (String, bulk::Progress) {
    let job = bulk::start(st, plan, opts).await.unwrap();
    let p = bulk::run(st, &job, plan.pins.clone(), |_| {}, &BulkControl::new())
        .await
        .unwrap();
    (job, p)
}

fn row<'a>(s: &'a bulk::JobStatus, upn: &str) -> &'a bulk::RowStatus {
    s.rows
        .iter()
        .find(|r| r.upn.eq_ignore_ascii_case(upn))
        .unwrap()
}

/// worker0001 gets a method, then loses its standard code: a method with no usable code.
async fn without_standard_code(st: &Station, who: &str) {
    st.create_method(
        who,
        CreateOptions {
            start: None,
            expires: None,
            pin: PinChoice::Generate,
        },
    )
    .await
    .unwrap();
    st.graph()
        .delete_qr_code(&Subject::user(who), QrKind::Standard)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unusable_methods_are_asked_about_renewed_replaced_or_skipped_under_both_readings() {
    for strict in [false, true] {
        for choice in [
            Unusable::Ask,
            Unusable::Renew,
            Unusable::Replace,
            Unusable::Skip,
        ] {
            let dir = tempfile::tempdir().unwrap();
            let (emu, st) = start(dir.path(), with_workers(4)).await;
            compat(&emu, json!({"replaceInactiveMethod": !strict})).await;
            without_standard_code(&st, &upn(1)).await;
            let before = Books::of(&emu).await;
            let (alex_id, w1_id) = (
                before.method(&alex())["id"].clone(),
                before.method(&upn(1))["id"].clone(),
            );
            assert!(!standard_valid(before.method(&alex())));
            // worker0001 brings its own PIN; worker0002 has no method at all.
            let csv = format!("upn,pin\n{},\n{},48271953\n{},\n", alex(), upn(1), upn(2));
            let plan = bulk::plan_csv(
                &st,
                "u.csv",
                csv.as_bytes(),
                &PlanOptions {
                    unusable: choice,
                    ..PlanOptions::default()
                },
            )
            .await
            .unwrap();
            let planned = |l: u32| plan.rows.iter().find(|r| r.line == l).unwrap();
            let want = match choice {
                Unusable::Ask => RowAction::Invalid,
                Unusable::Renew => RowAction::Renew,
                Unusable::Replace => RowAction::Replace,
                Unusable::Skip => RowAction::Skip,
            };
            let ctx = format!("strict {strict}, {choice:?}");
            assert_eq!(
                (planned(2).action, planned(3).action, planned(4).action),
                (want, want, RowAction::Create),
                "{ctx}: {:?}",
                plan.rows
            );
            if choice == Unusable::Ask {
                let p = &planned(2).problems[0];
                assert_eq!(p.code, "bulk.unusable_method", "{ctx}");
                assert!(
                    !p.warning && p.message.contains("needs renew or replace"),
                    "{p:?}"
                );
                assert!(p.message.contains("expired"), "{p:?}");
                assert!(planned(3).problems[0].message.contains("deleted"));
            }
            let out = dir.path().join("out");
            let (job, p) = run_plan(&st, &plan, &options(&out)).await;
            let status = bulk::status(st.store(), &job).await.unwrap();
            let after = Books::of(&emu).await;
            // The user without a method is created once whatever the choice.
            assert_eq!(row(&status, &upn(2)).state, RowState::BadgeWritten, "{ctx}");
            assert_eq!(after.creates(&upn(2)), 1, "{ctx}");
            let slips = slip_pins(&out);
            match choice {
                Unusable::Ask | Unusable::Skip => {
                    // Nothing sent for them: the methods are untouched.
                    for (u, id) in [(alex(), &alex_id), (upn(1), &w1_id)] {
                        assert_eq!(&after.method(&u)["id"], id, "{ctx}");
                        assert!(!standard_valid(after.method(&u)), "{ctx}");
                        assert_eq!(after.creates(&u), before.creates(&u), "{ctx}");
                    }
                    let (state, code) = if choice == Unusable::Ask {
                        (RowState::Invalid, "bulk.unusable_method")
                    } else {
                        (RowState::Skipped, "bulk.unusable_skipped")
                    };
                    for u in [alex(), upn(1)] {
                        let r = row(&status, &u);
                        assert_eq!(
                            (r.state, r.error_code.as_deref()),
                            (state, Some(code)),
                            "{ctx}: {r:?}"
                        );
                        assert_eq!(r.attempts, 0, "{ctx}");
                    }
                    let mut csv = Vec::new();
                    bulk::results_csv(st.store(), &job, &mut csv).await.unwrap();
                    let csv = String::from_utf8(csv).unwrap();
                    assert!(csv.contains(code), "{csv}");
                    assert_eq!((p.badge_written, p.failed), (1, 0), "{ctx}: {p:?}");
                }
                Unusable::Renew => {
                    // Same method, new valid standard code, PIN reset (Graph's, on the slip).
                    for (u, id) in [(alex(), &alex_id), (upn(1), &w1_id)] {
                        assert_eq!(row(&status, &u).state, RowState::BadgeWritten, "{ctx}");
                        assert_eq!(&after.method(&u)["id"], id, "{ctx}");
                        assert!(standard_valid(after.method(&u)), "{ctx}");
                        assert_eq!(after.creates(&u), before.creates(&u), "{ctx}: no create");
                        let pin = slips.get(&u.to_lowercase()).expect("a slip");
                        assert!(pin_ok(&emu, &u, pin).await, "{ctx}: {u}");
                    }
                    assert!(!pin_ok(&emu, &upn(1), "48271953").await, "CSV PIN not used");
                    assert_eq!((p.badge_written, p.failed), (3, 0), "{ctx}: {p:?}");
                }
                Unusable::Replace => {
                    // Deleted, then created once: a new method with the CSV's or a slip's PIN.
                    for (u, id) in [(alex(), &alex_id), (upn(1), &w1_id)] {
                        let r = row(&status, &u);
                        assert_eq!(r.state, RowState::BadgeWritten, "{ctx}: {r:?}");
                        assert_ne!(&after.method(&u)["id"], id, "{ctx}");
                        assert_eq!(r.method_id.as_deref(), after.method(&u)["id"].as_str());
                        assert!(standard_valid(after.method(&u)), "{ctx}");
                        assert_eq!(after.creates(&u), before.creates(&u) + 1, "{ctx}");
                    }
                    assert!(pin_ok(&emu, &upn(1), "48271953").await, "{ctx}");
                    let pin = slips.get(&alex().to_lowercase()).expect("a slip");
                    assert!(pin_ok(&emu, &alex(), pin).await, "{ctx}");
                    assert_eq!((p.badge_written, p.failed), (3, 0), "{ctx}: {p:?}");
                }
            }
            emu.shutdown().await;
        }
    }
}

/// A PUT refused with "method already exists" for a user the plan saw without a method: one
/// check, then a report — usable: skipped; unusable: failed "renew or replace" — and one
/// attempt only, with the strict reading and the lenient one.
#[tokio::test]
async fn a_put_refused_as_existing_is_checked_once_and_reported_never_looped() {
    for strict in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let (emu, st) = start(dir.path(), with_workers(4)).await;
        compat(&emu, json!({"replaceInactiveMethod": !strict})).await;
        let csv = format!("upn\n{}\n{}\n{}\n", upn(1), upn(2), upn(3));
        let plan = bulk::plan_csv(&st, "r.csv", csv.as_bytes(), &PlanOptions::default())
            .await
            .unwrap();
        assert_eq!(plan.create, 3);
        // Between the plan and the run someone else gives worker0001 a method, and worker0002
        // one whose standard code is then deleted.
        st.create_method(
            &upn(1),
            CreateOptions {
                start: None,
                expires: None,
                pin: PinChoice::Generate,
            },
        )
        .await
        .unwrap();
        without_standard_code(&st, &upn(2)).await;
        let out = dir.path().join("out");
        let (job, p) = run_plan(&st, &plan, &options(&out)).await;
        let status = bulk::status(st.store(), &job).await.unwrap();
        let r1 = row(&status, &upn(1));
        let r2 = row(&status, &upn(2));
        assert_eq!(
            (r1.state, r1.error_code.as_deref(), r1.attempts),
            (RowState::Skipped, Some("bulk.exists"), 1),
            "strict {strict}: {r1:?}"
        );
        assert_eq!(
            (r2.state, r2.error_code.as_deref(), r2.attempts),
            (RowState::Failed, Some("bulk.unusable_method"), 1),
            "strict {strict}: {r2:?}"
        );
        assert!(r2
            .error_message
            .as_deref()
            .unwrap()
            .contains("--renew-unusable"));
        assert_eq!(row(&status, &upn(3)).state, RowState::BadgeWritten);
        assert_eq!(p.pending + p.sent, 0, "{p:?}");
        let books = Books::of(&emu).await;
        for u in [upn(1), upn(2), upn(3)] {
            assert_eq!(books.creates(&u), 1, "strict {strict}: {u}");
        }
        emu.shutdown().await;
    }
}

/// A replacement with the strict reading and 300 ms of replication lag: the DELETE's answer
/// lost, then the PUT's answer lost (each worker still created once, "badge lost"); a run
/// stopped right after the DELETE, and a journal that lost the DELETE's answer in a crash,
/// both finished by `resume` — never a worker left without a method and no report.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replacement_survives_lost_answers_and_a_crash_between_delete_and_put() {
    let dir = tempfile::tempdir().unwrap();
    let (emu, st) = start(dir.path(), with_workers(6)).await;
    compat(
        &emu,
        json!({"replaceInactiveMethod": false, "replicaLagMs": 300}),
    )
    .await;
    let replace = PlanOptions {
        unusable: Unusable::Replace,
        ..PlanOptions::default()
    };
    let one = |who: String| format!("upn\n{who}\n");
    let mut opts = options(&dir.path().join("out"));
    opts.concurrency = 1;

    // 1. The DELETE's answer is lost (the request after the run's policy read).
    let plan = bulk::plan_csv(&st, "a.csv", one(alex()).as_bytes(), &replace)
        .await
        .unwrap();
    assert_eq!(plan.replace, 1, "{:?}", plan.rows);
    hook(
        &emu,
        "faults",
        Some(json!({"slowMs": 1, "next": ["slow", "lost"]})),
    )
    .await;
    let (job, p) = run_plan(&st, &plan, &opts).await;
    assert_eq!((p.badge_written, p.failed), (1, 0), "{p:?}");
    let r = row(&bulk::status(st.store(), &job).await.unwrap(), &alex()).clone();
    assert_eq!(
        r.method_id.as_deref(),
        Books::of(&emu).await.method(&alex())["id"].as_str()
    );
    assert_eq!(Books::of(&emu).await.creates(&alex()), 1);

    // 2. The PUT's answer is lost: reads lag, Graph refuses the PUT sent again, and the
    // re-reads find the method this job made.
    for n in [1, 2] {
        without_standard_code(&st, &upn(n)).await;
    }
    // Past the lag, so that the plan sees the deleted code.
    tokio::time::sleep(LAG).await;
    let plan = bulk::plan_csv(&st, "b.csv", one(upn(1)).as_bytes(), &replace)
        .await
        .unwrap();
    hook(
        &emu,
        "faults",
        Some(json!({"slowMs": 1, "next": ["slow", "slow", "lost"]})),
    )
    .await;
    let (job, p) = run_plan(&st, &plan, &opts).await;
    let books = Books::of(&emu).await;
    let r = row(&bulk::status(st.store(), &job).await.unwrap(), &upn(1)).clone();
    assert_eq!(
        (r.state, r.error_code.as_deref()),
        (RowState::BadgeLost, Some("bulk.badge_lost")),
        "{p:?} {r:?}"
    );
    assert_eq!(r.method_id.as_deref(), books.method(&upn(1))["id"].as_str());
    assert_eq!(
        books.creates(&upn(1)),
        2,
        "the setup's create and this job's one"
    );

    // 3. The run stops right after the DELETE (cancelled), then resumes.
    let plan = bulk::plan_csv(&st, "c.csv", one(upn(2)).as_bytes(), &replace)
        .await
        .unwrap();
    let job = bulk::start(&st, &plan, &opts).await.unwrap();
    let control = BulkControl::new();
    let stop = control.clone();
    let calls = std::sync::atomic::AtomicUsize::new(0);
    let p = bulk::run(
        &st,
        &job,
        plan.pins.clone(),
        move |p| {
            // Call 1: the start; call 2: after the DELETE's answer (the row is pending
            // again, now as a create).
            if calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 1 {
                assert_eq!((p.pending, p.done), (1, 0), "{p:?}");
                stop.cancel();
            }
        },
        &control,
    )
    .await
    .unwrap();
    assert_eq!((p.pending, p.badge_written), (1, 0), "{p:?}");
    assert!(Books::of(&emu).await.method(&upn(2)).is_null(), "deleted");
    let p = bulk::resume(&st, &job, |_| {}, &BulkControl::new())
        .await
        .unwrap();
    assert_eq!((p.badge_written, p.failed), (1, 0), "{p:?}");
    assert_eq!(Books::of(&emu).await.creates(&upn(2)), 2);

    // 4. A crash after the DELETE left but before its answer was journalled: the row is
    // `sent` with no DELETE recorded. The resume looks (the read may still show the old
    // method: the DELETE is sent again, answered 404), then creates.
    without_standard_code(&st, &upn(3)).await;
    tokio::time::sleep(LAG).await;
    let plan = bulk::plan_csv(&st, "d.csv", one(upn(3)).as_bytes(), &replace)
        .await
        .unwrap();
    let job = bulk::start(&st, &plan, &opts).await.unwrap();
    st.graph()
        .delete_method(&Subject::user(upn(3)))
        .await
        .unwrap();
    let db = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join("qrstation.db").display()
    ))
    .await
    .unwrap();
    sqlx::query("UPDATE bulk_rows SET state = 'sent', attempts = 1 WHERE job_id = ?1")
        .bind(&job)
        .execute(&db)
        .await
        .unwrap();
    db.close().await;
    let p = bulk::resume(&st, &job, |_| {}, &BulkControl::new())
        .await
        .unwrap();
    assert_eq!((p.badge_written, p.failed), (1, 0), "{p:?}");
    let books = Books::of(&emu).await;
    assert_eq!(books.creates(&upn(3)), 2);
    assert!(standard_valid(books.method(&upn(3))));
    emu.shutdown().await;
}

/// `$batch` refusing method writes (400 "not supported in JSON batch", and 405): the run
/// switches to single requests once, says so, and creates everyone once; accepted: batched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn method_writes_refused_in_batch_are_sent_one_by_one() {
    const N: usize = 45;
    for mode in ["refuse", "refuse405", "accept"] {
        let dir = tempfile::tempdir().unwrap();
        let (emu, st) = start(dir.path(), with_workers(N)).await;
        compat(&emu, json!({"batchMethodWrites": mode})).await;
        let csv: String = std::iter::once("upn\n".to_owned())
            .chain((1..=N).map(|n| format!("{}\n", upn(n))))
            .collect();
        let plan = bulk::plan_csv(&st, "s.csv", csv.as_bytes(), &PlanOptions::default())
            .await
            .unwrap();
        assert_eq!(
            plan.create as usize, N,
            "{mode}: reads in $batch still work"
        );
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen2 = seen.clone();
        let job = bulk::start(&st, &plan, &options(&dir.path().join("out")))
            .await
            .unwrap();
        let p = bulk::run(
            &st,
            &job,
            plan.pins.clone(),
            move |p| seen2.lock().unwrap().push(p.single_requests),
            &BulkControl::new(),
        )
        .await
        .unwrap();
        assert_eq!(
            (p.badge_written as usize, p.failed),
            (N, 0),
            "{mode}: {p:?}"
        );
        assert_eq!(p.single_requests, mode != "accept", "{mode}");
        let flags = seen.lock().unwrap().clone();
        assert!(!flags[0], "starts batched");
        assert_eq!(flags.iter().any(|f| *f), mode != "accept");
        let books = Books::of(&emu).await;
        let creates = books.all_creates();
        assert_eq!(creates.len(), N, "{mode}");
        assert!(creates.values().all(|v| *v == 1), "{mode}: {creates:?}");
        let status = bulk::status(st.store(), &job).await.unwrap();
        for r in &status.rows {
            assert_eq!(r.method_id.as_deref(), books.method(&r.upn)["id"].as_str());
        }
        emu.shutdown().await;
    }
}

/// Shuffled `$batch` answers: every row gets its own (the journal's method id is the user's,
/// the CSV's PIN is that user's PIN); with lost answers and 300 ms of replication lag on
/// top, in batches and in single requests, every worker is still created exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shuffled_answers_and_replica_lag_with_lost_answers_create_each_worker_once() {
    const N: usize = 80;
    for (shuffle, lag, writes) in [
        (false, 0, "accept"),
        (true, 0, "accept"),
        (true, 300, "accept"),
        (false, 300, "refuse"),
    ] {
        let ctx = format!("shuffle {shuffle}, lag {lag}, {writes}");
        let dir = tempfile::tempdir().unwrap();
        let (emu, st) = start(dir.path(), with_workers(N)).await;
        compat(
            &emu,
            json!({"batchShuffle": shuffle, "replicaLagMs": lag, "batchMethodWrites": writes}),
        )
        .await;
        let pin = |n: usize| format!("4827{:04}", 1953 + n);
        let csv: String = std::iter::once("upn,pin\n".to_owned())
            .chain((1..=N).map(|n| format!("{},{}\n", upn(n), pin(n))))
            .collect();
        let path = dir.path().join("p.csv");
        std::fs::write(&path, &csv).unwrap();
        let plan = bulk::plan_csv(
            &st,
            path.to_str().unwrap(),
            csv.as_bytes(),
            &PlanOptions::default(),
        )
        .await
        .unwrap();
        assert_eq!(plan.create as usize, N, "{ctx}: {:?}", plan.rows[0]);
        if lag > 0 {
            hook(&emu, "faults", Some(json!({"lostRate": 0.15}))).await;
        }
        let (job, p) = run_plan(&st, &plan, &options(&dir.path().join("out"))).await;
        hook(&emu, "faults", Some(json!({"lostRate": 0.0}))).await;
        assert_eq!(p.pending + p.sent + p.failed, 0, "{ctx}: {p:?}");
        let books = Books::of(&emu).await;
        let creates = books.all_creates();
        assert_eq!(creates.len(), N, "{ctx}");
        assert!(creates.values().all(|v| *v == 1), "{ctx}: {creates:?}");
        let status = bulk::status(st.store(), &job).await.unwrap();
        for r in &status.rows {
            assert!(
                matches!(r.state, RowState::BadgeWritten | RowState::BadgeLost),
                "{ctx}: {r:?}"
            );
            assert_eq!(
                r.method_id.as_deref(),
                books.method(&r.upn)["id"].as_str(),
                "{ctx}: {r:?}"
            );
        }
        for n in (1..=N).step_by(9) {
            assert!(pin_ok(&emu, &upn(n), &pin(n)).await, "{ctx}: {n}");
        }
        if lag > 0 {
            eprintln!("{ctx}: {} badge lost", p.badge_lost);
        }
        emu.shutdown().await;
    }
}

/// A journal written before `renew`/`replace` existed (the table is rebuilt for its CHECK):
/// its rows, with what the plan saw, come through the migration unchanged and resumable.
#[tokio::test]
async fn an_older_journal_survives_the_rebuild_of_its_rows_table() {
    let data = tempfile::tempdir().unwrap();
    let mdir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<_> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    // Only the migrations before this one (later ones of other work may follow it).
    files.retain(|p| p.file_name().unwrap().to_string_lossy().as_ref() < "20261202041500");
    for f in &files {
        std::fs::copy(f, mdir.path().join(f.file_name().unwrap())).unwrap();
    }
    let url = format!(
        "sqlite://{}?mode=rwc",
        data.path().join("qrstation.db").display()
    );
    let db = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::migrate::Migrator::new(mdir.path())
        .await
        .unwrap()
        .run(&db)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO bulk_jobs (id, created_at, updated_at, operator_upn, source, options, state) \
         VALUES ('old', 1, 1, 'admin', 'x.csv', '{}', 'running')",
    )
    .execute(&db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO bulk_rows (job_id, line, upn, action, state, attempts, sent_at, method_id, \
         updated_at, seen_checked, seen_method_id, seen_created_ms) VALUES ('old', 2, 'a@x', \
         'create', 'sent', 3, 1000, NULL, 1, 1, 'm-1', 555)",
    )
    .execute(&db)
    .await
    .unwrap();
    db.close().await;

    let (store, report) = Store::open(data.path()).await.unwrap();
    assert!(report.applied >= 1, "{report:?}");
    let status = bulk::status(&store, "old").await.unwrap();
    let r = &status.rows[0];
    assert_eq!(
        (r.line, r.upn.as_str(), r.action, r.state, r.attempts),
        (2, "a@x", RowAction::Create, RowState::Sent, 3)
    );
    assert_eq!(status.counts.sent, 1);
    store.close().await;
    let db = sqlx::SqlitePool::connect(&url).await.unwrap();
    let seen: (i64, String, i64, Option<i64>) = sqlx::query_as(
        "SELECT seen_checked, seen_method_id, seen_created_ms, deleted_at FROM bulk_rows",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(seen, (1, "m-1".to_owned(), 555, None));
    // The new actions are accepted now.
    sqlx::query("UPDATE bulk_rows SET action = 'replace'")
        .execute(&db)
        .await
        .unwrap();
    db.close().await;
}
