//! ID token validation (OpenID Connect Core 3.1.3.7): issuer, audience, lifetime, tenant and
//! nonce are checked before any claim (account, `tid`, `wids`) is used. The token comes
//! straight from the token endpoint over TLS, so 3.1.3.7(6) lets the signature go unchecked;
//! the issuer check ties it to the configured cloud (see [`crate::Endpoints::custom`]).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::Value;

use super::identity::is_guid;
use super::tokens::Account;
use crate::GraphError;

/// How far the two clocks may disagree for `exp` and `nbf`.
pub const CLOCK_SKEW_SECS: i64 = 300;

/// The placeholder Entra's multi-tenant metadata (`/organizations`, `/common`) puts in
/// `issuer`: the token's own `tid` goes there.
pub const TENANT_PLACEHOLDER: &str = "{tenantid}";

/// What an ID token must say to be accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdTokenRules {
    /// Our client id: `aud` must be exactly this.
    pub client_id: String,
    /// The issuer, possibly with [`TENANT_PLACEHOLDER`], e.g.
    /// `https://login.microsoftonline.com/{tenantid}/v2.0`.
    pub issuer: String,
    /// The tenant id `tid` must equal (lower-case GUID), when the authority names one.
    pub tenant_id: Option<String>,
}

/// Validates `id_token` against `rules` at `now` (Unix seconds). `nonce` is the value sent on
/// `/authorize` (authorization code flow only; `None` skips the check).
pub fn validate_id_token(
    id_token: &str,
    rules: &IdTokenRules,
    nonce: Option<&str>,
    now: i64,
) -> Result<Account, GraphError> {
    let bad = |why: &str| GraphError::IdTokenInvalid(why.to_owned());
    let claims = payload(id_token).ok_or_else(|| bad("it is not a readable JWT"))?;
    let text = |k: &str| claims.get(k).and_then(Value::as_str);
    let tid = text("tid")
        .filter(|t| is_guid(t))
        .map(str::to_ascii_lowercase)
        .ok_or_else(|| bad("it names no tenant id (tid)"))?;
    let expected_iss = rules.issuer.replace(TENANT_PLACEHOLDER, &tid);
    if text("iss") != Some(expected_iss.as_str()) {
        return Err(bad("it was issued by another authority (iss)"));
    }
    // OIDC allows an array `aud` (then with `azp`); Entra sends a string. Accept an array only
    // when our client id is its one member.
    let aud_ok = match claims.get("aud") {
        Some(Value::String(a)) => a == &rules.client_id,
        Some(Value::Array(a)) => a.len() == 1 && a[0].as_str() == Some(&rules.client_id),
        _ => false,
    };
    if !aud_ok {
        return Err(bad("it was issued to another application (aud)"));
    }
    let time = |k: &str| claims.get(k).and_then(Value::as_f64).map(|v| v as i64);
    let exp = time("exp").ok_or_else(|| bad("it has no expiry (exp)"))?;
    if exp.saturating_add(CLOCK_SKEW_SECS) <= now {
        return Err(bad("it has expired (exp); check this computer's clock"));
    }
    if claims.get("nbf").is_some() {
        let nbf = time("nbf").ok_or_else(|| bad("its nbf is not a time"))?;
        if nbf.saturating_sub(CLOCK_SKEW_SECS) > now {
            return Err(bad(
                "it is not valid yet (nbf); check this computer's clock",
            ));
        }
    }
    if let Some(t) = &rules.tenant_id {
        if !t.eq_ignore_ascii_case(&tid) {
            return Err(bad("it belongs to another tenant (tid)"));
        }
    }
    if let Some(n) = nonce {
        if text("nonce") != Some(n) {
            return Err(bad("its nonce does not match this sign-in"));
        }
    }
    account(&claims, tid).ok_or_else(|| bad("it names no account (preferred_username)"))
}

/// The decoded payload of a JWT (no checks).
fn payload(jwt: &str) -> Option<Value> {
    let mut parts = jwt.split('.');
    let (_header, body) = (parts.next()?, parts.next()?);
    let bytes = URL_SAFE_NO_PAD.decode(body.trim_end_matches('=')).ok()?;
    serde_json::from_slice::<Value>(&bytes)
        .ok()
        .filter(Value::is_object)
}

