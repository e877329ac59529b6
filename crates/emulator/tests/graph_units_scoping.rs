//! Administrative units and unit-scoped roles over real HTTP: the store manager of Store 102
//! (Authentication Administrator scoped to that unit) reads their assignments and the unit's
//! members, works on members only (403 elsewhere), and no Authentication Administrator may
//! touch a Global Administrator's methods.

mod common;

use common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

const LEE: &str = "lee.gu@contoso-retail.onmicrosoft.com";
const STORE_102: &str = "a1020000-0000-4000-8000-000000000102";
const SCOPES: &[&str] = &[
    "https://graph.microsoft.com/UserAuthenticationMethod.ReadWrite.All",
    "https://graph.microsoft.com/User.Read.All",
    "https://graph.microsoft.com/RoleManagement.Read.Directory",
    "https://graph.microsoft.com/AdministrativeUnit.Read.All",
];

fn code_of(b: &Value) -> String {
    b["error"]["code"].as_str().unwrap_or("").to_owned()
}

/// A worker with no method, in `store` (officeLocation prefix).
async fn worker_in(env: &Env, store: &str) -> String {
    let s = env.state().await;
    let methods = s["methods"].as_object().cloned().unwrap_or_default();
    s["users"]
        .as_array()
        .expect("users")
        .iter()
        .find(|u| {
            u["officeLocation"]
                .as_str()
                .unwrap_or("")
                .starts_with(store)
                && u["jobTitle"] != "Store Manager"
                && !methods.contains_key(u["id"].as_str().unwrap_or(""))
        })
        .expect("a worker")["id"]
        .as_str()
        .expect("id")
        .to_owned()
}

fn create() -> Value {
    create_body("48302917")
}

#[tokio::test]
async fn scoped_assignments_units_and_members() {
    let env = start().await;
    let lee = env.token(LEE, SCOPES);
    let lee_id = env.user_id(LEE).await;
    let (s, b) = env
        .get(
            &format!("/roleManagement/directory/roleAssignments?$filter=principalId eq '{lee_id}'"),
            &lee,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let value = b["value"].as_array().expect("value");
    assert_eq!(value.len(), 1, "{b}");
    assert_eq!(
        value[0]["directoryScopeId"],
        format!("/administrativeUnits/{STORE_102}")
    );
    assert_eq!(
        value[0]["roleDefinitionId"],
        "c4e39bd9-1100-46d3-8c65-fb160da0071f"
    );
    // The admin's tenant-wide role is scope "/".
    let (_, b) = env
        .get("/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10'", &lee)
        .await;
    assert_eq!(b["value"][0]["directoryScopeId"], "/", "{b}");
    // Without a role-management scope: 403 in the directory's error shape.
    let plain = env.token(LEE, ADMIN_SCOPES);
    let (s, b) = env
        .get("/roleManagement/directory/roleAssignments", &plain)
        .await;
    assert_eq!(
        (s, code_of(&b)),
        (StatusCode::FORBIDDEN, "Authorization_RequestDenied".into())
    );

    let (s, b) = env
        .get(&format!("/directory/administrativeUnits/{STORE_102}"), &lee)
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["displayName"], "Store 102 - Tacoma");
    // Members, paged by 5 until the end; every one works at Store 102.
    let mut url = format!("/directory/administrativeUnits/{STORE_102}/members/microsoft.graph.user?$top=5&$select=id,officeLocation");
    let mut seen = 0;
    loop {
        let (s, b) = env.get(&url, &lee).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        for m in b["value"].as_array().expect("value") {
            assert_eq!(m["officeLocation"], "Store 102 - Tacoma");
            seen += 1;
        }
        match b["@odata.nextLink"].as_str() {
            Some(next) => url = next.split("/v1.0").nth(1).expect("path").to_owned(),
            None => break,
        }
    }
    assert!(seen > 5, "several pages: {seen}");
    // $search needs ConsistencyLevel: eventual.
    let search = format!("/directory/administrativeUnits/{STORE_102}/members?$search=\"displayName:lee\"&$count=true");
    let (s, _) = env.get(&search, &lee).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let r = env
        .http
        .get(env.url(&format!("/v1.0{search}")))
        .bearer_auth(&lee)
        .header("ConsistencyLevel", "eventual")
        .send()
        .await
        .expect("send");
    let b: Value = r.json().await.expect("json");
    assert_eq!(b["@odata.count"], 1, "{b}");
    assert_eq!(b["value"][0]["userPrincipalName"], LEE);
}

#[tokio::test]
async fn a_scoped_manager_is_refused_outside_the_unit_and_on_privileged_users() {
    let env = start().await;
    let lee = env.token(LEE, SCOPES);
    let inside = worker_in(&env, "Store 102").await;
    let outside = worker_in(&env, "Store 101").await;
    let path = |id: &str| format!("/users/{id}/authentication/qrCodePinMethod");
    let (s, b) = env.send("PUT", &path(&outside), &lee, create()).await;
    assert_eq!(
        (s, code_of(&b)),
        (StatusCode::FORBIDDEN, "accessDenied".into()),
        "{b}"
    );
    let (s, b) = env.get(&path(&outside), &lee).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "reads too: {b}");
    let (s, b) = env.send("PUT", &path(&inside), &lee, create()).await;
    assert!(s.is_success(), "inside the unit: {s} {b}");
    let (s, _) = env
        .send(
            "PATCH",
            &format!("{}/pin", path(&inside)),
            &lee,
            json!({"code": "59381726"}),
        )
        .await;
    assert!(s.is_success(), "PIN reset inside the unit: {s}");

    // The tenant-wide Authentication Administrator may not manage the Global Administrator.
    let megan = env.token(MANAGER, SCOPES);
    let admin_id = env.user_id(ADMIN).await;
    let (s, b) = env.send("PUT", &path(&admin_id), &megan, create()).await;
    assert_eq!(
        (s, code_of(&b)),
        (StatusCode::FORBIDDEN, "accessDenied".into()),
        "{b}"
    );
    let (s, _) = env
        .send("DELETE", &path(&admin_id), &megan, json!({}))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    // ... but still manages a worker anywhere, and the Global Administrator manages anyone.
    let (s, b) = env.send("PUT", &path(&outside), &megan, create()).await;
    assert!(s.is_success(), "{s} {b}");
    let lee_id = env.user_id(LEE).await;
    let (s, b) = env
        .send("PUT", &path(&lee_id), &env.admin(), create())
        .await;
    assert!(s.is_success(), "{s} {b}");
}
