//! Recent users per signed-in person, on a real SQLite file: one manager's look-ups never show
//! in another's list or cache search, store numbers find people, and rows cached before the
//! per-account migration are shown to no one.

use qrstation_core::store::{
    recent_users::{RecentOwner, RecentUser},
    Store,
};

fn user(id: &str, upn: &str, name: &str, office: Option<&str>, seen: i64) -> RecentUser {
    RecentUser {
        id: id.into(),
        upn: upn.into(),
        display_name: name.into(),
        department: None,
        office_location: office.map(Into::into),
        job_title: None,
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

fn owner(tenant: &str, account: &str) -> RecentOwner {
    RecentOwner {
        tenant_id: tenant.into(),
        account_id: account.into(),
    }
}

fn ids(v: Vec<RecentUser>) -> Vec<String> {
    v.into_iter().map(|u| u.id).collect()
}

#[tokio::test]
async fn each_person_sees_only_their_own_recent_users() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    let admin = owner("t1", "admin-oid");
    let manager = owner("t1", "manager-oid");
    let other_tenant = owner("t2", "admin-oid");
    let ana = user(
        "u1",
        "ana@contoso.com",
        "Ana Pérez",
        Some("Store 101 - Seattle"),
        10,
    );
    let bo = user(
        "u2",
        "bo@contoso.com",
        "Bo Li",
        Some("Store 102 - Tacoma"),
        20,
    );
    store
        .upsert_recent_user_for(&admin, &ana, 10)
        .await
        .unwrap();
    store
        .upsert_recent_user_for(&manager, &bo, 10)
        .await
        .unwrap();

    assert_eq!(
        ids(store.recent_users_for(&admin, 10).await.unwrap()),
        ["u1"]
    );
    assert_eq!(
        ids(store.recent_users_for(&manager, 10).await.unwrap()),
        ["u2"]
    );
    assert!(store
        .recent_users_for(&other_tenant, 10)
        .await
        .unwrap()
        .is_empty());
    assert!(store
        .search_recent_users_for(&manager, "ana", 10)
        .await
        .unwrap()
        .is_empty());

    // The same worker looked up by both: each list holds them, with each person's own time.
    let mut ana_later = ana.clone();
    ana_later.last_seen = 30;
    store
        .upsert_recent_user_for(&manager, &ana_later, 10)
        .await
        .unwrap();
    assert_eq!(
        ids(store.recent_users_for(&manager, 10).await.unwrap()),
        ["u1", "u2"]
    );
    let admin_list = store.recent_users_for(&admin, 10).await.unwrap();
    assert_eq!(ids(admin_list.clone()), ["u1"]);
    assert_eq!(admin_list[0].last_seen, 10, "the admin's own look-up time");
    store.close().await;

    // Reopened from the file: still separate.
    let (store, report) = Store::open(dir.path()).await.unwrap();
    assert_eq!(report.applied, 0);
    assert_eq!(
        ids(store.recent_users_for(&admin, 10).await.unwrap()),
        ["u1"]
    );
}

#[tokio::test]
async fn store_numbers_and_names_find_cached_people() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    let me = owner("t1", "me");
    for (i, (id, upn, name, office)) in [
        ("u1", "ana@contoso.com", "Ana Pérez", "Store 101 - Seattle"),
        ("u2", "bo@contoso.com", "Bo Li", "Store 102 - Tacoma"),
        ("u3", "cy@contoso.com", "Cy 50% Off", "Head Office"),
    ]
    .into_iter()
    .enumerate()
    {
        store
            .upsert_recent_user_for(&me, &user(id, upn, name, Some(office), i as i64), 10)
            .await
            .unwrap();
    }
    let find = |q: &'static str| {
        let store = store.clone();
        let me = me.clone();
        async move { ids(store.search_recent_users_for(&me, q, 10).await.unwrap()) }
    };
    assert_eq!(find("101").await, ["u1"]);
    assert_eq!(find("store 101").await, ["u1"]);
    assert_eq!(find("Store  102").await, ["u2"]);
    assert_eq!(find("seattle").await, ["u1"]);
    assert_eq!(find("ana").await, ["u1"]);
    assert_eq!(find("office").await, ["u3"]);
    assert!(find("%ice").await.is_empty(), "% is no wildcard");
    // Since the store is in the word index (migration 20261203110000), punctuation separates
    // words and is never syntax: "1_1" is the words "1" and "1", as typed with a space.
    assert_eq!(find("1_1").await, find("1 1").await, "_ is no wildcard");
    assert_eq!(find("10_").await, find("10").await);
    assert_eq!(
        find("\"*(").await,
        find("").await,
        "no words: the recent list, no error"
    );
    assert!(
        find("ana\" OR \"bo").await.is_empty(),
        "FTS syntax is quoted"
    );
    assert_eq!(find("tacoma 102").await, ["u2"], "store words in any order");
}