fn account(claims: &Value, tid: String) -> Option<Account> {
    let s = |k: &str| claims.get(k).and_then(Value::as_str).map(str::to_owned);
    Some(Account {
        username: s("preferred_username")
            .or_else(|| s("upn"))
            .or_else(|| s("email"))
            .filter(|u| !u.trim().is_empty())?,
        name: s("name"),
        oid: s("oid"),
        tid: Some(tid),
        roles: claims
            .get("wids")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|r| r.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TID: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    const NOW: i64 = 1_800_000_000;

    fn rules() -> IdTokenRules {
        IdTokenRules {
            client_id: "app-1".into(),
            issuer: "https://login.microsoftonline.com/{tenantid}/v2.0".into(),
            tenant_id: Some(TID.into()),
        }
    }

    fn claims() -> Value {
        json!({
            "iss": format!("https://login.microsoftonline.com/{TID}/v2.0"),
            "aud": "app-1", "tid": TID, "exp": NOW + 3600, "nbf": NOW, "iat": NOW,
            "preferred_username": "megan@contoso.com", "oid": "o1", "nonce": "n-1",
            "wids": ["62e90394-69f5-4237-9190-012177145e10"],
        })
    }

    fn jwt(c: &Value) -> String {
        format!(
            "eyJhbGciOiJub25lIn0.{}.",
            URL_SAFE_NO_PAD.encode(c.to_string())
        )
    }

    fn check(c: &Value) -> Result<Account, GraphError> {
        validate_id_token(&jwt(c), &rules(), Some("n-1"), NOW)
    }

    #[test]
    fn a_valid_token_yields_its_account_and_roles() {
        let a = check(&claims()).unwrap();
        assert_eq!(a.username, "megan@contoso.com");
        assert_eq!(a.tid.as_deref(), Some(TID));
        assert_eq!(a.roles.len(), 1);
        // Within the clock skew on both sides.
        let mut c = claims();
        c["exp"] = json!(NOW - 200);
        c["nbf"] = json!(NOW + 200);
        assert!(check(&c).is_ok());
    }

    #[test]
    fn each_failed_claim_is_an_error() {
        let cases: Vec<(&str, Value)> = vec![
            ("aud", json!("other-app")),
            ("aud", json!(["app-1", "other-app"])),
            (
                "iss",
                json!(format!("https://login.microsoftonline.us/{TID}/v2.0")),
            ),
            ("iss", json!("https://evil.example/v2.0")),
            ("tid", json!("00000000-0000-0000-0000-000000000001")),
            ("tid", json!("not-a-guid")),
            ("exp", json!(NOW - 301)),
            ("exp", json!("tomorrow")),
            ("nbf", json!(NOW + 301)),
            ("nonce", json!("n-2")),
            ("preferred_username", json!("")),
        ];
        for (k, v) in cases {
            let mut c = claims();
            c[k] = v.clone();
            let e = check(&c).unwrap_err();
            assert_eq!(e.code(), "graph.id_token_invalid", "{k}={v}");
            assert!(!e.to_string().contains("eyJ"), "{e}");
        }
        for k in ["aud", "iss", "tid", "exp", "nonce"] {
            let mut c = claims();
            c.as_object_mut().unwrap().remove(k);
            assert!(check(&c).is_err(), "missing {k}");
        }
        // A tid from another tenant with a matching issuer still fails the tenant pin.
        let other = "00000000-0000-0000-0000-000000000002";
        let mut c = claims();
        c["tid"] = json!(other);
        c["iss"] = json!(format!("https://login.microsoftonline.com/{other}/v2.0"));
        assert!(check(&c).is_err());
        let mut open = rules();
        open.tenant_id = None;
        assert!(validate_id_token(&jwt(&c), &open, Some("n-1"), NOW).is_ok());
        for junk in ["", "a.b.c", "e30", "e30.bnVsbA.", "e30.WzFd."] {
            assert!(
                validate_id_token(junk, &rules(), None, NOW).is_err(),
                "{junk}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        /// Whatever the claims say, an accepted token has our aud, the cloud's issuer for its
        /// tid, the pinned tenant and an unexpired exp.
        #[test]
        fn only_tokens_with_the_right_claims_are_accepted(
            aud in proptest::prop_oneof!["app-1", "app-2", "APP-1", ""],
            tid in proptest::prop_oneof![proptest::strategy::Just(TID.to_owned()),
                "00000000-0000-0000-0000-00000000000[0-9]", "[a-z]{0,8}"],
            iss_host in proptest::prop_oneof!["https://login.microsoftonline.com",
                "https://login.microsoftonline.us", "https://evil.example"],
            exp in -1000i64..1000,
            nbf in proptest::option::of(-1000i64..1000),
            nonce in proptest::option::of(proptest::prop_oneof!["n-1", "n-2"]),
            junk in "\\PC{0,6}",
        ) {
            let mut c = json!({
                "iss": format!("{iss_host}/{tid}/v2.0"), "aud": aud, "tid": tid,
                "exp": NOW + exp, "preferred_username": format!("u{junk}"),
            });
            if let Some(n) = nbf { c["nbf"] = json!(NOW + n); }
            if let Some(n) = &nonce { c["nonce"] = json!(n); }
            if let Ok(a) = check(&c) {
                proptest::prop_assert_eq!(aud, "app-1");
                proptest::prop_assert_eq!(iss_host, "https://login.microsoftonline.com");
                proptest::prop_assert_eq!(a.tid.as_deref(), Some(TID));
                proptest::prop_assert!(exp > -CLOCK_SKEW_SECS);
                proptest::prop_assert!(nbf.is_none_or(|n| n <= CLOCK_SKEW_SECS));
                proptest::prop_assert_eq!(nonce.as_deref(), Some("n-1"));
            }
        }
    }
}
