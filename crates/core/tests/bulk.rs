//! Bulk provisioning over real HTTP against the emulator (1,000 synthetic workers) with a real
//! SQLite file: the plan's line-numbered problems, and a run through 20 % injected faults (429,
//! 503, slow answers, dropped connections, lost responses) that ends with every user created
//! exactly once, every row reported, badges and PIN slips written, and no PIN in the journal
//! or the results CSV.

#[path = "support/slips.rs"]
mod slips;

#[path = "support/demo_station.rs"]
mod demo_station;

use std::sync::{Arc, Mutex};

use demo_station::{hook, start as setup, upn};
use qrstation_core::bulk::{self, BulkControl, PlanOptions, RowAction, RowState, RunOptions};
use qrstation_emulator::{seed, EmulatorConfig};
use serde_json::{json, Value};

#[tokio::test]
async fn the_plan_reports_every_problem_with_its_line_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let (emu, st) = setup(
        dir.path(),
        EmulatorConfig {
            extra_users: 10,
            ..EmulatorConfig::for_tests()
        },
    )
    .await;
    // worker0004 already has a method.
    st.create_method(
        &upn(4),
        qrstation_core::station::CreateOptions {
            start: None,
            expires: None,
            pin: qrstation_core::station::PinChoice::Generate,
        },
    )
    .await
    .unwrap();
    let csv = format!(
        "\u{feff}upn;days;pin;template\n{};30;;\n{};;12121212;\nnobody@{};;;\n{};;;\n{};400;;\n{};;;\n{};;;no-such-label\n{};;48271953;\n",
        upn(1),
        upn(2),
        seed::DOMAIN,
        upn(1).to_uppercase(),
        upn(3),
        upn(4),
        upn(5),
        upn(6),
    );
    let plan = bulk::plan_csv(
        &st,
        "in-memory.csv",
        csv.as_bytes(),
        &PlanOptions::default(),
    )
    .await
    .unwrap();
    let by_line = |l: u32| plan.rows.iter().find(|r| r.line == l).unwrap();
    let codes =
        |l: u32| -> Vec<String> { by_line(l).problems.iter().map(|p| p.code.clone()).collect() };
    assert_eq!(by_line(2).action, RowAction::Create);
    assert_eq!(codes(3), ["pin.repeated"]);
    assert!(by_line(3).problems[0].message.contains("repeat"));
    assert_eq!(codes(4), ["bulk.unknown_user"]);
    assert_eq!(codes(5), ["bulk.duplicate"]);
    assert!(by_line(5).problems[0].message.contains("line 2"));
    assert_eq!(codes(6), ["bulk.lifetime"]);
    assert_eq!(by_line(7).action, RowAction::Skip);
    assert_eq!(codes(8), ["bulk.unknown_template"]);
    assert_eq!(by_line(9).action, RowAction::Create);
    assert!(by_line(9).custom_pin);
    assert_eq!((plan.create, plan.skip, plan.invalid), (2, 1, 5));
    assert_eq!(plan.generated_pins, 1);
    // The plan as JSON (what the UI gets) never holds the CSV's PIN.
    let text = serde_json::to_string(&plan).unwrap();
    assert!(
        !text.contains("48271953") && !text.contains("12121212"),
        "{text}"
    );

    // With --rotate-existing the user with a method is rotated instead.
    let rot = bulk::plan_csv(
        &st,
        "in-memory.csv",
        csv.as_bytes(),
        &PlanOptions {
            rotate_existing: true,
            ..PlanOptions::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(
        rot.rows.iter().find(|r| r.line == 7).unwrap().action,
        RowAction::Rotate
    );

    // No column named upn: one problem on line 1, nothing to run.
    let blocked = bulk::plan_csv(&st, "x.csv", b"user,days\na,3\n", &PlanOptions::default())
        .await
        .unwrap();
    assert!(blocked.is_blocked());
    assert_eq!(blocked.problems[0].code, "bulk.missing_column");
    assert!(bulk::start(&st, &blocked, &RunOptions::default())
        .await
        .is_err());

    // A Graph selection: everyone in a department.
    let sel = bulk::plan_selection(
        &st,
        &bulk::Selection::OfficeLocation("Store 503".into()),
        &PlanOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(sel.rows.len(), 1, "{sel:?}");
    assert_eq!(sel.rows[0].upn, upn(3));
    // Nothing was created by planning.
    let state = hook(&emu, "state", None).await;
    assert_eq!(state["methodCreates"].as_object().unwrap().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_users_through_twenty_percent_faults_none_lost_none_twice() {
    const N: usize = 1000;
    let dir = tempfile::tempdir().unwrap();
    let (emu, st) = setup(
        dir.path(),
        EmulatorConfig {
            extra_users: N,
            ..EmulatorConfig::for_tests()
        },
    )
    .await;
    let mut csv = String::from("upn,days,pin\n");
    for n in 1..=N {
        // Every tenth row brings its own PIN.
        let pin = if n % 10 == 0 {
            format!("4827{:04}", 1953 + n)
        } else {
            String::new()
        };
        csv.push_str(&format!("{},{},{pin}\n", upn(n), 30 + n % 300));
    }
    let csv_path = dir.path().join("store.csv");
    std::fs::write(&csv_path, &csv).unwrap();
    let plan = bulk::plan_csv(
        &st,
        csv_path.to_str().unwrap(),
        csv.as_bytes(),
        &PlanOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        plan.create as usize,
        N,
        "{:?}",
        plan.rows.iter().find(|r| !r.problems.is_empty())
    );

    // 20 % of requests hit: 10 % of HTTP requests get a 503, a slow answer or a dropped
    // connection, 5 % are carried out but their answer is lost, and 10 % of the items inside
    // each $batch get a 429 or 503.
    hook(
        &emu,
        "faults",
        Some(if std::env::var_os("BULK_NO_FAULTS").is_some() {
            json!({})
        } else {
            json!({"faultRate": 0.10, "lostRate": 0.05, "itemFaultRate": 0.10, "slowMs": 150})
        }),
    )
    .await;
    let out = dir.path().join("out");
    let options = RunOptions {
        out_pdf: Some(out.join("badges.pdf").display().to_string()),
        pin_slips: true,
        flush_every: 200,
        ..RunOptions::default()
    };
    let job = bulk::start(&st, &plan, &options).await.unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen2 = seen.clone();
    let t0 = std::time::Instant::now();
    let summary = bulk::run(
        &st,
        &job,
        plan.pins.clone(),
        move |p| seen2.lock().unwrap().push(p),
        &BulkControl::new(),
    )
    .await
    .unwrap();
    eprintln!("run took {:?}: {summary:?}", t0.elapsed());
    hook(
        &emu,
        "faults",
        Some(json!({"faultRate": 0.0, "lostRate": 0.0, "itemFaultRate": 0.0})),
    )
    .await;
    assert_eq!(summary.total as usize, N);
    assert_eq!(summary.done as usize, N, "{summary:?}");
    assert_eq!(summary.pending + summary.sent, 0);
    if std::env::var_os("BULK_NO_FAULTS").is_some() {
        return;
    }
    assert!(summary.throttled > 0, "faults were injected: {summary:?}");
    assert!(seen.lock().unwrap().len() > 10, "progress is reported");

    // Every row has an end and every failure its reason.
    let status = bulk::status(st.store(), &job).await.unwrap();
    for r in &status.rows {
        assert!(
            matches!(
                r.state,
                RowState::BadgeWritten | RowState::BadgeLost | RowState::Failed
            ),
            "{r:?}"
        );
        if r.state != RowState::BadgeWritten {
            assert!(r.error_code.is_some(), "{r:?}");
        }
    }
    let failed = status
        .rows
        .iter()
        .filter(|r| r.state == RowState::Failed)
        .count();
    assert_eq!(failed, 0, "no row should fail within 8 attempts");

    // The emulator's own books: every user has one method, created exactly once, and it is
    // the one the journal recorded.
    let state = hook(&emu, "state", None).await;
    let users: Vec<Value> = state["users"].as_array().unwrap().clone();
    let id_of = |upn: &str| -> String {
        users
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
    };
    let creates = state["methodCreates"].as_object().unwrap();
    assert_eq!(creates.len(), N, "users created: {}", creates.len());
    assert!(creates.values().all(|v| v == 1), "a user was created twice");
    for r in &status.rows {
        let uid = id_of(&r.upn);
        let m = &state["methods"][&uid];
        assert_eq!(m["id"].as_str(), r.method_id.as_deref(), "{r:?}");
    }

    // Lost answers leave "created, badge lost": one step rotates them, with a new PIN.
    let lost = status
        .rows
        .iter()
        .filter(|r| r.state == RowState::BadgeLost)
        .count();
    eprintln!("badge lost after the run: {lost}");
    let after = bulk::rotate_lost(&st, &job, |_| {}, &BulkControl::new())
        .await
        .unwrap();
    assert_eq!(after.badge_written as usize, N, "{after:?}");
    let state = hook(&emu, "state", None).await;
    assert!(state["methodCreates"]
        .as_object()
        .unwrap()
        .values()
        .all(|v| v == 1));

    // Badges and slips are on disk; the slips' PINs are the users' PINs.
    let mut strings: Vec<String> = Vec::new();
    let mut pdfs = 0;
    for e in std::fs::read_dir(&out).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(&p).unwrap();
        assert!(bytes.starts_with(b"%PDF"), "{name}");
        if name.ends_with("-pins.pdf") {
            // The slips' text, in order.
            strings.extend(slips::slip_lines(&p));
        } else {
            pdfs += 1;
        }
    }
    assert!(pdfs >= 5, "{pdfs} badge sheets");
    let pins: Vec<(String, String)> = strings
        .windows(2)
        .filter_map(|w| Some((w[0].clone(), w[1].strip_prefix("PIN  ")?.to_owned())))
        .collect();
    assert!(pins.len() >= N, "{} slips", pins.len());
    for (u, pin) in pins.iter().rev().take(25) {
        let ok = hook(&emu, "verify-pin", Some(json!({"user": u, "pin": pin}))).await;
        assert_eq!(ok["matches"], true, "{u}");
    }

    // No PIN in the results CSV or the journal.
    let mut report = Vec::new();
    assert_eq!(
        bulk::results_csv(st.store(), &job, &mut report)
            .await
            .unwrap(),
        N
    );
    let report = String::from_utf8(report).unwrap();
    assert!(report.starts_with("line,upn,outcome,error,message,request_id,badge_file\n"));
    let journal = std::fs::read(dir.path().join("qrstation.db")).unwrap();
    let journal = String::from_utf8_lossy(&journal);
    for (_, pin) in &pins {
        assert!(!report.contains(pin.as_str()), "PIN in the results");
    }
    for n in (10..=N).step_by(10) {
        assert!(
            !journal.contains(&format!("4827{:04}", 1953 + n)),
            "CSV PIN in SQLite"
        );
    }
    emu.shutdown().await;
}

/// One batch whose connection drops before it is served and one whose answer is lost after it
/// took effect: the first is sent again, the second becomes "created, badge lost"; nobody is
/// created twice either way. (Users with an expired method: `bulk_unusable.rs`.)
#[tokio::test]
async fn a_dropped_batch_is_sent_again_and_a_lost_answer_is_never_resent() {
    let dir = tempfile::tempdir().unwrap();
    let (emu, st) = setup(
        dir.path(),
        EmulatorConfig {
            extra_users: 6,
            ..EmulatorConfig::for_tests()
        },
    )
    .await;
    let csv = format!("upn\n{}\n{}\n{}\n", upn(1), upn(2), upn(3));
    let plan = bulk::plan_csv(&st, "a.csv", csv.as_bytes(), &PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(plan.create, 3, "{:?}", plan.rows);
    let out = dir.path().join("out");
    let options = RunOptions {
        out_pdf: Some(out.join("b.pdf").display().to_string()),
        no_pin_record: true,
        ..RunOptions::default()
    };
    // The run's first Graph request (the policy) is served slowly, the batch is dropped.
    hook(
        &emu,
        "faults",
        Some(json!({"slowMs": 5, "next": ["slow", "drop"]})),
    )
    .await;
    let job = bulk::start(&st, &plan, &options).await.unwrap();
    let p = bulk::run(&st, &job, plan.pins.clone(), |_| {}, &BulkControl::new())
        .await
        .unwrap();
    assert_eq!(
        (p.badge_written, p.badge_lost, p.failed),
        (3, 0, 0),
        "{p:?}"
    );
    assert_eq!(
        p.throttled, 3,
        "the first batch (3 items) failed as a whole: {p:?}"
    );

    let csv = format!("upn\n{}\n{}\n", upn(4), upn(5));
    let plan = bulk::plan_csv(&st, "b.csv", csv.as_bytes(), &PlanOptions::default())
        .await
        .unwrap();
    hook(
        &emu,
        "faults",
        Some(json!({"slowMs": 5, "next": ["slow", "lost"]})),
    )
    .await;
    let job = bulk::start(&st, &plan, &options).await.unwrap();
    let p = bulk::run(&st, &job, plan.pins.clone(), |_| {}, &BulkControl::new())
        .await
        .unwrap();
    assert_eq!((p.badge_written, p.badge_lost), (0, 2), "{p:?}");
    let status = bulk::status(st.store(), &job).await.unwrap();
    assert!(status
        .rows
        .iter()
        .all(|r| r.error_code.as_deref() == Some("bulk.badge_lost")));

    let state = hook(&emu, "state", None).await;
    let creates = state["methodCreates"].as_object().unwrap();
    assert_eq!(creates.len(), 5);
    assert!(creates.values().all(|v| v == 1), "{creates:?}");
    emu.shutdown().await;
}
