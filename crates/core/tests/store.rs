//! The SQLite store on a real file: migrations (idempotent, snapshot, backup, failure),
//! recent users (search, cap, print counts) and the audit log (filter, retention, CSV).

use std::path::Path;

use qrstation_core::store::{
    audit::{AuditEntry, Outcome},
    recent_users::RecentUser,
    Store, DB_FILE, MIGRATOR,
};
use sqlx::migrate::Migrator;

const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/schema.sql");

fn user(id: &str, upn: &str, name: &str, seen: i64) -> RecentUser {
    RecentUser {
        id: id.into(),
        upn: upn.into(),
        display_name: name.into(),
        department: Some("Store 12".into()),
        office_location: None,
        job_title: Some("Cashier".into()),
        has_method: Some(true),
        usable: Some(true),
        standard_expires: Some(1_800_000_000_000),
        temporary_expires: None,
        pin_must_change: Some(false),
        last_seen: seen,
        last_action: None,
        print_count: 0,
        last_print: None,
    }
}

/// A migrator over the first `n` real migrations, plus `extra` (name, sql) files.
async fn migrator_with(dir: &Path, n: usize, extra: &[(&str, &str)]) -> Migrator {
    let real = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<_> = std::fs::read_dir(&real)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files.iter().take(n) {
        std::fs::copy(f, dir.join(f.file_name().unwrap())).unwrap();
    }
    for (name, sql) in extra {
        std::fs::write(dir.join(name), sql).unwrap();
    }
    Migrator::new(dir).await.unwrap()
}

#[tokio::test]
async fn migrations_apply_once_and_match_the_committed_schema() {
    let dir = tempfile::tempdir().unwrap();
    let (store, report) = Store::open(dir.path()).await.unwrap();
    assert_eq!(report.applied, MIGRATOR.iter().count());
    assert_eq!(report.backup, None, "a new database needs no backup");
    let schema = store.schema().await.unwrap();
    store.close().await;

    let (store, report) = Store::open(dir.path()).await.unwrap();
    assert_eq!(report.applied, 0, "a second run applies nothing");
    assert_eq!(report.backup, None);
    store.close().await;

    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(SNAPSHOT, &schema).unwrap();
    }
    let committed = std::fs::read_to_string(SNAPSHOT).unwrap_or_default();
    assert!(
        committed == schema,
        "schema differs from tests/snapshots/schema.sql (UPDATE_SNAPSHOTS=1 rewrites it):\n{schema}"
    );
}

#[tokio::test]
async fn a_migration_of_an_existing_schema_is_preceded_by_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let mdir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE);
    let first = migrator_with(mdir.path(), 1, &[]).await;
    let (store, _) = Store::open_with(&db, &first).await.unwrap();
    store
        .upsert_recent_user(&user("u1", "ana@contoso.com", "Ana Pérez", 1), 10)
        .await
        .unwrap();
    store.close().await;

    let (store, report) = Store::open(dir.path()).await.unwrap();
    // Every migration after the first.
    assert_eq!(
        report.applied,
        qrstation_core::store::MIGRATOR.iter().count() - 1
    );
    let backup = report.backup.expect("backup made");
    assert!(backup.exists());
    assert_eq!(store.recent_users(10).await.unwrap().len(), 1);
    store.close().await;

    // The backup is the database as it was: the user, and no audit table yet.
    let (old, _) = Store::open_with(&backup, &first).await.unwrap();
    assert_eq!(
        old.recent_users(10).await.unwrap()[0].display_name,
        "Ana Pérez"
    );
    assert!(!old.schema().await.unwrap().contains("audit_log"));
    old.close().await;
}

#[tokio::test]
async fn a_failing_migration_leaves_the_old_database_intact() {
    let dir = tempfile::tempdir().unwrap();
    let mdir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE);
    let (store, _) = Store::open(dir.path()).await.unwrap();
    store
        .upsert_recent_user(&user("u1", "bo@contoso.com", "Bo Li", 1), 10)
        .await
        .unwrap();
    let before = store.schema().await.unwrap();
    store.close().await;

    let broken = migrator_with(
        mdir.path(),
        2,
        &[(
            "29991231000000_broken.sql",
            "ALTER TABLE recent_users ADD COLUMN nickname TEXT; CREATE TABLE oops (;",
        )],
    )
    .await;
    let err = Store::open_with(&db, &broken).await.unwrap_err();
    assert_eq!(err.code(), "core.migration");

    let (store, report) = Store::open(dir.path()).await.unwrap();
    assert_eq!(report.applied, 0);
    assert_eq!(
        store.schema().await.unwrap(),
        before,
        "half a migration was kept"
    );
    assert_eq!(
        store.recent_users(10).await.unwrap()[0].upn,
        "bo@contoso.com"
    );
    store.close().await;
}

