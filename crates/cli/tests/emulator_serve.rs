//! `qrstation emulator serve` as a real process: it prints its URL and answers over HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

#[test]
fn emulator_serve_prints_its_url_and_serves_openid_configuration() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qrstation"))
        .args(["emulator", "serve", "--port", "0", "--seed", "empty"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("qrstation runs");
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let base = first
        .trim()
        .strip_prefix("qrstation emulator listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line: {first:?}"))
        .to_owned();

    let mut conn = std::net::TcpStream::connect(&base).unwrap();
    write!(
        conn,
        "GET /organizations/v2.0/.well-known/openid-configuration HTTP/1.1\r\nHost: {base}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    conn.read_to_string(&mut response).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();

    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("\"token_endpoint\""), "{response}");
    assert!(response.contains("/oauth2/v2.0/token"), "{response}");
}
