//! Answers that are not plain successes, against a scripted local server: 401 refresh, the
//! updatePin verb fallback, bodiless 2xx answers, 403/404/network mapping, CA configuration, and
//! errors that keep the request-id but never a token or PIN.

mod mock;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use mock::{client, graph_error, json, start, Step};
use qrstation_graph::auth::TokenSource;
use qrstation_graph::models::{Pin, PolicyUpdate};
use qrstation_graph::transport::sleep::BoxFuture;
use qrstation_graph::{
    ApiVersion, Endpoints, GraphClient, GraphError, QrKind, Subject, TransportConfig, UpdatePinVerb,
};

const POLICY: &str =
    r#"{"id":"qrCodePin","state":"enabled","pinLength":8,"standardQRCodeLifetimeInDays":365}"#;

fn user() -> Subject {
    Subject::user("alex@contoso.com")
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
    }
    // The request-id is kept for support, apart from the message a person reads.
    assert_eq!(e.request_id(), Some("req-0001"));
    assert!(format!("{e:?}").contains("req-0001"));
    assert!(!e.to_string().contains("req-0001"), "{e}");
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
        json(200, r#"{"id":"u1"}"#),
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
    let change = c.update_standard_qr_expiry(&user(), expire).await.unwrap();
    assert!(!change.is_issued(), "204 then GET: the same code, extended");
    assert_eq!(change.code().id, "s1");
    assert_eq!(m.methods(), ["PATCH", "GET", "PATCH", "GET", "GET"]);
    assert!(
        m.seen()[3]
            .target
            .contains("/users/alex@contoso.com?%24select=id"),
        "{}",
        m.seen()[3].target
    );
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
        // The user is looked up first; then any 404 on the method path is "none", whatever
        // its code.
        json(200, r#"{"id":"u1"}"#),
        graph_error(404, "Request_ResourceNotFound", "no method"),
        graph_error(404, "itemNotFound", "x"),
        graph_error(404, "SomethingElse", "x"),
        // Another user that does not exist.
        graph_error(404, "Request_ResourceNotFound", "no user"),
        // A third one this account may not look up: the Graph code decides, as before.
        graph_error(403, "Authorization_RequestDenied", "no"),
        graph_error(404, "itemNotFound", "x"),
        graph_error(403, "Authorization_RequestDenied", "no"),
        graph_error(404, "Request_ResourceNotFound", "x"),
    ])
    .await;
    let (c, _) = client(&m);
    assert_eq!(c.get_method(&user()).await.unwrap(), None);
    assert_eq!(
        c.get_qr_code(&user(), QrKind::Temporary).await.unwrap(),
        None,
        "the user is remembered: no second lookup"
    );
    assert_eq!(c.get_pin(&user()).await.unwrap(), None);
    let nobody = Subject::user("nobody@contoso.com");
    assert_eq!(
        c.get_method(&nobody).await.unwrap_err().code(),
        "graph.not_found"
    );
    let hidden = Subject::user("hidden@contoso.com");
    assert_eq!(c.get_method(&hidden).await.unwrap(), None);
    assert_eq!(
        c.get_method(&hidden).await.unwrap_err().code(),
        "graph.not_found",
        "a 403 on the lookup is not remembered"
    );
    let targets: Vec<String> = m.seen().into_iter().map(|s| s.target).collect();
    assert_eq!(targets.len(), 9, "{targets:?}");
    assert!(
        targets[0].ends_with("/v1.0/users/alex@contoso.com?%24select=id"),
        "{targets:?}"
    );
    assert!(targets[1].ends_with("/v1.0/users/alex@contoso.com/authentication/qrCodePinMethod"));
    assert!(targets[4].ends_with("/v1.0/users/nobody@contoso.com?%24select=id"));
    // /me needs no lookup.
    m.push(vec![graph_error(404, "Request_ResourceNotFound", "x")]);
    assert_eq!(c.get_method(&Subject::Me).await.unwrap(), None);
    assert!(m.seen()[9]
        .target
        .ends_with("/v1.0/me/authentication/qrCodePinMethod"));
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