#[tokio::test]
async fn recent_users_search_by_word_prefix_keep_prints_and_stay_capped() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    let people = [
        ("u1", "anna.smith@contoso.com", "Anna Smith"),
        ("u2", "jose.nunez@contoso.com", "José Núñez"),
        ("u3", "li.wei@contoso.com", "李伟 Li Wei"),
        ("u4", "sam.annaud@contoso.com", "Sam Annaud"),
    ];
    for (i, (id, upn, name)) in people.iter().enumerate() {
        store
            .upsert_recent_user(&user(id, upn, name, i as i64), 100)
            .await
            .unwrap();
    }
    let ids = |v: Vec<RecentUser>| v.into_iter().map(|u| u.id).collect::<Vec<_>>();
    assert_eq!(
        ids(store.search_recent_users("smi", 10).await.unwrap()),
        ["u1"]
    );
    assert_eq!(
        ids(store.search_recent_users("ann", 10).await.unwrap()),
        ["u4", "u1"]
    );
    assert_eq!(
        ids(store.search_recent_users("anna sm", 10).await.unwrap()),
        ["u1"]
    );
    assert_eq!(
        ids(store.search_recent_users("nunez", 10).await.unwrap()),
        ["u2"]
    );
    assert_eq!(
        ids(store.search_recent_users("jose.n", 10).await.unwrap()),
        ["u2"]
    );
    assert_eq!(
        ids(store.search_recent_users("李伟", 10).await.unwrap()),
        ["u3"]
    );
    assert_eq!(
        ids(store.search_recent_users("\"*(", 10).await.unwrap()).len(),
        4
    );
    assert!(store
        .search_recent_users("zzz", 10)
        .await
        .unwrap()
        .is_empty());

    // Prints are counted and survive a refresh; a newer sighting moves the user up.
    store.record_print("u1", 50).await.unwrap();
    store.record_print("u1", 60).await.unwrap();
    store
        .upsert_recent_user(
            &user("u1", "anna.smith@contoso.com", "Anna Smith-Jones", 70),
            100,
        )
        .await
        .unwrap();
    let anna = &store.recent_users(1).await.unwrap()[0];
    assert_eq!(
        (anna.id.as_str(), anna.print_count, anna.last_print),
        ("u1", 2, Some(60))
    );
    assert_eq!(
        ids(store.search_recent_users("jones", 10).await.unwrap()),
        ["u1"]
    );

    // Same UPN under a new id (account recreated): one row, the new one.
    store
        .upsert_recent_user(&user("u9", "ANNA.SMITH@contoso.com", "Anna Smith", 80), 100)
        .await
        .unwrap();
    assert_eq!(
        ids(store.search_recent_users("anna smith", 10).await.unwrap()),
        ["u9"]
    );

    // The cap drops the least recently seen.
    store
        .upsert_recent_user(&user("u10", "new@contoso.com", "New Person", 90), 2)
        .await
        .unwrap();
    assert_eq!(ids(store.recent_users(10).await.unwrap()), ["u10", "u9"]);
    store.close().await;
}

