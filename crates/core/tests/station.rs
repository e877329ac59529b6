//! The badge station over real HTTP against the embedded demo tenant, with a real SQLite file:
//! every action, its audit row, the cache, persistence across restarts, and that no secret
//! ever reaches the database.

use qrstation_core::{
    demo::{DemoTenant, DEMO_ADMIN},
    station::{CreateOptions, PinChoice},
    PinPolicy, Station, Store,
};

async fn station(dir: &std::path::Path) -> (DemoTenant, Station) {
    let demo = DemoTenant::start(dir).await.unwrap();
    let (store, _) = Store::open(dir).await.unwrap();
    let station = demo.station_as(DEMO_ADMIN, store).unwrap();
    (demo, station)
}

/// A seeded worker without a QR code + PIN method.
async fn worker_without_method(station: &Station) -> String {
    for letter in ["A", "B", "C", "D", "E", "F", "G", "H"] {
        let found = station.search_users(letter, 20).await.unwrap();
        assert_eq!(found.graph_unavailable, None);
        for hit in found.hits {
            let card = station.user_card(&hit.user.upn).await.unwrap();
            if !card.method.has_method && hit.user.upn != DEMO_ADMIN {
                return hit.user.upn;
            }
        }
    }
    panic!("the demo tenant has no worker without a method");
}

