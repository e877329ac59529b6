//! Graph QR codes (E4-E7), the PIN (E8-E11), the methods list (E12) and the qrCodePin
//! policy (E13-E15), over real HTTP.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn standard_code_update_rotate_and_rules() {
    let env = start().await;
    let admin = env.admin();
    let created = env.create_method(WORKER, "48302917").await;
    let base = format!("/users/{WORKER}/authentication/qrCodePinMethod/standardQRCode");
    let start = created["standardQRCode"]["startDateTime"]
        .as_str()
        .expect("start")
        .to_string();
    let start_t = chrono::DateTime::parse_from_rfc3339(&start).expect("t");
    // Update expireDateTime only: 200 with image null (the published example).
    let new_exp = (start_t + chrono::Duration::days(300)).to_rfc3339();
    let (s, b) = env
        .send(
            "PATCH",
            &base,
            &admin,
            json!({"@odata.type": "#microsoft.graph.qrCode", "expireDateTime": new_exp}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert!(b["image"].is_null());
    assert_eq!(b["id"], created["standardQRCode"]["id"]);
    // More than 395 days from start is refused.
    let too_far = (start_t + chrono::Duration::days(396)).to_rfc3339();
    let (s, b) = env
        .send("PATCH", &base, &admin, json!({"expireDateTime": too_far}))
        .await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "qrCodeLifeTimeExceedLimit".into())
    );
    // startDateTime while an active code exists: ActiveQRCodeExisted.
    let (s, b) = env
        .send(
            "PATCH",
            &base,
            &admin,
            json!({"startDateTime": start, "expireDateTime": new_exp}),
        )
        .await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "ActiveQRCodeExisted".into())
    );
    // Rotate: delete, then PATCH creates a new code with a new secret; the PIN stays.
    let r = env
        .graph(reqwest::Method::DELETE, &base, &admin, None)
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (s, _) = env.get(&base, &admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, b) = env.send("PATCH", &base, &admin, json!({"startDateTime": chrono::Utc::now().to_rfc3339(), "expireDateTime": (chrono::Utc::now() + chrono::Duration::days(30)).to_rfc3339(),})).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert!(b["image"]["rawContent"].is_string());
    assert_ne!(b["id"], created["standardQRCode"]["id"]);
    let old = env.hook("qr-sign-in", json!({"rawContent": created["standardQRCode"]["image"]["rawContent"], "pin": "48302917"})).await;
    assert_eq!(
        old["outcome"], "unknownCode",
        "a deleted code no longer signs in"
    );
    assert_eq!(
        env.hook("verify-pin", json!({"user": WORKER, "pin": "48302917"}))
            .await["matches"],
        true
    );
}

#[tokio::test]
async fn standard_update_status_is_switchable() {
    let env = start().await;
    env.create_method(WORKER, "48302917").await;
    env.hook(
        "compat",
        json!({"standardUpdateStatus": 204, "qrGetValueWrapper": true}),
    )
    .await;
    let exp = (chrono::Utc::now() + chrono::Duration::days(100)).to_rfc3339();
    let base = format!("/users/{WORKER}/authentication/qrCodePinMethod/standardQRCode");
    let (s, b) = env
        .send("PATCH", &base, &env.admin(), json!({"expireDateTime": exp}))
        .await;
    assert_eq!((s, b), (StatusCode::NO_CONTENT, serde_json::Value::Null));
    let (s, b) = env.get(&base, &env.admin()).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(b["value"]["@odata.type"], "#microsoft.graph.qrCode");
}

