//! Renewals (issue #16 §3) over real HTTP against the demo tenant with a real SQLite file:
//! the status scan of a store (no method, expired, expiring, temporary code, never used, PIN
//! change pending), its cache with its age, and a renewal of a mix of expiring, expired, valid
//! and missing codes that reaches the right end state in Graph — also when the run is torn
//! down mid-flight (as by a crash) and resumed from the journal.

#[path = "support/demo_station.rs"]
mod demo_station;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use demo_station::{start as setup, state, upn};
use qrstation_core::bulk::{self, BulkControl, PlanOptions, RowAction, RowState, RunOptions};
use qrstation_core::renewals::{self, BadgeState, Scope, Worker};
use qrstation_core::Station;
use qrstation_emulator::{seed, EmulatorConfig};
use serde_json::Value;

const DAY: i64 = 86_400_000;

/// The emulator's method of `upn` (ids and dates only), if any.
fn method_of<'a>(st: &'a Value, upn: &str) -> Option<&'a Value> {
    let id = st["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["userPrincipalName"].as_str() == Some(upn))?["id"]
        .as_str()?
        .to_owned();
    st["methods"].get(id).filter(|m| !m.is_null())
}

fn ms(v: &Value) -> i64 {
    DateTime::parse_from_rfc3339(v.as_str().unwrap())
        .unwrap()
        .timestamp_millis()
}

#[tokio::test]
async fn the_scan_finds_every_status_caches_it_with_its_age_and_exports_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (_emu, st) = setup(dir.path(), EmulatorConfig::for_tests()).await;
    let mut seen_progress = Vec::new();
    let progress = std::sync::Mutex::new(&mut seen_progress);
    // The seed: Store 101's first worker's code expired 35 days ago; Store 102's has an
    // active temporary code; Store 103's must change the PIN and never signed in.
    let r101 = renewals::scan(&st, &Scope::Office("Store 101 - Seattle".into()), 30, |p| {
        progress.lock().unwrap().push(p)
    })
    .await
    .unwrap();
    let last = seen_progress.last().unwrap();
    assert_eq!(
        (last.done, last.total),
        (r101.rows.len() as u32, r101.rows.len() as u32)
    );
    assert!(r101.rows.len() >= 10, "{}", r101.rows.len());
    assert_eq!(r101.count(BadgeState::Expired), 1, "{:#?}", r101.rows);
    assert_eq!(r101.rows[0].state, BadgeState::Expired, "most urgent first");
    assert!(r101.count(BadgeState::NoMethod) > 0);
    assert!(r101.count(BadgeState::Valid) > 0);
    let r102 = renewals::scan(&st, &Scope::Office("Store 102 - Tacoma".into()), 30, |_| {})
        .await
        .unwrap();
    assert_eq!(r102.rows.iter().filter(|r| r.temporary_active).count(), 1);
    let r103 = renewals::scan(
        &st,
        &Scope::Office("Store 103 - Bellevue".into()),
        30,
        |_| {},
    )
    .await
    .unwrap();
    let pending: Vec<_> = r103
        .rows
        .iter()
        .filter(|r| r.dates.pin_change_pending)
        .collect();
    assert_eq!(pending.len(), 1);
    assert!(pending[0].never_used, "created 38 days ago, never used");
    // Used workers are not "never used".
    assert!(r103
        .rows
        .iter()
        .any(|r| r.dates.has_method && r.dates.last_used_ms.is_some() && !r.never_used));

    // The cache: the same statuses, with an age; a longer window turns valid into expiring.
    tokio::time::sleep(Duration::from_millis(20)).await;
    let c = renewals::cached(
        st.store(),
        &Scope::Office("Store 101 - Seattle".into()),
        None,
    )
    .await
    .unwrap()
    .unwrap();
    assert!(c.age_ms >= 20, "{}", c.age_ms);
    assert_eq!(
        c.rows.iter().map(|r| (&r.upn, r.state)).collect::<Vec<_>>(),
        r101.rows
            .iter()
            .map(|r| (&r.upn, r.state))
            .collect::<Vec<_>>()
    );
    let wide = renewals::cached(
        st.store(),
        &Scope::Office("Store 101 - Seattle".into()),
        Some(400),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(wide.count(BadgeState::Valid), 0);
    assert!(
        renewals::cached(st.store(), &Scope::Office("Nowhere".into()), None)
            .await
            .unwrap()
            .is_none()
    );
    // CSV.
    let csv = String::from_utf8(renewals::write_csv(&c, Vec::new()).unwrap()).unwrap();
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("upn,display_name,office,department,status,expires,days_left"));
    assert_eq!(lines.count(), c.rows.len());
    assert!(csv.contains(",expired,"));

    // An administrative unit: its member users (#16 §1), Store 101's people only.
    let unit = renewals::scan(
        &st,
        &Scope::Unit(seed::STORE_UNIT_IDS[0].into()),
        30,
        |_| {},
    )
    .await
    .unwrap();
    assert!(!unit.rows.is_empty());
    assert!(unit.rows.iter().all(|r| r
        .office
        .as_deref()
        .is_some_and(|o| o.starts_with("Store 101"))));
}