#[tokio::test]
async fn rows_cached_before_the_migration_are_shown_to_no_one() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    // Written the old, shared way (as before the migration, and as the kiosk still does).
    store
        .upsert_recent_user(&user("u9", "old@contoso.com", "Old Row", None, 5), 10)
        .await
        .unwrap();
    assert_eq!(
        store.recent_users(10).await.unwrap().len(),
        1,
        "kept in the cache"
    );
    let anyone = owner("t1", "someone");
    assert!(store
        .recent_users_for(&anyone, 10)
        .await
        .unwrap()
        .is_empty());
    assert!(store
        .search_recent_users_for(&anyone, "old", 10)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn views_are_capped_per_person_and_follow_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    let me = owner("t1", "me");
    for i in 0..5 {
        let id = format!("u{i}");
        store
            .upsert_recent_user_for(&me, &user(&id, &format!("{id}@x.test"), &id, None, i), 3)
            .await
            .unwrap();
    }
    assert_eq!(
        ids(store.recent_users_for(&me, 10).await.unwrap()),
        ["u4", "u3", "u2"]
    );
    // A recreated account (same UPN, new id) replaces the old row and its view.
    store
        .upsert_recent_user_for(&me, &user("n4", "u4@x.test", "u4", None, 9), 3)
        .await
        .unwrap();
    assert_eq!(
        ids(store.recent_users_for(&me, 10).await.unwrap()),
        ["n4", "u3", "u2"]
    );
}

/// A word most of the cache matches ("store") and a rare one take different plans in
/// `search_recent_users_for`; both give the owner's most recent matches, newest first, and
/// never another person's.
#[tokio::test]
async fn common_and_rare_words_give_the_owners_newest_matches() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    let me = owner("t1", "me");
    let other = owner("t1", "other");
    for i in 0..2_100i64 {
        let (id, upn) = (format!("u{i}"), format!("w{i}@contoso.com"));
        let name = if i % 700 == 3 {
            "Zoltan Rare"
        } else {
            "Sam Common"
        };
        let who = if i % 2 == 0 { &me } else { &other };
        let u = user(&id, &upn, name, Some(&format!("Store {}", i % 7)), i);
        store.upsert_recent_user_for(who, &u, 5_000).await.unwrap();
    }
    let common = ids(store
        .search_recent_users_for(&me, "store", 3)
        .await
        .unwrap());
    assert_eq!(common, ["u2098", "u2096", "u2094"], "newest of mine first");
    let rare = ids(store
        .search_recent_users_for(&me, "zolt", 10)
        .await
        .unwrap());
    // "Zoltan Rare" is u3, u703 and u1403: all odd, so all the other person's.
    assert!(rare.is_empty(), "{rare:?}");
    let rare = ids(store
        .search_recent_users_for(&other, "zolt", 10)
        .await
        .unwrap());
    assert_eq!(rare, ["u1403", "u703", "u3"]);
    let both = ids(store
        .search_recent_users_for(&other, "store 5", 2)
        .await
        .unwrap());
    assert_eq!(both, ["u2091", "u2077"], "odd and i % 7 == 5, newest first");
}
