//! Bounds on what a server can make the client do, over real HTTP on 127.0.0.1: a deadline per
//! attempt against a server that trickles its answer, a cap on body size, a cap on nextLink
//! pages, no request to a foreign nextLink, `$batch` answers with duplicated or unknown ids,
//! and device-code polling that survives a dropped connection and a gateway error.

mod mock;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use mock::{json, Mock, Step};
use qrstation_graph::auth::{Cancel, IdentityClient, StaticToken};
use qrstation_graph::{
    ApiVersion, BatchItem, Endpoints, GraphClient, Subject, Transport, TransportConfig,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn config() -> TransportConfig {
    TransportConfig {
        retry: mock::policy(),
        sleeper: Arc::new(mock::Rec::default()),
        read_timeout: Duration::from_secs(5),
        ..TransportConfig::default()
    }
}

fn graph(base: &str, cfg: TransportConfig) -> GraphClient {
    let ep = Endpoints::custom(&format!("{base}/organizations"), base).unwrap();
    GraphClient::new(&ep, ApiVersion::V1, cfg, Arc::new(StaticToken::new("T"))).unwrap()
}

/// A server that answers every request with a 200 head and then one body byte every
/// `every`, never finishing; counts connections.
async fn trickler(every: Duration, with_length: bool) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            c.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf).await;
                let head = if with_length {
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
                } else {
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
                };
                if s.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                loop {
                    tokio::time::sleep(every).await;
                    if s.write_all(b" ").await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    (base, count)
}

#[tokio::test]
async fn a_trickling_answer_ends_at_the_deadline() {
    let (base, count) = trickler(Duration::from_millis(50), true).await;
    let cfg = TransportConfig {
        deadline: Duration::from_millis(400),
        ..config()
    };
    let t0 = Instant::now();
    let e = graph(&base, cfg).me().await.unwrap_err();
    assert_eq!(e.code(), "graph.network", "{e}");
    assert!(e.to_string().contains("within 0.4 s"), "{e}");
    // The deadline is for the whole call: no retry fits after it.
    assert_eq!(count.load(Ordering::SeqCst), 1);
    assert!(
        t0.elapsed() < Duration::from_millis(1500),
        "{:?}",
        t0.elapsed()
    );
    // The default leaves room for Graph's 60 s method writes.
    assert!(TransportConfig::default().deadline > Duration::from_secs(60));
}