/// 40 workers in five groups of 8: no method (create), expiring with room to extend
/// (extend), expiring at the end of their 395 days (rotate), expired (re-create), valid
/// (skip).
async fn the_mix(st: &Station, dir: &std::path::Path) -> Vec<Worker> {
    let now = Utc::now();
    let iso = |t: DateTime<Utc>| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut csv = String::from("upn,start,expires\n");
    for k in 0..40usize {
        let (start, expires) = match k % 5 {
            0 => continue,
            1 => (
                now - chrono::Duration::days(100),
                now + chrono::Duration::days(10),
            ),
            2 => (
                now - chrono::Duration::days(364),
                now + chrono::Duration::days(1),
            ),
            3 => (
                now - chrono::Duration::days(1),
                now + chrono::Duration::seconds(4),
            ),
            _ => (now, now + chrono::Duration::days(365)),
        };
        csv.push_str(&format!("{},{},{}\n", upn(k + 1), iso(start), iso(expires)));
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
    assert_eq!(
        plan.create,
        32,
        "{:?}",
        plan.rows.iter().find(|r| !r.problems.is_empty())
    );
    let opts = RunOptions {
        no_pin_record: true,
        ..RunOptions::default()
    };
    let job = bulk::start(st, &plan, &opts).await.unwrap();
    let p = bulk::run(st, &job, plan.pins.clone(), |_| {}, &BulkControl::new())
        .await
        .unwrap();
    assert_eq!(p.created, 32, "{p:?}");
    // Group 3's codes expire.
    tokio::time::sleep(Duration::from_secs(5)).await;
    (1..=40)
        .map(|n| Worker {
            upn: upn(n),
            user_id: None,
            display_name: None,
            office: None,
            department: None,
        })
        .collect()
}

#[tokio::test]
async fn a_renewal_of_a_mix_reaches_the_right_end_state_even_after_a_crash_and_resume() {
    let dir = tempfile::tempdir().unwrap();
    let (emu, st) = setup(
        dir.path(),
        EmulatorConfig {
            extra_users: 60,
            latency_ms: 15,
            ..EmulatorConfig::for_tests()
        },
    )
    .await;
    let workers = the_mix(&st, dir.path()).await;
    let before = state(&emu).await;
    let plan = renewals::plan_renewal(&st, "renew test", &workers, 30)
        .await
        .unwrap();
    let action = |n: usize| plan.rows[n - 1].action;
    for n in 1..=40 {
        let want = match (n - 1) % 5 {
            0 => RowAction::Create,
            1 => RowAction::Extend,
            2 => RowAction::Rotate,
            3 => RowAction::Replace,
            _ => RowAction::Skip,
        };
        assert_eq!(action(n), want, "worker {n}: {:?}", plan.rows[n - 1]);
    }
    assert_eq!(
        (
            plan.create,
            plan.extend,
            plan.rotate,
            plan.replace,
            plan.skip
        ),
        (8, 8, 8, 8, 8)
    );
    let out = dir.path().join("out");
    let opts = RunOptions {
        out_pdf: Some(out.join("renewed.pdf").display().to_string()),
        pin_slips: true,
        flush_every: 4,
        concurrency: 2,
        ..RunOptions::default()
    };
    let job = bulk::start(&st, &plan, &opts).await.unwrap();

    // The first run is torn down mid-flight once the engine has begun (as a crash would: no
    // cleanup, rows left `sent`).
    let engine_started = Arc::new(tokio::sync::Notify::new());
    let flag = Arc::new(AtomicBool::new(false));
    let (n2, f2) = (engine_started.clone(), flag.clone());
    let control = BulkControl::new();
    let run = bulk::run_renewal(
        &st,
        &job,
        move |p| {
            if p.extended >= 8 && p.done >= 10 && !f2.swap(true, Ordering::SeqCst) {
                n2.notify_one();
            }
        },
        &control,
    );
    let crashed = tokio::select! {
        r = run => { r.unwrap(); false }
        _ = engine_started.notified() => true,
    };
    let mid = bulk::status(st.store(), &job).await.unwrap();
    eprintln!("crashed mid-run: {crashed}; counts then: {:?}", mid.counts);

    let p = bulk::resume_renewal(&st, &job, |_| {}, &BulkControl::new())
        .await
        .unwrap();
    assert_eq!(p.pending + p.sent, 0, "{p:?}");
    if p.badge_lost > 0 {
        // Created before the crash but not written: the engine's own remedy.
        bulk::rotate_lost(&st, &job, |_| {}, &BulkControl::new())
            .await
            .unwrap();
    }
    let end = bulk::status(st.store(), &job).await.unwrap();
    let after = state(&emu).await;
    let now = Utc::now().timestamp_millis();
    for r in &end.rows {
        let n: usize = r.upn[6..10].parse().unwrap();
        let old = method_of(&before, &r.upn);
        let new = method_of(&after, &r.upn).unwrap_or_else(|| panic!("{} has no method", r.upn));
        let std_new = &new["standardQRCode"];
        // By group (a row created but not written before the crash is reissued).
        match (n - 1) % 5 {
            1 => {
                assert_eq!(r.state, RowState::Extended, "{r:?}");
                let old_std = &old.unwrap()["standardQRCode"];
                assert_eq!(std_new["id"], old_std["id"], "same code, no reprint");
                let want = ms(&old_std["startDateTime"]) + 395 * DAY;
                assert!(
                    (ms(&std_new["expireDateTime"]) - want).abs() < 60_000,
                    "worker {n}"
                );
            }
            2 => {
                assert_eq!(r.state, RowState::BadgeWritten, "{r:?}");
                let old = old.unwrap();
                assert_ne!(std_new["id"], old["standardQRCode"]["id"], "a new code");
                assert_eq!(new["id"], old["id"], "the same method, the PIN kept");
                assert!(ms(&std_new["expireDateTime"]) > now + 300 * DAY);
            }
            3 => {
                assert_eq!(r.state, RowState::BadgeWritten, "{r:?}");
                assert_ne!(new["id"], old.unwrap()["id"], "re-created");
                assert!(ms(&std_new["expireDateTime"]) > now + 300 * DAY);
            }
            0 => {
                assert_eq!(r.state, RowState::BadgeWritten, "{r:?}");
                assert!(old.is_none());
            }
            _ => {
                assert_eq!(r.state, RowState::Skipped);
                assert_eq!(new, old.unwrap(), "untouched");
            }
        }
    }
    // Every re-printed badge is on a sheet; extensions printed nothing.
    let sheets: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf") && !n.contains("pins"))
        .collect();
    assert!(!sheets.is_empty());
    assert!(end
        .rows
        .iter()
        .filter(|r| r.action == RowAction::Extend)
        .all(|r| r.output.is_none()));
    // Each create/replace made exactly one method (no double create across the crash).
    let total = |v: &Value| -> u64 {
        v["methodCreates"]
            .as_object()
            .unwrap()
            .values()
            .map(|c| c.as_u64().unwrap())
            .sum()
    };
    assert_eq!(
        total(&after) - total(&before),
        16,
        "8 creates + 8 re-creations"
    );
}
