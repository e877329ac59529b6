//! Search over real HTTP against the demo tenant with a real SQLite file: a store number finds
//! its people in Graph ("101", "Store 101"), the answer says how many match in all, each hit
//! carries what this person last saw of the badge, and another person's look-ups stay theirs.

use qrstation_core::{
    demo::{DemoTenant, DEMO_ADMIN},
    Store,
};

#[tokio::test]
async fn a_store_number_finds_its_people_with_a_count_and_badge_hints() {
    let dir = tempfile::tempdir().unwrap();
    let demo = DemoTenant::start(dir.path()).await.unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    let admin = demo.station_as(DEMO_ADMIN, store.clone()).unwrap();

    for q in ["101", "Store 101", "store 101"] {
        let found = admin.search_users(q, 5).await.unwrap();
        assert_eq!(found.graph_unavailable, None);
        assert!(!found.hits.is_empty(), "{q}: nobody found");
        assert!(
            found.hits.iter().all(|h| h
                .user
                .office_location
                .as_deref()
                .is_some_and(|o| o.starts_with("Store 101"))),
            "{q}: {found:?}"
        );
        let total = found.total.expect("Graph counted the matches");
        assert!(total >= found.hits.len() as u64, "{q}: {total}");
    }
    // "10" (stores 101–104) matches more people than 5 shows: "5 of N — keep typing".
    let many = admin.search_users("10", 5).await.unwrap();
    assert_eq!(many.hits.len(), 5);
    assert!(many.total.unwrap() > 5, "{:?}", many.total);

    // Unknown badge until looked up; then the hit says what the look-up saw.
    let hit = admin.search_users("101", 1).await.unwrap().hits.remove(0);
    assert_eq!(hit.has_badge, None, "not looked up yet: {hit:?}");
    let card = admin.user_card(&hit.user.upn).await.unwrap();
    let again = admin.search_users(&hit.user.upn, 5).await.unwrap();
    let seen = again
        .hits
        .iter()
        .find(|h| h.user.id == hit.user.id)
        .unwrap();
    assert_eq!(seen.has_badge, Some(card.method.has_method));
    assert!(seen.cached_at.is_some());

    // The store manager signed in on the same PC sees none of the admin's recent users.
    let manager = demo
        .station_as("megan.bowen@contoso-retail.onmicrosoft.com", store.clone())
        .unwrap();
    assert!(manager.recent_users(30).await.unwrap().is_empty());
    let theirs = manager.search_users(&hit.user.upn, 5).await.unwrap();
    let same = theirs
        .hits
        .iter()
        .find(|h| h.user.id == hit.user.id)
        .unwrap();
    assert_eq!(same.cached_at, None, "not the admin's look-up: {same:?}");
    assert_eq!(same.has_badge, None);
    assert_eq!(admin.recent_users(30).await.unwrap().len(), 1);

    // Nonsense finds no one and counts zero.
    let none = admin.search_users("zzqx", 5).await.unwrap();
    assert!(none.hits.is_empty());
    assert_eq!(none.total, Some(0));
    demo.stop().await;
}
