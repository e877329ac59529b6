//! Store scoping (#16 §1) over real HTTP against the demo tenant with a real SQLite file: a
//! store manager whose Authentication Administrator role is scoped to Store 102 (`lee.gu@…`)
//! finds only Store 102 people, is refused a Store 101 person's card before Graph is asked
//! (which would answer 403 anyway), passes the kiosk's manager check; the tenant-wide admin
//! sees everyone; the area manager picks one of their two stores.

use qrstation_core::demo::{DemoTenant, DEMO_ADMIN};
use qrstation_core::roles;
use qrstation_core::scoping::Scope;
use qrstation_core::Store;
use qrstation_emulator::seed;
use qrstation_graph::{GraphError, Subject};

#[tokio::test]
async fn a_store_manager_sees_and_manages_only_their_store() {
    let dir = tempfile::tempdir().unwrap();
    let demo = DemoTenant::start(dir.path()).await.unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    let lee = format!("lee.gu@{}", demo.domain());
    let store_102 = seed::STORE_UNIT_IDS[1];

    // The tenant-wide admin: everyone, Store 101 included.
    let admin = demo.station_as(DEMO_ADMIN, store.clone()).unwrap();
    let wids = demo.user_roles(DEMO_ADMIN).unwrap_or_default();
    let scope = admin.resolve_scope(&wids).await.unwrap();
    assert_eq!(scope, Scope::TenantWide { chosen: None });
    let in_101 = admin.search_users("Store 101", 50).await.unwrap();
    assert!(!in_101.hits.is_empty());
    let other = in_101.hits[0].user.clone();
    assert!(other
        .office_location
        .as_deref()
        .unwrap()
        .starts_with("Store 101"));
    admin.user_card(&other.upn).await.unwrap();

    // Lee Gu: Authentication Administrator in Store 102's unit only.
    let st = demo.station_as(&lee, store.clone()).unwrap();
    let wids = demo.user_roles(&lee).unwrap_or_default();
    let scope = st.resolve_scope(&wids).await.unwrap();
    assert_eq!(
        scope,
        Scope::Units {
            units: vec![store_102.to_owned()],
            chosen: Some(store_102.to_owned()),
        }
    );
    let view = st.scope_view().await;
    assert!(!view.tenant_wide);
    assert_eq!(view.chosen.unwrap().name, "Store 102 - Tacoma");

    // Search lists only Store 102 people, whatever is typed.
    let first_word = other
        .display_name
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    for q in [first_word.as_str(), "Store", "a", other.upn.as_str()] {
        let found = st.search_users(q, 50).await.unwrap();
        assert_eq!(found.graph_unavailable, None, "{q}");
        assert!(
            found.hits.iter().all(|h| h
                .user
                .office_location
                .as_deref()
                .is_some_and(|o| o.starts_with("Store 102"))),
            "{q}: {found:?}"
        );
        assert!(found.hits.iter().all(|h| h.user.id != other.id), "{q}");
    }
    let member = st.unit_members(store_102).await.unwrap().remove(0);
    let name = member.display_name.clone().unwrap();
    let mine = st.search_users(&name, 50).await.unwrap();
    assert!(
        mine.hits.iter().any(|h| h.user.id == member.id),
        "a Store 102 person is found by name: {mine:?}"
    );
    let member = mine.hits[0].user.clone();
    st.user_card(&member.upn).await.unwrap();

    // A Store 101 person: refused before Graph is asked, naming the store...
    let e = st.user_card(&other.upn).await.unwrap_err();
    assert_eq!(e.code(), "scope.outside_unit");
    assert!(e.to_string().contains("Store 102 - Tacoma"), "{e}");
    let e = st.reset_pin(&other.id).await.unwrap_err();
    assert_eq!(e.code(), "scope.outside_unit");
    // ...and Graph would have refused anyway.
    let raw = demo.graph_as(&lee).unwrap();
    let refused = raw
        .get_method(&Subject::user(&other.upn))
        .await
        .unwrap_err();
    assert!(
        matches!(refused, GraphError::Forbidden { .. }),
        "{refused:?}"
    );

    // The kiosk's manager check (the same function) passes for Lee Gu.
    let kiosk_scope = roles::managing_scope(&raw, seed::SCOPED_MANAGER_ID, &[], None)
        .await
        .unwrap();
    assert!(kiosk_scope.may_manage());
    assert!(
        !roles::may_manage_methods(&wids),
        "wids alone would not say so"
    );

    // A renewal scan of the store lists its members.
    let members = st.unit_members(store_102).await.unwrap();
    assert!(members.iter().any(|u| u.id == member.id));
    assert!(members.iter().all(|u| u.id != other.id));
}

#[tokio::test]
async fn the_area_manager_picks_one_of_their_stores() {
    let dir = tempfile::tempdir().unwrap();
    let demo = DemoTenant::start(dir.path()).await.unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    let diego = format!("diego.siciliani@{}", demo.domain());
    let st = demo.station_as(&diego, store).unwrap();
    let scope = st.resolve_scope(&[]).await.unwrap();
    assert_eq!(scope.chosen_unit(), None, "two stores: a picker");
    assert_eq!(st.scope_view().await.units.len(), 2);
    let e = st.choose_unit(seed::STORE_UNIT_IDS[0]).unwrap_err();
    assert_eq!(e.code(), "scope.outside_unit");
    // A Store 103 person looked up there leaves the recent list once Store 104 is chosen.
    st.choose_unit(seed::STORE_UNIT_IDS[2]).unwrap();
    let in_103 = st
        .unit_members(seed::STORE_UNIT_IDS[2])
        .await
        .unwrap()
        .remove(0);
    st.user_card(&in_103.id).await.unwrap();
    let recent = st.recent_users(30).await.unwrap();
    assert!(recent.iter().any(|u| u.id == in_103.id), "{recent:?}");
    let chosen = st.choose_unit(seed::STORE_UNIT_IDS[3]).unwrap();
    let recent = st.recent_users(30).await.unwrap();
    assert!(recent.iter().all(|u| u.id != in_103.id), "{recent:?}");
    assert_eq!(chosen.chosen_unit(), Some(seed::STORE_UNIT_IDS[3]));
    let someone = st
        .unit_members(seed::STORE_UNIT_IDS[3])
        .await
        .unwrap()
        .remove(0);
    let found = st
        .search_users(&someone.display_name.clone().unwrap(), 50)
        .await
        .unwrap();
    assert!(
        found.hits.iter().any(|h| h.user.id == someone.id),
        "{found:?}"
    );
    assert!(found.hits.iter().all(|h| h
        .user
        .office_location
        .as_deref()
        .is_some_and(|o| o.starts_with("Store 104"))));
}
