//! `$batch` (limit, duplicate ids, dependsOn, 424) and fault injection: throttling with a
//! fractional Retry-After, injected 503s, slow responses, dropped connections, latency, and
//! the seedable random fault rate; lost responses (carried out, answer dropped) and per-item
//! faults inside a batch.

mod common;

use std::time::{Duration, Instant};

use common::*;
use qrstation_emulator::EmulatorConfig;
use reqwest::StatusCode;
use serde_json::{json, Value};

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

#[tokio::test]
async fn batch_runs_items_with_dependencies() {
    let env = start().await;
    let create = create_body("48302917");
    let (s, b) = batch(&env, json!({"requests": [
        {"id": "1", "method": "PUT", "url": format!("/users/{WORKER}/authentication/qrCodePinMethod"), "headers": {"Content-Type": "application/json"}, "body": create},
        {"id": "2", "method": "GET", "url": format!("/users/{WORKER}/authentication/qrCodePinMethod"), "dependsOn": ["1"]},
        {"id": "3", "method": "PUT", "url": format!("/users/{WORKER}/authentication/qrCodePinMethod"), "headers": {"Content-Type": "application/json"}, "body": create_body("48302917"), "dependsOn": ["2"]},
        {"id": "4", "method": "GET", "url": "/me", "dependsOn": ["3"]},
        {"id": "5", "method": "GET", "url": "users?$top=2&$select=id"},
        {"id": "6", "method": "PATCH", "url": format!("/users/{WORKER}/authentication/qrCodePinMethod/pin"), "body": {}},
    ]})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(find(&b, "1")["status"], 201);
    assert_eq!(find(&b, "1")["body"]["pin"]["code"], "48302917");
    assert_eq!(find(&b, "2")["status"], 200);
    assert!(find(&b, "2")["body"]["pin"]["code"].is_null());
    assert_eq!(find(&b, "3")["status"], 400);
    assert_eq!(
        find(&b, "3")["body"]["error"]["code"],
        "tooManyQRCodePinMethod"
    );
    assert_eq!(find(&b, "4")["status"], 424, "depends on a failed request");
    assert_eq!(
        find(&b, "5")["body"]["value"].as_array().expect("v").len(),
        2
    );
    assert_eq!(
        find(&b, "6")["status"],
        400,
        "a body needs a Content-Type header"
    );
    assert!(find(&b, "1")["headers"]["request-id"].is_string());
}

#[tokio::test]
async fn batch_limits_and_duplicates() {
    let env = start().await;
    let many: Vec<Value> = (0..21)
        .map(|i| json!({"id": i.to_string(), "method": "GET", "url": "/me"}))
        .collect();
    let (s, b) = batch(&env, json!({"requests": many})).await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "BadRequest".into())
    );
    let twenty: Vec<Value> = (0..20)
        .map(|i| json!({"id": i.to_string(), "method": "GET", "url": "/me"}))
        .collect();
    let (s, b) = batch(&env, json!({"requests": twenty})).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(b["responses"].as_array().expect("r").len(), 20);
    let (s, _) = batch(&env, json!({"requests": [{"id": "a", "method": "GET", "url": "/me"}, {"id": "A", "method": "GET", "url": "/me"}]})).await;
    assert_eq!(
        s,
        StatusCode::BAD_REQUEST,
        "ids are case-insensitive and must be unique"
    );
    let (s, _) = batch(
        &env,
        json!({"requests": [{"id": "a", "method": "GET", "url": "/me", "dependsOn": ["zz"]}]}),
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = batch(&env, json!({"nope": []})).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let r = env
        .http
        .post(env.url("/v1.0/$batch"))
        .json(&json!({"requests": [{"id": "1", "method": "GET", "url": "/me"}]}))
        .send()
        .await
        .expect("post");
    let (_, b) = json_of(r).await;
    assert_eq!(
        find(&b, "1")["status"],
        401,
        "items run as the batch's caller"
    );
}

#[tokio::test]
async fn throttling_answers_429_with_fractional_retry_after() {
    let mut cfg = EmulatorConfig::for_tests();
    cfg.throttle_rps = Some(1);
    let env = start_with(cfg).await;
    let t = env.admin();
    let mut throttled = None;
    for _ in 0..10 {
        let r = env.graph(reqwest::Method::GET, "/me", &t, None).await;
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            throttled = Some(r);
            break;
        }
    }
    let r = throttled.expect("a 429 within 10 quick requests at 1 rps");
    let retry: f64 = r.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds, maybe fractional");
    assert!(retry > 0.0 && retry <= 1.0);
    let (_, b) = json_of(r).await;
    assert_eq!(error_code(&b), "TooManyRequests");
    // Identity endpoints are not throttled.
    let r = env
        .http
        .get(env.url("/organizations/v2.0/.well-known/openid-configuration"))
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    // Inside a batch each item is throttled on its own.
    env.hook("faults", json!({"throttleRps": 1})).await;
    let items: Vec<Value> = (0..3)
        .map(|i| json!({"id": i.to_string(), "method": "GET", "url": "/me"}))
        .collect();
    let r = env
        .http
        .post(env.url("/v1.0/$batch"))
        .bearer_auth(&t)
        .json(&json!({"requests": items}))
        .send()
        .await
        .expect("post");
    if r.status() == StatusCode::OK {
        let b: Value = r.json().await.expect("json");
        assert!(b["responses"]
            .as_array()
            .expect("r")
            .iter()
            .any(|i| i["status"] == 429));
    } else {
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    }
}

