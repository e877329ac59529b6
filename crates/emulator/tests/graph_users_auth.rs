//! Graph users (filter, search, select, top, count, paging, /me) and authorization (401 for
//! missing/expired/foreign tokens, 403 for workers acting on others), error JSON, headers.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn users_filter_select_top_and_paging() {
    let env = start().await;
    let t = env.admin();
    let (s, b) = env.get("/users", &t).await;
    assert_eq!(s, StatusCode::OK);
    let all = b["value"].as_array().expect("value").len();
    assert!(all >= 45);
    assert!(
        b["value"][0].get("department").is_none(),
        "department is not in the default property set"
    );
    assert!(b["@odata.context"]
        .as_str()
        .expect("ctx")
        .ends_with("$metadata#users"));

    let (_, b) = env.get("/users?$filter=department%20eq%20'Checkout'&$select=displayName,department,officeLocation", &t).await;
    let v = b["value"].as_array().expect("value");
    assert!(!v.is_empty() && v.iter().all(|u| u["department"] == "Checkout"));
    assert!(v[0].get("userPrincipalName").is_none(), "$select projects");
    let (_, b) = env.get("/users?$filter=officeLocation%20eq%20'Store%20102%20-%20Tacoma'%20and%20startswith(displayName,'b')", &t).await;
    let v = b["value"].as_array().expect("value");
    assert!(v.iter().all(|u| u["officeLocation"] == "Store 102 - Tacoma"
        && u["displayName"].as_str().expect("n").starts_with('B')));
    let (_, b) = env
        .get("/users?$filter=startswith(userPrincipalName,'megan')", &t)
        .await;
    assert_eq!(b["value"][0]["userPrincipalName"], MANAGER);
    let (_, b) = env.get("/users?$filter=startswith(mail,'dana.')", &t).await;
    assert_eq!(b["value"][0]["mail"], HEALTHY);
    let (s, b) = env.get("/users?$filter=department%20gt%20'a'", &t).await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "Request_UnsupportedQuery".into())
    );

    // Paging with $top and @odata.nextLink until the end.
    let mut seen = vec![];
    let mut url = env.url("/v1.0/users?$top=7&$select=id");
    let mut pages = 0;
    loop {
        let b: serde_json::Value = env
            .http
            .get(&url)
            .bearer_auth(&t)
            .send()
            .await
            .expect("get")
            .json()
            .await
            .expect("json");
        let v = b["value"].as_array().expect("value");
        assert!(v.len() <= 7);
        seen.extend(v.iter().map(|u| u["id"].as_str().expect("id").to_string()));
        pages += 1;
        match b["@odata.nextLink"].as_str() {
            Some(next) => {
                assert!(
                    next.starts_with(&env.base),
                    "nextLink is absolute on the emulator"
                );
                url = next.to_string();
            }
            None => break,
        }
    }
    assert_eq!(seen.len(), all);
    assert_eq!(pages, all.div_ceil(7));
    let unique: std::collections::HashSet<_> = seen.iter().collect();
    assert_eq!(unique.len(), all);
    let (s, _) = env.get("/users?$top=1000", &t).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let (s, _) = env.get("/users?$skiptoken=garbage", &t).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn users_search_and_count_need_eventual_consistency() {
    let env = start().await;
    let t = env.admin();
    let (s, b) = env.get("/users?$search=%22displayName:megan%22", &t).await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "Request_UnsupportedQuery".into())
    );
    let (s, b) = env.get("/users?$count=true", &t).await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{b}");
    let r = env
        .http
        .get(env.url("/v1.0/users?$search=\"displayName:bow\"&$count=true"))
        .bearer_auth(&t)
        .header("ConsistencyLevel", "eventual")
        .send()
        .await
        .expect("get");
    let (s, b) = json_of(r).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(b["@odata.count"], 1);
    assert_eq!(b["value"][0]["displayName"], "Megan Bowen");
    let r = env
        .http
        .get(env.url("/v1.0/users/$count?$filter=department%20eq%20'Pharmacy'"))
        .bearer_auth(&t)
        .header("ConsistencyLevel", "eventual")
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    let n: usize = r.text().await.expect("text").parse().expect("number");
    assert!(n > 0);
    let r = env
        .http
        .get(env.url(
            "/v1.0/users?$search=\"displayName:priya\" OR \"displayName:zoe\"&$orderby=displayName",
        ))
        .bearer_auth(&t)
        .header("ConsistencyLevel", "eventual")
        .send()
        .await
        .expect("get");
    let b: serde_json::Value = r.json().await.expect("json");
    let names: Vec<&str> = b["value"]
        .as_array()
        .expect("v")
        .iter()
        .filter_map(|u| u["displayName"].as_str())
        .collect();
    assert!(
        names.len() >= 2
            && names
                .iter()
                .all(|n| n.starts_with("Priya") || n.starts_with("Zoe"))
    );
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
}

