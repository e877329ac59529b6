//! E13–E15, users (get, /me, startswith, $search with ConsistencyLevel, paging) and `$batch`.

use chrono::{Duration, Utc};
use qrstation_contract_tests::harness::{admin, manager, Env, ADMIN_SCOPES};
use qrstation_graph::models::{CodeWindow, CreateMethod, MethodState, Pin, PolicyUpdate};
use qrstation_graph::{BatchItem, Subject, UserQuery};

#[tokio::test]
async fn policy_read_update_and_revert() {
    let env = Env::start().await;
    let c = env.admin();
    let p = c.get_policy().await.unwrap();
    assert_eq!(
        (p.state, p.pin_length, p.standard_qr_code_lifetime_in_days),
        (Some(MethodState::Enabled), Some(8), Some(365))
    );
    assert!(!p.include_targets.is_empty());
    let p = c
        .update_policy(&PolicyUpdate {
            pin_length: Some(10),
            standard_qr_code_lifetime_in_days: Some(180),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        (p.pin_length, p.standard_qr_code_lifetime_in_days),
        (Some(10), Some(180))
    );
    assert_eq!(
        c.update_policy(&PolicyUpdate {
            pin_length: Some(30),
            ..Default::default()
        })
        .await
        .unwrap_err()
        .code(),
        "graph.api_error"
    );
    c.delete_policy().await.unwrap();
    let p = c.get_policy().await.unwrap();
    assert_eq!(
        (p.state, p.pin_length),
        (Some(MethodState::Disabled), Some(8))
    );

    let m = env.client_as(&manager(), ADMIN_SCOPES);
    let e = m.get_policy().await.unwrap_err();
    assert_eq!(e.code(), "graph.forbidden");
    assert!(
        e.to_string().contains("Policy.Read.AuthenticationMethod"),
        "{e}"
    );
}

#[tokio::test]
async fn users_me_get_search_and_paging() {
    let env = Env::start().await;
    let c = env.admin();
    let me = c.me().await.unwrap();
    assert_eq!(me.user_principal_name.as_deref(), Some(admin().as_str()));
    let megan = c.get_user(&manager()).await.unwrap();
    assert_eq!(megan.display_name.as_deref(), Some("Megan Bowen"));
    assert!(megan.department.is_some(), "$select asks for department");
    assert_eq!(
        c.get_user("nobody@example.com").await.unwrap_err().code(),
        "graph.not_found"
    );

    let found = c
        .search_users(&UserQuery::starts_with("meg"))
        .await
        .unwrap();
    assert!(found.value.iter().any(|u| u.id == megan.id), "{found:?}");
    let found = c.search_users(&UserQuery::search("bowen")).await.unwrap();
    assert!(found.value.iter().any(|u| u.id == megan.id));

    let mut q = UserQuery::starts_with("");
    q.top = 20;
    let first = c.search_users(&q).await.unwrap();
    assert_eq!(first.value.len(), 20);
    let second = c.next_users(&first).await.unwrap().expect("a second page");
    assert!(!second.value.is_empty());
    assert!(second
        .value
        .iter()
        .all(|u| first.value.iter().all(|f| f.id != u.id)));
}

#[tokio::test]
async fn batch_runs_more_than_twenty_items_with_per_item_results() {
    let env = Env::start().await;
    let c = env.admin();
    let workers = env.workers_without_method().await;
    assert!(workers.len() >= 22, "seed has enough workers");
    let start = Utc::now() - Duration::minutes(1);
    let req = CreateMethod {
        standard_qr_code: CodeWindow::new(start, start + Duration::days(90)),
        pin: Some(Pin::new("73920485")),
    };
    let mut items: Vec<BatchItem> = workers[..22]
        .iter()
        .map(|u| BatchItem::create_method(&c, &Subject::user(u.clone()), &req).unwrap())
        .collect();
    items.push(
        BatchItem::get_method(
            &c,
            &Subject::user(format!("nobody@{}", qrstation_emulator::seed::DOMAIN)),
        )
        .unwrap(),
    );
    items.push(BatchItem::create_method(&c, &Subject::user(workers[0].clone()), &req).unwrap());
    let results = c.batch(&items).await.unwrap();
    assert_eq!(results.len(), 24);
    for r in &results[..22] {
        let reply = r.as_ref().expect("created");
        assert_eq!(reply.status, 201);
        assert!(reply.body.as_ref().unwrap()["pin"]["code"].is_string());
    }
    assert_eq!(results[22].as_ref().unwrap_err().code(), "graph.not_found");
    assert_eq!(
        results[23].as_ref().unwrap_err().code(),
        "graph.method_exists"
    );
    assert!(c
        .get_method(&Subject::user(workers[21].clone()))
        .await
        .unwrap()
        .is_some());
}
