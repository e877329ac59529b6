//! Graph QR method endpoints E1-E3 (create, get, delete), the one-method rule, PIN and
//! lifetime validation, and the seeded method states, over real HTTP.

mod common;

use base64::Engine;
use common::*;
use reqwest::StatusCode;
use serde_json::json;

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

#[tokio::test]
async fn put_creates_method_with_image_and_pin_once() {
    let env = start().await;
    let admin = env.admin();
    let r = env
        .graph(
            reqwest::Method::PUT,
            &format!("/users/{WORKER}/authentication/qrCodePinMethod"),
            &admin,
            Some(create_body("48302917")),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let uid = env.user_id(WORKER).await;
    let loc = r
        .headers()
        .get("location")
        .expect("Location")
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(
        loc.ends_with(&format!("/v1.0/users/{uid}/authentication/qrCodePinMethod")),
        "{loc}"
    );
    let (_, body) = json_of(r).await;
    assert_eq!(
        body["@odata.type"],
        "#microsoft.graph.qrCodePinAuthenticationMethod"
    );
    assert_eq!(body["pin"]["code"], "48302917");
    assert_eq!(body["pin"]["forceChangePinNextSignIn"], true);
    assert!(body["temporaryQRCode"].is_null());
    let std = &body["standardQRCode"];
    assert_ne!(
        std["id"], body["id"],
        "method and code ids are separate GUIDs"
    );
    assert_eq!(std["lastUsedDateTime"], "0001-01-01T00:00:00Z");
    let image = &std["image"];
    assert_eq!(image["errorCorrectionLevel"], "h");
    let raw = String::from_utf8(
        B64.decode(image["rawContent"].as_str().expect("raw"))
            .expect("b64"),
    )
    .expect("utf8");
    let parts: Vec<&str> = raw.split('|').collect();
    assert_eq!(parts[0], "ms-qrpin:v1");
    assert_eq!(parts[1], WORKER);
    assert_eq!(parts[2], std["id"].as_str().expect("id"));
    assert!(parts[3].len() >= 32, "secret present");
    let svg = String::from_utf8(
        B64.decode(image["binaryValue"].as_str().expect("bin"))
            .expect("b64"),
    )
    .expect("svg");
    assert!(svg.contains("<svg"), "binaryValue is an SVG image");
    let version = image["version"].as_i64().expect("version");
    let expected = qrcode::QrCode::with_error_correction_level(raw.as_bytes(), qrcode::EcLevel::H)
        .expect("qr")
        .version();
    assert_eq!(qrcode::Version::Normal(version as i16), expected);

    // GETs never return the PIN or the image again.
    let (s, got) = env
        .get(
            &format!("/users/{WORKER}/authentication/qrCodePinMethod"),
            &admin,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert!(got["pin"]["code"].is_null());
    assert!(got["standardQRCode"]["image"].is_null());
    let (_, code) = env
        .get(
            &format!("/users/{uid}/authentication/qrCodePinMethod/standardQRCode"),
            &admin,
        )
        .await;
    assert!(code["image"].is_null());
    assert_eq!(code["id"], std["id"]);
    let (_, pin) = env
        .get(
            &format!("/users/{WORKER}/authentication/qrCodePinMethod/pin"),
            &admin,
        )
        .await;
    assert!(pin["code"].is_null());
    assert_eq!(pin["@odata.type"], "#microsoft.graph.qrPin");
    // The state hook shows no secret and the PIN is stored hashed.
    let state = env.state().await.to_string();
    assert!(!state.contains("48302917") && !state.contains(parts[3]));
    assert_eq!(
        env.hook("verify-pin", json!({"user": WORKER, "pin": "48302917"}))
            .await["matches"],
        true
    );
    // A scanned code + PIN signs in, and the PIN must be changed first.
    let out = env
        .hook(
            "qr-sign-in",
            json!({"rawContent": image["rawContent"], "pin": "48302917"}),
        )
        .await;
    assert_eq!(out["outcome"], "pinChangeRequired");
    let out = env
        .hook(
            "qr-sign-in",
            json!({"rawContent": image["rawContent"], "pin": "11112222"}),
        )
        .await;
    assert_eq!(out["outcome"], "wrongPin");
}

#[tokio::test]
async fn one_active_method_per_user_is_400_not_409() {
    let env = start().await;
    env.create_method(WORKER, "48302917").await;
    let (s, b) = env
        .send(
            "PUT",
            &format!("/users/{WORKER}/authentication/qrCodePinMethod"),
            &env.admin(),
            create_body("56745755"),
        )
        .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&b), "tooManyQRCodePinMethod");
    // An expired method can be replaced.
    let (s, b) = env
        .send(
            "PUT",
            &format!("/users/{EXPIRED}/authentication/qrCodePinMethod"),
            &env.admin(),
            create_body("56745755"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
}

#[tokio::test]
async fn create_validates_body_and_pin() {
    let env = start().await;
    let admin = env.admin();
    let path = format!("/users/{WORKER}/authentication/qrCodePinMethod");
    let (s, b) = env
        .send("PUT", &path, &admin, json!({"pin": {"code": "48302917"}}))
        .await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "standardQRCodeRequired".into())
    );
    let mut with_temp = create_body("48302917");
    with_temp["temporaryQRCode"] = json!({"startDateTime": "2026-01-01T00:00:00Z"});
    let (s, b) = env.send("PUT", &path, &admin, with_temp).await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "standardQRCodeRequired".into())
    );
    for (pin, code) in [
        ("1234567", "pinTooShort"),
        ("4830291a", "pinTooShort"),
        ("50123456789", "invalidPin"),
        ("59876543210", "invalidPin"),
        ("90121212", "invalidPin"),
        ("91231238", "invalidPin"),
        ("482039174829301748291", "invalidPin"),
    ] {
        let (s, b) = env.send("PUT", &path, &admin, create_body(pin)).await;
        assert_eq!(
            (s, error_code(&b)),
            (StatusCode::BAD_REQUEST, code.to_string()),
            "pin {pin}"
        );
    }
    let now = chrono::Utc::now();
    let long = json!({"standardQRCode": {"startDateTime": now.to_rfc3339(), "expireDateTime": (now + chrono::Duration::days(396)).to_rfc3339()}, "pin": {"code": "48302917"}});
    let (s, b) = env.send("PUT", &path, &admin, long).await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "qrCodeLifeTimeExceedLimit".into())
    );
    // Omitted dates and code: start now, policy lifetime (365 days), a generated PIN.
    let (s, b) = env
        .send(
            "PUT",
            &path,
            &admin,
            json!({"standardQRCode": {}, "pin": {}}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let pin = b["pin"]["code"].as_str().expect("generated");
    assert_eq!(pin.len(), 8);
    let start = chrono::DateTime::parse_from_rfc3339(
        b["standardQRCode"]["startDateTime"].as_str().expect("s"),
    )
    .expect("t");
    let end = chrono::DateTime::parse_from_rfc3339(
        b["standardQRCode"]["expireDateTime"].as_str().expect("e"),
    )
    .expect("t");
    assert_eq!((end - start).num_days(), 365);
}

#[tokio::test]
async fn strict_mode_requires_dates_and_pin() {
    let mut cfg = qrstation_emulator::EmulatorConfig::for_tests();
    cfg.strict = true;
    let env = start_with(cfg).await;
    let path = format!("/users/{WORKER}/authentication/qrCodePinMethod");
    let (s, b) = env
        .send(
            "PUT",
            &path,
            &env.admin(),
            json!({"standardQRCode": {}, "pin": {"code": "48302917"}}),
        )
        .await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "badRequest".into())
    );
    let mut no_pin = create_body("x");
    no_pin["pin"] = json!({});
    let (s, b) = env.send("PUT", &path, &env.admin(), no_pin).await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "pinTooShort".into())
    );
}

