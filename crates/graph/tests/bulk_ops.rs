//! The bulk building blocks against a scripted local server: one `$batch` with every item's
//! own status, `Retry-After` and request-id and no retries of its own; a lost batch answer
//! reported as "may have taken effect"; everyone in a department, quotes escaped.

mod mock;

use std::time::Duration;

use mock::{client, json, start, Step};
use qrstation_graph::models::{CodeWindow, CreateMethod, Pin};
use qrstation_graph::{BatchItem, GraphError, Subject};

fn create(c: &qrstation_graph::GraphClient, upn: &str) -> BatchItem {
    let t = chrono::Utc::now();
    let req = CreateMethod {
        standard_qr_code: CodeWindow::new(t, t + chrono::Duration::days(30)),
        pin: Some(Pin::new("48271953")),
    };
    BatchItem::create_method(c, &Subject::user(upn), &req).unwrap()
}

#[tokio::test]
async fn one_batch_answers_each_item_and_retries_nothing() {
    let m = start(vec![json(
        200,
        r#"{"responses":[
            {"id":"1","status":201,"headers":{"request-id":"r1"},"body":{"id":"m1"}},
            {"id":"0","status":429,"headers":{"Retry-After":"0.5","request-id":"r0"},"body":{"error":{"code":"TooManyRequests","message":"slow down"}}},
            {"id":"2","status":400,"headers":{"request-id":"r2"},"body":{"error":{"code":"tooManyQRCodePinMethod","message":"There can be only one"}}}
        ]}"#,
    )])
    .await;
    let (c, rec) = client(&m);
    let items: Vec<BatchItem> = ["a@x.com", "b@x.com", "c@x.com", "d@x.com"]
        .iter()
        .map(|u| create(&c, u))
        .collect();
    let answers = c.batch_once(&items).await.unwrap();
    assert_eq!(answers.len(), 4);
    let a0 = answers[0].as_ref().unwrap();
    assert_eq!((a0.status, a0.request_id.as_deref()), (429, Some("r0")));
    assert_eq!(a0.retry_after, Some(Duration::from_millis(500)));
    assert_eq!(a0.to_error(&items[0]).code(), "graph.throttled");
    assert!(answers[1].as_ref().unwrap().is_success());
    assert_eq!(
        answers[2].as_ref().unwrap().to_error(&items[2]).code(),
        "graph.method_exists"
    );
    assert!(answers[3].is_none(), "an item left out of the answer");
    assert!(rec.0.lock().unwrap().is_empty(), "no sleeping, no retries");
    assert_eq!(m.seen().len(), 1);
    // The PIN travels in the body, never in Debug output.
    let sent = &m.seen()[0];
    assert!(sent.body.contains("48271953"));
    assert!(!format!("{:?} {:?}", items[0], answers[1]).contains("48271953"));

    assert!(matches!(
        c.batch_once(&[]).await,
        Err(GraphError::InvalidRequest(_))
    ));
    let too_many: Vec<BatchItem> = (0..21).map(|_| items[0].clone()).collect();
    assert!(c.batch_once(&too_many).await.is_err());
}

#[tokio::test]
async fn a_lost_batch_answer_may_have_taken_effect() {
    let m = start(vec![Step::Drop]).await;
    let (c, _) = client(&m);
    let err = c.batch_once(&[create(&c, "a@x.com")]).await.unwrap_err();
    assert!(
        matches!(
            err,
            GraphError::Network {
                maybe_applied: true,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(m.seen().len(), 1, "never sent twice");
}

#[tokio::test]
async fn everyone_in_a_department_with_quotes_escaped() {
    let m = start(vec![json(
        200,
        r#"{"value":[{"id":"1","userPrincipalName":"a@x.com","department":"O'Brien's"}]}"#,
    )])
    .await;
    let (c, _) = client(&m);
    let users = c.users_where("department", "O'Brien's").await.unwrap();
    assert_eq!(users.len(), 1);
    let target = m.seen()[0].target.clone();
    let query = url::form_urlencoded::parse(target.split_once('?').unwrap().1.as_bytes())
        .find(|(k, _)| k == "$filter")
        .unwrap()
        .1
        .into_owned();
    assert_eq!(query, "department eq 'O''Brien''s'");
    assert!(matches!(
        c.users_where("password", "x").await,
        Err(GraphError::InvalidRequest(_))
    ));
}
