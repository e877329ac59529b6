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
    let refused = env
        .hooks()
        .try_post(
            "compat",
            &json!({"missingMethodCode": "gone", "batchShuffle": true}),
        )
        .await
        .expect_err("a bad compat value is refused");
    assert_eq!(refused.status, StatusCode::BAD_REQUEST.as_u16());
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

fn decode_png(bytes: &[u8]) -> (usize, Vec<u8>) {
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .expect("a PNG");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let frame = reader.next_frame(&mut buf).expect("frame");
    assert_eq!(frame.width, frame.height);
    (frame.width as usize, buf)
}

#[tokio::test]
async fn qr_image_format_is_svg_or_a_real_png() {
    use base64::engine::general_purpose::STANDARD as B64;
    use base64::Engine;
    let env = start().await;
    let created = env.create_method(WORKER, "48302917").await;
    let svg = B64
        .decode(
            created["standardQRCode"]["image"]["binaryValue"]
                .as_str()
                .expect("bin"),
        )
        .expect("b64");
    assert!(
        String::from_utf8(svg).expect("utf8").contains("<svg"),
        "SVG by default"
    );
    env.hook("compat", json!({"qrImageFormat": "png"})).await;
    let created = env.create_method(WORKER2, "48302917").await;
    let image = &created["standardQRCode"]["image"];
    let png = B64
        .decode(image["binaryValue"].as_str().expect("bin"))
        .expect("b64");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    let (w, pixels) = decode_png(&png);
    assert!(w >= 195);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, w, |x, y| pixels[y * w + x]);
    let grids = img.detect_grids();
    let (_, text) = grids
        .first()
        .expect("a QR symbol")
        .decode()
        .expect("decodes");
    let raw = B64
        .decode(image["rawContent"].as_str().expect("raw"))
        .expect("b64");
    assert_eq!(
        text.as_bytes(),
        raw.as_slice(),
        "the PNG scans to rawContent"
    );
    // A signed-in scan of that payload works like the SVG's.
    let (s, b) = env
        .send(
            "PATCH",
            &format!("/users/{WORKER2}/authentication/qrCodePinMethod/temporaryQRCode"),
            &env.admin(),
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let tmp = B64
        .decode(b["image"]["binaryValue"].as_str().expect("bin"))
        .expect("b64");
    assert!(
        tmp.starts_with(b"\x89PNG"),
        "temporary codes follow the switch"
    );
    let outcome = env
        .hook(
            "qr-sign-in",
            json!({"rawContent": image["rawContent"], "pin": "48302917"}),
        )
        .await;
    assert_eq!(outcome["outcome"], "pinChangeRequired");
}

/// The slow fault delays a write and still carries it out, even when the client gave up.
#[tokio::test]
async fn a_slow_write_is_carried_out_and_its_answer_lost_to_a_short_read_timeout() {
    let env = start().await;
    let m = format!("/users/{WORKER}/authentication/qrCodePinMethod");
    env.hook("faults", json!({"slowMs": 1500, "next": ["slow"]}))
        .await;
    let impatient = reqwest::Client::builder()
        .read_timeout(std::time::Duration::from_secs(1))
        .build()
        .expect("client");
    let r = impatient
        .put(env.url(&format!("/v1.0{m}")))
        .bearer_auth(env.admin())
        .json(&create_body("48302917"))
        .send()
        .await;
    assert!(r.is_err(), "the answer is lost to a 1 s read timeout");
    tokio::time::sleep(std::time::Duration::from_millis(1000)).await;
    let (s, _) = env.get(&m, &env.admin()).await;
    assert_eq!(s, StatusCode::OK, "the write was carried out");
    assert_eq!(
        env.state().await["methodCreates"][env.user_id(WORKER).await],
        1
    );
    // A patient client (3 s) gets the answer.
    env.hook("faults", json!({"next": ["slow"]})).await;
    let patient = reqwest::Client::builder()
        .read_timeout(std::time::Duration::from_secs(3))
        .build()
        .expect("client");
    let started = std::time::Instant::now();
    let r = patient
        .put(env.url(&format!(
            "/v1.0/users/{WORKER2}/authentication/qrCodePinMethod"
        )))
        .bearer_auth(env.admin())
        .json(&create_body("48302917"))
        .send()
        .await
        .expect("answer");
    assert_eq!(r.status(), StatusCode::CREATED);
    assert!(started.elapsed() >= std::time::Duration::from_millis(1400));
}
