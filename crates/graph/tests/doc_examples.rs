//! Every response example in graph-qr-api.md, v1.0 and beta shapes, fed through the models.

use qrstation_graph::models::{
    self, AuthenticationMethod, ErrorCorrectionLevel, MethodState, QrCode, QrCodePinMethod,
    QrCodePinPolicy, QrPin,
};

fn method(json: &str) -> QrCodePinMethod {
    serde_json::from_str(json).expect("qrCodePinAuthenticationMethod parses")
}

const E1_V1: &str = r##"{
  "@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethod",
  "id": "6C2F8B36-B6F0-46FA-9548-1EBA48BEBBDE",
  "createdDateTime": "2026-01-27T12:00:00Z",
  "standardQRCode": {"id": "6C2F8B36-B6F0-46FA-9548-1EBA48BEBBDE", "image": null,
    "startDateTime": "2026-01-27T12:00:00Z", "expireDateTime": "2027-01-27T12:00:00Z",
    "createdDateTime": "2026-01-27T12:00:00Z", "lastUsedDateTime": "2026-01-30T08:15:00Z"},
  "temporaryQRCode": {"id": "8DF9D1B6-B4BD-4EF8-8E90-2CC63C549C80", "image": null,
    "startDateTime": "2026-01-30T08:00:00Z", "expireDateTime": "2026-01-30T18:00:00Z",
    "createdDateTime": "2026-01-30T08:00:00Z", "lastUsedDateTime": "2026-01-30T08:15:00Z"},
  "pin": {"code": null, "forceChangePinNextSignIn": false,
    "createdDateTime": "2026-01-27T12:00:00Z", "updatedDateTime": "2026-01-28T09:30:00Z"}
}"##;

const E1_BETA: &str = r#"{
    "id": "d29518d4-b99a-4c88-b40c-92fd12959724",
    "lastUsedDateTime": "2022-11-06T23:16:12Z",
    "standardQRCode": {"id": "1a253da5-3f9a-457d-bd9c-de1aab9a2e59",
        "expireDateTime": "2025-12-19T12:00:00Z", "startDateTime": "2025-01-01T12:00:00Z",
        "createdDateTime": "2025-03-05T00:03:11.1460378Z", "lastUsedDateTime": "0001-01-01T00:00:00Z", "image": null},
    "temporaryQRCode": null,
    "pin": {"id": "a98a1084-f503-4dfd-a293-c0e93cba124a", "code": "", "forceChangePinNextSignIn": true,
        "createdDateTime": "2025-03-05T00:03:11.3120627Z", "updatedDateTime": "2025-03-05T00:03:11.3120627Z"}
}"#;

const E2_V1: &str = r##"{
  "@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethod",
  "id": "d29518d4-b99a-4c88-b40c-92fd12959724", "isUsable": false, "methodUsabilityReason": null,
  "standardQRCode": {"@odata.type": "#microsoft.graph.qrCode", "id": "1a253da5-3f9a-457d-bd9c-de1aab9a2e59",
    "expireDateTime": "2025-12-19T12:00:00Z", "startDateTime": "2025-01-01T12:00:00Z",
    "createdDateTime": "2025-03-05T00:03:11.1460378Z", "lastUsedDateTime": "0001-01-01T00:00:00Z",
    "image": {"@odata.type": "#microsoft.graph.qrCodeImageDetails", "binaryValue": "SGVsbG9Xb3JsZCE=",
      "version": 1, "errorCorrectionLevel": "l", "rawContent": "SGVsbG9Xb3JsZCEyTXlSYXdDb250ZW50"}},
  "temporaryQRCode": null,
  "pin": {"@odata.type": "#microsoft.graph.qrPin", "id": "a98a1084-f503-4dfd-a293-c0e93cba124a",
    "code": "09599786", "forceChangePinNextSignIn": true,
    "createdDateTime": "2025-03-05T00:03:11.3120627Z", "updatedDateTime": "2025-03-05T00:03:11.3120627Z"}
}"##;

#[test]
fn e1_v1_get_has_inline_codes_and_no_pin_code() {
    let m = method(E1_V1);
    assert_eq!(m.id, "6C2F8B36-B6F0-46FA-9548-1EBA48BEBBDE");
    let std = m.standard_qr_code.as_ref().unwrap();
    assert!(std.image.is_none());
    assert_eq!(
        models::time::format(&std.expire_date_time.unwrap()),
        "2027-01-27T12:00:00Z"
    );
    assert!(std.last_used_date_time.is_some());
    let tmp = m.temporary_qr_code.as_ref().unwrap();
    assert_eq!(tmp.id, "8DF9D1B6-B4BD-4EF8-8E90-2CC63C549C80");
    let pin = m.pin.unwrap();
    assert_eq!(pin.code, None);
    assert_eq!(pin.force_change_pin_next_sign_in, Some(false));
}

