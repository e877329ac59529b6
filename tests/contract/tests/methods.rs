//! E1–E3 and E12 against the emulator: create, read, list and delete a method for another user
//! and for `/me`, with the PIN checked through the emulator's hook.

use chrono::{Duration, Utc};
use qrstation_contract_tests::harness::{admin, manager, Env, ADMIN_SCOPES};
use qrstation_graph::models::{CodeWindow, CreateMethod, Pin};
use qrstation_graph::{ApiVersion, Subject};

fn create(pin: &str) -> CreateMethod {
    let start = Utc::now() - Duration::minutes(1);
    CreateMethod {
        standard_qr_code: CodeWindow::new(start, start + Duration::days(200)),
        pin: Some(Pin::new(pin)),
    }
}

#[tokio::test]
async fn create_get_list_and_delete_a_workers_method() {
    let env = Env::start().await;
    let c = env.client_as(&manager(), ADMIN_SCOPES);
    let upn = env.workers_without_method().await.remove(0);
    let who = Subject::user(upn.clone());
    assert_eq!(c.get_method(&who).await.unwrap(), None);

    let created = c.create_method(&who, &create("73920485")).await.unwrap();
    assert!(!created.response_lost());
    let m = created.into_inner();
    let std = m.standard_qr_code.as_ref().expect("standard code");
    let image = std.image.as_ref().expect("image returned at creation");
    let payload = String::from_utf8(image.raw_content.clone()).unwrap();
    assert!(payload.starts_with("ms-qrpin:v1|"), "payload shape");
    assert!(payload.contains(&std.id));
    assert!(String::from_utf8_lossy(&image.binary_value).contains("<svg"));
    let pin = m.pin.as_ref().unwrap();
    assert_eq!(pin.code.as_ref().unwrap().expose(), "73920485");
    assert_eq!(pin.force_change_pin_next_sign_in, Some(true));
    assert!(env.pin_matches(&upn, "73920485").await);

    let got = c.get_method(&who).await.unwrap().expect("method exists");
    assert_eq!(got.id, m.id);
    assert!(
        got.standard_qr_code.unwrap().image.is_none(),
        "no image on GET"
    );
    assert_eq!(got.pin.unwrap().code, None, "no PIN on GET");

    let list = c.list_methods(&who).await.unwrap();
    assert!(
        list.iter().any(|x| x.is_qr_code_pin() && x.id == m.id),
        "{list:?}"
    );
    assert!(list
        .iter()
        .any(|x| x.kind() == "passwordAuthenticationMethod"));

    let again = c
        .create_method(&who, &create("58203917"))
        .await
        .unwrap_err();
    assert_eq!(again.code(), "graph.method_exists");
    assert!(again.request_id().is_some());

    c.delete_method(&who).await.unwrap();
    assert_eq!(c.get_method(&who).await.unwrap(), None);
    assert_eq!(
        c.delete_method(&who).await.unwrap_err().code(),
        "graph.not_found"
    );
}

#[tokio::test]
async fn beta_and_me_routes_work_and_unknown_users_are_not_found() {
    let env = Env::start().await;
    let me = env
        .client_as(&admin(), ADMIN_SCOPES)
        .with_version(ApiVersion::Beta);
    let _ = me.delete_method(&Subject::Me).await;
    let created = me
        .create_method(&Subject::Me, &create("73920485"))
        .await
        .unwrap();
    assert!(created.value().pin.as_ref().unwrap().code.is_some());
    let got = me.get_method(&Subject::Me).await.unwrap().unwrap();
    assert_eq!(got.id, created.value().id);
    let list = me.list_methods(&Subject::Me).await.unwrap();
    assert!(list.iter().any(|m| m.is_qr_code_pin()));
    me.delete_method(&Subject::Me).await.unwrap();

    let nobody = Subject::user(format!("nobody@{}", qrstation_emulator::seed::DOMAIN));
    assert_eq!(
        me.get_method(&nobody).await.unwrap_err().code(),
        "graph.not_found"
    );
    assert_eq!(
        me.get_method(&Subject::user("  "))
            .await
            .unwrap_err()
            .code(),
        "graph.invalid_request"
    );
}

#[tokio::test]
async fn weak_pins_and_missing_permissions_are_explained() {
    let env = Env::start().await;
    let c = env.admin();
    let upn = env.workers_without_method().await.remove(0);
    let who = Subject::user(upn.clone());
    for (pin, why) in [
        ("1234", "short"),
        ("12121212", "repeated block"),
        ("0123456789", "sequence"),
    ] {
        let e = c.create_method(&who, &create(pin)).await.unwrap_err();
        assert_eq!(e.code(), "graph.pin_rejected", "{why}: {e}");
        assert!(!e.to_string().contains(pin) || pin.len() < 6, "{e}");
    }
    // A worker (no admin role) acting on someone else.
    let w = env.client_as(&upn, ADMIN_SCOPES);
    let e = w.get_method(&Subject::user(manager())).await.unwrap_err();
    assert_eq!(e.code(), "graph.forbidden");
    assert!(
        e.to_string().contains("Authentication Administrator"),
        "{e}"
    );
}
