//! The issue-13 doc-contradiction switches over real HTTP, each on and off: the 404 code,
//! replace-vs-delete-first (and a deleted standard code keeping the method active), the
//! force-change property name and the PIN reset body.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

const TOO_MANY: &str = "tooManyQRCodePinMethod";

#[tokio::test]
async fn missing_method_code_is_switchable() {
    let env = start().await;
    let admin = env.admin();
    let paths = [
        format!("/users/{WORKER}/authentication/qrCodePinMethod"),
        format!("/users/{WORKER}/authentication/qrCodePinMethod/pin"),
        format!("/users/{HEALTHY}/authentication/qrCodePinMethod/temporaryQRCode"),
    ];
    for p in &paths {
        let (s, b) = env.get(p, &admin).await;
        assert_eq!(
            (s, error_code(&b).as_str()),
            (StatusCode::NOT_FOUND, "itemNotFound"),
            "{p}"
        );
    }
    env.hook(
        "compat",
        json!({"missingMethodCode": "Request_ResourceNotFound"}),
    )
    .await;
    for p in &paths {
        let (s, b) = env.get(p, &admin).await;
        assert_eq!(
            (s, error_code(&b).as_str()),
            (StatusCode::NOT_FOUND, "Request_ResourceNotFound"),
            "{p}"
        );
    }
    // A missing user has that code either way.
    let (s, b) = env
        .get(
            "/users/nobody@contoso-retail.onmicrosoft.com/authentication/qrCodePinMethod",
            &admin,
        )
        .await;
    assert_eq!(
        (s, error_code(&b).as_str()),
        (StatusCode::NOT_FOUND, "Request_ResourceNotFound")
    );
    // A bad value is refused by the hook and changes nothing.
    let r = env
        .http
        .post(env.url("/_emulator/compat"))
        .json(&json!({"missingMethodCode": "gone", "batchShuffle": true}))
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let (_, b) = env.get(&paths[0], &admin).await;
    assert_eq!(
        error_code(&b),
        "Request_ResourceNotFound",
        "the earlier switch is kept"
    );
}

#[tokio::test]
async fn an_expired_method_is_replaced_unless_strict_delete_first() {
    let env = start().await;
    let admin = env.admin();
    let put = format!("/users/{EXPIRED}/authentication/qrCodePinMethod");
    env.hook("compat", json!({"replaceInactiveMethod": false}))
        .await;
    let (s, b) = env.send("PUT", &put, &admin, create_body("73920485")).await;
    assert_eq!(
        (s, error_code(&b).as_str()),
        (StatusCode::BAD_REQUEST, TOO_MANY)
    );
    env.hook("compat", json!({"replaceInactiveMethod": true}))
        .await;
    let (s, b) = env.send("PUT", &put, &admin, create_body("73920485")).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    // With the strict reading, delete first then create works.
    env.hook("compat", json!({"replaceInactiveMethod": false}))
        .await;
    let (s, b) = env.send("PUT", &put, &admin, create_body("58203746")).await;
    assert_eq!(
        (s, error_code(&b).as_str()),
        (StatusCode::BAD_REQUEST, TOO_MANY)
    );
    let (s, _) = json_of(env.graph(reqwest::Method::DELETE, &put, &admin, None).await).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, b) = env.send("PUT", &put, &admin, create_body("58203746")).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
}

#[tokio::test]
async fn a_deleted_standard_code_keeps_the_method_active() {
    let env = start().await;
    let admin = env.admin();
    env.create_method(WORKER, "48302917").await;
    let base = format!("/users/{WORKER}/authentication/qrCodePinMethod");
    let (s, _) = json_of(
        env.graph(
            reqwest::Method::DELETE,
            &format!("{base}/standardQRCode"),
            &admin,
            None,
        )
        .await,
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    // "Deleted | Doesn't exist | PIN" is an active method: even the lenient default refuses.
    let (s, b) = env
        .send("PUT", &base, &admin, create_body("73920485"))
        .await;
    assert_eq!(
        (s, error_code(&b).as_str()),
        (StatusCode::BAD_REQUEST, TOO_MANY)
    );
    // A new standard code is the way back.
    let (s, b) = env
        .send(
            "PATCH",
            &format!("{base}/standardQRCode"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert!(b["image"]["binaryValue"].is_string());
}

#[tokio::test]
async fn force_change_property_name_is_switchable() {
    let env = start().await;
    let admin = env.admin();
    let m = format!("/users/{FORCED}/authentication/qrCodePinMethod");
    let (_, b) = env.get(&m, &admin).await;
    assert_eq!(b["pin"]["forceChangePinNextSignIn"], true);
    assert!(b["pin"].get("isForcePinChangeRequired").is_none());
    env.hook(
        "compat",
        json!({"forceChangeProperty": "isForcePinChangeRequired"}),
    )
    .await;
    let (_, b) = env.get(&m, &admin).await;
    assert_eq!(b["pin"]["isForcePinChangeRequired"], true, "{b}");
    assert!(b["pin"].get("forceChangePinNextSignIn").is_none());
    let (_, b) = env.get(&format!("{m}/pin"), &admin).await;
    assert_eq!(b["isForcePinChangeRequired"], true);
    let (s, b) = env
        .send("PATCH", &format!("{m}/pin"), &admin, json!({}))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    assert_eq!(b["isForcePinChangeRequired"], true);
    let created = env.create_method(WORKER, "48302917").await;
    assert_eq!(created["pin"]["isForcePinChangeRequired"], true);
}

#[tokio::test]
async fn pin_reset_body_with_odata_type_can_be_refused() {
    let env = start().await;
    let admin = env.admin();
    let pin = format!("/users/{HEALTHY}/authentication/qrCodePinMethod/pin");
    let documented = json!({"@odata.type": "#microsoft.graph.qrPin"});
    let (s, b) = env.send("PATCH", &pin, &admin, documented.clone()).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    env.hook("compat", json!({"pinResetBody": "noODataType"}))
        .await;
    let (s, b) = env.send("PATCH", &pin, &admin, documented).await;
    assert_eq!(
        (s, error_code(&b).as_str()),
        (StatusCode::BAD_REQUEST, "badRequest")
    );
    let (s, b) = env.send("PATCH", &pin, &admin, json!({})).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert!(b["code"].is_string());
}
