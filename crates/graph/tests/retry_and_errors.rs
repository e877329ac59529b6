//! Transport behaviour against a scripted local server: Retry-After, backoff, bounded attempts,
//! dropped connections, lost create answers, 401 refresh, updatePin verb fallback, bodiless
//! 2xx answers, and errors that keep the request-id but never a token or PIN.

mod mock;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use mock::{client, graph_error, json, json_h, start, Step};
use qrstation_graph::auth::TokenSource;
use qrstation_graph::models::{CodeWindow, CreateMethod, Pin, PolicyUpdate};
use qrstation_graph::transport::sleep::BoxFuture;
use qrstation_graph::{
    ApiVersion, Endpoints, GraphClient, GraphError, QrKind, Subject, TransportConfig, UpdatePinVerb,
};

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
        ["GET", "PUT", "GET"],
        "the PUT is not sent twice"
    );
}

#[tokio::test]
async fn a_lost_create_that_did_not_take_effect_is_sent_once_more() {
    let m = start(vec![
        graph_error(404, "itemNotFound", "no method"),
        Step::Drop,
        graph_error(404, "itemNotFound", "no method"),
        json(201, METHOD),
    ])
    .await;
    let (c, _) = client(&m);
    let req = CreateMethod {
        standard_qr_code: CodeWindow::default(),
        pin: None,
    };
    let out = c.create_method(&user(), &req).await.unwrap();
    assert!(!out.response_lost());
    assert_eq!(m.methods(), ["GET", "PUT", "GET", "PUT"]);
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

struct Refreshing(AtomicUsize);

impl TokenSource for Refreshing {
    fn token(&self) -> BoxFuture<'_, Result<String, GraphError>> {
        Box::pin(async { Ok("old".to_owned()) })
    }
    fn refresh<'a>(
        &'a self,
        rejected: &'a str,
    ) -> BoxFuture<'a, Result<Option<String>, GraphError>> {
        assert!(
            rejected == "old" || rejected == "new",
            "the rejected token is passed"
        );
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(Some("new".to_owned())) })
    }
}

#[tokio::test]
async fn a_401_refreshes_once_then_reports_unauthorized() {
    let m = start(vec![
        graph_error(401, "InvalidAuthenticationToken", "expired"),
        json(200, POLICY),
    ])
    .await;
    let src = Arc::new(Refreshing(AtomicUsize::new(0)));
    let ep = Endpoints::custom(&format!("{}/t", m.base), &m.base).unwrap();
    let c = GraphClient::new(
        &ep,
        ApiVersion::Beta,
        TransportConfig::default(),
        src.clone(),
    )
    .unwrap();
    c.get_policy().await.unwrap();
    assert_eq!(src.0.load(Ordering::SeqCst), 1);
    let seen = m.seen();
    assert_eq!(
        seen[1].header("authorization").as_deref(),
        Some("Bearer new")
    );
    assert!(seen[0].target.starts_with("/beta/"));

    let m = start(vec![
        graph_error(401, "InvalidAuthenticationToken", "expired"),
        graph_error(401, "InvalidAuthenticationToken", "expired"),
    ])
    .await;
    let ep = Endpoints::custom(&format!("{}/t", m.base), &m.base).unwrap();
    let c = GraphClient::new(&ep, ApiVersion::V1, TransportConfig::default(), src.clone()).unwrap();
    assert_eq!(
        c.get_policy().await.unwrap_err().code(),
        "graph.unauthorized"
    );
    assert_eq!(
        src.0.load(Ordering::SeqCst),
        2,
        "refreshed once more, not in a loop"
    );
}

#[tokio::test]
async fn update_pin_posts_first_falls_back_to_patch_and_remembers() {
    let m = start(vec![
        graph_error(405, "methodNotAllowed", "The HTTP method is not allowed"),
        Step::Reply {
            status: 204,
            headers: vec![],
            body: String::new(),
        },
        Step::Reply {
            status: 204,
            headers: vec![],
            body: String::new(),
        },
    ])
    .await;
    let (c, _) = client(&m);
    let (cur, new) = (Pin::new("48302917"), Pin::new("73920485"));
    c.update_pin(&Subject::Me, &cur, &new).await.unwrap();
    assert_eq!(c.update_pin_verb(), Some(UpdatePinVerb::Patch));
    c.update_pin(&Subject::Me, &new, &cur).await.unwrap();
    assert_eq!(m.methods(), ["POST", "PATCH", "PATCH"]);
    let seen = m.seen();
    assert_eq!(
        seen[0].target,
        "/v1.0/me/authentication/qrCodePinMethod/pin/updatePin"
    );
    assert_eq!(
        seen[0].body,
        r#"{"currentPin":"48302917","newPin":"73920485"}"#
    );
}

