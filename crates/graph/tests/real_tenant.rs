//! What a real tenant does that the demo tenant did not (issue 13), against a scripted local
//! server: the MFA step-up 403 and the 401 claims challenge, the PIN reset body fallback, an
//! expiry update that issues a new code, the create reconcile after a lost answer with stale
//! reads, the longer read time-out of authentication-method writes, and `$batch` refusals.

mod mock;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use mock::{graph_error, json, json_h, start, Mock, Rec, Step};
use qrstation_graph::auth::TokenSource;
use qrstation_graph::models::{CodeWindow, CreateMethod, Pin};
use qrstation_graph::transport::sleep::BoxFuture;
use qrstation_graph::{
    ApiVersion, BatchItem, Endpoints, GraphClient, GraphError, ResetPinBody, Subject,
    TransportConfig, MFA_STEP_UP_CLAIMS,
};

fn user() -> Subject {
    Subject::user("alex@contoso.com")
}

struct Counting(AtomicUsize);

impl TokenSource for Counting {
    fn token(&self) -> BoxFuture<'_, Result<String, GraphError>> {
        Box::pin(async { Ok("T".to_owned()) })
    }
    fn refresh<'a>(&'a self, _: &'a str) -> BoxFuture<'a, Result<Option<String>, GraphError>> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(Some("T2".to_owned())) })
    }
}

fn client_with(m: &Mock, cfg: TransportConfig, tokens: Arc<dyn TokenSource>) -> GraphClient {
    let ep = Endpoints::custom(&format!("{}/organizations", m.base), &m.base).unwrap();
    GraphClient::new(&ep, ApiVersion::V1, cfg, tokens).unwrap()
}

fn config(rec: Arc<Rec>) -> TransportConfig {
    TransportConfig {
        retry: mock::policy(),
        sleeper: rec,
        read_timeout: Duration::from_secs(2),
        consistency_reads: 3,
        consistency_wait: Duration::from_millis(100),
        ..TransportConfig::default()
    }
}

const STEP_UP: &str = r#"{"access_token":{"amr":{"essential":true,"values":["ngcmfa"]}}}"#;

#[tokio::test]
async fn a_403_on_the_users_own_pin_change_asks_for_mfa_not_a_permission() {
    let b64 = base64::engine::general_purpose::STANDARD.encode(STEP_UP);
    let header = format!(
        r#"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="insufficient_claims", claims="{b64}""#
    );
    let m = start(vec![
        // No header: the documented default claims.
        graph_error(403, "accessDenied", "needs MFA"),
        // With the header: its claims.
        json_h(
            403,
            &[("WWW-Authenticate", &header)],
            r#"{"error":{"code":"accessDenied","message":"x"}}"#,
        ),
        // An admin write on another user stays a permission problem.
        graph_error(403, "accessDenied", "Request Authorization failed"),
    ])
    .await;
    let refreshes = Arc::new(Counting(AtomicUsize::new(0)));
    let c = client_with(&m, config(Arc::default()), refreshes.clone());
    let (cur, new) = (Pin::new("73920485"), Pin::new("58203917"));
    let e = c.update_pin(&Subject::Me, &cur, &new).await.unwrap_err();
    assert_eq!(e.code(), "graph.mfa_required");
    assert_eq!(e.claims(), Some(MFA_STEP_UP_CLAIMS));
    assert!(!e.to_string().contains("Directory.AccessAsUser.All"), "{e}");
    let e = c.update_pin(&Subject::Me, &cur, &new).await.unwrap_err();
    assert_eq!(e.code(), "graph.mfa_required");
    let got: serde_json::Value = serde_json::from_str(e.claims().unwrap()).unwrap();
    assert_eq!(
        got,
        serde_json::from_str::<serde_json::Value>(STEP_UP).unwrap()
    );
    let e = c.reset_pin(&user()).await.unwrap_err();
    assert_eq!(e.code(), "graph.forbidden");
    for text in [format!("{e}"), format!("{e:?}")] {
        assert!(
            !text.contains("73920485") && !text.contains("58203917"),
            "{text}"
        );
    }
    assert_eq!(refreshes.0.load(Ordering::SeqCst), 0);
    assert_eq!(m.methods(), ["POST", "POST", "PATCH"]);
}

