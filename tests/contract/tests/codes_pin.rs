//! E4–E11 against the emulator: read, rotate and extend the standard code, temporary codes and
//! their limits, PIN read/reset/change (both verbs) and the doc-contradiction switches.

use chrono::{Duration, Utc};
use qrstation_contract_tests::harness::{worker, Env};
use qrstation_graph::models::{CodeWindow, CreateMethod, Pin};
use qrstation_graph::{QrKind, Subject, UpdatePinVerb};
use serde_json::json;

async fn fresh_method(env: &Env, pin: &str) -> (String, Subject) {
    let upn = env.workers_without_method().await.remove(0);
    let who = Subject::user(upn.clone());
    let start = Utc::now() - Duration::minutes(1);
    let req = CreateMethod {
        standard_qr_code: CodeWindow::new(start, start + Duration::days(100)),
        pin: Some(Pin::new(pin)),
    };
    env.admin().create_method(&who, &req).await.unwrap();
    (upn, who)
}

#[tokio::test]
async fn standard_code_rotate_and_extend() {
    let env = Env::start().await;
    let c = env.admin();
    let (_, who) = fresh_method(&env, "73920485").await;
    let std = c
        .get_qr_code(&who, QrKind::Standard)
        .await
        .unwrap()
        .expect("standard code");
    assert!(std.image.is_none());
    assert!(std.is_active_at(Utc::now()));

    let now = Utc::now();
    let e = c
        .create_standard_qr_code(&who, &CodeWindow::new(now, now + Duration::days(30)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "graph.active_code_exists");

    let later = std.start_date_time.unwrap() + Duration::days(300);
    let extended = c.update_standard_qr_expiry(&who, later).await.unwrap();
    assert!(
        !extended.is_issued(),
        "an active code is extended, not replaced"
    );
    let extended = extended.into_code();
    assert_eq!(extended.id, std.id);
    assert_eq!(
        extended.expire_date_time.unwrap().timestamp(),
        later.timestamp()
    );
    let too_far = std.start_date_time.unwrap() + Duration::days(400);
    assert_eq!(
        c.update_standard_qr_expiry(&who, too_far)
            .await
            .unwrap_err()
            .code(),
        "graph.lifetime_out_of_range"
    );

    // Rotate a lost badge: delete, then create a new code (image returned once).
    c.delete_qr_code(&who, QrKind::Standard).await.unwrap();
    assert_eq!(c.get_qr_code(&who, QrKind::Standard).await.unwrap(), None);
    let rotated = c
        .create_standard_qr_code(&who, &CodeWindow::new(now, now + Duration::days(30)))
        .await
        .unwrap();
    let rotated = rotated.into_inner();
    assert_ne!(rotated.id, std.id);
    assert!(rotated.image.is_some());
}

#[tokio::test]
async fn temporary_code_limits() {
    let env = Env::start().await;
    let c = env.admin();
    let (_, who) = fresh_method(&env, "73920485").await;
    assert_eq!(c.get_qr_code(&who, QrKind::Temporary).await.unwrap(), None);
    let now = Utc::now();
    let e = c
        .create_temporary_qr_code(&who, &CodeWindow::new(now, now + Duration::hours(13)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "graph.lifetime_out_of_range");
    let t = c
        .create_temporary_qr_code(&who, &CodeWindow::new(now, now + Duration::hours(8)))
        .await
        .unwrap()
        .into_inner();
    assert!(t.image.is_some());
    let e = c
        .create_temporary_qr_code(&who, &CodeWindow::new(now, now + Duration::hours(2)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "graph.active_code_exists");
    assert_eq!(
        c.get_qr_code(&who, QrKind::Temporary)
            .await
            .unwrap()
            .unwrap()
            .id,
        t.id
    );
    c.delete_qr_code(&who, QrKind::Temporary).await.unwrap();
    assert_eq!(c.get_qr_code(&who, QrKind::Temporary).await.unwrap(), None);
}

#[tokio::test]
async fn pin_get_reset_and_self_service_change() {
    let env = Env::start().await;
    let c = env.admin();
    let (upn, who) = fresh_method(&env, "73920485").await;
    let pin = c
        .get_pin(&who)
        .await
        .unwrap()
        .expect("the PIN of the method");
    assert_eq!(pin.code, None);
    assert_eq!(pin.force_change_pin_next_sign_in, Some(true));

    let reset = c.reset_pin(&who).await.unwrap();
    let new = reset.code.expect("reset returns the new PIN once");
    assert!(new.expose().len() >= 8 && new.expose().bytes().all(|b| b.is_ascii_digit()));
    assert!(env.pin_matches(&upn, new.expose()).await);
    assert!(!env.pin_matches(&upn, "73920485").await);

    // The worker changes their own PIN through /me (POST first, as the SDKs do).
    let me = env.client_as(
        &upn,
        &["https://graph.microsoft.com/Directory.AccessAsUser.All"],
    );
    let chosen = Pin::new("58203917");
    me.update_pin(&Subject::Me, &new, &chosen).await.unwrap();
    assert_eq!(me.update_pin_verb(), Some(UpdatePinVerb::Post));
    assert!(env.pin_matches(&upn, "58203917").await);
    assert_eq!(
        c.get_pin(&who)
            .await
            .unwrap()
            .unwrap()
            .force_change_pin_next_sign_in,
        Some(false)
    );

    let wrong = me
        .update_pin(&Subject::Me, &new, &Pin::new("61839274"))
        .await
        .unwrap_err();
    assert_eq!(wrong.code(), "graph.pin_rejected");
    assert!(!wrong.to_string().contains(new.expose()));
    let weak = me
        .update_pin(&Subject::Me, &chosen, &Pin::new("11111111111111111111111"))
        .await
        .unwrap_err();
    assert_eq!(weak.code(), "graph.pin_rejected");

    // E11 exists only in metadata; the emulator refuses it. The error keeps Graph's code.
    let e = c.delete_pin(&who).await.unwrap_err();
    assert_eq!(e.status(), Some(400));
    let _ = worker;
}

#[tokio::test]
async fn contradictory_doc_variants_are_all_accepted() {
    let env = Env::start().await;
    env.hook(
        "compat",
        json!({"standardUpdateStatus": 204, "pinResetStatus": 200, "qrGetValueWrapper": true, "policyPatchStatus": 200}),
    )
    .await;
    let c = env.admin();
    let (_, who) = fresh_method(&env, "73920485").await;
    let std = c
        .get_qr_code(&who, QrKind::Standard)
        .await
        .unwrap()
        .expect("wrapped code read");
    let later = std.start_date_time.unwrap() + Duration::days(120);
    let upd = c
        .update_standard_qr_expiry(&who, later)
        .await
        .unwrap()
        .into_code();
    assert_eq!(
        upd.expire_date_time.unwrap().timestamp(),
        later.timestamp(),
        "204 then GET"
    );
    assert!(
        c.reset_pin(&who).await.unwrap().code.is_some(),
        "200 with body"
    );
    let p = c
        .update_policy(&qrstation_graph::models::PolicyUpdate {
            pin_length: Some(9),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(p.pin_length, Some(9), "200 with body");
    env.hook(
        "compat",
        json!({"policyPatchStatus": 204, "pinResetStatus": 204}),
    )
    .await;
    let p = c
        .update_policy(&qrstation_graph::models::PolicyUpdate {
            pin_length: Some(10),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(p.pin_length, Some(10), "204 then GET");
    let r = c.reset_pin(&who).await.unwrap();
    assert!(r.code.is_none(), "a bodiless reset cannot show the PIN");
}
