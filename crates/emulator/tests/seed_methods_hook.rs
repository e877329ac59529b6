//! The `/_emulator/seed-methods` hook: methods with chosen (even past) dates, a user moved to
//! a store, visible through Graph; a bad entry changes nothing.

mod common;

use chrono::{Duration, Utc};
use common::*;
use qrstation_emulator::seed::DEMO_PIN;
use reqwest::StatusCode;
use serde_json::json;

fn at(days: i64) -> String {
    (Utc::now() + Duration::days(days))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

#[tokio::test]
async fn seeds_expired_and_expiring_methods_and_moves_users_to_a_store() {
    let env = start().await;
    let start340 = at(-340);
    let answer = env
        .hook(
            "seed-methods",
            json!({"methods": [
                {"user": WORKER, "officeLocation": "Store 900", "startDateTime": at(-400), "expireDateTime": at(-10)},
                {"user": WORKER2, "officeLocation": "Store 900", "startDateTime": start340, "expireDateTime": at(20)},
            ]}),
        )
        .await;
    assert_eq!(answer["seeded"], 2);

    let admin = env.admin();
    let (s, m) = env
        .get(
            &format!("/users/{WORKER}/authentication/qrCodePinMethod"),
            &admin,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{m}");
    let expire = m["standardQRCode"]["expireDateTime"]
        .as_str()
        .expect("expiry");
    let expire = chrono::DateTime::parse_from_rfc3339(expire).expect("a date-time");
    assert!(expire < Utc::now() - Duration::days(9), "{m}");
    assert!(
        m["standardQRCode"]["image"].is_null(),
        "no image on a read: {m}"
    );

    let (s, m) = env
        .get(
            &format!("/users/{WORKER2}/authentication/qrCodePinMethod"),
            &admin,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{m}");
    let start = m["standardQRCode"]["startDateTime"]
        .as_str()
        .expect("start");
    assert_eq!(start, start340, "{m}");

    let (s, page) = env
        .get(
            "/users?$filter=officeLocation%20eq%20'Store%20900'&$select=userPrincipalName",
            &admin,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let mut upns: Vec<&str> = page["value"]
        .as_array()
        .expect("value")
        .iter()
        .map(|u| u["userPrincipalName"].as_str().expect("upn"))
        .collect();
    upns.sort();
    assert_eq!(upns, vec![WORKER, WORKER2]);

    assert!(
        env.hooks().verify_pin(WORKER, DEMO_PIN).await,
        "the demo PIN"
    );
}

#[tokio::test]
async fn a_bad_entry_changes_nothing() {
    let env = start().await;
    let refused = env
        .hooks()
        .try_post(
            "seed-methods",
            &json!({"methods": [
                {"user": WORKER, "startDateTime": at(-10), "expireDateTime": at(10)},
                {"user": "nobody@contoso-retail.onmicrosoft.com", "startDateTime": at(-10), "expireDateTime": at(10)},
            ]}),
        )
        .await
        .expect_err("an unknown user is refused");
    assert_eq!(refused.status, 400);
    let refused = env
        .hooks()
        .try_post(
            "seed-methods",
            &json!({"methods": [{"user": WORKER, "startDateTime": at(10), "expireDateTime": at(-10)}]}),
        )
        .await
        .expect_err("an expiry before the start is refused");
    assert_eq!(refused.status, 400);
    let (s, b) = env
        .get(
            &format!("/users/{WORKER}/authentication/qrCodePinMethod"),
            &env.admin(),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND, "{b}");
}
