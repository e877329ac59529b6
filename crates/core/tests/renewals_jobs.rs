//! Renewal jobs (issue #16 §3) over real HTTP against the demo tenant with a real SQLite file:
//! extensions and rotations go through `$batch` (far fewer HTTP requests than workers, counted
//! by the emulator), each extension and rotation is one audit row, and a plain `bulk::resume`
//! of a renewal job torn down mid-run finishes its extensions.

#[path = "support/demo_station.rs"]
mod demo_station;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use demo_station::{start, state, upn, with_workers};
use qrstation_core::bulk::{self, BulkControl, PlanOptions, RowAction, RowState, RunOptions};
use qrstation_core::demo::DEMO_ADMIN;
use qrstation_core::renewals::{self, Worker};
use qrstation_core::store::audit::{AuditAction, Outcome};
use qrstation_core::Station;
use qrstation_emulator::{Emulator, EmulatorConfig};
use serde_json::Value;

/// `users` extra workers behind 15 ms of latency (so a run can be torn down mid-way).
async fn setup(dir: &std::path::Path, users: usize) -> (Emulator, Station) {
    let cfg = EmulatorConfig {
        latency_ms: 15,
        ..with_workers(users)
    };
    start(dir, cfg).await
}

/// Graph HTTP requests the emulator has received so far.
async fn requests(emu: &Emulator) -> u64 {
    state(emu).await["graphRequests"].as_u64().unwrap()
}

/// Each worker's standard code `(id, expireDateTime)` by UPN.
fn codes(st: &Value) -> HashMap<String, (String, String)> {
    let ids: HashMap<&str, &str> = st["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["id"].as_str().unwrap(),
                u["userPrincipalName"].as_str().unwrap(),
            )
        })
        .collect();
    st["methods"]
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(uid, m)| {
            let c = &m["standardQRCode"];
            Some((
                ids.get(uid.as_str())?.to_string(),
                (
                    c["id"].as_str()?.to_owned(),
                    c["expireDateTime"].as_str()?.to_owned(),
                ),
            ))
        })
        .collect()
}

/// Workers 1..=`rotate` get codes due for a rotation (started 364 days ago, expiring
/// tomorrow: no room to extend), the next `extend` codes due for an extension (started 100
/// days ago, expiring in 10 days). Returns the workers and their renewal plan.
async fn due(st: &Station, dir: &std::path::Path, rotate: usize, extend: usize) -> Vec<Worker> {
    let now = Utc::now();
    let iso = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut csv = String::from("upn,start,expires\n");
    for n in 1..=rotate + extend {
        let (ago, ahead) = if n <= rotate { (364, 1) } else { (100, 10) };
        csv.push_str(&format!(
            "{},{},{}\n",
            upn(n),
            iso(now - chrono::Duration::days(ago)),
            iso(now + chrono::Duration::days(ahead))
        ));
    }
    let path = dir.join("setup.csv");
    std::fs::write(&path, &csv).unwrap();
    let plan = bulk::plan_csv(
        st,
        path.to_str().unwrap(),
        csv.as_bytes(),
        &PlanOptions::default(),
    )
    .await
    .unwrap();
    assert_eq!(plan.create as usize, rotate + extend);
    let opts = RunOptions {
        no_pin_record: true,
        ..RunOptions::default()
    };
    let job = bulk::start(st, &plan, &opts).await.unwrap();
    let p = bulk::run(st, &job, plan.pins.clone(), |_| {}, &BulkControl::new())
        .await
        .unwrap();
    assert_eq!(p.created as usize, rotate + extend, "{p:?}");
    (1..=rotate + extend)
        .map(|n| Worker {
            upn: upn(n),
            user_id: None,
            display_name: None,
            office: None,
            department: None,
        })
        .collect()
}

/// The audit rows of `action` by target UPN (each a success by the operator).
async fn audited(st: &Station, action: AuditAction) -> Vec<String> {
    let rows = st.store().list_audit(None, 1000).await.unwrap();
    rows.iter()
        .filter(|a| a.action == action)
        .map(|a| {
            assert_eq!(a.operator_upn, DEMO_ADMIN);
            assert_eq!(a.outcome, Outcome::Success, "{a:?}");
            assert_eq!(a.error_code, None);
            a.target_upn.clone().unwrap()
        })
        .collect()
}

