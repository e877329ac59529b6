//! The behaviours of a real tenant the emulator now models (issue 13), each with its switch on
//! and off: either 404 code for "no method", replication lag with a lost create answer,
//! extending an expired code (a new code is issued), slow authentication-method writes, the
//! PIN reset body, the other spelling of the force-change flag, PNG images, and `$batch`
//! answers out of order or refused for method writes.

use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::Utc;
use qrstation_contract_tests::harness::{admin, worker, Env, ADMIN_SCOPES};
use qrstation_contract_tests::proxy;
use qrstation_graph::models::{CodeWindow, CreateMethod, ImageFormat, Pin};
use qrstation_graph::{
    ApiVersion, BatchItem, GraphClient, QrKind, ResetPinBody, RetryPolicy, Subject, TransportConfig,
};
use serde_json::json;

fn create(pin: &str) -> CreateMethod {
    let start = Utc::now() - chrono::Duration::minutes(1);
    CreateMethod {
        standard_qr_code: CodeWindow::new(start, start + chrono::Duration::days(60)),
        pin: Some(Pin::new(pin)),
    }
}

#[tokio::test]
async fn no_method_is_none_whichever_404_code_the_service_uses() {
    for code in ["itemNotFound", "Request_ResourceNotFound"] {
        let env = Env::start().await;
        env.compat(json!({ "missingMethodCode": code })).await;
        let c = env.admin();
        let upn = env.workers_without_method().await.remove(0);
        let who = Subject::user(upn.clone());
        assert_eq!(c.get_method(&who).await.unwrap(), None, "{code}");
        assert_eq!(c.get_pin(&who).await.unwrap(), None, "{code}");
        assert_eq!(
            c.get_qr_code(&who, QrKind::Temporary).await.unwrap(),
            None,
            "{code}"
        );
        // A first create reads "none" before its PUT.
        let m = c.create_method(&who, &create("73920485")).await.unwrap();
        assert!(!m.response_lost());
        assert_eq!(
            c.get_qr_code(&who, QrKind::Temporary).await.unwrap(),
            None,
            "{code}: a method without a temporary code"
        );
        let nobody = Subject::user(format!("nobody@{}", qrstation_emulator::seed::DOMAIN));
        for e in [
            c.get_method(&nobody).await.unwrap_err(),
            c.get_pin(&nobody).await.unwrap_err(),
            c.get_qr_code(&nobody, QrKind::Standard).await.unwrap_err(),
        ] {
            assert_eq!(e.code(), "graph.not_found", "{code}");
        }
    }
}

#[tokio::test]
async fn a_lost_create_under_replication_lag_is_reconciled_and_made_once() {
    let env = Env::start().await;
    env.compat(json!({ "replicaLagMs": 400 })).await;
    env.sleeper.sleep_for_real();
    let lossy = proxy::start(env.emu.addr(), "PUT", 1).await;
    let c = env.client_at(&lossy.base_url, &admin(), ADMIN_SCOPES);
    let upn = env.workers_without_method().await.remove(0);
    let who = Subject::user(upn.clone());
    let out = c.create_method(&who, &create("73920485")).await.unwrap();
    assert_eq!(lossy.lost.load(Ordering::SeqCst), 1);
    assert!(out.response_lost(), "Reconciled, not method_exists");
    assert_eq!(env.method_creates(&upn).await, 1, "one PUT took effect");
    let uid = env.user_id(&upn).await;
    assert_eq!(
        env.state().await["methods"][uid.as_str()]["id"],
        out.value().id.as_str()
    );
    assert!(env.pin_matches(&upn, "73920485").await);
    assert!(
        !env.sleeper.delays().is_empty(),
        "the reads waited for the replica"
    );

    // A temporary code whose answer is lost after the emulator carried it out.
    env.hook("faults", json!({"slowMs": 1, "next": ["slow", "lost"]}))
        .await;
    let now = Utc::now();
    let t = c
        .create_temporary_qr_code(
            &who,
            &CodeWindow::new(now, now + chrono::Duration::hours(2)),
        )
        .await
        .unwrap();
    assert!(t.response_lost());
    let st = env.state().await;
    assert_eq!(
        st["methods"][uid.as_str()]["temporaryQRCode"]["id"],
        t.value().id.as_str()
    );
}