#[tokio::test]
async fn every_station_action_works_is_audited_and_leaves_no_secret_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, st) = station(dir.path()).await;
    let upn = worker_without_method(&st).await;
    let mut secrets: Vec<String> = Vec::new();

    // A custom PIN that breaks the policy is refused before the network.
    let bad = st
        .create_method(
            &upn,
            CreateOptions {
                start: None,
                expires: None,
                pin: PinChoice::Custom("12121212".into()),
            },
        )
        .await
        .unwrap_err();
    assert_eq!(bad.code(), "pin.repeated");

    let created = st
        .create_method(
            &upn,
            CreateOptions {
                start: None,
                expires: None,
                pin: PinChoice::Generate,
            },
        )
        .await
        .unwrap();
    let pin = created.pin.clone().expect("a PIN to hand out");
    assert_eq!(PinPolicy::default().check(&pin.pin), Ok(()));
    let qr = created.qr.clone().expect("a badge code");
    assert!(!qr.image_lost && !qr.raw_content_base64.is_empty());
    assert!(created.card.method.has_method && created.card.method.usable);
    secrets.push(pin.pin.clone());
    secrets.push(qr.raw_content_base64.clone());
    secrets.push(decoded(&qr.raw_content_base64));

    let again = st
        .create_method(
            &upn,
            CreateOptions {
                start: None,
                expires: None,
                pin: PinChoice::Generate,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(again.code(), "graph.method_exists", "{again}");

    let reset = st.reset_pin(&upn).await.unwrap();
    let new_pin = reset.pin.expect("a temporary PIN");
    assert!(new_pin.must_change && new_pin.pin != pin.pin);
    assert!(reset.card.method.pin_must_change);
    secrets.push(new_pin.pin.clone());

    let temp = st.add_temporary_code(&upn, 3).await.unwrap();
    assert!(temp.card.method.temporary_active);
    let temp_qr = temp.qr.unwrap().raw_content_base64;
    secrets.push(decoded(&temp_qr));
    secrets.push(temp_qr);
    assert_eq!(
        st.add_temporary_code(&upn, 13).await.unwrap_err().code(),
        "core.invalid_lifetime"
    );
    let no_temp = st.delete_temporary_code(&upn).await.unwrap();
    assert!(!no_temp.card.method.temporary_active);

    let rotated = st.rotate_standard_code(&upn, None).await.unwrap();
    let new_qr = rotated.qr.unwrap();
    assert_ne!(new_qr.raw_content_base64, qr.raw_content_base64);
    assert!(rotated.card.method.standard_active);
    secrets.push(decoded(&new_qr.raw_content_base64));
    secrets.push(new_qr.raw_content_base64);

    let later = chrono::Utc::now() + chrono::Duration::days(200);
    let extended = st.extend_standard_code(&upn, later).await.unwrap();
    let expires = extended.card.method.standard_expires.unwrap();
    assert!(
        (expires - later.timestamp_millis()).abs() < 1000,
        "{expires}"
    );

    // The cache found the worker, with the summary of the last action.
    let cached = st.store().search_recent_users(&upn, 5).await.unwrap();
    assert_eq!(cached[0].upn, upn);
    assert_eq!(cached[0].last_action.as_deref(), Some("qr.extend"));

    let deleted = st.delete_method(&upn).await.unwrap();
    assert!(!deleted.card.method.has_method);

    let audit = st.store().list_audit(Some(&upn), 50).await.unwrap();
    let actions: Vec<(&str, &str)> = audit
        .iter()
        .rev()
        .map(|e| {
            let outcome = if e.error_code.is_some() {
                "failure"
            } else {
                "success"
            };
            (e.action.as_str(), outcome)
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("method.create", "failure"),
            ("method.create", "success"),
            ("method.create", "failure"),
            ("pin.reset", "success"),
            ("qr.temporary.add", "success"),
            ("qr.temporary.add", "failure"),
            ("qr.temporary.delete", "success"),
            ("qr.rotate", "success"),
            ("qr.extend", "success"),
            ("method.delete", "success"),
        ]
    );
    assert!(audit.iter().all(|e| e.operator_upn == DEMO_ADMIN));
    let graph_failure = audit
        .iter()
        .find(|e| e.error_code.as_deref() == Some("graph.method_exists"));
    assert!(
        graph_failure.unwrap().request_id.is_some(),
        "Graph's request-id is kept"
    );

    st.store().clone().close().await;
    demo.stop().await;

    // No PIN or QR payload (base64 or decoded) in the database, its WAL, the demo tenant's
    // state, the logs or any other file under the data directory.
    let mut files = 0;
    for path in walk(dir.path()) {
        // A temporary file may be gone between listing and reading.
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        files += 1;
        let text = String::from_utf8_lossy(&bytes);
        for s in &secrets {
            assert!(
                !text.contains(s.as_str()),
                "a secret is in {}",
                path.display()
            );
        }
    }
    assert!(files >= 2, "the scan found the database and the demo state");
}

fn decoded(b64: &str) -> String {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[tokio::test]
async fn the_demo_tenant_keeps_its_state_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, st) = station(dir.path()).await;
    let upn = worker_without_method(&st).await;
    st.create_method(
        &upn,
        CreateOptions {
            start: None,
            expires: None,
            pin: PinChoice::Generate,
        },
    )
    .await
    .unwrap();
    st.store().clone().close().await;
    demo.stop().await;

    let (demo, st) = station(dir.path()).await;
    assert!(st.user_card(&upn).await.unwrap().method.has_method);
    demo.reset().unwrap();
    assert!(!st.user_card(&upn).await.unwrap().method.has_method);
    demo.stop().await;
}

#[tokio::test]
async fn a_search_hands_over_the_cached_hits_before_asking_graph() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, st) = station(dir.path()).await;
    let upn = worker_without_method(&st).await;
    let card = st.user_card(&upn).await.unwrap();
    let first = card.user.display_name.split(' ').next().unwrap().to_owned();
    let mut early = None;
    let result = st
        .search_users_progressive(&first, 20, |r| early = Some(r.clone()))
        .await
        .unwrap();
    let early = early.expect("the cache's hits came first");
    assert!(early
        .hits
        .iter()
        .all(|h| !h.in_graph && h.cached_at.is_some()));
    assert!(early.hits.iter().any(|h| h.user.upn == upn), "{early:?}");
    let hit = result.hits.iter().find(|h| h.user.upn == upn).unwrap();
    assert!(hit.in_graph && hit.cached_at.is_some(), "merged: {hit:?}");
    demo.stop().await;
}
