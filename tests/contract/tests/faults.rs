//! Retry and reconcile against the emulator's fault injection: 429 with a fractional
//! `Retry-After`, 503, dropped connections, a lost create answer (through a lossy proxy), and
//! HTTPS with the emulator's own CA.

use std::sync::atomic::Ordering;
use std::time::Duration;

use chrono::Utc;
use qrstation_contract_tests::harness::{Env, ADMIN_SCOPES};
use qrstation_contract_tests::proxy;
use qrstation_emulator::EmulatorConfig;
use qrstation_graph::models::{CodeWindow, CreateMethod, Pin};
use qrstation_graph::{QrKind, Subject};

fn create() -> CreateMethod {
    let start = Utc::now() - chrono::Duration::minutes(1);
    CreateMethod {
        standard_qr_code: CodeWindow::new(start, start + chrono::Duration::days(90)),
        pin: Some(Pin::new("73920485")),
    }
}

#[tokio::test]
async fn throttled_and_unavailable_requests_are_retried_after_retry_after() {
    let env = Env::start().await;
    let c = env.admin();
    env.next_faults(&["throttle", "unavailable"]).await;
    let p = c.get_policy().await.unwrap();
    assert_eq!(p.pin_length, Some(8));
    assert_eq!(
        env.sleeper.delays(),
        vec![Duration::from_millis(1500), Duration::from_secs(1)]
    );
}

#[tokio::test]
async fn a_real_token_bucket_429_carries_a_fractional_retry_after_that_is_honoured() {
    let env = Env::start().await;
    env.hook("faults", serde_json::json!({"throttleRps": 4}))
        .await;
    env.sleeper.sleep_for_real();
    let c = env.admin();
    for _ in 0..7 {
        c.get_policy().await.unwrap();
    }
    let delays = env.sleeper.delays();
    assert!(!delays.is_empty(), "the bucket should have throttled");
    assert!(
        delays
            .iter()
            .all(|d| *d > Duration::ZERO && *d <= Duration::from_secs(1)),
        "{delays:?}"
    );
    assert!(
        delays.iter().any(|d| d.subsec_millis() != 0),
        "fractional: {delays:?}"
    );
}

#[tokio::test]
async fn dropped_connections_are_retried_for_reads_and_reconciled_for_creates() {
    let env = Env::start().await;
    let c = env.admin();
    env.next_faults(&["drop"]).await;
    assert!(c.get_policy().await.is_ok());

    // The emulator drops before acting: the reconcile GET finds nothing and the PUT is resent.
    let upn = env.workers_without_method().await.remove(0);
    let who = Subject::user(upn.clone());
    // The pre-create GET gets a short "slow" fault, the PUT the drop.
    env.hook(
        "faults",
        serde_json::json!({"slowMs": 10, "next": ["slow", "drop"]}),
    )
    .await;
    let out = c.create_method(&who, &create()).await.unwrap();
    assert!(!out.response_lost());
    assert!(out.value().pin.as_ref().unwrap().code.is_some());
    assert!(env.pin_matches(&upn, "73920485").await);
}