#[tokio::test]
async fn without_lag_a_lost_create_is_reconciled_at_the_first_read() {
    let env = Env::start().await;
    let lossy = proxy::start(env.emu.addr(), "PUT", 1).await;
    let c = env.client_at(&lossy.base_url, &admin(), ADMIN_SCOPES);
    let upn = env.workers_without_method().await.remove(0);
    let out = c
        .create_method(&Subject::user(upn.clone()), &create("73920485"))
        .await
        .unwrap();
    assert!(out.response_lost());
    assert_eq!(env.method_creates(&upn).await, 1);
    assert!(env.sleeper.delays().is_empty(), "no wait needed");
}

#[tokio::test]
async fn extending_an_expired_standard_code_issues_a_new_one_with_its_image() {
    let env = Env::start().await;
    let c = env.admin();
    let who = Subject::user(worker("alex.abbott"));
    let old = c
        .get_qr_code(&who, QrKind::Standard)
        .await
        .unwrap()
        .expect("the seeded expired code");
    assert!(!old.is_active_at(Utc::now()));
    let change = c
        .update_standard_qr_expiry(&who, Utc::now() + chrono::Duration::days(30))
        .await
        .unwrap();
    assert!(change.is_issued(), "{change:?}");
    let new = change.into_code();
    assert_ne!(new.id, old.id);
    let image = new.image.as_ref().expect("the new code's image, once");
    assert_eq!(image.format(), ImageFormat::Svg);
    assert!(String::from_utf8_lossy(&image.raw_content).starts_with("ms-qrpin:v1|"));
    // The new code is active; moving its expiry now is an extension.
    let again = c
        .update_standard_qr_expiry(&who, Utc::now() + chrono::Duration::days(40))
        .await
        .unwrap();
    assert!(!again.is_issued());
    assert_eq!(again.code().id, new.id);
    assert!(again.code().image.is_none());
}

#[tokio::test]
async fn slow_method_writes_get_the_write_timeout_and_slow_reads_do_not() {
    let env = Env::start().await;
    let upn = env.workers_without_method().await.remove(0);
    let who = Subject::user(upn.clone());
    env.admin()
        .create_method(&who, &create("73920485"))
        .await
        .unwrap();
    let cfg = TransportConfig {
        read_timeout: Duration::from_secs(1),
        write_timeout: Duration::from_secs(3),
        retry: RetryPolicy::none(),
        ..env.transport()
    };
    let token = env.emu.mint_access_token(&admin(), ADMIN_SCOPES).unwrap();
    let c = GraphClient::new(
        &env.endpoints(),
        ApiVersion::V1,
        cfg,
        std::sync::Arc::new(qrstation_graph::auth::StaticToken::new(token)),
    )
    .unwrap();
    env.hook("faults", json!({"slowMs": 1500, "next": ["slow"]}))
        .await;
    let reset = c.reset_pin(&who).await.unwrap();
    assert!(reset.code.is_some(), "the slow write was answered");
    env.hook("faults", json!({"slowMs": 1500, "next": ["slow"]}))
        .await;
    let e = c.get_policy().await.unwrap_err();
    assert_eq!(e.code(), "graph.network", "the slow read timed out");
}

#[tokio::test]
async fn the_pin_reset_body_falls_back_when_the_documented_one_is_refused() {
    let env = Env::start().await;
    let c = env.admin();
    let upn = env.workers_without_method().await.remove(0);
    let who = Subject::user(upn.clone());
    c.create_method(&who, &create("73920485")).await.unwrap();
    let pin = c.reset_pin(&who).await.unwrap().code.unwrap();
    assert_eq!(c.reset_pin_body(), Some(ResetPinBody::ODataType));
    assert!(env.pin_matches(&upn, pin.expose()).await);

    env.compat(json!({"pinResetBody": "noODataType"})).await;
    let c = env.admin();
    let pin = c.reset_pin(&who).await.unwrap().code.unwrap();
    assert_eq!(c.reset_pin_body(), Some(ResetPinBody::Empty));
    assert!(env.pin_matches(&upn, pin.expose()).await);
    // Remembered: the next reset goes straight to the body that worked.
    c.reset_pin(&who).await.unwrap();
    assert_eq!(c.reset_pin_body(), Some(ResetPinBody::Empty));
}

