//! A one-connection-at-a-time HTTP proxy in front of the emulator that can lose the answer of
//! a chosen request after the emulator has acted on it: what a reset or time-out does to a
//! create in real life, and what the emulator's own `drop` fault (which drops before acting)
//! cannot show.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A running proxy.
pub struct LossyProxy {
    /// Where clients connect: `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// How many answers were swallowed.
    pub lost: Arc<AtomicUsize>,
}

/// Starts a proxy to `upstream` (`127.0.0.1:PORT`) that swallows the answer of the first
/// `times` requests whose method is `method` (the request is still forwarded).
pub async fn start(
    upstream: std::net::SocketAddr,
    method: &'static str,
    times: usize,
) -> LossyProxy {
    let listener = TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("bind proxy");
    let base_url = format!("http://{}", listener.local_addr().expect("addr"));
    let lost = Arc::new(AtomicUsize::new(0));
    let counter = lost.clone();
    tokio::spawn(async move {
        loop {
            let Ok((client, _)) = listener.accept().await else {
                return;
            };
            let counter = counter.clone();
            tokio::spawn(async move {
                let _ = serve(client, upstream, method, times, counter).await;
            });
        }
    });
    LossyProxy { base_url, lost }
}

async fn serve(
    mut client: TcpStream,
    upstream: std::net::SocketAddr,
    method: &str,
    times: usize,
    lost: Arc<AtomicUsize>,
) -> std::io::Result<()> {
    loop {
        let Some(request) = read_message(&mut client).await? else {
            return Ok(());
        };
        let mut up = TcpStream::connect(upstream).await?;
        up.write_all(&request).await?;
        let Some(answer) = read_message(&mut up).await? else {
            return Ok(());
        };
        let is_target = request.starts_with(format!("{method} ").as_bytes());
        if is_target && lost.load(Ordering::SeqCst) < times {
            lost.fetch_add(1, Ordering::SeqCst);
            // Close without answering: the client sees a connection closed mid-request.
            return Ok(());
        }
        client.write_all(&answer).await?;
    }
}

/// Reads one HTTP/1.1 message (head + `Content-Length` body). `None` at end of stream.
async fn read_message(s: &mut TcpStream) -> std::io::Result<Option<Vec<u8>>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = s.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let len: usize = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap_or(0))
        })
        .unwrap_or(0);
    while buf.len() < head_end + len {
        let n = s.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(Some(buf))
}
