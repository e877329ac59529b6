//! `--state` persistence (no PINs or QR secrets in clear), `--tls` with the generated CA,
//! graceful shutdown, and the standalone binary's flags.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use base64::Engine;
use common::*;
use qrstation_emulator::{Emulator, EmulatorConfig, Seed};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn state_file_survives_restart_without_secrets() {
    let dir = tempfile::tempdir().expect("tmp");
    // The parent directory is created on first save.
    let file = dir.path().join("demo").join("tenant.json");
    let mut cfg = EmulatorConfig::for_tests();
    cfg.state_file = Some(file.clone());
    let env = start_with(cfg.clone()).await;
    let created = env.create_method(WORKER, "70315926").await;
    let raw = created["standardQRCode"]["image"]["rawContent"]
        .as_str()
        .expect("raw")
        .to_string();
    let text = String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(&raw)
            .expect("b64"),
    )
    .expect("utf8");
    let secret = text.rsplit('|').next().expect("secret").to_string();
    env.emu.shutdown().await;

    let saved = std::fs::read_to_string(&file).expect("state written");
    assert!(saved.contains(WORKER));
    assert!(!saved.contains("70315926"), "no PIN in clear");
    assert!(
        !saved.contains(&secret) && !saved.contains(&raw),
        "no QR secret in clear"
    );

    let env = start_with(cfg).await;
    let (s, b) = env
        .get(
            &format!("/users/{WORKER}/authentication/qrCodePinMethod"),
            &env.admin(),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(b["standardQRCode"]["id"], created["standardQRCode"]["id"]);
    assert_eq!(
        env.hook("verify-pin", json!({"user": WORKER, "pin": "70315926"}))
            .await["matches"],
        true
    );
    assert_eq!(
        env.hook("qr-sign-in", json!({"rawContent": raw, "pin": "70315926"}))
            .await["outcome"],
        "pinChangeRequired"
    );
    // Reset goes back to the seed (and is persisted), through the hook or the library.
    env.hook("reset", json!({"seed": "empty"})).await;
    let state = env.state().await;
    assert_eq!(state["users"].as_array().expect("users").len(), 1);
    assert_eq!(state["policy"]["state"], "disabled");
    env.emu.reset(Seed::Demo).expect("reset");
    let (s, _) = env
        .get(
            &format!("/users/{WORKER}/authentication/qrCodePinMethod"),
            &env.admin(),
        )
        .await;
    assert_eq!(
        s,
        StatusCode::NOT_FOUND,
        "the demo seed has no method for this worker"
    );
    assert!(std::fs::read_to_string(&file)
        .expect("saved")
        .contains(MANAGER));
}

#[tokio::test]
async fn hooks_are_off_unless_enabled() {
    let emu = Emulator::start(EmulatorConfig {
        seed: Seed::Empty,
        ..EmulatorConfig::default()
    })
    .await
    .expect("start");
    let r = reqwest::Client::new()
        .get(format!("{}/_emulator/state", emu.base_url()))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    emu.shutdown().await;
}

#[tokio::test]
async fn tls_serves_https_with_the_written_ca() {
    let dir = tempfile::tempdir().expect("tmp");
    let ca = dir.path().join("ca.pem");
    let mut cfg = EmulatorConfig::for_tests();
    cfg.tls = true;
    cfg.ca_cert_path = Some(ca.clone());
    let emu = Emulator::start(cfg).await.expect("start");
    assert!(emu.base_url().starts_with("https://127.0.0.1:"));
    let pem = std::fs::read(&ca).expect("CA written");
    assert_eq!(emu.ca_cert_pem().map(str::as_bytes), Some(pem.as_slice()));
    let cert = reqwest::Certificate::from_pem(&pem).expect("pem");
    let client = reqwest::Client::builder()
        .tls_certs_only([cert])
        .build()
        .expect("client");
    let conf: serde_json::Value = client
        .get(format!(
            "{}/organizations/v2.0/.well-known/openid-configuration",
            emu.base_url()
        ))
        .send()
        .await
        .expect("https")
        .json()
        .await
        .expect("json");
    assert!(conf["token_endpoint"]
        .as_str()
        .expect("te")
        .starts_with("https://"));
    let localhost = emu.base_url().replace("127.0.0.1", "localhost");
    let r = client
        .get(format!("{localhost}/v1.0/me"))
        .bearer_auth(emu.mint_access_token(ADMIN, &["User.Read"]).expect("t"))
        .send()
        .await
        .expect("https via localhost");
    assert_eq!(r.status(), StatusCode::OK);
    // A client that does not trust the CA is refused.
    assert!(reqwest::Client::builder()
        .tls_certs_only([])
        .build()
        .expect("c")
        .get(emu.base_url())
        .send()
        .await
        .is_err());
    emu.shutdown().await;
}

#[tokio::test]
async fn shutdown_closes_the_port() {
    let env = start().await;
    let base = env.base.clone();
    env.emu.shutdown().await;
    assert!(reqwest::Client::new()
        .get(format!(
            "{base}/organizations/v2.0/.well-known/openid-configuration"
        ))
        .send()
        .await
        .is_err());
}

#[tokio::test]
async fn binary_serves_with_flags_and_prints_its_url() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qrstation-emulator"))
        .args([
            "--port",
            "0",
            "--seed",
            "empty",
            "--hooks",
            "--latency-ms",
            "1",
            "--rng-seed",
            "3",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let line = BufReader::new(stdout)
        .lines()
        .next()
        .expect("a line")
        .expect("utf8");
    let url = line.rsplit(' ').next().expect("url").to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    let state = qrstation_emulator_hooks::Hooks::new(url.as_str())
        .state()
        .await;
    assert_eq!(state["users"].as_array().expect("users").len(), 1);
    child.kill().expect("kill");
    let _ = child.wait();
}