#[tokio::test]
async fn a_renewal_batches_its_extensions_and_rotations_and_audits_each_one() {
    let dir = tempfile::tempdir().unwrap();
    let (emu, st) = setup(dir.path(), 90).await;
    let workers = due(&st, dir.path(), 40, 40).await;
    let plan = renewals::plan_renewal(&st, "renew batched", &workers, 30)
        .await
        .unwrap();
    assert_eq!((plan.rotate, plan.extend), (40, 40), "{plan:?}");
    let before = state(&emu).await;
    let out = dir.path().join("out");
    let opts = RunOptions {
        out_pdf: Some(out.join("renewed.pdf").display().to_string()),
        flush_every: 10,
        ..RunOptions::default()
    };
    let job = bulk::start(&st, &plan, &opts).await.unwrap();
    let sent_before = requests(&emu).await;
    let p = bulk::run_renewal(&st, &job, |_| {}, &BulkControl::new())
        .await
        .unwrap();
    let sent = requests(&emu).await - sent_before;
    assert_eq!(
        (p.extended, p.badge_written, p.failed),
        (40, 40, 0),
        "{p:?}"
    );
    // One by one this is at least 80 extensions-and-rotations' worth (a rotation alone is a
    // DELETE, a read and a PATCH); in batches of 20 it is a handful.
    eprintln!("renewal of 80 workers: {sent} Graph requests");
    assert!(sent <= 16, "{sent} Graph requests for 80 workers");

    let after = state(&emu).await;
    let (old, new) = (codes(&before), codes(&after));
    for n in 1..=80 {
        let (o, w) = (&old[&upn(n)], &new[&upn(n)]);
        if n <= 40 {
            assert_ne!(o.0, w.0, "worker {n}: a new code");
        } else {
            assert_eq!(o.0, w.0, "worker {n}: the same code");
            assert!(w.1 > o.1, "worker {n}: a later expiry ({} → {})", o.1, w.1);
        }
    }
    // Activity: one row per extension and one per rotation, for the right workers.
    let mut extended = audited(&st, AuditAction::QrExtend).await;
    let mut rotated = audited(&st, AuditAction::QrRotate).await;
    extended.sort();
    rotated.sort();
    assert_eq!(extended, (41..=80).map(upn).collect::<Vec<_>>());
    assert_eq!(rotated, (1..=40).map(upn).collect::<Vec<_>>());
}

#[tokio::test]
async fn a_plain_resume_of_a_renewal_torn_down_mid_run_finishes_its_extensions() {
    let dir = tempfile::tempdir().unwrap();
    let (emu, st) = setup(dir.path(), 50).await;
    let workers = due(&st, dir.path(), 10, 30).await;
    let plan = renewals::plan_renewal(&st, "renew resumed", &workers, 30)
        .await
        .unwrap();
    assert_eq!((plan.rotate, plan.extend), (10, 30));
    let before = codes(&state(&emu).await);
    let opts = RunOptions::default();
    let job = bulk::start(&st, &plan, &opts).await.unwrap();

    // Torn down (as by a crash: no cleanup) as soon as the extensions start.
    let started = Arc::new(tokio::sync::Notify::new());
    let flag = Arc::new(AtomicBool::new(false));
    let (n2, f2) = (started.clone(), flag.clone());
    let control = BulkControl::new();
    let run = bulk::run_renewal(
        &st,
        &job,
        move |_| {
            if !f2.swap(true, Ordering::SeqCst) {
                n2.notify_one();
            }
        },
        &control,
    );
    tokio::select! {
        r = run => panic!("the run ended before the crash: {:?}", r.map(|p| p.done)),
        _ = started.notified() => {}
    }
    let mid = bulk::status(st.store(), &job).await.unwrap();
    assert_eq!(mid.counts.extended, 0, "{:?}", mid.counts);
    assert_eq!(mid.counts.pending + mid.counts.sent, 40, "{:?}", mid.counts);

    // The generic resume (what `qrstation bulk resume JOB` calls) recognises the renewal.
    let p = bulk::resume(&st, &job, |_| {}, &BulkControl::new())
        .await
        .unwrap();
    assert_eq!((p.extended, p.created, p.failed), (30, 10, 0), "{p:?}");
    assert_eq!(p.pending + p.sent, 0, "{p:?}");
    let end = bulk::status(st.store(), &job).await.unwrap();
    assert!(end
        .rows
        .iter()
        .filter(|r| r.action == RowAction::Extend)
        .all(|r| r.state == RowState::Extended));
    let after = codes(&state(&emu).await);
    for n in 11..=40 {
        let (o, w) = (&before[&upn(n)], &after[&upn(n)]);
        assert_eq!(o.0, w.0, "worker {n}: the same code");
        assert!(w.1 > o.1, "worker {n}: extended");
    }
    // Each extension audited once, though the crash left it half-done.
    assert_eq!(audited(&st, AuditAction::QrExtend).await.len(), 30);
    assert_eq!(audited(&st, AuditAction::QrRotate).await.len(), 10);
}

/// `$batch` refusing method writes (400 and 405): the rotations and extensions refused inside
/// the batch are sent on their own, every worker is renewed once, and the run says it went
/// to single requests.
#[tokio::test]
async fn rotations_refused_inside_batch_are_sent_one_by_one() {
    for mode in ["refuse", "refuse405"] {
        let dir = tempfile::tempdir().unwrap();
        let (emu, st) = setup(dir.path(), 30).await;
        let workers = due(&st, dir.path(), 12, 6).await;
        qrstation_emulator_hooks::Hooks::new(emu.base_url())
            .set_compat(serde_json::json!({ "batchMethodWrites": mode }))
            .await;
        let plan = renewals::plan_renewal(&st, "renew single", &workers, 30)
            .await
            .unwrap();
        let before = codes(&state(&emu).await);
        let job = bulk::start(&st, &plan, &RunOptions::default())
            .await
            .unwrap();
        let p = bulk::run_renewal(&st, &job, |_| {}, &BulkControl::new())
            .await
            .unwrap();
        assert_eq!(
            (p.extended, p.created, p.failed),
            (6, 12, 0),
            "{mode}: {p:?}"
        );
        assert!(p.single_requests, "{mode}: {p:?}");
        let after = codes(&state(&emu).await);
        for n in 1..=12 {
            assert_ne!(before[&upn(n)].0, after[&upn(n)].0, "{mode}: worker {n}");
        }
        assert_eq!(
            audited(&st, AuditAction::QrRotate).await.len(),
            12,
            "{mode}"
        );
        assert_eq!(audited(&st, AuditAction::QrExtend).await.len(), 6, "{mode}");
    }
}
