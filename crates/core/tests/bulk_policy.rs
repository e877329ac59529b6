//! Bulk plans under the machine's policy (`QRSTATION_POLICY`; its own test binary, one test,
//! so no other test sees the variable): a row whose template the policy does not allow, or
//! with a typed PIN where only generated ones are, is a line-numbered problem before anything
//! is sent, and a job whose own template is not allowed does not start.

#[path = "support/demo_station.rs"]
mod demo_station;

use demo_station::{start, upn, with_workers};
use qrstation_core::bulk::{self, PlanOptions, RowAction, RunOptions};

#[tokio::test]
async fn bulk_plans_and_jobs_keep_to_the_allowed_templates() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    std::fs::write(
        &policy,
        r#"{"printing": {"allowedTemplates": ["sheet-a4"]}, "pins": {"customAllowed": false}}"#,
    )
    .unwrap();
    // The only test in this binary: nothing else reads the variable.
    std::env::set_var(qrstation_core::policy::POLICY_ENV, &policy);

    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    let (_emu, st) = start(&data, with_workers(5)).await;

    let csv = format!(
        "upn,pin,template\n{},,sheet-a4\n{},,brother-ql-62\n{},48271953,\n{},,\n",
        upn(1),
        upn(2),
        upn(3),
        upn(4),
    );
    let plan = bulk::plan_csv(&st, "p.csv", csv.as_bytes(), &PlanOptions::default())
        .await
        .unwrap();
    let row = |l: u32| plan.rows.iter().find(|r| r.line == l).unwrap();
    let codes =
        |l: u32| -> Vec<String> { row(l).problems.iter().map(|p| p.code.clone()).collect() };
    assert_eq!(row(2).action, RowAction::Create, "{:?}", row(2).problems);
    assert_eq!(codes(3), ["policy.template_not_allowed"]);
    assert!(row(3).problems[0].message.contains("brother-ql-62"));
    assert_eq!(codes(4), ["policy.custom_pin_not_allowed"]);
    assert!(
        !serde_json::to_string(&plan).unwrap().contains("48271953"),
        "no PIN in the plan"
    );
    assert_eq!(row(5).action, RowAction::Create);
    assert_eq!((plan.create, plan.invalid), (2, 2));

    // A job whose own template (for rows that name none) is not allowed does not start.
    let clean = format!("upn,template\n{},sheet-a4\n", upn(1));
    let plan = bulk::plan_csv(&st, "c.csv", clean.as_bytes(), &PlanOptions::default())
        .await
        .unwrap();
    let out = dir.path().join("badges.pdf").display().to_string();
    let options = RunOptions {
        out_pdf: Some(out.clone()),
        template: "brother-ql-62".into(),
        pin_slips: true,
        ..RunOptions::default()
    };
    let e = bulk::start(&st, &plan, &options).await.unwrap_err();
    assert_eq!(e.code(), "policy.template_not_allowed");
    let options = RunOptions {
        template: "sheet-a4".into(),
        ..options
    };
    bulk::start(&st, &plan, &options)
        .await
        .expect("an allowed template starts");
    std::env::remove_var(qrstation_core::policy::POLICY_ENV);
}