#[tokio::test]
async fn disabled_policy_blocks_creation() {
    let env = start().await;
    let admin = env.admin();
    let path = "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/qrCodePin";
    let (s, _) = env.send("PATCH", path, &admin, json!({"@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethodConfiguration", "state": "disabled"})).await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, b) = env
        .send(
            "PUT",
            &format!("/users/{WORKER}/authentication/qrCodePinMethod"),
            &admin,
            create_body("48302917"),
        )
        .await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "badRequest".into())
    );
}

#[tokio::test]
async fn delete_method_and_404s() {
    let env = start().await;
    let admin = env.admin();
    let path = format!("/users/{WORKER}/authentication/qrCodePinMethod");
    let (s, b) = env.get(&path, &admin).await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::NOT_FOUND, "itemNotFound".into())
    );
    env.create_method(WORKER, "48302917").await;
    let r = env
        .graph(reqwest::Method::DELETE, &path, &admin, None)
        .await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert!(r.text().await.expect("body").is_empty());
    let (s, _) = env.get(&path, &admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let r = env
        .graph(reqwest::Method::DELETE, &path, &admin, None)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let (s, b) = env
        .get(
            "/users/nobody@contoso-retail.onmicrosoft.com/authentication/qrCodePinMethod",
            &admin,
        )
        .await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::NOT_FOUND, "Request_ResourceNotFound".into())
    );
}

#[tokio::test]
async fn seeded_states_are_visible() {
    let env = start().await;
    let admin = env.admin();
    let (_, b) = env
        .get(
            &format!("/users/{WITH_TEMP}/authentication/qrCodePinMethod"),
            &admin,
        )
        .await;
    assert!(b["temporaryQRCode"]["id"].is_string());
    let (_, b) = env
        .get(
            &format!("/users/{FORCED}/authentication/qrCodePinMethod/pin"),
            &admin,
        )
        .await;
    assert_eq!(b["forceChangePinNextSignIn"], true);
    let (_, b) = env
        .get(
            &format!("/users/{EXPIRED}/authentication/qrCodePinMethod"),
            &admin,
        )
        .await;
    let exp = chrono::DateTime::parse_from_rfc3339(
        b["standardQRCode"]["expireDateTime"].as_str().expect("e"),
    )
    .expect("t");
    assert!(exp < chrono::Utc::now());
    let state = env.state().await;
    let users = state["users"].as_array().expect("users");
    assert!(users.len() >= 45 && users.len() <= 60, "about 50 users");
    assert_eq!(state["policy"]["pinLength"], 8);
    assert_eq!(state["policy"]["state"], "enabled");
    assert!(users.iter().any(|u| u["userPrincipalName"] == MANAGER
        && u["roles"][0] == "c4e39bd9-1100-46d3-8c65-fb160da0071f"));
    let stores: std::collections::BTreeSet<_> = users
        .iter()
        .filter_map(|u| u["officeLocation"].as_str())
        .collect();
    assert!(stores.len() >= 4);
}