#[tokio::test]
async fn forced_faults_503_slow_drop_and_latency() {
    let env = start().await;
    let t = env.admin();
    env.hook(
        "faults",
        json!({"next": ["unavailable", "drop", "slow", "throttle"], "slowMs": 300}),
    )
    .await;
    let r = env.graph(reqwest::Method::GET, "/me", &t, None).await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    let (_, b) = json_of(r).await;
    assert_eq!(error_code(&b), "serviceNotAvailable");
    let dropped = env
        .http
        .get(env.url("/v1.0/me"))
        .bearer_auth(&t)
        .send()
        .await;
    assert!(
        dropped.is_err(),
        "the connection is closed without a response"
    );
    let started = Instant::now();
    let r = env.graph(reqwest::Method::GET, "/me", &t, None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let r = env.graph(reqwest::Method::GET, "/me", &t, None).await;
    assert_eq!(
        (r.status(), r.headers()["retry-after"].to_str().expect("a")),
        (StatusCode::TOO_MANY_REQUESTS, "1.5")
    );
    env.hook("faults", json!({"latencyMs": 250})).await;
    let started = Instant::now();
    let r = env.graph(reqwest::Method::GET, "/me", &t, None).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(250));
}

async fn fault_pattern(seed: u64) -> Vec<u16> {
    let mut cfg = EmulatorConfig::for_tests();
    cfg.fault_rate = 0.5;
    cfg.rng_seed = Some(seed);
    let env = start_with(cfg).await;
    env.hook("faults", json!({"slowMs": 1})).await;
    let t = env.admin();
    let mut out = vec![];
    for _ in 0..16 {
        let r = env
            .http
            .get(env.url("/v1.0/me"))
            .bearer_auth(&t)
            .send()
            .await;
        out.push(r.map(|r| r.status().as_u16()).unwrap_or(0));
    }
    out
}

#[tokio::test]
async fn random_faults_are_reproducible_from_the_seed() {
    let a = fault_pattern(42).await;
    let b = fault_pattern(42).await;
    assert_eq!(a, b, "same seed, same faults");
    assert!(
        a.contains(&200) && a.iter().any(|s| *s == 503 || *s == 0),
        "{a:?}"
    );
}

#[tokio::test]
async fn lost_responses_are_carried_out_and_batch_items_fail_alone() {
    let env = start_with(EmulatorConfig {
        extra_users: 3,
        ..EmulatorConfig::for_tests()
    })
    .await;
    let worker = "worker0003@contoso-retail.onmicrosoft.com";
    // A lost response: the connection closes without an answer, but the create took effect.
    env.hook("faults", json!({"next": ["lost"]})).await;
    let lost = env
        .http
        .put(env.url(&format!(
            "/v1.0/users/{worker}/authentication/qrCodePinMethod"
        )))
        .bearer_auth(env.admin())
        .json(&create_body("48302917"))
        .send()
        .await;
    assert!(lost.is_err(), "no answer: {lost:?}");
    let (s, m) = env
        .get(
            &format!("/users/{worker}/authentication/qrCodePinMethod"),
            &env.admin(),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "the create happened: {m}");
    let uid = env.user_id(worker).await;
    assert_eq!(env.state().await["methodCreates"][&uid], 1);

    // Every item of a batch refused (429 or 503) at rate 1, the batch itself answered 200.
    env.hook("faults", json!({"itemFaultRate": 1.0})).await;
    let reqs: Vec<Value> = (1..=3)
        .map(|n| json!({"id": n.to_string(), "method": "GET", "url": format!("/users/worker000{n}@contoso-retail.onmicrosoft.com")}))
        .collect();
    let (s, b) = batch(&env, json!({ "requests": reqs })).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    for r in b["responses"].as_array().expect("responses") {
        let status = r["status"].as_u64().expect("status");
        assert!(matches!(status, 429 | 503), "{r}");
        if status == 429 {
            assert!(r["headers"]["Retry-After"].is_string(), "{r}");
        }
    }
    env.hook("faults", json!({"itemFaultRate": 0.0})).await;
    let (_, b) = batch(&env, json!({ "requests": reqs })).await;
    assert!(
        b["responses"]
            .as_array()
            .expect("r")
            .iter()
            .all(|r| r["status"] == 200),
        "{b}"
    );

    // A reset keeps the extra workers and clears the create counts.
    env.hook("reset", json!({})).await;
    let state = env.state().await;
    assert!(state["methodCreates"].as_object().expect("o").is_empty());
    assert_eq!(env.user_id(worker).await, uid);
}
