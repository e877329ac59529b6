//! Retry and reconcile against a scripted local server: Retry-After (fractional, HTTP date),
//! backoff, bounded attempts and total wait, dropped connections, lost create and delete answers.

mod mock;

use std::time::Duration;

use mock::{client, graph_error, json, json_h, start, Step};
use qrstation_graph::models::{CodeWindow, CreateMethod, Pin};
use qrstation_graph::{GraphError, QrKind, Subject};

const POLICY: &str =
    r#"{"id":"qrCodePin","state":"enabled","pinLength":8,"standardQRCodeLifetimeInDays":365}"#;
const METHOD: &str =
    r#"{"id":"m-new","standardQRCode":{"id":"s1","image":null},"pin":{"code":null}}"#;

fn user() -> Subject {
    Subject::user("alex@contoso.com")
}

#[tokio::test]
async fn fractional_retry_after_is_honoured_and_each_attempt_gets_a_new_client_request_id() {
    let m = start(vec![
        json_h(
            429,
            &[("Retry-After", "0.25")],
            r#"{"error":{"code":"TooManyRequests","message":"Please retry again later."}}"#,
        ),
        json(200, POLICY),
    ])
    .await;
    let (c, rec) = client(&m);
    let p = c.get_policy().await.unwrap();
    assert_eq!(p.pin_length, Some(8));
    assert_eq!(*rec.0.lock().unwrap(), vec![Duration::from_millis(250)]);
    let seen = m.seen();
    assert_eq!(seen.len(), 2);
    let ids: Vec<_> = seen
        .iter()
        .map(|s| s.header("client-request-id").unwrap())
        .collect();
    assert_ne!(ids[0], ids[1]);
    assert!(uuid_like(&ids[0]), "{}", ids[0]);
    assert_eq!(
        seen[0].header("authorization").as_deref(),
        Some("Bearer SECRET-TOKEN")
    );
    assert!(seen[0].target.starts_with(
        "/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/qrCodePin"
    ));
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.matches('-').count() == 4
}

#[tokio::test]
async fn http_date_retry_after_and_backoff_without_header() {
    let m = start(vec![
        json_h(
            503,
            &[("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")],
            "{}",
        ),
        json(504, "{}"),
        json(200, POLICY),
    ])
    .await;
    let (c, rec) = client(&m);
    c.get_policy().await.unwrap();
    let d = rec.0.lock().unwrap().clone();
    assert_eq!(d.len(), 2);
    assert_eq!(d[0], Duration::ZERO, "a date in the past means retry now");
    assert!(
        d[1] >= Duration::from_millis(100) && d[1] <= Duration::from_millis(200),
        "{d:?}"
    );
}

#[tokio::test]
async fn throttling_stops_after_max_attempts_with_request_id_and_retry_after() {
    let steps = (0..6)
        .map(|_| {
            json_h(
                429,
                &[("Retry-After", "1.5"), ("request-id", "rid-429")],
                r#"{"error":{"code":"TooManyRequests","message":"slow down"}}"#,
            )
        })
        .collect();
    let m = start(steps).await;
    let (c, rec) = client(&m);
    let e = c.get_policy().await.unwrap_err();
    assert_eq!(e.code(), "graph.throttled");
    assert_eq!(e.request_id(), Some("rid-429"));
    assert!(
        matches!(e, GraphError::Throttled { retry_after: Some(d), .. } if d == Duration::from_millis(1500))
    );
    assert_eq!(m.seen().len(), 4, "max_attempts = 4");
    assert_eq!(rec.0.lock().unwrap().len(), 3);
}

#[tokio::test]
async fn a_retry_after_beyond_the_total_budget_gives_up_at_once() {
    let m = start(vec![json_h(429, &[("Retry-After", "3600")], "{}")]).await;
    let (c, rec) = client(&m);
    let e = c.get_policy().await.unwrap_err();
    assert_eq!(e.code(), "graph.throttled");
    assert!(rec.0.lock().unwrap().is_empty());
    assert!(e.to_string().contains("3600.0 s"), "{e}");
}

#[tokio::test]
async fn a_dropped_get_is_retried() {
    let m = start(vec![Step::Drop, json(200, POLICY)]).await;
    let (c, _) = client(&m);
    assert_eq!(c.get_policy().await.unwrap().id, "qrCodePin");
    assert_eq!(m.seen().len(), 2);
}

#[tokio::test]
async fn a_lost_create_that_took_effect_is_reconciled_and_not_repeated() {
    let m = start(vec![
        json(200, r#"{"id":"u1"}"#),
        graph_error(404, "itemNotFound", "no method"),
        Step::Drop,
        json(200, METHOD),
    ])
    .await;
    let (c, _) = client(&m);
    let req = CreateMethod {
        standard_qr_code: CodeWindow::default(),
        pin: Some(Pin::new("48302917")),
    };
    let out = c.create_method(&user(), &req).await.unwrap();
    assert!(out.response_lost());
    assert_eq!(out.value().id, "m-new");
    assert_eq!(
        m.methods(),
        ["GET", "GET", "PUT", "GET"],
        "the PUT is not sent twice"
    );
}

#[tokio::test]
async fn a_lost_create_that_did_not_take_effect_is_sent_once_more() {
    let m = start(vec![
        json(200, r#"{"id":"u1"}"#),
        graph_error(404, "itemNotFound", "no method"),
        Step::Drop,
        graph_error(404, "itemNotFound", "no method"),
        graph_error(404, "itemNotFound", "no method"),
        graph_error(404, "itemNotFound", "no method"),
        graph_error(404, "itemNotFound", "no method"),
        json(201, METHOD),
    ])
    .await;
    let (c, rec) = client(&m);
    let req = CreateMethod {
        standard_qr_code: CodeWindow::default(),
        pin: None,
    };
    let out = c.create_method(&user(), &req).await.unwrap();
    assert!(!out.response_lost());
    assert_eq!(
        m.methods(),
        ["GET", "GET", "PUT", "GET", "GET", "GET", "GET", "PUT"],
        "the user, the method before, and four reads (the default) before the resend"
    );
    assert_eq!(
        *rec.0.lock().unwrap(),
        [250, 500, 1000].map(std::time::Duration::from_millis),
        "growing waits between the reads"
    );
}

#[tokio::test]
async fn a_lost_delete_answer_then_404_counts_as_deleted() {
    let m = start(vec![Step::Drop, graph_error(404, "itemNotFound", "gone")]).await;
    let (c, _) = client(&m);
    c.delete_qr_code(&user(), QrKind::Temporary).await.unwrap();
    assert_eq!(m.methods(), ["DELETE", "DELETE"]);
    let m = start(vec![graph_error(404, "itemNotFound", "gone")]).await;
    let (c, _) = client(&m);
    assert_eq!(
        c.delete_method(&user()).await.unwrap_err().code(),
        "graph.not_found"
    );
}