#[tokio::test]
async fn a_401_claims_challenge_is_not_answered_with_a_refresh() {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(r#"{"access_token":{"nbf":{"essential":true,"value":"1604106651"}}}"#);
    let header = format!(r#"Bearer error="insufficient_claims", claims="{b64}""#);
    let m = start(vec![
        json_h(
            401,
            &[("WWW-Authenticate", &header)],
            r#"{"error":{"code":"InvalidAuthenticationToken","message":"x"}}"#,
        ),
        // An ordinary 401 still refreshes once.
        json_h(
            401,
            &[("WWW-Authenticate", r#"Bearer error="invalid_token""#)],
            "{}",
        ),
        json(200, r#"{"id":"u1","userPrincipalName":"a@b"}"#),
    ])
    .await;
    let refreshes = Arc::new(Counting(AtomicUsize::new(0)));
    let c = client_with(&m, config(Arc::default()), refreshes.clone());
    let e = c.me().await.unwrap_err();
    assert_eq!(e.code(), "graph.mfa_required");
    assert!(e.claims().unwrap().contains("1604106651"));
    assert_eq!(
        refreshes.0.load(Ordering::SeqCst),
        0,
        "no refresh for a claims challenge"
    );
    c.me().await.unwrap();
    assert_eq!(refreshes.0.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_pin_reset_falls_back_to_an_empty_body_once_and_remembers() {
    let m = start(vec![
        graph_error(400, "badRequest", "Invalid request body"),
        json(
            201,
            r#"{"id":"p","code":"48302917","forceChangePinNextSignIn":true}"#,
        ),
        json(201, r#"{"id":"p","code":"58302917"}"#),
        // A PIN-rule refusal is not a body problem: no fallback.
        graph_error(400, "invalidPin", "weak"),
    ])
    .await;
    let c = client_with(
        &m,
        config(Arc::default()),
        Arc::new(Counting(AtomicUsize::new(0))),
    );
    assert_eq!(c.reset_pin_body(), None);
    let p = c.reset_pin(&user()).await.unwrap();
    assert_eq!(p.code.unwrap().expose(), "48302917");
    assert_eq!(c.reset_pin_body(), Some(ResetPinBody::Empty));
    c.reset_pin(&user()).await.unwrap();
    assert_eq!(
        c.reset_pin(&user()).await.unwrap_err().code(),
        "graph.pin_rejected"
    );
    let bodies: Vec<serde_json::Value> = m
        .seen()
        .iter()
        .map(|s| serde_json::from_str(&s.body).unwrap())
        .collect();
    assert_eq!(
        bodies[0],
        serde_json::json!({"@odata.type": "#microsoft.graph.qrPin"})
    );
    assert_eq!(bodies[1], serde_json::json!({}));
    assert_eq!(bodies[2], serde_json::json!({}), "remembered");
    assert_eq!(bodies.len(), 4);
    let item = BatchItem::reset_pin(&c, &user()).unwrap();
    assert_eq!(
        item.body,
        Some(serde_json::json!({})),
        "batches use what worked"
    );
}

#[tokio::test]
async fn an_expiry_update_that_creates_a_code_is_issued_with_its_image() {
    let svg = base64::engine::general_purpose::STANDARD.encode("<svg></svg>");
    let raw = base64::engine::general_purpose::STANDARD.encode("ms-qrpin:v1|x");
    let m = start(vec![
        json(
            201,
            &format!(r#"{{"id":"s2","expireDateTime":"2026-06-01T00:00:00Z","image":{{"binaryValue":"{svg}","rawContent":"{raw}"}}}}"#),
        ),
        // A 200 that still carries an image is a new code too.
        json(
            200,
            &format!(r#"{{"id":"s3","image":{{"binaryValue":"{svg}","rawContent":"{raw}"}}}}"#),
        ),
        json(200, r#"{"id":"s3","expireDateTime":"2026-07-01T00:00:00Z","image":null}"#),
        // A lost answer is not resent.
        Step::Drop,
    ])
    .await;
    let c = client_with(
        &m,
        config(Arc::default()),
        Arc::new(Counting(AtomicUsize::new(0))),
    );
    let at = chrono::Utc::now() + chrono::Duration::days(30);
    let a = c.update_standard_qr_expiry(&user(), at).await.unwrap();
    assert!(a.is_issued());
    assert_eq!(a.code().id, "s2");
    assert_eq!(
        a.code().image.as_ref().unwrap().format(),
        qrstation_graph::models::ImageFormat::Svg
    );
    let b = c.update_standard_qr_expiry(&user(), at).await.unwrap();
    assert!(b.is_issued());
    let e = c.update_standard_qr_expiry(&user(), at).await.unwrap();
    assert!(!e.is_issued());
    assert_eq!(e.into_code().id, "s3");
    let lost = c.update_standard_qr_expiry(&user(), at).await.unwrap_err();
    assert!(
        matches!(
            lost,
            GraphError::Network {
                maybe_applied: true,
                ..
            }
        ),
        "{lost:?}"
    );
    assert_eq!(m.methods(), ["PATCH"; 4]);
}

fn create() -> CreateMethod {
    let now = chrono::Utc::now();
    CreateMethod {
        standard_qr_code: CodeWindow::new(now, now + chrono::Duration::days(30)),
        pin: Some(Pin::new("73920485")),
    }
}

const METHOD: &str = r#"{"id":"m-new","standardQRCode":{"id":"s1"},"pin":{"id":"p"}}"#;

#[tokio::test]
async fn a_lost_create_with_stale_reads_is_reconciled_not_reported_as_existing() {
    let gone = || graph_error(404, "itemNotFound", "stale");
    let m = start(vec![
        json(200, r#"{"id":"u1"}"#),
        gone(),
        Step::Drop,
        // Three stale reads, then the resent PUT finds the method…
        gone(),
        gone(),
        gone(),
        graph_error(400, "tooManyQRCodePinMethod", "exists"),
        // …and the next reads show it.
        gone(),
        json(200, METHOD),
    ])
    .await;
    let rec = Arc::new(Rec::default());
    let c = client_with(
        &m,
        config(rec.clone()),
        Arc::new(Counting(AtomicUsize::new(0))),
    );
    let out = c.create_method(&user(), &create()).await.unwrap();
    assert!(out.response_lost());
    assert_eq!(out.value().id, "m-new");
    assert_eq!(
        m.methods(),
        ["GET", "GET", "PUT", "GET", "GET", "GET", "PUT", "GET", "GET"]
    );
    // Growing waits between the reads: 100 ms, 200 ms; then 100 ms again.
    assert_eq!(
        *rec.0.lock().unwrap(),
        [100, 200, 100].map(Duration::from_millis)
    );
}

#[tokio::test]
async fn a_lost_create_that_never_shows_up_is_a_lost_answer_not_method_exists() {
    let gone = || graph_error(404, "itemNotFound", "stale");
    let m = start(vec![
        json(200, r#"{"id":"u1"}"#),
        gone(),
        Step::Drop,
        gone(),
        gone(),
        gone(),
        graph_error(400, "tooManyQRCodePinMethod", "exists"),
        gone(),
        gone(),
        gone(),
    ])
    .await;
    let c = client_with(
        &m,
        config(Arc::default()),
        Arc::new(Counting(AtomicUsize::new(0))),
    );
    let e = c.create_method(&user(), &create()).await.unwrap_err();
    assert_eq!(e.code(), "graph.network");
    assert!(matches!(
        e,
        GraphError::Network {
            maybe_applied: true,
            ..
        }
    ));
    assert_eq!(m.methods().len(), 10);

    // The first read after the loss finds it: reconciled at once, no second PUT.
    let m = start(vec![
        json(200, r#"{"id":"u1"}"#),
        gone(),
        Step::Drop,
        json(200, METHOD),
    ])
    .await;
    let c = client_with(
        &m,
        config(Arc::default()),
        Arc::new(Counting(AtomicUsize::new(0))),
    );
    assert!(c
        .create_method(&user(), &create())
        .await
        .unwrap()
        .response_lost());
    assert_eq!(m.methods(), ["GET", "GET", "PUT", "GET"]);
}

#[tokio::test]
async fn a_lost_temporary_code_with_stale_reads_is_reconciled() {
    let m = start(vec![
        json(200, r#"{"id":"u1"}"#),
        graph_error(404, "itemNotFound", "none"),
        Step::Drop,
        graph_error(404, "itemNotFound", "stale"),
        graph_error(404, "itemNotFound", "stale"),
        graph_error(404, "itemNotFound", "stale"),
        graph_error(400, "ActiveQRCodeExisted", "exists"),
        json(200, r#"{"id":"t-new"}"#),
    ])
    .await;
    let c = client_with(
        &m,
        config(Arc::default()),
        Arc::new(Counting(AtomicUsize::new(0))),
    );
    let now = chrono::Utc::now();
    let t = c
        .create_temporary_qr_code(
            &user(),
            &CodeWindow::new(now, now + chrono::Duration::hours(2)),
        )
        .await
        .unwrap();
    assert!(t.response_lost());
    assert_eq!(t.value().id, "t-new");
}

/// A server that waits `delay` before answering every request with `body`.
async fn slow_server(delay: Duration, body: &'static str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = [0u8; 8192];
                let _ = s.read(&mut buf).await;
                tokio::time::sleep(delay).await;
                let out = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = s.write_all(out.as_bytes()).await;
            });
        }
    });
    base
}

#[tokio::test]
async fn method_writes_wait_longer_than_reads() {
    let base = slow_server(
        Duration::from_millis(700),
        r#"{"id":"p","code":"48302917"}"#,
    )
    .await;
    let cfg = TransportConfig {
        read_timeout: Duration::from_millis(300),
        write_timeout: Duration::from_secs(3),
        retry: qrstation_graph::RetryPolicy::none(),
        ..TransportConfig::default()
    };
    let ep = Endpoints::custom(&format!("{base}/organizations"), &base).unwrap();
    let c = GraphClient::new(
        &ep,
        ApiVersion::V1,
        cfg,
        Arc::new(Counting(AtomicUsize::new(0))),
    )
    .unwrap();
    let p = c.reset_pin(&Subject::Me).await.unwrap();
    assert!(p.code.is_some(), "the slow write was waited for");
    let e = c.get_policy().await.unwrap_err();
    assert_eq!(e.code(), "graph.network", "the slow read timed out");
}

#[tokio::test]
async fn batch_items_refused_as_batched_are_not_in_batch() {
    let m = start(vec![json(
        200,
        r#"{"responses":[
            {"id":"2","status":405,"body":{"error":{"code":"Request_BadRequest","message":"Specified HTTP method is not allowed for the request target."}}},
            {"id":"0","status":200,"body":{"id":"m1"}},
            {"id":"1","status":400,"body":{"error":{"code":"BadRequest","message":"Write requests to authentication methods are not supported in JSON batch."}}},
            {"id":"3","status":501,"body":{"error":{"code":"NotImplemented","message":""}}}
        ]}"#,
    )])
    .await;
    let c = client_with(
        &m,
        config(Arc::default()),
        Arc::new(Counting(AtomicUsize::new(0))),
    );
    let items = vec![
        BatchItem::get_method(&c, &user()).unwrap(),
        BatchItem::create_method(&c, &user(), &create()).unwrap(),
        BatchItem::delete_method(&c, &user()).unwrap(),
        BatchItem::reset_pin(&c, &user()).unwrap(),
    ];
    let answers = c.batch_once(&items).await.unwrap();
    assert!(answers[0].as_ref().unwrap().is_success());
    assert_eq!(
        answers[0].as_ref().unwrap().body.as_ref().unwrap()["id"],
        "m1"
    );
    for (i, a) in answers.iter().enumerate().skip(1) {
        let a = a.as_ref().unwrap();
        assert_eq!(
            a.to_error(&items[i]).code(),
            "graph.not_in_batch",
            "item {i}"
        );
    }
}

#[tokio::test]
async fn device_code_requests_carry_the_claims_only_when_asked() {
    let code = r#"{"device_code":"d","user_code":"U","verification_uri":"https://x","interval":5,"expires_in":900}"#;
    let m = start(vec![json(200, code), json(200, code)]).await;
    let ep = Endpoints::custom(&format!("{}/organizations", m.base), &m.base).unwrap();
    let transport = qrstation_graph::Transport::new(config(Arc::default())).unwrap();
    let id = qrstation_graph::auth::IdentityClient::new(&ep, "cid", transport);
    let scopes = ["openid".to_owned()];
    id.start_device_code(&scopes).await.unwrap();
    id.start_device_code_with_claims(&scopes, Some(MFA_STEP_UP_CLAIMS))
        .await
        .unwrap();
    let form = |i: usize| -> Vec<(String, String)> {
        url::form_urlencoded::parse(m.seen()[i].body.as_bytes())
            .into_owned()
            .collect()
    };
    assert!(form(0).iter().all(|(k, _)| k != "claims"));
    assert!(form(1)
        .iter()
        .any(|(k, v)| k == "claims" && v == MFA_STEP_UP_CLAIMS));
    assert!(m.seen()[1]
        .target
        .ends_with("/organizations/oauth2/v2.0/devicecode"));
}