#[test]
fn e1_beta_shape_empty_code_and_never_used_sentinel() {
    let m = method(E1_BETA);
    assert!(
        m.last_used_date_time.is_some(),
        "beta has lastUsedDateTime on the method"
    );
    assert!(m.temporary_qr_code.is_none());
    let std = m.standard_qr_code.unwrap();
    assert_eq!(std.last_used_date_time, None, "0001-01-01 means never");
    assert_eq!(
        std.created_date_time.unwrap().timestamp_subsec_nanos(),
        146_037_800
    );
    let pin = m.pin.unwrap();
    assert_eq!(pin.code, None, "empty code is absent");
    assert_eq!(
        pin.id.as_deref(),
        Some("a98a1084-f503-4dfd-a293-c0e93cba124a")
    );
}

#[test]
fn e2_v1_create_answer_has_image_and_pin_once() {
    let m = method(E2_V1);
    let img = m.standard_qr_code.as_ref().unwrap().image.clone().unwrap();
    assert_eq!(img.binary_value, b"HelloWorld!");
    assert_eq!(img.raw_content, b"HelloWorld!2MyRawContent");
    assert_eq!(img.error_correction_level, Some(ErrorCorrectionLevel::L));
    assert_eq!(img.version, Some(1));
    assert_eq!(
        m.pin.as_ref().unwrap().code.as_ref().unwrap().expose(),
        "09599786"
    );
    let dbg = format!("{m:?}");
    assert!(!dbg.contains("09599786"), "PIN leaked into Debug: {dbg}");
    assert!(
        !dbg.contains("MyRawContent"),
        "QR payload leaked into Debug"
    );
}

#[test]
fn e4_single_code_bare_or_wrapped_in_value() {
    let wrapped = r##"{"value": {"@odata.type": "#microsoft.graph.qrCode", "id": "cb960eac-7a22-1979-ec68-1ec73264ae8d",
        "expireDateTime": "2025-01-22T12:00:00Z", "startDateTime": "2024-02-01T00:00:00Z",
        "createdDateTime": "2024-02-01T19:58:51.2210909Z", "lastUsedDateTime": "0001-01-01T00:00:00Z", "image": null}}"##;
    let v: serde_json::Value = serde_json::from_str(wrapped).unwrap();
    let bare = v["value"].clone();
    for v in [v, bare] {
        let c: QrCode = serde_json::from_value(models::unwrap_value(v)).unwrap();
        assert_eq!(c.id, "cb960eac-7a22-1979-ec68-1ec73264ae8d");
        assert_eq!(c.last_used_date_time, None);
        assert!(c.image.is_none());
    }
}

#[test]
fn e5_e6_code_answers_with_real_and_placeholder_images() {
    let e5 = r##"{"@odata.type": "#microsoft.graph.qrCode", "id": "44f2f040-ea9d-4283-9e7b-b63ddae391a9",
      "expireDateTime": "2025-12-19T12:00:00Z", "startDateTime": "2025-01-01T12:00:00Z",
      "createdDateTime": "2025-03-04T21:27:46.9771036Z", "lastUsedDateTime": "0001-01-01T00:00:00Z",
      "image": {"@odata.type": "#microsoft.graph.qrCodeImageDetails", "binaryValue": "SGVsbG9Xb3JsZCE=",
        "version": 1, "errorCorrectionLevel": "l", "rawContent": "SGVsbG9Xb3JsZCEyTXlSYXdDb250ZW50"}}"##;
    let c: QrCode = serde_json::from_str(e5).unwrap();
    assert_eq!(c.image.unwrap().binary_value, b"HelloWorld!");
    // E6 (draft) uses the placeholder "Binary", and the Entra how-to writes "H".
    let e6 = r##"{"@odata.type": "#microsoft.graph.qrCode", "id": "8DF9D1B6-B4BD-4EF8-8E90-2CC63C549C80",
      "startDateTime": "2026-01-30T08:00:00Z", "expireDateTime": "2026-01-30T18:00:00Z",
      "createdDateTime": "2026-01-30T08:00:00Z", "lastUsedDateTime": "0001-01-01T00:00:00Z",
      "image": {"binaryValue": "Binary", "version": 1, "errorCorrectionLevel": "H", "rawContent": "Binary"}}"##;
    let c: QrCode = serde_json::from_str(e6).unwrap();
    let img = c.image.unwrap();
    assert_eq!(img.error_correction_level, Some(ErrorCorrectionLevel::H));
    assert!(!img.raw_content.is_empty());
    // The E5 update answer: 200 with image null.
    let upd = r##"{"@odata.type": "#microsoft.graph.qrCode", "id": "x", "expireDateTime": "2025-12-01T12:00:00Z", "image": null}"##;
    assert!(serde_json::from_str::<QrCode>(upd).unwrap().image.is_none());
}