#[tokio::test]
async fn a_pin_refusal_is_not_mistaken_for_a_verb_refusal_and_leaks_nothing() {
    let m = start(vec![graph_error(
        400,
        "invalidCurrentPin",
        "The current PIN 48302917 is wrong",
    )])
    .await;
    let (c, _) = client(&m);
    let e = c
        .update_pin(&Subject::Me, &Pin::new("48302917"), &Pin::new("73920485"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "graph.pin_rejected");
    assert_eq!(m.methods(), ["POST"]);
    for text in [e.to_string(), format!("{e:?}")] {
        assert!(
            !text.contains("48302917") && !text.contains("73920485"),
            "{text}"
        );
        assert!(!text.contains("SECRET-TOKEN"), "{text}");
        assert!(text.contains("req-0001"), "request-id kept: {text}");
    }
    assert!(e.to_string().contains("current PIN is wrong"));
}

#[tokio::test]
async fn bodiless_2xx_answers_are_followed_by_a_get() {
    let empty = || Step::Reply {
        status: 204,
        headers: vec![],
        body: String::new(),
    };
    let m = start(vec![
        empty(),
        json(200, POLICY),
        empty(),
        json(
            200,
            r#"{"value":{"id":"s1","expireDateTime":"2026-06-01T00:00:00Z"}}"#,
        ),
    ])
    .await;
    let (c, _) = client(&m);
    let p = c
        .update_policy(&PolicyUpdate {
            pin_length: Some(8),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(p.id, "qrCodePin");
    let expire = chrono::Utc::now() + chrono::Duration::days(30);
    let code = c.update_standard_qr_expiry(&user(), expire).await.unwrap();
    assert_eq!(code.id, "s1");
    assert_eq!(m.methods(), ["PATCH", "GET", "PATCH", "GET"]);
    let body: serde_json::Value = serde_json::from_str(&m.seen()[0].body).unwrap();
    assert_eq!(
        body["@odata.type"],
        "#microsoft.graph.qrCodePinAuthenticationMethodConfiguration"
    );
}

#[tokio::test]
async fn forbidden_names_the_missing_permission_and_network_errors_name_the_host() {
    let m = start(vec![graph_error(
        403,
        "accessDenied",
        "Request Authorization failed",
    )])
    .await;
    let (c, _) = client(&m);
    let e = c.reset_pin(&user()).await.unwrap_err();
    assert_eq!(e.code(), "graph.forbidden");
    assert!(
        e.to_string()
            .contains("UserAuthenticationMethod.ReadWrite.All"),
        "{e}"
    );
    assert_eq!(e.status(), Some(403));

    let ep = Endpoints::custom("http://127.0.0.1:9/t", "http://127.0.0.1:9").unwrap();
    let cfg = TransportConfig {
        retry: qrstation_graph::RetryPolicy::none(),
        ..TransportConfig::default()
    };
    let c = GraphClient::new(
        &ep,
        ApiVersion::V1,
        cfg,
        Arc::new(qrstation_graph::auth::StaticToken::new("SECRET-TOKEN")),
    )
    .unwrap();
    let e = c.get_method(&user()).await.unwrap_err();
    assert_eq!(e.code(), "graph.network");
    assert!(
        e.to_string().contains("127.0.0.1") && !e.to_string().contains("SECRET"),
        "{e}"
    );
}

#[tokio::test]
async fn missing_items_are_none_but_missing_users_are_errors() {
    let m = start(vec![
        graph_error(404, "itemNotFound", "x"),
        graph_error(404, "Request_ResourceNotFound", "no user"),
        graph_error(404, "itemNotFound", "x"),
    ])
    .await;
    let (c, _) = client(&m);
    assert_eq!(c.get_method(&user()).await.unwrap(), None);
    assert_eq!(
        c.get_method(&user()).await.unwrap_err().code(),
        "graph.not_found"
    );
    assert_eq!(
        c.get_qr_code(&user(), QrKind::Temporary).await.unwrap(),
        None
    );
}

#[test]
fn an_unreadable_or_bogus_ca_file_is_a_config_error() {
    let cfg = TransportConfig {
        extra_ca_pem: Some("/nonexistent/ca.pem".into()),
        ..TransportConfig::default()
    };
    assert_eq!(
        qrstation_graph::Transport::new(cfg).unwrap_err().code(),
        "graph.invalid_config"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ca.pem");
    std::fs::write(&path, "not a certificate").unwrap();
    let cfg = TransportConfig {
        extra_ca_pem: Some(path),
        ..TransportConfig::default()
    };
    assert_eq!(
        qrstation_graph::Transport::new(cfg).unwrap_err().code(),
        "graph.invalid_config"
    );
}
