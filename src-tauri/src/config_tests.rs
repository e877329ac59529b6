//! `config_effective` through Tauri's mock runtime with a real `QRSTATION_POLICY` file. The
//! variable is the process's, so the check runs in a child process of this test binary (the
//! other tests never see the policy).

use tauri::{
    ipc::{CallbackFn, InvokeBody},
    test::{get_ipc_response, mock_builder, INVOKE_KEY},
    webview::InvokeRequest,
    WebviewWindowBuilder,
};

use crate::state::AppState;

const CHILD: &str = "config_tests::child_reports_locked_keys";

const POLICY: &str = r#"{
  "signIn": {"idleMinutes": 5, "staySignedInAllowed": false},
  "kiosk": {"idleSeconds": {"value": 120, "locked": false}},
  "demoTenant": {"offered": false}
}"#;

#[test]
fn config_effective_reports_a_locked_key_from_the_policy_file() {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("policy.json");
    std::fs::write(&policy, POLICY).unwrap();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            CHILD,
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(qrstation_core::policy::POLICY_ENV, &policy)
        .env("QRSTATION_TEST_DATA", dir.path().join("data"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "child failed:\n{text}");
    assert!(
        text.contains("1 passed"),
        "the child test did not run:\n{text}"
    );
}

#[test]
#[ignore = "run by config_effective_reports_a_locked_key_from_the_policy_file, in its own process"]
fn child_reports_locked_keys() {
    let data = std::path::PathBuf::from(std::env::var_os("QRSTATION_TEST_DATA").unwrap());
    std::fs::create_dir_all(&data).unwrap();
    let state = tauri::async_runtime::block_on(AppState::open(data, false)).unwrap();
    let app = crate::builder(mock_builder(), state)
        .build(tauri::generate_context!(test = true))
        .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let req = InvokeRequest {
        cmd: "config_effective".into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(serde_json::json!({})),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    let body = get_ipc_response(&window, req)
        .expect("main window may call config_effective")
        .deserialize::<serde_json::Value>()
        .unwrap();
    let policy = std::env::var(qrstation_core::policy::POLICY_ENV).unwrap();
    assert_eq!(body["policyFile"], policy.as_str());
    let key = |k: &str| {
        body["values"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["key"] == k)
            .cloned()
            .unwrap_or_else(|| panic!("{k} missing: {body}"))
    };
    let idle = key("signIn.idleMinutes");
    assert_eq!(
        (idle["value"].as_str(), idle["source"].as_str()),
        (Some("5"), Some("policy"))
    );
    assert_eq!(idle["locked"], true);
    let stay = key("signIn.staySignedInAllowed");
    assert_eq!(
        (stay["value"].as_str(), stay["locked"].as_bool()),
        (Some("false"), Some(true))
    );
    let kiosk = key("kiosk.idleSeconds");
    assert_eq!(
        (kiosk["value"].as_str(), kiosk["source"].as_str()),
        (Some("120"), Some("policy"))
    );
    assert_eq!(kiosk["locked"], false, "an unlocked default is not locked");
    let pins = key("pins.customAllowed");
    assert_eq!(
        (pins["source"].as_str(), pins["locked"].as_bool()),
        (Some("default"), Some(false))
    );
}
