//! Secrets and records at rest on a shared store PC: the data directory and what is in it are
//! owner-only, one qrstation at a time per data directory, an audit row comes before the action
//! it records (no row, no action), and a clock jump cannot wipe the audit log.

use std::path::Path;

use qrstation_core::{
    demo::{DemoTenant, DEMO_ADMIN},
    instance::InstanceLock,
    station::{CreateOptions, PinChoice},
    store::audit::{AuditEntry, Outcome, PENDING_CODE},
    Settings, Store,
};

const DAY: i64 = 86_400_000;

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_directory_database_settings_and_exports_are_owner_only() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("qrstation");
    let (store, _) = Store::open(&data).await.unwrap();
    Settings::default().save(&data).unwrap();
    store
        .append_audit(&AuditEntry::of(
            "m@contoso.com",
            "pin.reset",
            Some("w@contoso.com"),
            Ok(()),
        ))
        .await
        .unwrap();
    let export = store
        .export_audit_file(&data.join("exports"))
        .await
        .unwrap();
    assert_eq!(mode(&data), 0o700, "data dir");
    assert_eq!(mode(&data.join("exports")), 0o700, "exports dir");
    for f in [
        "qrstation.db",
        "qrstation.db-wal",
        "qrstation.db-shm",
        "settings.json",
    ] {
        let p = data.join(f);
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{f}");
        }
    }
    assert!(data.join("qrstation.db").exists() && data.join("qrstation.db-wal").exists());
    assert_eq!(mode(Path::new(&export)), 0o600, "audit export");
    store.close().await;

    // A data directory an older version made with the umask's modes is narrowed on open.
    let old = root.path().join("old");
    std::fs::create_dir_all(&old).unwrap();
    std::fs::set_permissions(&old, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let (store, _) = Store::open(&old).await.unwrap();
    assert_eq!(mode(&old), 0o700);
    store.close().await;
}

#[tokio::test]
async fn one_qrstation_per_data_directory() {
    let dir = tempfile::tempdir().unwrap();
    let first = InstanceLock::acquire(dir.path()).unwrap();
    assert_eq!(
        InstanceLock::acquire(dir.path()).unwrap_err().code(),
        "core.already_running"
    );
    let other = tempfile::tempdir().unwrap();
    InstanceLock::acquire(other.path()).expect("another data directory is another station");
    drop(first);
    InstanceLock::acquire(dir.path()).expect("free again once the first one ends");
}

#[tokio::test]
async fn a_clock_jump_forward_does_not_wipe_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    let now = 1_790_000_000_000_i64; // 2026-09
    for (at, action) in [
        (now - 400 * DAY, "old"),
        (now - 10 * DAY, "recent"),
        (now, "today"),
    ] {
        let mut e = AuditEntry::of("m@contoso.com", action, None, Ok(()));
        e.at = at;
        store.append_audit(&e).await.unwrap();
    }
    // The PC's clock jumps 20 years ahead (dead battery, bad time server): only what a right
    // clock would purge goes.
    let far = now + 20 * 365 * DAY;
    assert_eq!(store.purge_audit(365, far).await.unwrap(), 1);
    let left: Vec<String> = store
        .list_audit(None, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action.to_string())
        .collect();
    assert_eq!(left, ["today", "recent"]);
    // A clock set back purges by the wall clock, which only keeps more.
    assert_eq!(store.purge_audit(365, now - 1000 * DAY).await.unwrap(), 0);
    store.close().await;
}

#[tokio::test]
async fn an_action_whose_audit_row_cannot_be_written_is_not_carried_out() {
    let dir = tempfile::tempdir().unwrap();
    let demo = DemoTenant::start(dir.path()).await.unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    let st = demo.station_as(DEMO_ADMIN, store.clone()).unwrap();
    let upn = {
        let mut found = None;
        for hit in st.search_users("a", 20).await.unwrap().hits {
            if !st.user_card(&hit.user.upn).await.unwrap().method.has_method
                && hit.user.upn != DEMO_ADMIN
            {
                found = Some(hit.user.upn);
                break;
            }
        }
        found.expect("a worker without a method")
    };
    // The disk is full, as far as the audit log is concerned.
    let url = format!("sqlite://{}", dir.path().join("qrstation.db").display());
    let mut raw = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    sqlx::query("CREATE TRIGGER full BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
        .execute(&mut raw)
        .await
        .unwrap();
    let opts = || CreateOptions {
        start: None,
        expires: None,
        pin: PinChoice::Generate,
    };
    let err = st.create_method(&upn, opts()).await.unwrap_err();
    assert_eq!(err.code(), "core.database");
    sqlx::query("DROP TRIGGER full")
        .execute(&mut raw)
        .await
        .unwrap();
    assert!(
        !st.user_card(&upn).await.unwrap().method.has_method,
        "nothing was created in Graph without its audit row"
    );

    // With the log writable, the row is written first and then says how it went.
    st.create_method(&upn, opts()).await.unwrap();
    let rows = store.list_audit(Some(&upn), 5).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].action.as_str(), rows[0].outcome),
        ("method.create", Outcome::Success)
    );
    assert_ne!(rows[0].error_code.as_deref(), Some(PENDING_CODE));
    demo.stop().await;
}
