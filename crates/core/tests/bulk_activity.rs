//! Bulk runs and the operator's record, over real HTTP against the emulator with a real SQLite
//! file: a job with generated PINs writes PIN slips unless the operator said otherwise, and
//! every method a bulk run creates appears in Activity (one audit row per worker, no secrets).

#[path = "support/demo_station.rs"]
mod demo_station;

use demo_station::{start, upn, with_workers};
use qrstation_core::bulk::{self, BulkControl, PlanOptions, RowState, RunOptions};
use qrstation_core::demo::DEMO_ADMIN;
use qrstation_core::store::audit::{AuditAction, Outcome};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_pins_get_slips_by_default_and_each_create_is_in_activity() {
    let dir = tempfile::tempdir().unwrap();
    let (_emu, st) = start(dir.path(), with_workers(3)).await;
    let exports = dir.path().join("exports");
    let csv = format!("upn,pin\n{},\n{},\n{},48271953\n", upn(1), upn(2), upn(3));
    let plan = bulk::plan_csv(&st, "a.csv", csv.as_bytes(), &PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(plan.generated_pins, 2);
    // The operator chose neither slips nor "no record": slips are written (the default).
    let options = RunOptions {
        out_pdf: Some(exports.join("badges.pdf").display().to_string()),
        ..RunOptions::default()
    };
    let job = bulk::start(&st, &plan, &options).await.unwrap();
    let p = bulk::run(&st, &job, plan.pins.clone(), |_| {}, &BulkControl::new())
        .await
        .unwrap();
    assert_eq!(p.failed, 0, "{p:?}");
    let names: Vec<String> = std::fs::read_dir(&exports)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n.contains("-pins")),
        "PIN slips written by default: {names:?}"
    );
    let status = bulk::status(st.store(), &job).await.unwrap();
    assert!(
        status.job.options.pin_slips,
        "the job keeps the slips it wrote"
    );
    let rows = status.rows;
    assert!(
        rows.iter().all(|r| r.state == RowState::BadgeWritten),
        "{rows:?}"
    );

    // Activity: one success row per created method, by the operator, for that worker.
    let audit = st.store().list_audit(None, 100).await.unwrap();
    let creates: Vec<_> = audit
        .iter()
        .filter(|a| a.action == AuditAction::MethodCreate)
        .collect();
    assert_eq!(creates.len(), 3, "{audit:?}");
    for n in 1..=3 {
        let row = creates
            .iter()
            .find(|a| a.target_upn.as_deref() == Some(upn(n).as_str()))
            .unwrap_or_else(|| panic!("no audit row for {}", upn(n)));
        assert_eq!(row.operator_upn, DEMO_ADMIN);
        assert_eq!(row.outcome, Outcome::Success);
    }
    // Reading the same file again plans skips: nothing new is audited.
    let again = bulk::plan_csv(&st, "a.csv", csv.as_bytes(), &PlanOptions::default())
        .await
        .unwrap();
    let job2 = bulk::start(&st, &again, &options).await.unwrap();
    bulk::run(&st, &job2, again.pins.clone(), |_| {}, &BulkControl::new())
        .await
        .unwrap();
    let audit2 = st.store().list_audit(None, 100).await.unwrap();
    assert_eq!(
        audit2
            .iter()
            .filter(|a| a.action == AuditAction::MethodCreate)
            .count(),
        3
    );
}
