//! Bulk hardening over real HTTP against the emulator with a real SQLite file: a CSV's
//! `printer` may only name a configured printer profile (never a raw `file:`/`tcp:`/`cups:`
//! address, and the run never sends to one); generated PINs need slips or an explicit
//! confirmation, and a slip that cannot be written is a loud `bulk.pin_lost`; a local clock
//! ten minutes ahead of Graph's never turns our own create into "made elsewhere".

#[path = "support/slips.rs"]
mod slip_text;

#[path = "support/demo_station.rs"]
mod demo_station;

use std::path::Path;

use demo_station::{hook, station_on, upn, with_workers};
use qrstation_core::bulk::{
    self, BulkControl, Destination, PlanOptions, RowAction, RowState, RunOptions,
};
use qrstation_core::printer_profiles::PrinterProfile;
use qrstation_core::Station;
use qrstation_emulator::Emulator;
use serde_json::json;

/// The emulator with its clock moved by `clock_secs` (negative: Graph is behind this
/// machine, i.e. this machine's clock is ahead), and a station signed in to it.
async fn setup(dir: &Path, users: usize, clock_secs: i64) -> (Emulator, Station) {
    let emu = Emulator::start(with_workers(users)).await.unwrap();
    if clock_secs != 0 {
        hook(&emu, "clock", Some(json!({ "advanceSeconds": clock_secs }))).await;
    }
    let st = station_on(&emu, dir).await;
    (emu, st)
}