#[tokio::test]
async fn temporary_code_rules() {
    let env = start().await;
    let admin = env.admin();
    env.create_method(WORKER, "48302917").await;
    let base = format!("/users/{WORKER}/authentication/qrCodePinMethod/temporaryQRCode");
    let (s, _) = env.get(&base, &admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let now = chrono::Utc::now();
    let body = |hours: i64| json!({"startDateTime": now.to_rfc3339(), "expireDateTime": (now + chrono::Duration::hours(hours)).to_rfc3339()});
    let (s, b) = env.send("PATCH", &base, &admin, body(13)).await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "qrCodeLifeTimeExceedLimit".into())
    );
    let (s, b) = env.send("PATCH", &base, &admin, json!({"startDateTime": now.to_rfc3339(), "expireDateTime": (now + chrono::Duration::minutes(30)).to_rfc3339()})).await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "qrCodeLifeTimeExceedLimit".into())
    );
    let (s, b) = env.send("PATCH", &base, &admin, body(10)).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert!(b["image"]["binaryValue"].is_string());
    let (s, b) = env.send("PATCH", &base, &admin, body(2)).await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "ActiveQRCodeExisted".into())
    );
    let (_, m) = env
        .get(
            &format!("/users/{WORKER}/authentication/qrCodePinMethod"),
            &admin,
        )
        .await;
    assert!(m["temporaryQRCode"]["image"].is_null());
    // After expiry (clock moved 11 h) a new temporary code can be created.
    env.hook("clock", json!({"advanceSeconds": 11 * 3600}))
        .await;
    let later = now + chrono::Duration::hours(11);
    let (s, b) = env.send("PATCH", &base, &env.admin(), json!({"startDateTime": later.to_rfc3339(), "expireDateTime": (later + chrono::Duration::hours(3)).to_rfc3339()})).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let r = env
        .graph(reqwest::Method::DELETE, &base, &env.admin(), None)
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    // Paths are case-insensitive, including the casing community code sends.
    let (s, _) = env
        .get(
            &format!("/USERS/{WORKER}/Authentication/QRCODEPINMETHOD/standardQrCode"),
            &env.admin(),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = env
        .get(
            &format!("/users/{WORKER}/authentication/qrcodepinmethod/temporaryQrCode"),
            &env.admin(),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn admin_pin_reset_generates_temporary_pin() {
    let env = start().await;
    let admin = env.admin();
    env.create_method(WORKER, "48302917").await;
    let path = format!("/users/{WORKER}/authentication/qrCodePinMethod/pin");
    for body in [
        json!({}),
        json!({"pin": ""}),
        json!({"@odata.type": "#microsoft.graph.qrPin", "code": ""}),
        json!({"code": "56745755"}),
    ] {
        let (s, b) = env.send("PATCH", &path, &admin, body).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        let pin = b["code"].as_str().expect("new pin");
        assert_ne!(pin, "56745755", "the caller's code is not echoed");
        assert_eq!(pin.len(), 8);
        assert_eq!(b["forceChangePinNextSignIn"], true);
        assert_eq!(
            env.hook("verify-pin", json!({"user": WORKER, "pin": pin}))
                .await["matches"],
            true
        );
    }
    // The docs' own example body with its trailing comma is accepted.
    let r = env
        .http
        .patch(env.url(&format!("/v1.0{path}")))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body("{\n  \"@odata.type\": \"#microsoft.graph.qrPin\",\n  \"code\": \"09599786\",\n}")
        .send()
        .await
        .expect("send");
    assert_eq!(r.status(), StatusCode::CREATED);
    // A longer policy PIN length makes longer PINs.
    let p = "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/qrCodePin";
    env.send("PATCH", p, &admin, json!({"pinLength": 12})).await;
    let (_, b) = env.send("PATCH", &path, &admin, json!({})).await;
    assert_eq!(b["code"].as_str().expect("pin").len(), 12);
    // Deleting the PIN is refused.
    let r = env
        .graph(reqwest::Method::DELETE, &path, &admin, None)
        .await;
    let (s, b) = json_of(r).await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "notSupported".into())
    );
}

