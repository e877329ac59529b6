//! The badge station against the demo tenant switched to the readings of Microsoft's docs that
//! a real tenant may follow: a PUT that will not create over an unusable method, replicas that
//! lag behind writes, a PATCH that makes a new code when there is no active one.

use qrstation_core::{
    demo::{DemoTenant, DEMO_ADMIN},
    station::{CreateOptions, PinChoice},
    Station, Store,
};
use qrstation_emulator::EmulatorConfig;

/// The seeded worker whose badge expired 35 days ago.
const EXPIRED: &str = "alex.abbott@contoso-retail.onmicrosoft.com";
/// A seeded worker with a healthy badge.
const HEALTHY: &str = "dana.becker@contoso-retail.onmicrosoft.com";

async fn station_with(
    dir: &std::path::Path,
    tweak: impl FnOnce(&mut EmulatorConfig),
) -> (DemoTenant, Station) {
    let demo = DemoTenant::start_with(dir, tweak).await.unwrap();
    let (store, _) = Store::open(dir).await.unwrap();
    let station = demo.station_as(DEMO_ADMIN, store).unwrap();
    (demo, station)
}

fn generate() -> CreateOptions {
    CreateOptions {
        start: None,
        expires: None,
        pin: PinChoice::Generate,
    }
}

async fn method_creates(demo: &DemoTenant, station: &Station, upn: &str) -> u64 {
    let id = station.user_card(upn).await.unwrap().user.id;
    let state = qrstation_emulator_hooks::Hooks::new(demo.base_url())
        .state()
        .await;
    state["methodCreates"][&id].as_u64().unwrap_or(0)
}

#[tokio::test]
async fn an_unusable_method_graph_will_not_create_over_is_renewed_or_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, st) = station_with(dir.path(), |c| {
        c.hooks = true;
        c.compat.replace_inactive_method = false;
    })
    .await;
    let before = st.user_card(EXPIRED).await.unwrap();
    assert!(before.method.has_method && !before.method.usable);

    let refused = st.create_method(EXPIRED, generate()).await.unwrap_err();
    assert_eq!(refused.code(), "core.method_unusable", "{refused}");
    assert!(refused.to_string().contains("renew"), "{refused}");
    // A healthy method is still "exists", not "unusable".
    let exists = st.create_method(HEALTHY, generate()).await.unwrap_err();
    assert_eq!(exists.code(), "graph.method_exists");

    let renewed = st.renew_method(EXPIRED, None).await.unwrap();
    assert!(renewed.card.method.usable && renewed.card.method.pin_must_change);
    let qr = renewed.qr.as_ref().unwrap();
    assert!(!qr.image_lost && !qr.raw_content_base64.is_empty());
    assert!(renewed.pin.as_ref().unwrap().pin.len() >= 8);
    assert!(renewed.note.as_deref().unwrap().contains("had expired"));
    assert_eq!(
        method_creates(&demo, &st, EXPIRED).await,
        0,
        "renewing creates no method"
    );

    // Replace: the operator agreed to delete, then create.
    let replaced = st.replace_method(EXPIRED, generate()).await.unwrap();
    assert!(replaced.card.method.usable);
    assert!(replaced.qr.is_some() && replaced.pin.is_some());
    assert_eq!(method_creates(&demo, &st, EXPIRED).await, 1);

    // A bad custom PIN is refused before the old method is deleted.
    let bad = st
        .replace_method(
            EXPIRED,
            CreateOptions {
                pin: PinChoice::Custom("12121212".into()),
                ..generate()
            },
        )
        .await
        .unwrap_err();
    assert!(bad.code().starts_with("pin."), "{bad}");
    assert!(st.user_card(EXPIRED).await.unwrap().method.usable);

    let actions: Vec<_> = st
        .store()
        .list_audit(Some(EXPIRED), 20)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.outcome))
        .collect();
    for want in ["method.create", "method.renew", "method.replace"] {
        assert!(
            actions.iter().any(|(a, _)| a == want),
            "{want}: {actions:?}"
        );
    }
    demo.stop().await;
}

#[tokio::test]
async fn with_the_lenient_reading_a_create_replaces_an_expired_method() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, st) = station_with(dir.path(), |c| c.hooks = true).await;
    let created = st.create_method(EXPIRED, generate()).await.unwrap();
    assert!(created.card.method.usable);
    assert_eq!(method_creates(&demo, &st, EXPIRED).await, 1);
    demo.stop().await;
}

