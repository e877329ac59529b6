//! ID tokens minted by the test and served over real HTTP by a scripted token endpoint: each
//! failed claim (aud, iss, tid, exp, nbf, nonce) is `graph.id_token_invalid` and yields no
//! account; hostile lifetimes in the token answer do not panic.

mod mock;

use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use mock::{json, Mock};
use qrstation_graph::auth::{BrowserSignIn, Cancel, IdentityClient};
use qrstation_graph::{Endpoints, Transport, TransportConfig};
use serde_json::{json as j, Value};
use url::Url;

const TID: &str = "6babcaad-604b-40ac-a9d7-9fd97c0b779f";
const APP: &str = "11111111-2222-3333-4444-555555555555";

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn jwt(claims: &Value) -> String {
    format!(
        "eyJhbGciOiJSUzI1NiJ9.{}.c2ln",
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

/// Claims the mock's authority would issue.
fn good(base: &str) -> Value {
    j!({
        "iss": format!("{base}/{TID}/v2.0"), "aud": APP, "tid": TID,
        "iat": now(), "nbf": now(), "exp": now() + 3600,
        "preferred_username": "megan@contoso.com", "oid": "o-1",
        "wids": ["62e90394-69f5-4237-9190-012177145e10"],
    })
}

fn token_answer(id_token: &str, expires_in: &str) -> mock::Step {
    json(
        200,
        &format!(
            r#"{{"access_token":"at","token_type":"Bearer","expires_in":{expires_in},"refresh_token":"rt2","id_token":"{id_token}"}}"#
        ),
    )
}

fn metadata(base: &str, tenant: &str) -> mock::Step {
    json(200, &format!(r#"{{"issuer":"{base}/{tenant}/v2.0"}}"#))
}

/// An identity client for the mock at `{base}/{tenant}`.
fn identity(m: &Mock, tenant: &str) -> IdentityClient {
    let ep = Endpoints::custom(&format!("{}/{tenant}", m.base), &m.base).unwrap();
    let cfg = TransportConfig {
        retry: mock::policy(),
        sleeper: Arc::new(mock::Rec::default()),
        ..TransportConfig::default()
    };
    IdentityClient::new(&ep, APP, Transport::new(cfg).unwrap())
}

/// Refreshes at authority `{mock}/{tenant}` whose metadata names issuer
/// `{mock}/{meta_tenant}/v2.0`, against an ID token with the claims `make` gives (it gets the
/// mock's base URL).
async fn refresh_with(
    tenant: &str,
    meta_tenant: &str,
    make: impl Fn(&str) -> Value,
) -> Result<(), String> {
    let m = mock::start(vec![]).await;
    m.push(vec![
        token_answer(&jwt(&make(&m.base)), "3599"),
        metadata(&m.base, meta_tenant),
    ]);
    let r = identity(&m, tenant).refresh("rt", &["openid".into()]).await;
    assert_eq!(m.seen().len(), 2, "token request, then the metadata");
    match r {
        Ok(t) => {
            let a = t.account.expect("a validated account");
            assert_eq!(a.username, "megan@contoso.com");
            assert_eq!(a.tid.as_deref(), Some(TID));
            Ok(())
        }
        Err(e) => {
            assert!(!e.to_string().contains("eyJ"), "{e}");
            Err(e.code().to_owned())
        }
    }
}

#[tokio::test]
async fn a_valid_id_token_yields_the_account() {
    refresh_with(TID, TID, good).await.unwrap();
    // `organizations` does not pin the tenant: the metadata's `{tenantid}` takes the token's.
    refresh_with("organizations", "{tenantid}", good)
        .await
        .unwrap();
    // An issuer other than the metadata's is refused.
    let other = "00000000-0000-0000-0000-0000000000aa";
    assert_eq!(
        refresh_with("organizations", other, good)
            .await
            .unwrap_err(),
        "graph.id_token_invalid"
    );
}

/// Claims from the mock's base URL.
type MakeClaims = dyn Fn(&str) -> Value;

#[tokio::test]
async fn each_failed_claim_is_refused_over_http() {
    let cases: Vec<(&str, Box<MakeClaims>)> = vec![
        (
            "wrong aud",
            Box::new(|b| {
                let mut c = good(b);
                c["aud"] = j!("99999999-2222-3333-4444-555555555555");
                c
            }),
        ),
        (
            "wrong iss",
            Box::new(|b| {
                let mut c = good(b);
                c["iss"] = j!(format!("https://login.microsoftonline.com/{TID}/v2.0"));
                c
            }),
        ),
        (
            "other tid",
            Box::new(|b| {
                let other = "00000000-0000-0000-0000-0000000000ff";
                let mut c = good(b);
                c["tid"] = j!(other);
                c["iss"] = j!(format!("{b}/{other}/v2.0"));
                c
            }),
        ),
        (
            "expired",
            Box::new(|b| {
                let mut c = good(b);
                // A minute past the skew: now() is whole seconds, so +/-301 failed at a second boundary.
                c["exp"] = j!(now() - 360);
                c
            }),
        ),
        (
            "nbf in the future",
            Box::new(|b| {
                let mut c = good(b);
                c["nbf"] = j!(now() + 360);
                c
            }),
        ),
    ];
    for (what, make) in cases {
        let code = refresh_with(TID, TID, make).await.unwrap_err();
        assert_eq!(code, "graph.id_token_invalid", "{what}");
    }
}

#[tokio::test]
async fn the_authorization_code_flow_checks_the_nonce() {
    for nonce in [Some("not-the-one-we-sent"), None] {
        let m = mock::start(vec![]).await;
        let mut claims = good(&m.base);
        if let Some(n) = nonce {
            claims["nonce"] = j!(n);
        }
        m.push(vec![
            token_answer(&jwt(&claims), "3599"),
            metadata(&m.base, TID),
        ]);
        let http = reqwest::Client::new();
        let browser = move |url: &Url| {
            let q = |k: &str| {
                url.query_pairs()
                    .find(|(n, _)| n == k)
                    .map(|(_, v)| v.into_owned())
                    .unwrap()
            };
            assert!(q("nonce").len() >= 16);
            let target = format!("{}/?code=c&state={}", q("redirect_uri"), q("state"));
            let http = http.clone();
            tokio::spawn(async move { http.get(target).send().await.map(drop) });
            Ok(())
        };
        let opts = BrowserSignIn {
            timeout: Duration::from_secs(5),
            ..BrowserSignIn::default()
        };
        let e = identity(&m, TID)
            .sign_in_with_browser(&["openid".into()], &browser, &opts, &Cancel::new())
            .await
            .unwrap_err();
        assert_eq!(e.code(), "graph.id_token_invalid", "nonce {nonce:?}");
    }
}

#[tokio::test]
async fn hostile_lifetimes_in_the_token_answer_are_clamped() {
    for expires_in in ["18446744073709551615", "-1", "\"1e400\"", "1e308"] {
        let m = mock::start(vec![]).await;
        m.push(vec![
            token_answer(&jwt(&good(&m.base)), expires_in),
            metadata(&m.base, TID),
        ]);
        let t = identity(&m, TID)
            .refresh("rt", &["openid".into()])
            .await
            .unwrap_or_else(|e| panic!("{expires_in}: {e}"));
        let left = t.expires_at.saturating_duration_since(Instant::now());
        assert!(left <= Duration::from_secs(24 * 3600), "{expires_in}");
    }
}