#[tokio::test]
async fn update_pin_checks_current_and_clears_force_flag() {
    let env = start().await;
    let worker = env.token(FORCED, WORKER_SCOPES);
    let path = "/me/authentication/qrCodePinMethod/pin/updatePin";
    let (s, b) = env
        .send(
            "PATCH",
            path,
            &worker,
            json!({"currentPin": "11112222", "newPin": "56745755"}),
        )
        .await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "invalidCurrentPin".into())
    );
    let (s, b) = env
        .send(
            "PATCH",
            path,
            &worker,
            json!({"currentPin": DEMO_PIN, "newPin": "123"}),
        )
        .await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "pinTooShort".into())
    );
    let (s, b) = env
        .send(
            "PATCH",
            path,
            &worker,
            json!({"currentPin": DEMO_PIN, "newPin": "56745755"}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT, "{b}");
    let (_, pin) = env
        .get("/me/authentication/qrCodePinMethod/pin", &worker)
        .await;
    assert_eq!(pin["forceChangePinNextSignIn"], false);
    // POST works too (generated SDKs), and the old PIN is no longer current.
    let (s, _) = env
        .send(
            "POST",
            "/me/authentication/qrCodePinMethod/pin/UPDATEPIN",
            &worker,
            json!({"currentPin": DEMO_PIN, "newPin": "70315926"}),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = env
        .send(
            "POST",
            path,
            &worker,
            json!({"currentPin": "56745755", "newPin": "70315926"}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    assert_eq!(
        env.hook("verify-pin", json!({"user": FORCED, "pin": "70315926"}))
            .await["matches"],
        true
    );
}

#[tokio::test]
async fn methods_list_includes_qr_and_password() {
    let env = start().await;
    let (s, b) = env
        .get(
            &format!("/users/{HEALTHY}/authentication/methods"),
            &env.admin(),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let types: Vec<&str> = b["value"]
        .as_array()
        .expect("value")
        .iter()
        .filter_map(|m| m["@odata.type"].as_str())
        .collect();
    assert!(types.contains(&"#microsoft.graph.qrCodePinAuthenticationMethod"));
    assert!(types.contains(&"#microsoft.graph.passwordAuthenticationMethod"));
    let qr = b["value"]
        .as_array()
        .expect("v")
        .iter()
        .find(|m| m["@odata.type"] == "#microsoft.graph.qrCodePinAuthenticationMethod")
        .expect("qr")
        .clone();
    let (s, one) = env
        .get(
            &format!(
                "/users/{HEALTHY}/authentication/methods/{}",
                qr["id"].as_str().expect("id")
            ),
            &env.admin(),
        )
        .await;
    assert_eq!((s, &one["id"]), (StatusCode::OK, &qr["id"]));
    let (_, b) = env
        .get(
            &format!("/users/{WORKER}/authentication/methods"),
            &env.admin(),
        )
        .await;
    assert_eq!(b["value"].as_array().expect("value").len(), 1);
}

#[tokio::test]
async fn policy_get_patch_delete() {
    let env = start().await;
    let admin = env.admin();
    let p = "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/qrCodePin";
    let (s, b) = env.get(p, &admin).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        b["@odata.type"],
        "#microsoft.graph.qrCodePinAuthenticationMethodConfiguration"
    );
    assert_eq!(
        (
            b["id"].as_str(),
            b["pinLength"].as_i64(),
            b["standardQRCodeLifetimeInDays"].as_i64()
        ),
        (Some("qrCodePin"), Some(8), Some(365))
    );
    assert_eq!(b["includeTargets"][0]["id"], "all_users");
    let (s, _) = env.send("PATCH", p, &admin, json!({"@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethodConfiguration", "pinLength": 10, "standardQRCodeLifetimeInDays": 180})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    for bad in [
        json!({"pinLength": 7}),
        json!({"pinLength": 21}),
        json!({"standardQRCodeLifetimeInDays": 396}),
        json!({"standardQRCodeLifetimeInDays": 0}),
        json!({"state": "on"}),
    ] {
        let (s, b) = env.send("PATCH", p, &admin, bad.clone()).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{bad} -> {b}");
    }
    // The beta id casing works; 200 + body is switchable.
    env.hook("compat", json!({"policyPatchStatus": 200})).await;
    let (s, b) = env
        .send(
            "PATCH",
            "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/QRCodePin",
            &admin,
            json!({"state": "enabled"}),
        )
        .await;
    assert_eq!(
        (
            s,
            b["pinLength"].as_i64(),
            b["standardQRCodeLifetimeInDays"].as_i64()
        ),
        (StatusCode::OK, Some(10), Some(180))
    );
    // New PINs follow the policy length.
    let path = format!("/users/{WORKER}/authentication/qrCodePinMethod");
    let (s, b) = env
        .send("PUT", &path, &admin, create_body("48302917"))
        .await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "pinTooShort".into())
    );
    let r = env.graph(reqwest::Method::DELETE, p, &admin, None).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (_, b) = env.get(p, &admin).await;
    assert_eq!(
        (b["state"].as_str(), b["pinLength"].as_i64()),
        (Some("disabled"), Some(8))
    );
}