#[tokio::test]
async fn the_force_change_flag_is_read_under_either_name_and_png_images_are_told_apart() {
    let env = Env::start().await;
    env.compat(json!({"forceChangeProperty": "isForcePinChangeRequired", "qrImageFormat": "png"}))
        .await;
    let c = env.admin();
    let upn = env.workers_without_method().await.remove(0);
    let who = Subject::user(upn);
    let m = c
        .create_method(&who, &create("73920485"))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        m.pin.as_ref().unwrap().force_change_pin_next_sign_in,
        Some(true)
    );
    let image = m.standard_qr_code.unwrap().image.unwrap();
    assert_eq!(image.format(), ImageFormat::Png);
    assert_eq!(image.format().extension(), "png");
    let pin = c.get_pin(&who).await.unwrap().unwrap();
    assert_eq!(pin.force_change_pin_next_sign_in, Some(true));

    env.compat(json!({"forceChangeProperty": "forceChangePinNextSignIn", "qrImageFormat": "svg"}))
        .await;
    let now = Utc::now();
    let t = c
        .create_temporary_qr_code(
            &who,
            &CodeWindow::new(now, now + chrono::Duration::hours(1)),
        )
        .await
        .unwrap()
        .into_inner();
    assert_eq!(t.image.unwrap().format().extension(), "svg");
    assert_eq!(
        c.get_pin(&who)
            .await
            .unwrap()
            .unwrap()
            .force_change_pin_next_sign_in,
        Some(true)
    );
}

#[tokio::test]
async fn shuffled_batch_answers_are_matched_by_id() {
    let env = Env::start().await;
    env.compat(json!({"batchShuffle": true})).await;
    let c = env.admin();
    let workers: Vec<String> = env.workers_without_method().await[..10].to_vec();
    let mut ids = Vec::new();
    for (i, u) in workers.iter().enumerate() {
        ids.push(if i % 3 == 0 {
            let m = c
                .create_method(&Subject::user(u.clone()), &create("73920485"))
                .await
                .unwrap();
            Some(m.into_inner().id)
        } else {
            None
        });
    }
    let items: Vec<BatchItem> = workers
        .iter()
        .map(|u| BatchItem::get_method(&c, &Subject::user(u.clone())).unwrap())
        .collect();
    for _ in 0..3 {
        let answers = c.batch_once(&items).await.unwrap();
        let results = c.batch(&items).await.unwrap();
        for (i, want) in ids.iter().enumerate() {
            let a = answers[i].as_ref().expect("answered");
            let r = &results[i];
            match want {
                Some(id) => {
                    assert_eq!(a.body.as_ref().unwrap()["id"], id.as_str(), "item {i}");
                    assert_eq!(
                        r.as_ref().unwrap().body.as_ref().unwrap()["id"],
                        id.as_str()
                    );
                }
                None => {
                    assert_eq!(a.to_error(&items[i]).code(), "graph.not_found", "item {i}");
                    assert_eq!(r.as_ref().unwrap_err().code(), "graph.not_found");
                }
            }
        }
    }
}

#[tokio::test]
async fn method_writes_refused_inside_batch_are_not_in_batch() {
    for mode in ["refuse", "refuse405"] {
        let env = Env::start().await;
        env.compat(json!({ "batchMethodWrites": mode })).await;
        let c = env.admin();
        let ws = env.workers_without_method().await;
        let (a, b) = (Subject::user(ws[0].clone()), Subject::user(ws[1].clone()));
        c.create_method(&b, &create("73920485")).await.unwrap();
        let items = vec![
            BatchItem::get_method(&c, &b).unwrap(),
            BatchItem::create_method(&c, &a, &create("58203917")).unwrap(),
            BatchItem::reset_pin(&c, &b).unwrap(),
            BatchItem::delete_method(&c, &b).unwrap(),
        ];
        let answers = c.batch_once(&items).await.unwrap();
        assert!(
            answers[0].as_ref().unwrap().is_success(),
            "{mode}: reads work"
        );
        for i in 1..items.len() {
            let e = answers[i].as_ref().unwrap().to_error(&items[i]);
            assert_eq!(e.code(), "graph.not_in_batch", "{mode} item {i}: {e}");
        }
        let results = c.batch(&items).await.unwrap();
        assert!(results[0].is_ok());
        for r in &results[1..] {
            assert_eq!(
                r.as_ref().unwrap_err().code(),
                "graph.not_in_batch",
                "{mode}"
            );
        }
        assert_eq!(
            env.method_creates(&ws[0]).await,
            0,
            "{mode}: not carried out"
        );
        assert!(
            c.get_method(&b).await.unwrap().is_some(),
            "{mode}: not deleted"
        );
        // The same writes on their own work.
        c.create_method(&a, &create("58203917")).await.unwrap();
    }
}