#[tokio::test]
async fn an_expired_badge_is_not_extended_and_a_rotation_keeps_the_expiry() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, st) = station_with(dir.path(), |_| {}).await;
    let before = st.user_card(EXPIRED).await.unwrap();
    let later = chrono::Utc::now() + chrono::Duration::days(200);
    let e = st.extend_standard_code(EXPIRED, later).await.unwrap_err();
    assert_eq!(e.code(), "core.code_not_active");
    assert_eq!(
        st.user_card(EXPIRED).await.unwrap(),
        before,
        "nothing changed"
    );

    let expires = chrono::Utc::now() + chrono::Duration::days(30);
    st.delete_method(HEALTHY).await.unwrap();
    let created = st
        .create_method(
            HEALTHY,
            CreateOptions {
                expires: Some(expires),
                ..generate()
            },
        )
        .await
        .unwrap();
    let rotated = st.rotate_standard_code(HEALTHY, None).await.unwrap();
    assert_eq!(
        rotated.qr.as_ref().unwrap().expires,
        created.qr.as_ref().unwrap().expires,
        "a 30-day badge stays a 30-day badge"
    );
    assert!(rotated
        .note
        .as_deref()
        .unwrap()
        .contains("like the badge it replaces"));
    let chosen = chrono::Utc::now() + chrono::Duration::days(90);
    let rotated = st
        .rotate_standard_code(HEALTHY, Some(chosen))
        .await
        .unwrap();
    let got = rotated.qr.unwrap().expires.unwrap();
    assert!((got - chosen.timestamp_millis()).abs() < 1_000, "{got}");
    demo.stop().await;
}

#[tokio::test]
async fn cards_after_a_write_show_the_write_even_when_replicas_lag() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, st) = station_with(dir.path(), |c| c.replica_lag_ms = 3_000).await;
    let mut fresh = None;
    for hit in st.search_users("B", 20).await.unwrap().hits {
        if !st.user_card(&hit.user.upn).await.unwrap().method.has_method {
            fresh = Some(hit.user.upn);
            break;
        }
    }
    let fresh = fresh.expect("a seeded worker without a method");
    let created = st.create_method(&fresh, generate()).await.unwrap();
    assert!(created.card.method.has_method && created.card.method.usable);
    // The replica really is behind: a plain read right away does not see the new method.
    assert!(!st.user_card(&fresh).await.unwrap().method.has_method);
    tokio::time::sleep(std::time::Duration::from_millis(3_100)).await;
    let temp = st.add_temporary_code(&fresh, 2).await.unwrap();
    assert!(temp.card.method.temporary_active);
    let gone = st.delete_temporary_code(&fresh).await.unwrap();
    assert!(!gone.card.method.temporary_active && gone.card.method.has_method);
    let reset = st.reset_pin(&fresh).await.unwrap();
    assert!(reset.card.method.pin_must_change);
    let deleted = st.delete_method(&fresh).await.unwrap();
    assert!(!deleted.card.method.has_method);
    demo.stop().await;
}

#[tokio::test]
async fn a_code_that_expired_under_way_comes_back_as_a_new_badge_not_a_lost_one() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, st) = station_with(dir.path(), |c| c.hooks = true).await;
    st.delete_method(HEALTHY).await.unwrap();
    let one_day = chrono::Utc::now() + chrono::Duration::days(1) + chrono::Duration::minutes(5);
    st.create_method(
        HEALTHY,
        CreateOptions {
            expires: Some(one_day),
            ..generate()
        },
    )
    .await
    .unwrap();
    // Graph's clock runs two days ahead of this computer's: to Graph the code has expired,
    // so its PATCH creates a new code (201 + image) instead of moving the expiry.
    let clock = qrstation_emulator_hooks::Hooks::new(demo.base_url())
        .clock(2 * 86_400)
        .await;
    assert!(clock.offset_seconds >= 2 * 86_400, "{clock:?}");
    // A token minted on Graph's clock (the old one has expired there).
    let st = demo.station_as(DEMO_ADMIN, st.store().clone()).unwrap();
    let later = chrono::Utc::now() + chrono::Duration::days(200);
    let issued = st.extend_standard_code(HEALTHY, later).await.unwrap();
    let qr = issued.qr.expect("the new code's image is handed out");
    assert!(!qr.image_lost && !qr.raw_content_base64.is_empty());
    assert!(issued.note.unwrap().contains("print this badge now"));
    demo.stop().await;
}

#[tokio::test]
async fn a_201_for_a_plain_extension_is_not_taken_for_a_new_badge() {
    let dir = tempfile::tempdir().unwrap();
    let (demo, st) = station_with(dir.path(), |c| c.compat.standard_update_status = 201).await;
    let later = chrono::Utc::now() + chrono::Duration::days(200);
    let before = st.user_card(HEALTHY).await.unwrap();
    assert!(before.method.standard_active);
    let out = st.extend_standard_code(HEALTHY, later).await.unwrap();
    assert!(out.qr.is_none() && out.note.is_none());
    let got = out.card.method.standard_expires.unwrap();
    assert!((got - later.timestamp_millis()).abs() < 1_000);
    demo.stop().await;
}