#[tokio::test]
async fn audit_log_lists_purges_and_exports_csv() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    let day = 86_400_000;
    let now = 400 * day;
    let entry = |at: i64, action: &str, target: &str, outcome| AuditEntry {
        id: 0,
        at,
        operator_upn: "manager@contoso.com".into(),
        action: action.into(),
        target_upn: Some(target.into()),
        outcome,
        error_code: (outcome == Outcome::Failure).then(|| "graph.forbidden".into()),
        request_id: Some("7d6e1c6a-0000-4000-8000-000000000001".into()),
        printer: None,
    };
    store
        .append_audit(&entry(
            now - 380 * day,
            "method.create",
            "a@contoso.com",
            Outcome::Success,
        ))
        .await
        .unwrap();
    store
        .append_audit(&entry(
            now - day,
            "pin.reset",
            "A@contoso.com",
            Outcome::Failure,
        ))
        .await
        .unwrap();
    store
        .append_audit(&entry(
            now,
            "badge.print",
            "b@contoso.com, \"x\"",
            Outcome::Success,
        ))
        .await
        .unwrap();

    let for_a = store.list_audit(Some("a@CONTOSO.com"), 10).await.unwrap();
    assert_eq!(
        for_a.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["pin.reset", "method.create"]
    );
    assert_eq!(for_a[0].outcome, Outcome::Failure);

    assert_eq!(store.purge_audit(365, now).await.unwrap(), 1);
    assert_eq!(store.list_audit(None, 10).await.unwrap().len(), 2);

    let mut csv = Vec::new();
    assert_eq!(store.export_audit_csv(&mut csv).await.unwrap(), 2);
    let csv = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "time,operator,action,target,outcome,error,request_id,printer"
    );
    assert_eq!(
        lines[1],
        "1971-02-04T00:00:00.000Z,manager@contoso.com,pin.reset,A@contoso.com,failure,graph.forbidden,7d6e1c6a-0000-4000-8000-000000000001,"
    );
    assert!(
        lines[2].contains(",\"b@contoso.com, \"\"x\"\"\","),
        "{}",
        lines[2]
    );
    let file = store
        .export_audit_file(&dir.path().join("exports"))
        .await
        .unwrap();
    assert!(file.ends_with(".csv"), "{file}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), csv);
    store.close().await;
}

/// The audit export goes through the one CSV writer of `exports` (its rule is tested there):
/// a value that would start a formula comes out as text, and the file reads back as RFC 4180.
#[tokio::test]
async fn the_audit_export_defuses_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    store
        .append_audit(&AuditEntry {
            id: 0,
            at: 1_000,
            operator_upn: "=HYPERLINK(\"http://x\",\"y\")".into(),
            action: "method.create".into(),
            target_upn: Some("@SUM(1), -2".into()),
            outcome: Outcome::Success,
            error_code: None,
            request_id: None,
            printer: Some("+printer".into()),
        })
        .await
        .unwrap();
    let mut csv = Vec::new();
    store.export_audit_csv(&mut csv).await.unwrap();
    let text = String::from_utf8(csv.clone()).unwrap();
    assert!(
        text.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","),
        "{text}"
    );
    let mut back = csv::ReaderBuilder::new().from_reader(csv.as_slice());
    let row = back.records().next().unwrap().unwrap();
    assert_eq!(&row[1], "'=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(&row[3], "'@SUM(1), -2");
    assert_eq!(&row[7], "'+printer");
    store.close().await;
}

#[tokio::test]
async fn kiosk_wrong_pin_records_are_written_read_back_after_reopening_and_deleted() {
    use qrstation_core::kiosk::limiter::Record;
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    let locked = Record {
        wrong: 3,
        last_wrong_ms: 1_800_000_000_000,
        locked_until_ms: Some(1_800_000_900_000),
    };
    store
        .save_kiosk_wrong_pins("oid-a", Some(locked))
        .await
        .unwrap();
    let counting = Record {
        wrong: 1,
        last_wrong_ms: 5,
        locked_until_ms: None,
    };
    store
        .save_kiosk_wrong_pins("oid-b", Some(counting))
        .await
        .unwrap();
    let again = Record {
        wrong: 2,
        ..counting
    };
    store
        .save_kiosk_wrong_pins("oid-b", Some(again))
        .await
        .unwrap();
    store.close().await;

    let (store, _) = Store::open(dir.path()).await.unwrap();
    let mut rows = store.kiosk_wrong_pins().await.unwrap();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        rows,
        vec![("oid-a".to_owned(), locked), ("oid-b".to_owned(), again)]
    );
    store.save_kiosk_wrong_pins("oid-a", None).await.unwrap();
    let rows = store.kiosk_wrong_pins().await.unwrap();
    assert_eq!(rows, vec![("oid-b".to_owned(), again)]);
    store.close().await;
}