#[tokio::test]
async fn user_by_id_upn_and_me() {
    let env = start().await;
    let t = env.admin();
    let id = env.user_id(MANAGER).await;
    let (s, b) = env.get(&format!("/users/{id}"), &t).await;
    assert_eq!(
        (s, b["userPrincipalName"].as_str()),
        (StatusCode::OK, Some(MANAGER))
    );
    let (_, b) = env
        .get(
            &format!(
                "/users/{}?$select=jobTitle,department",
                MANAGER.to_uppercase()
            ),
            &t,
        )
        .await;
    assert_eq!(b["jobTitle"], "Store Manager");
    let worker = env.token(WORKER, &["User.Read"]);
    let (s, b) = env.get("/me", &worker).await;
    assert_eq!(
        (s, b["userPrincipalName"].as_str()),
        (StatusCode::OK, Some(WORKER))
    );
    let (s, b) = env.get("/users", &worker).await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::FORBIDDEN, "Authorization_RequestDenied".into())
    );
    let (s, b) = env
        .get("/users/ghost@contoso-retail.onmicrosoft.com", &t)
        .await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::NOT_FOUND, "Request_ResourceNotFound".into())
    );
    let (s, b) = env.get("/groups", &t).await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::BAD_REQUEST, "BadRequest".into())
    );
}

#[tokio::test]
async fn missing_bad_and_expired_tokens_are_401() {
    let env = start().await;
    let r = env.http.get(env.url("/v1.0/me")).send().await.expect("get");
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.headers().get("www-authenticate").is_some());
    let (_, b) = json_of(r).await;
    assert_eq!(error_code(&b), "InvalidAuthenticationToken");
    let (s, _) = env.get("/me", "not-a-jwt").await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // A token signed by another emulator's key.
    let other = start().await;
    let (s, _) = env.get("/me", &other.admin()).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    // Expiry, by moving the emulator clock past the lifetime.
    let t = env.admin();
    let (s, _) = env.get("/me", &t).await;
    assert_eq!(s, StatusCode::OK);
    env.hook("clock", json!({"advanceSeconds": 3600})).await;
    let (s, b) = env.get("/me", &t).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    assert!(b["error"]["message"]
        .as_str()
        .expect("m")
        .contains("expired"));
}

#[tokio::test]
async fn workers_act_only_on_themselves_admins_need_role_and_scope() {
    let env = start().await;
    let worker = env.token(HEALTHY, WORKER_SCOPES);
    let (s, b) = env.get("/me/authentication/qrCodePinMethod", &worker).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = env
        .get(
            &format!("/users/{HEALTHY}/authentication/qrCodePinMethod"),
            &worker,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "own id through /users is self: {b}");
    let (s, b) = env
        .get(
            &format!("/users/{FORCED}/authentication/qrCodePinMethod"),
            &worker,
        )
        .await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::FORBIDDEN, "accessDenied".into())
    );
    let (s, b) = env
        .send(
            "PUT",
            &format!("/users/{WORKER}/authentication/qrCodePinMethod"),
            &worker,
            create_body("48302917"),
        )
        .await;
    assert_eq!(
        (s, error_code(&b)),
        (StatusCode::FORBIDDEN, "accessDenied".into())
    );
    // A worker holding the admin scope but no role is still refused.
    let scoped = env.token(HEALTHY, ADMIN_SCOPES);
    let (s, _) = env
        .get(
            &format!("/users/{FORCED}/authentication/qrCodePinMethod"),
            &scoped,
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // Self-service PIN reset is not a thing.
    let (s, _) = env
        .send(
            "PATCH",
            "/me/authentication/qrCodePinMethod/pin",
            &worker,
            json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // The store manager (Authentication Administrator) manages others' methods...
    let manager = env.token(MANAGER, ADMIN_SCOPES);
    let (s, b) = env
        .send(
            "PUT",
            &format!("/users/{WORKER}/authentication/qrCodePinMethod"),
            &manager,
            create_body("48302917"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    // ...but only with an admin scope, and cannot touch the tenant policy.
    let weak = env.token(
        MANAGER,
        &["User.Read", "UserAuthenticationMethod.ReadWrite"],
    );
    let (s, _) = env
        .get(
            &format!("/users/{WORKER}/authentication/qrCodePinMethod"),
            &weak,
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = env
        .get(
            "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/qrCodePin",
            &manager,
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // A worker can create and delete their own method (self-service write scope).
    let (s, _) = env
        .send(
            "PUT",
            "/me/authentication/qrCodePinMethod",
            &env.token(WORKER2, WORKER_SCOPES),
            create_body("48302917"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
}

#[tokio::test]
async fn graph_headers_and_error_shape() {
    let env = start().await;
    let r = env
        .http
        .get(env.url("/beta/me"))
        .bearer_auth(env.admin())
        .header("client-request-id", "7d0bfb1c-5c53-4a4c-9f0e-0f1a3d2b7c11")
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()["client-request-id"],
        "7d0bfb1c-5c53-4a4c-9f0e-0f1a3d2b7c11"
    );
    assert!(uuid::Uuid::parse_str(r.headers()["request-id"].to_str().expect("ascii")).is_ok());
    assert!(r.headers()["content-type"]
        .to_str()
        .expect("ct")
        .starts_with("application/json"));
    let r = env
        .http
        .get(env.url("/v1.0/users/ghost"))
        .bearer_auth(env.admin())
        .header("client-request-id", "abc")
        .send()
        .await
        .expect("get");
    let rid = r.headers()["request-id"]
        .to_str()
        .expect("ascii")
        .to_string();
    let (_, b) = json_of(r).await;
    error_code(&b);
    assert_eq!(b["error"]["innerError"]["request-id"], rid.as_str());
    assert_eq!(b["error"]["innerError"]["client-request-id"], "abc");
    let r = env
        .http
        .get(env.url("/v2.0/me"))
        .bearer_auth(env.admin())
        .send()
        .await
        .expect("get");
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}
