//! Replication lag (`replicaLagMs`: config, compat, faults hook) and the `$batch` switches
//! (`batchShuffle`, `batchMethodWrites`) over real HTTP.

mod common;

use std::time::Duration;

use common::*;
use qrstation_emulator::EmulatorConfig;
use reqwest::StatusCode;
use serde_json::{json, Value};

const JSON: &str = "application/json";

async fn batch(env: &Env, body: Value) -> (StatusCode, Value) {
    json_of(
        env.http
            .post(env.url("/v1.0/$batch"))
            .bearer_auth(env.admin())
            .json(&body)
            .send()
            .await
            .expect("post"),
    )
    .await
}

fn find<'a>(b: &'a Value, id: &str) -> &'a Value {
    b["responses"]
        .as_array()
        .expect("responses")
        .iter()
        .find(|r| r["id"] == id)
        .expect("response for id")
}

fn ids(b: &Value) -> Vec<String> {
    b["responses"]
        .as_array()
        .expect("responses")
        .iter()
        .map(|r| r["id"].as_str().expect("id").to_string())
        .collect()
}

#[tokio::test]
async fn reads_lag_behind_writes_for_the_configured_time() {
    let env = start_with(EmulatorConfig {
        replica_lag_ms: 600,
        ..EmulatorConfig::for_tests()
    })
    .await;
    let admin = env.admin();
    let m = format!("/users/{WORKER}/authentication/qrCodePinMethod");
    env.create_method(WORKER, "48302917").await;
    // A just-created method is "Not Found" for a while: method, codes and PIN.
    for p in [m.clone(), format!("{m}/pin"), format!("{m}/standardQRCode")] {
        let (s, _) = env.get(&p, &admin).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{p} right after the PUT");
    }
    // Writes go to the primary: a second PUT is refused at once.
    let (s, b) = env.send("PUT", &m, &admin, create_body("48302917")).await;
    assert_eq!(
        (s, error_code(&b).as_str()),
        (StatusCode::BAD_REQUEST, "tooManyQRCodePinMethod")
    );
    tokio::time::sleep(Duration::from_millis(700)).await;
    let (s, b) = env.get(&m, &admin).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // A just-deleted one is still there within the lag.
    let (s, _) = json_of(env.graph(reqwest::Method::DELETE, &m, &admin, None).await).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = env.get(&m, &admin).await;
    assert_eq!(s, StatusCode::OK, "still visible within the lag");
    tokio::time::sleep(Duration::from_millis(700)).await;
    let (s, _) = env.get(&m, &admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    // Other users are not affected.
    let (s, _) = env
        .get(
            &format!("/users/{HEALTHY}/authentication/qrCodePinMethod"),
            &admin,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
}

#[tokio::test]
async fn lag_is_off_by_default_and_set_by_the_hooks() {
    let env = start().await;
    let admin = env.admin();
    let m = format!("/users/{WORKER}/authentication/qrCodePinMethod");
    env.create_method(WORKER, "48302917").await;
    let (s, _) = env.get(&m, &admin).await;
    assert_eq!(s, StatusCode::OK, "strongly consistent by default");
    env.hook("faults", json!({"replicaLagMs": 500})).await;
    let (s, _) = json_of(env.graph(reqwest::Method::DELETE, &m, &admin, None).await).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = env.get(&m, &admin).await;
    assert_eq!(s, StatusCode::OK, "faults hook turned the lag on");
    env.hook("compat", json!({"replicaLagMs": 0})).await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    // Through $batch too (lag back on via compat).
    env.hook("compat", json!({"replicaLagMs": 500})).await;
    let (s, b) = batch(&env, json!({"requests": [
        {"id": "1", "method": "PUT", "url": m, "headers": {"Content-Type": JSON}, "body": create_body("48302917")},
    ]}))
    .await;
    assert_eq!(
        (s, find(&b, "1")["status"].as_u64()),
        (StatusCode::OK, Some(201))
    );
    let (s, _) = env.get(&m, &admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND, "a batch write lags too");
    tokio::time::sleep(Duration::from_millis(600)).await;
    let (s, _) = env.get(&m, &admin).await;
    assert_eq!(s, StatusCode::OK);
}

fn five_reads() -> Value {
    let users = [HEALTHY, WORKER, WORKER2, FORCED, EXPIRED];
    let reqs: Vec<Value> = users
        .iter()
        .enumerate()
        .map(|(i, u)| json!({"id": format!("r{i}"), "method": "GET", "url": format!("/users/{u}?$select=userPrincipalName")}))
        .collect();
    json!({ "requests": reqs })
}

#[tokio::test]
async fn batch_shuffle_changes_the_order_not_the_ids() {
    let env = start().await;
    let (_, b) = batch(&env, five_reads()).await;
    let in_order = ids(&b);
    assert_eq!(
        in_order,
        ["r0", "r1", "r2", "r3", "r4"],
        "request order by default"
    );
    env.hook("compat", json!({"batchShuffle": true})).await;
    for _ in 0..3 {
        let (s, b) = batch(&env, five_reads()).await;
        assert_eq!(s, StatusCode::OK);
        let got = ids(&b);
        assert_ne!(got, in_order, "shuffled");
        let mut sorted = got.clone();
        sorted.sort();
        assert_eq!(sorted, in_order, "same ids");
        // Each answer still belongs to its request.
        assert_eq!(find(&b, "r1")["body"]["userPrincipalName"], WORKER);
        assert_eq!(find(&b, "r4")["body"]["userPrincipalName"], EXPIRED);
    }
}

fn method_writes() -> Value {
    json!({"requests": [
        {"id": "put", "method": "PUT", "url": format!("/users/{WORKER}/authentication/qrCodePinMethod"), "headers": {"Content-Type": JSON}, "body": create_body("48302917")},
        {"id": "reset", "method": "PATCH", "url": format!("/users/{HEALTHY}/authentication/qrCodePinMethod/pin"), "headers": {"Content-Type": JSON}, "body": {}},
        {"id": "del", "method": "DELETE", "url": format!("users/{FORCED}/authentication/qrCodePinMethod")},
        {"id": "read", "method": "GET", "url": format!("/users/{HEALTHY}/authentication/qrCodePinMethod")},
        {"id": "after", "method": "GET", "url": "/me", "dependsOn": ["put"]},
    ]})
}

#[tokio::test]
async fn batch_method_writes_can_be_refused() {
    let env = start().await;
    let before = env.state().await;
    for (mode, status, code, message) in [
        (
            "refuse",
            400,
            "BadRequest",
            "Write requests to authentication methods are not supported in JSON batch.",
        ),
        (
            "refuse405",
            405,
            "Request_BadRequest",
            "Specified HTTP method is not allowed for the request target.",
        ),
    ] {
        env.hook("compat", json!({"batchMethodWrites": mode})).await;
        let (s, b) = batch(&env, method_writes()).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        for id in ["put", "reset", "del"] {
            let r = find(&b, id);
            assert_eq!(r["status"], status, "{mode} {id}");
            assert_eq!(r["body"]["error"]["code"], code);
            assert_eq!(r["body"]["error"]["message"], message);
        }
        assert_eq!(find(&b, "read")["status"], 200, "reads still work");
        assert_eq!(find(&b, "after")["status"], 424);
        let after = env.state().await;
        assert_eq!(
            after["methods"], before["methods"],
            "{mode}: nothing was carried out"
        );
        assert_eq!(after["methodCreates"], json!({}));
    }
    // Single requests are unaffected, and "accept" carries the batch out.
    env.create_method(WORKER2, "48302917").await;
    env.hook("compat", json!({"batchMethodWrites": "accept"}))
        .await;
    let (_, b) = batch(&env, method_writes()).await;
    assert_eq!(find(&b, "put")["status"], 201);
    assert_eq!(find(&b, "reset")["status"], 201);
    assert_eq!(find(&b, "del")["status"], 204);
}