#[tokio::test]
async fn a_create_whose_answer_is_lost_after_it_took_effect_is_not_repeated() {
    let env = Env::start().await;
    let lossy = proxy::start(env.emu.addr(), "PUT", 1).await;
    let c = env.client_at(
        &lossy.base_url,
        &qrstation_contract_tests::harness::admin(),
        ADMIN_SCOPES,
    );
    let upn = env.workers_without_method().await.remove(0);
    let who = Subject::user(upn.clone());
    let out = c.create_method(&who, &create()).await.unwrap();
    assert_eq!(lossy.lost.load(Ordering::SeqCst), 1);
    assert!(
        out.response_lost(),
        "reported as created, with the answer lost"
    );
    assert!(
        out.value().pin.as_ref().unwrap().code.is_none(),
        "the PIN is gone with the answer"
    );
    let st = env.state().await;
    let uid = st["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["userPrincipalName"] == upn.as_str())
        .unwrap()["id"]
        .clone();
    assert_eq!(
        st["methods"][uid.as_str().unwrap()]["id"],
        out.value().id.as_str(),
        "one method, the reconciled one"
    );
    assert!(
        env.pin_matches(&upn, "73920485").await,
        "the first PUT is the one in force"
    );

    // The same for a temporary code.
    let lossy = proxy::start(env.emu.addr(), "PATCH", 1).await;
    let c = env.client_at(
        &lossy.base_url,
        &qrstation_contract_tests::harness::admin(),
        ADMIN_SCOPES,
    );
    let now = Utc::now();
    let t = c
        .create_temporary_qr_code(
            &who,
            &CodeWindow::new(now, now + chrono::Duration::hours(3)),
        )
        .await
        .unwrap();
    assert!(t.response_lost());
    assert_eq!(
        c.get_qr_code(&who, QrKind::Temporary)
            .await
            .unwrap()
            .unwrap()
            .id,
        t.value().id
    );
}

#[tokio::test]
async fn https_with_the_emulators_ca() {
    let env = Env::start_with(EmulatorConfig {
        tls: true,
        ..EmulatorConfig::for_tests()
    })
    .await;
    assert!(env.emu.base_url().starts_with("https://"));
    let c = env.admin();
    assert_eq!(c.get_policy().await.unwrap().pin_length, Some(8));

    // Without the CA the certificate is refused, and that is a network error, not a retry loop.
    let ep = env.endpoints();
    let token = env
        .emu
        .mint_access_token(&qrstation_contract_tests::harness::admin(), ADMIN_SCOPES)
        .unwrap();
    let cfg = qrstation_graph::TransportConfig {
        retry: qrstation_graph::RetryPolicy::none(),
        ..Default::default()
    };
    let bare = qrstation_graph::GraphClient::new(
        &ep,
        qrstation_graph::ApiVersion::V1,
        cfg,
        std::sync::Arc::new(qrstation_graph::auth::StaticToken::new(token)),
    )
    .unwrap();
    let e = bare.get_policy().await.unwrap_err();
    assert_eq!(e.code(), "graph.network");

    // The CA as a file, as the app configures it.
    let path = env.emu.ca_cert_path().unwrap().to_path_buf();
    let cfg = qrstation_graph::TransportConfig {
        extra_ca_pem: Some(path),
        ..Default::default()
    };
    let token = env
        .emu
        .mint_access_token(&qrstation_contract_tests::harness::admin(), ADMIN_SCOPES)
        .unwrap();
    let via_file = qrstation_graph::GraphClient::new(
        &ep,
        qrstation_graph::ApiVersion::V1,
        cfg,
        std::sync::Arc::new(qrstation_graph::auth::StaticToken::new(token)),
    )
    .unwrap();
    assert!(via_file.get_policy().await.is_ok());
}

#[tokio::test]
async fn a_read_timeout_on_a_get_is_retried() {
    let env = Env::start().await;
    let token = env
        .emu
        .mint_access_token(&qrstation_contract_tests::harness::admin(), ADMIN_SCOPES)
        .unwrap();
    let cfg = qrstation_graph::TransportConfig {
        read_timeout: Duration::from_millis(300),
        ..env.transport()
    };
    let c = qrstation_graph::GraphClient::new(
        &env.endpoints(),
        qrstation_graph::ApiVersion::V1,
        cfg,
        std::sync::Arc::new(qrstation_graph::auth::StaticToken::new(token)),
    )
    .unwrap();
    env.hook(
        "faults",
        serde_json::json!({"slowMs": 800, "next": ["slow"]}),
    )
    .await;
    assert!(c.get_policy().await.is_ok(), "a timed-out GET is resent");
    assert_eq!(
        env.sleeper.delays().len(),
        1,
        "one backoff after the time-out"
    );
}

#[tokio::test]
async fn throttled_batch_items_are_sent_again_after_retry_after() {
    let env = Env::start().await;
    env.sleeper.sleep_for_real();
    let token = env
        .emu
        .mint_access_token(&qrstation_contract_tests::harness::admin(), ADMIN_SCOPES)
        .unwrap();
    let mut cfg = env.transport();
    cfg.retry.max_attempts = 6;
    cfg.retry.base_delay = Duration::from_millis(100);
    let c = qrstation_graph::GraphClient::new(
        &env.endpoints(),
        qrstation_graph::ApiVersion::V1,
        cfg,
        std::sync::Arc::new(qrstation_graph::auth::StaticToken::new(token)),
    )
    .unwrap();
    env.hook("faults", serde_json::json!({"throttleRps": 8}))
        .await;
    let workers = env.workers_without_method().await;
    let items: Vec<_> = workers[..12]
        .iter()
        .map(|u| qrstation_graph::BatchItem::get_method(&c, &Subject::user(u.clone())).unwrap())
        .collect();
    let results = c.batch(&items).await.unwrap();
    assert_eq!(results.len(), 12);
    for r in &results {
        // No method yet: every item ends as "not found", none as throttled.
        assert_eq!(r.as_ref().unwrap_err().code(), "graph.not_found");
    }
    assert!(
        !env.sleeper.delays().is_empty(),
        "some items were throttled and retried"
    );
}