#[tokio::test]
async fn a_call_cut_by_the_deadline_is_not_resent_and_a_write_may_have_taken_effect() {
    let (base, count) = trickler(Duration::from_millis(50), true).await;
    let cfg = TransportConfig {
        deadline: Duration::from_millis(300),
        ..config()
    };
    let e = graph(&base, cfg)
        .delete_method(&Subject::user("a@x.com"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "graph.network");
    assert_eq!(count.load(Ordering::SeqCst), 1);
    // A retry still fits when the first attempt fails fast (a dropped connection).
    let m = mock::start(vec![Step::Drop, json(204, "")]).await;
    let cfg = TransportConfig {
        deadline: Duration::from_millis(2000),
        ..config()
    };
    graph(&m.base, cfg)
        .delete_method(&Subject::user("a@x.com"))
        .await
        .unwrap();
    assert_eq!(m.seen().len(), 2);
    let (base, count) = trickler(Duration::from_millis(50), true).await;
    let cfg = TransportConfig {
        deadline: Duration::from_millis(300),
        ..config()
    };
    let c = graph(&base, cfg);
    let item = BatchItem::get_method(&c, &Subject::user("a@x.com")).unwrap();
    let e = c.batch_once(&[item]).await.unwrap_err();
    assert!(
        matches!(
            e,
            qrstation_graph::GraphError::Network {
                maybe_applied: true,
                ..
            }
        ),
        "{e}"
    );
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let big = format!(r#"{{"id":"u","displayName":"{}"}}"#, "x".repeat(5000));
    let m = mock::start(vec![json(200, &big), json(200, &big)]).await;
    let cfg = TransportConfig {
        max_body_bytes: 4096,
        ..config()
    };
    let e = graph(&m.base, cfg.clone()).me().await.unwrap_err();
    assert_eq!(e.code(), "graph.response_too_large");
    assert_eq!(m.seen().len(), 1, "not retried");
    // The same body fits a larger limit.
    let ok = graph(
        &m.base,
        TransportConfig {
            max_body_bytes: 8192,
            ..config()
        },
    );
    assert_eq!(ok.me().await.unwrap().id, "u");
    // Without Content-Length, the count stops the read.
    let (base, _) = trickler(Duration::from_millis(1), false).await;
    let cfg = TransportConfig {
        max_body_bytes: 64,
        deadline: Duration::from_secs(20),
        ..config()
    };
    let e = graph(&base, cfg).me().await.unwrap_err();
    assert_eq!(e.code(), "graph.response_too_large", "{e}");
}

fn page(next: Option<&str>) -> Step {
    let next = next.map_or(String::new(), |n| format!(r#","@odata.nextLink":"{n}""#));
    json(200, &format!(r#"{{"value":[{{"id":"u1"}}]{next}}}"#))
}

#[tokio::test]
async fn a_nextlink_cycle_stops_at_the_page_cap() {
    let m = mock::start(vec![]).await;
    let me = format!("{}/v1.0/users?$skiptoken=again", m.base);
    m.push((0..10).map(|_| page(Some(&me))).collect());
    let cfg = TransportConfig {
        max_pages: 5,
        ..config()
    };
    let c = graph(&m.base, cfg);
    let e = c.users_where("department", "Sales").await.unwrap_err();
    assert_eq!(e.code(), "graph.unexpected_response");
    assert!(e.to_string().contains("more than 5 pages"), "{e}");
    assert_eq!(m.seen().len(), 5, "exactly the cap, then stop");
    let e = c.list_methods(&Subject::user("a@x.com")).await.unwrap_err();
    assert!(e.to_string().contains("more than 5 pages"), "{e}");
    assert_eq!(m.seen().len(), 10);
}

#[tokio::test]
async fn a_foreign_nextlink_gets_no_request() {
    let other = mock::start(vec![page(None), page(None), page(None)]).await;
    let links = [
        format!("{}/v1.0/users?$skiptoken=x", other.base),
        format!(
            "{}/v1.0/users?$skiptoken=x",
            other.base.replace("127.0.0.1", "localhost")
        ),
        "https://graph.microsoft.com/v1.0/users?$skiptoken=x".to_owned(),
    ];
    for link in links {
        let m: Mock = mock::start(vec![page(Some(&link))]).await;
        let e = graph(&m.base, config())
            .users_where("department", "Sales")
            .await
            .unwrap_err();
        assert!(e.to_string().contains("another host"), "{link}: {e}");
        assert_eq!(m.seen().len(), 1);
    }
    // Same origin, but outside the version root or with a user name.
    let m = mock::start(vec![]).await;
    for link in [
        format!("{}/beta/users?x", m.base),
        format!("{}/v1.0x/users", m.base),
        m.base.replace("://", "://u@") + "/v1.0/users",
    ] {
        m.push(vec![page(Some(&link))]);
        let before = m.seen().len();
        let e = graph(&m.base, config())
            .users_where("department", "Sales")
            .await
            .unwrap_err();
        assert_eq!(e.code(), "graph.unexpected_response", "{link}");
        assert_eq!(m.seen().len(), before + 1, "{link}: nothing sent to it");
    }
    assert!(other.seen().is_empty(), "no request to a foreign origin");
}

#[tokio::test]
async fn batch_answers_with_duplicate_or_unknown_ids_are_not_believed() {
    let body = r#"{"responses":[
        {"id":"0","status":201,"body":{"id":"for-a"}},
        {"id":"0","status":201,"body":{"id":"for-b"}},
        {"id":"1","status":201,"body":{"id":"for-b-really"}},
        {"id":"7","status":201,"body":{"id":"stray"}},
        {"id":"02","status":201,"body":{"id":"padded"}}
    ]}"#;
    let m = mock::start(vec![json(200, body), json(200, body)]).await;
    let c = graph(&m.base, config());
    let items: Vec<BatchItem> = ["a@x.com", "b@x.com", "c@x.com"]
        .iter()
        .map(|u| BatchItem::get_method(&c, &Subject::user(*u)).unwrap())
        .collect();
    let answers = c.batch_once(&items).await.unwrap();
    assert!(answers[0].is_none(), "answered twice: believed neither");
    let b = answers[1].as_ref().unwrap();
    assert_eq!(b.body.as_ref().unwrap()["id"], "for-b-really");
    assert!(answers[2].is_none(), "`02` and `7` are not item 2");
    let results = c.batch(&items).await.unwrap();
    assert_eq!(
        results[0].as_ref().unwrap_err().code(),
        "graph.unexpected_response"
    );
    assert_eq!(
        results[1].as_ref().unwrap().body.as_ref().unwrap()["id"],
        "for-b-really"
    );
    assert!(results[2].is_err());
}

#[tokio::test]
async fn device_code_polling_survives_a_dropped_connection_and_a_gateway_error() {
    let m = mock::start(vec![]).await;
    let tid = "6babcaad-604b-40ac-a9d7-9fd97c0b779f";
    m.push(vec![
        json(
            200,
            r#"{"device_code":"dc","user_code":"ABCD","verification_uri":"https://x/devicelogin","interval":18446744073709551615,"expires_in":"900"}"#,
        ),
        Step::Drop,
        Step::Reply {
            status: 502,
            headers: vec![("Content-Type".into(), "text/html".into())],
            body: "<html>bad gateway</html>".into(),
        },
        json(400, r#"{"error":"authorization_pending"}"#),
        json(200, r#"{"access_token":"at","expires_in":3599}"#),
    ]);
    let ep = Endpoints::custom(&format!("{}/{tid}", m.base), &m.base).unwrap();
    let rec = Arc::new(mock::Rec::default());
    let cfg = TransportConfig {
        sleeper: rec.clone(),
        ..config()
    };
    let id = IdentityClient::new(&ep, "app", Transport::new(cfg).unwrap());
    let code = id.start_device_code(&["openid".into()]).await.unwrap();
    assert_eq!(code.interval, Duration::from_secs(60), "clamped");
    let tokens = id.poll_device_code(&code, &Cancel::new()).await.unwrap();
    assert_eq!(tokens.access_token, "at");
    assert_eq!(m.seen().len(), 5, "one start and four polls");
}
