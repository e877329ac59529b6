//! Fuzzes ID token validation: the input is the claims JSON (and, raw, the whole token).
//! Never a panic, and an accepted token always has our `aud`, the expected issuer for its
//! `tid`, the pinned tenant, the nonce sent and an `exp` not past the skew.
#![no_main]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use qrstation_graph::auth::id_token::CLOCK_SKEW_SECS;
use qrstation_graph::auth::{validate_id_token, IdTokenRules};

const TID: &str = "6babcaad-604b-40ac-a9d7-9fd97c0b779f";
const NOW: i64 = 1_800_000_000;

fuzz_target!(|data: &[u8]| {
    let rules = IdTokenRules {
        client_id: "app-1".into(),
        issuer: "https://login.microsoftonline.com/{tenantid}/v2.0".into(),
        tenant_id: Some(TID.into()),
    };
    if let Ok(raw) = std::str::from_utf8(data) {
        let _ = validate_id_token(raw, &rules, Some("n-1"), NOW);
    }
    let jwt = format!("eyJhbGciOiJub25lIn0.{}.", URL_SAFE_NO_PAD.encode(data));
    let Ok(account) = validate_id_token(&jwt, &rules, Some("n-1"), NOW) else {
        return;
    };
    let claims: serde_json::Value = serde_json::from_slice(data).expect("accepted means JSON");
    assert_eq!(claims["aud"].as_str().or(claims["aud"][0].as_str()), Some("app-1"));
    let tid = claims["tid"].as_str().expect("tid").to_ascii_lowercase();
    assert_eq!(tid, TID);
    assert_eq!(
        claims["iss"].as_str(),
        Some(format!("https://login.microsoftonline.com/{tid}/v2.0").as_str())
    );
    assert_eq!(claims["nonce"].as_str(), Some("n-1"));
    let exp = claims["exp"].as_f64().expect("exp") as i64;
    assert!(exp.saturating_add(CLOCK_SKEW_SECS) > NOW);
    assert_eq!(account.tid.as_deref(), Some(TID));
    assert!(!account.username.trim().is_empty());
});