fn file_profile(name: &str, path: &Path) -> PrinterProfile {
    PrinterProfile {
        name: name.into(),
        printer: format!("file:{}", path.display()),
        template: "sheet-a4".into(),
        format: Some("pdf".into()),
        copies: None,
        media: None,
    }
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[tokio::test]
async fn a_csv_printer_must_be_a_profile_and_the_run_never_sends_to_a_raw_spec() {
    let dir = tempfile::tempdir().unwrap();
    let (emu, st) = setup(dir.path(), 6, 0).await;
    let evil = dir.path().join("evil.pdf");
    let printed = dir.path().join("printed.pdf");
    let profiles = vec![file_profile("Office file", &printed)];
    let csv = format!(
        "upn,printer\n{},file:{}\n{},tcp:203.0.113.7:9100\n{},cups:q@203.0.113.7:631\n{},{}\n{}, office FILE \n{},\n",
        upn(1),
        evil.display(),
        upn(2),
        upn(3),
        upn(4),
        evil.display(),
        upn(5),
        upn(6),
    );
    let opts = PlanOptions {
        profiles: profiles.clone(),
        ..PlanOptions::default()
    };
    let plan = bulk::plan_csv(&st, "p.csv", csv.as_bytes(), &opts)
        .await
        .unwrap();
    let row = |l: u32| plan.rows.iter().find(|r| r.line == l).unwrap();
    for line in 2..=5 {
        assert_eq!(row(line).action, RowAction::Invalid, "line {line}");
        assert_eq!(row(line).problems[0].code, "bulk.printer_not_profile");
        assert!(row(line).problems[0].message.contains("Office file"));
        assert!(!row(line).problems[0].message.contains("203.0.113.7"));
    }
    // A profile name (any case): the row's destination is that profile and its template.
    assert_eq!(row(6).action, RowAction::Create);
    assert_eq!(row(6).printer.as_deref(), Some("Office file"));
    assert_eq!(
        row(6).destination,
        Destination::Row {
            profile: Some("Office file".into()),
            template: Some("sheet-a4".into())
        }
    );
    assert_eq!(row(7).destination, Destination::Job);
    let text = serde_json::to_string(&row(6)).unwrap();
    assert!(text.contains(r#""destination":{"kind":"row","profile":"Office file""#));

    let options = RunOptions {
        profiles: profiles.clone(),
        pin_slips: true,
        pin_slips_dir: Some(dir.path().join("exports").display().to_string()),
        ..RunOptions::default()
    };
    // A plan whose row was changed to a raw address, or a job printer that is an address,
    // is refused before anything is sent.
    let mut tampered = plan.clone();
    for r in tampered.rows.iter_mut().filter(|r| r.line == 6) {
        r.printer = Some(format!("file:{}", evil.display()));
    }
    let e = bulk::start(&st, &tampered, &options).await.unwrap_err();
    assert_eq!(e.code(), "bulk.printer_not_profile");
    let raw_job = RunOptions {
        printer: Some(format!("file:{}", evil.display())),
        ..options.clone()
    };
    let e = bulk::start(&st, &plan, &raw_job).await.unwrap_err();
    assert_eq!(e.code(), "bulk.printer_not_profile");

    // The real run: line 6 prints with the profile, line 7 (no printer, no sheet) only gets
    // its slip; nothing is ever written to the CSV's address.
    let job = bulk::start(&st, &plan, &options).await.unwrap();
    let p = bulk::run(&st, &job, plan.pins.clone(), |_| {}, &BulkControl::new())
        .await
        .unwrap();
    assert_eq!((p.printed, p.created, p.failed), (1, 1, 0), "{p:?}");
    assert!(std::fs::read(&printed).unwrap().starts_with(b"%PDF"));
    assert!(!evil.exists(), "a CSV-named address was written");
    let state = hook(&emu, "state", None).await;
    assert_eq!(state["methodCreates"].as_object().unwrap().len(), 2);
    // Bytes that are not UTF-8 (on line 3) stop the whole file, with their line.
    let bad = bulk::plan_csv(&st, "b.csv", b"upn\na@x.com\nb\xff@x.com\nc@x.com\n", &opts)
        .await
        .unwrap();
    assert!(bad.is_blocked());
    assert_eq!(
        (bad.problems[0].line, bad.problems[0].code.as_str()),
        (3, "bulk.csv_encoding")
    );
    assert!(bulk::start(&st, &bad, &options).await.is_err());
    // A printer-only run still writes PIN slips (into the exports folder).
    let slips = files_in(&dir.path().join("exports"));
    assert_eq!(slips, vec![format!("job-{job}-0001-pins.pdf")], "{slips:?}");
    emu.shutdown().await;
}

#[tokio::test]
async fn generated_pins_need_slips_or_a_confirmation_and_a_lost_slip_is_loud() {
    let dir = tempfile::tempdir().unwrap();
    let (emu, st) = setup(dir.path(), 3, 0).await;
    let printed = dir.path().join("printed.pdf");
    let profiles = vec![file_profile("Desk", &printed)];
    let csv = format!("upn,pin\n{},\n{},\n{},48271953\n", upn(1), upn(2), upn(3));
    let plan = bulk::plan_csv(
        &st,
        "g.csv",
        csv.as_bytes(),
        &PlanOptions {
            profiles: profiles.clone(),
            ..PlanOptions::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(plan.generated_pins, 2);
    // A printer-only job with generated PINs and no slips: refused unless confirmed.
    let printer_only = RunOptions {
        printer: Some("desk".into()),
        profiles: profiles.clone(),
        ..RunOptions::default()
    };
    let e = bulk::start(&st, &plan, &printer_only).await.unwrap_err();
    assert_eq!(e.code(), "bulk.pins_not_recorded");
    assert!(e.to_string().contains('2'));
    let confirmed = RunOptions {
        no_pin_record: true,
        ..printer_only.clone()
    };
    assert!(bulk::start(&st, &plan, &confirmed).await.is_ok());

    // Slips asked for, but their folder cannot be made (a file is in the way): the rows with
    // generated PINs end "badge lost" with `bulk.pin_lost`; the CSV-PIN row is fine.
    let blocked = dir.path().join("blocked");
    std::fs::write(&blocked, b"not a folder").unwrap();
    let options = RunOptions {
        pin_slips: true,
        pin_slips_dir: Some(blocked.display().to_string()),
        ..printer_only.clone()
    };
    let job = bulk::start(&st, &plan, &options).await.unwrap();
    let p = bulk::run(&st, &job, plan.pins.clone(), |_| {}, &BulkControl::new())
        .await
        .unwrap();
    assert_eq!((p.badge_lost, p.printed), (2, 1), "{p:?}");
    let status = bulk::status(st.store(), &job).await.unwrap();
    for r in &status.rows {
        if r.line == 4 {
            assert_eq!(r.state, RowState::Printed);
        } else {
            assert_eq!(r.state, RowState::BadgeLost, "{r:?}");
            assert_eq!(r.error_code.as_deref(), Some("bulk.pin_lost"));
        }
    }
    let mut report = Vec::new();
    bulk::results_csv(st.store(), &job, &mut report)
        .await
        .unwrap();
    assert_eq!(
        String::from_utf8(report)
            .unwrap()
            .matches("bulk.pin_lost")
            .count(),
        2
    );

    // The way out: the folder is fixed, and "new badges for the lost ones" gives those two a
    // new badge and a reset PIN, on slips this time.
    std::fs::remove_file(&blocked).unwrap();
    let p = bulk::rotate_lost(&st, &job, |_| {}, &BulkControl::new())
        .await
        .unwrap();
    assert_eq!((p.printed, p.badge_lost), (3, 0), "{p:?}");
    let slips = files_in(&blocked);
    assert_eq!(slips.len(), 1, "{slips:?}");
    let lines = slip_text::slip_lines(&blocked.join(&slips[0]));
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("PIN  ")).count(),
        2,
        "two reset PINs on the slips"
    );
    emu.shutdown().await;
}

/// This machine's clock is ten minutes ahead of Graph's. A create whose answer is lost is
/// checked with a GET: the method Graph made for us has a `createdDateTime` (Graph's clock)
/// ten minutes "before" we sent it by our clock. It must still be "created, badge lost"
/// (offered a rotation), not "skipped: made elsewhere".
#[tokio::test]
async fn a_clock_ten_minutes_ahead_never_turns_our_create_into_made_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let (emu, st) = setup(dir.path(), 3, -600).await;
    let csv = format!("upn\n{}\n{}\n", upn(1), upn(2));
    let plan = bulk::plan_csv(&st, "c.csv", csv.as_bytes(), &PlanOptions::default())
        .await
        .unwrap();
    assert_eq!(plan.create, 2, "{:?}", plan.rows);
    let options = RunOptions {
        out_pdf: Some(dir.path().join("out/b.pdf").display().to_string()),
        no_pin_record: true,
        results_csv: Some(dir.path().join("results.csv").display().to_string()),
        ..RunOptions::default()
    };
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
    assert_eq!((p.badge_lost, p.skipped), (2, 0), "{p:?}");
    let status = bulk::status(st.store(), &job).await.unwrap();
    assert!(
        status
            .rows
            .iter()
            .all(|r| r.error_code.as_deref() == Some("bulk.badge_lost")),
        "{:?}",
        status.rows
    );
    // The results CSV (UPNs) is owner-only, like the badges.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(dir.path().join("results.csv")).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o600);
    }
    let state = hook(&emu, "state", None).await;
    let creates = state["methodCreates"].as_object().unwrap();
    assert_eq!(creates.len(), 2);
    assert!(creates.values().all(|v| v == 1), "{creates:?}");
    emu.shutdown().await;
}