#[test]
fn e9_reset_answer_has_the_new_code() {
    let e9 = r##"{"@odata.type": "#microsoft.graph.qrPin", "code": "09599786", "forceChangePinNextSignIn": true,
      "createdDateTime": "2025-03-04T22:45:37.2605385Z", "updatedDateTime": "2025-03-04T22:45:37.2605385Z"}"##;
    let p: QrPin = serde_json::from_str(e9).unwrap();
    assert_eq!(p.code.unwrap().expose(), "09599786");
    assert_eq!(p.force_change_pin_next_sign_in, Some(true));
    let null_dates: QrPin =
        serde_json::from_str(r#"{"code": null, "updatedDateTime": null}"#).unwrap();
    assert_eq!(null_dates, QrPin::default());
}

#[test]
fn e12_method_list_recognises_qr_entries_and_ignores_others() {
    let list = r##"{"value": [
      {"@odata.type": "#microsoft.graph.passwordAuthenticationMethod", "id": "28c10230-6103-485e-b985-444c60001490", "password": null},
      {"@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethod", "id": "d29518d4", "createdDateTime": "2026-01-27T12:00:00Z"}]}"##;
    #[derive(serde::Deserialize)]
    struct L {
        value: Vec<AuthenticationMethod>,
    }
    let l: L = serde_json::from_str(list).unwrap();
    assert_eq!(l.value.len(), 2);
    assert!(!l.value[0].is_qr_code_pin());
    assert!(l.value[1].is_qr_code_pin());
    assert_eq!(l.value[0].kind(), "passwordAuthenticationMethod");
}

#[test]
fn e13_e14_policy_v1_example_and_patch_answer() {
    let e13 = r##"{"@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethodConfiguration", "id": "qrCodePin",
      "state": "enabled", "standardQRCodeLifetimeInDays": 365, "pinLength": 8, "excludeTargets": [],
      "includeTargets@odata.context": "https://graph.microsoft.com/v1.0/$metadata#policies/x",
      "includeTargets": [{"targetType": "group", "id": "all_users", "isRegistrationRequired": false}]}"##;
    let p: QrCodePinPolicy = serde_json::from_str(e13).unwrap();
    assert_eq!(p.state, Some(MethodState::Enabled));
    assert_eq!(
        (p.pin_length, p.standard_qr_code_lifetime_in_days),
        (Some(8), Some(365))
    );
    assert_eq!(p.include_targets[0].id, "all_users");
    let e14 = r##"{"@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethodConfiguration", "id": "qrCodePin",
      "state": "enabled", "standardQRCodeLifetimeInDays": 180, "pinLength": 10, "excludeTargets": []}"##;
    let p: QrCodePinPolicy = serde_json::from_str(e14).unwrap();
    assert_eq!(
        (p.pin_length, p.standard_qr_code_lifetime_in_days),
        (Some(10), Some(180))
    );
    assert!(p.include_targets.is_empty());
    let beta: QrCodePinPolicy =
        serde_json::from_str(r#"{"id": "QRCodePin", "state": "somethingNew"}"#).unwrap();
    assert_eq!(beta.state, Some(MethodState::Other));
}

#[test]
fn request_bodies_match_the_documented_examples() {
    use chrono::TimeZone;
    let start = chrono::Utc.with_ymd_and_hms(2025, 1, 1, 12, 0, 0).unwrap();
    let expire = chrono::Utc
        .with_ymd_and_hms(2025, 12, 19, 12, 0, 0)
        .unwrap();
    let req = models::CreateMethod {
        standard_qr_code: models::CodeWindow::new(start, expire),
        pin: Some(models::Pin::new("09599786")),
    };
    assert_eq!(
        req.to_body(),
        serde_json::json!({"@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethod",
            "standardQRCode": {"expireDateTime": "2025-12-19T12:00:00Z", "startDateTime": "2025-01-01T12:00:00Z"},
            "pin": {"code": "09599786"}})
    );
    let upd = models::PolicyUpdate {
        pin_length: Some(10),
        standard_qr_code_lifetime_in_days: Some(180),
        ..Default::default()
    };
    assert_eq!(
        upd.to_body(),
        serde_json::json!({"@odata.type": "#microsoft.graph.qrCodePinAuthenticationMethodConfiguration",
            "pinLength": 10, "standardQRCodeLifetimeInDays": 180})
    );
}
