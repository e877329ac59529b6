//! A scripted HTTP server on 127.0.0.1 for transport tests: it answers each request with the
//! next scripted reply (or drops the connection) and records what it received.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use qrstation_graph::auth::StaticToken;
use qrstation_graph::transport::sleep::BoxFuture;
use qrstation_graph::{ApiVersion, Endpoints, GraphClient, RetryPolicy, Sleeper, TransportConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One scripted answer.
#[derive(Clone)]
pub enum Step {
    Reply {
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
    },
    Drop,
}

/// A JSON answer.
pub fn json(status: u16, body: &str) -> Step {
    Step::Reply {
        status,
        headers: vec![],
        body: body.into(),
    }
}

/// A JSON answer with extra headers.
pub fn json_h(status: u16, headers: &[(&str, &str)], body: &str) -> Step {
    Step::Reply {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
        body: body.into(),
    }
}

/// A Graph error envelope.
pub fn graph_error(status: u16, code: &str, message: &str) -> Step {
    json_h(
        status,
        &[("request-id", "req-0001")],
        &format!(
            r#"{{"error":{{"code":"{code}","message":"{message}","innerError":{{"request-id":"req-0001"}}}}}}"#
        ),
    )
}

/// What the server received.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub head: String,
    pub body: String,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case(name)
                .then(|| v.trim().to_owned())
        })
    }
}

pub struct Mock {
    pub base: String,
    pub seen: Arc<Mutex<Vec<Seen>>>,
    steps: Arc<Mutex<VecDeque<Step>>>,
}

impl Mock {
    /// Scripts more answers (for bodies that must name the mock's own address).
    pub fn push(&self, steps: Vec<Step>) {
        self.steps.lock().unwrap().extend(steps);
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
    pub fn methods(&self) -> Vec<String> {
        self.seen().into_iter().map(|s| s.method).collect()
    }
}

/// Starts a server answering with `steps` in order (then 500).
pub async fn start(steps: Vec<Step>) -> Mock {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let steps = Arc::new(Mutex::new(VecDeque::from(steps)));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let rec = seen.clone();
    let script = steps.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut s, _)) = listener.accept().await else {
                return;
            };
            let (steps, rec) = (steps.clone(), rec.clone());
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                let head_end = loop {
                    if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                        break i + 4;
                    }
                    match s.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                };
                let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
                let len: usize = head
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse().unwrap_or(0))
                    })
                    .unwrap_or(0);
                while buf.len() < head_end + len {
                    match s.read(&mut chunk).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                let mut first = head.lines().next().unwrap_or("").split_whitespace();
                rec.lock().unwrap().push(Seen {
                    method: first.next().unwrap_or("").into(),
                    target: first.next().unwrap_or("").into(),
                    body: String::from_utf8_lossy(&buf[head_end..]).to_string(),
                    head: head.clone(),
                });
                let step = steps
                    .lock()
                    .unwrap()
                    .pop_front()
                    .unwrap_or_else(|| json(500, "{}"));
                match step {
                    Step::Drop => drop(s),
                    Step::Reply {
                        status,
                        headers,
                        body,
                    } => {
                        let mut out = format!(
                            "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                            body.len()
                        );
                        if !body.is_empty() {
                            out.push_str("Content-Type: application/json\r\n");
                        }
                        for (k, v) in headers {
                            out.push_str(&format!("{k}: {v}\r\n"));
                        }
                        out.push_str("\r\n");
                        out.push_str(&body);
                        let _ = s.write_all(out.as_bytes()).await;
                        let _ = s.shutdown().await;
                    }
                }
            });
        }
    });
    Mock {
        base,
        seen,
        steps: script,
    }
}

/// Records delays without sleeping.
#[derive(Debug, Default)]
pub struct Rec(pub Mutex<Vec<Duration>>);

impl Sleeper for Rec {
    fn sleep(&self, d: Duration) -> BoxFuture<'_, ()> {
        self.0.lock().unwrap().push(d);
        Box::pin(async {})
    }
}

pub fn policy() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 4,
        base_delay: Duration::from_millis(100),
        max_delay: Duration::from_secs(1),
        max_total_wait: Duration::from_secs(10),
    }
}

/// A client for the mock with token `SECRET-TOKEN` and a recording sleeper.
pub fn client(mock: &Mock) -> (GraphClient, Arc<Rec>) {
    let rec = Arc::new(Rec::default());
    let cfg = TransportConfig {
        retry: policy(),
        sleeper: rec.clone(),
        read_timeout: Duration::from_secs(2),
        ..TransportConfig::default()
    };
    let ep = Endpoints::custom(&format!("{}/organizations", mock.base), &mock.base).unwrap();
    let c = GraphClient::new(
        &ep,
        ApiVersion::V1,
        cfg,
        Arc::new(StaticToken::new("SECRET-TOKEN")),
    )
    .unwrap();
    (c, rec)
}
