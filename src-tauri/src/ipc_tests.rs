//! IPC round trips through Tauri's mock runtime with the app's real context and capabilities:
//! what the main window may call, and the JSON it gets back.

use tauri::{
    ipc::{CallbackFn, InvokeBody},
    test::{get_ipc_response, mock_builder, INVOKE_KEY},
    webview::InvokeRequest,
    WebviewWindowBuilder,
};

use crate::state::AppState;

fn request(cmd: &str, json: &str) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().unwrap(),
        body: InvokeBody::Json(serde_json::from_str(json).unwrap()),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

fn app_with(data_dir: &std::path::Path) -> tauri::App<tauri::test::MockRuntime> {
    let state = tauri::async_runtime::block_on(AppState::open(data_dir.to_owned(), false)).unwrap();
    crate::builder(mock_builder(), state)
        .build(tauri::generate_context!(test = true))
        .expect("app builds")
}

#[test]
fn main_window_gets_app_info() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with(dir.path());
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let body = get_ipc_response(&window, request("app_info", "{}"))
        .expect("main window may call app_info")
        .deserialize::<serde_json::Value>()
        .unwrap();
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["modeLabel"], "Demo tenant");
    assert_eq!(body["dataDir"], dir.path().display().to_string());
}

#[test]
fn failing_command_reaches_the_window_as_code_and_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("settings.json"), "{ not json").unwrap();
    let app = app_with(dir.path());
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let err = get_ipc_response(&window, request("app_info", "{}")).unwrap_err();
    assert_eq!(err["code"], "core.invalid_settings");
    assert!(
        err["message"].as_str().unwrap().contains("settings.json"),
        "{err}"
    );
    assert_eq!(err.as_object().unwrap().len(), 2, "{err}");
}

#[test]
fn a_window_without_a_capability_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with(dir.path());
    let window = WebviewWindowBuilder::new(&app, "stranger", Default::default())
        .build()
        .unwrap();
    let err = get_ipc_response(&window, request("app_info", "{}")).unwrap_err();
    assert!(
        err.to_string().contains("not allowed"),
        "an unlisted window must not call app_info: {err}"
    );
}

#[test]
fn the_main_window_signs_in_to_the_demo_tenant_and_finds_users() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with(dir.path());
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let before = get_ipc_response(
        &window,
        request(
            "search_users",
            r#"{"query":"a","onCached":"__CHANNEL__:7"}"#,
        ),
    )
    .unwrap_err();
    assert_eq!(before["code"], "core.not_signed_in");
    let session = get_ipc_response(&window, request("sign_in_demo", "{}"))
        .unwrap()
        .deserialize::<serde_json::Value>()
        .unwrap();
    assert_eq!(session["operator"], "admin@contoso-retail.onmicrosoft.com");
    let found = get_ipc_response(
        &window,
        request(
            "search_users",
            r#"{"query":"Bi","onCached":"__CHANNEL__:7"}"#,
        ),
    )
    .unwrap()
    .deserialize::<serde_json::Value>()
    .unwrap();
    assert!(!found["hits"].as_array().unwrap().is_empty(), "{found}");
    let refused = get_ipc_response(
        &window,
        request("check_pin", r#"{"pin":"12121212","minLength":8}"#),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "pin.repeated");
}

/// A refusal by Graph (here, the demo tenant over HTTP) reaches the window in words, with
/// Graph's request-id beside the message, never inside it.
#[test]
fn a_graph_failure_reaches_the_window_with_its_request_id() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with(dir.path());
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    get_ipc_response(&window, request("sign_in_demo", "{}")).unwrap();
    let err = get_ipc_response(
        &window,
        request(
            "user_card",
            r#"{"user":"nobody@contoso-retail.onmicrosoft.com"}"#,
        ),
    )
    .unwrap_err();
    assert_eq!(err["code"], "graph.not_found", "{err}");
    let id = err["requestId"].as_str().expect("a request id");
    assert!(!id.is_empty(), "{err}");
    let message = err["message"].as_str().unwrap();
    assert!(!message.contains(id), "{err}");
    assert!(message.starts_with("Microsoft could not find"), "{err}");
    assert_eq!(err.as_object().unwrap().len(), 3, "{err}");
}

fn kiosk_app(data_dir: &std::path::Path) -> tauri::App<tauri::test::MockRuntime> {
    let state = tauri::async_runtime::block_on(AppState::open(data_dir.to_owned(), true)).unwrap();
    crate::builder(mock_builder(), state)
        .build(tauri::generate_context!(test = true))
        .expect("app builds")
}

#[test]
fn the_kiosk_window_may_call_only_kiosk_commands() {
    let dir = tempfile::tempdir().unwrap();
    let app = kiosk_app(dir.path());
    let kiosk = WebviewWindowBuilder::new(&app, crate::windows::KIOSK, Default::default())
        .build()
        .unwrap();
    let info = get_ipc_response(&kiosk, request("kiosk_info", "{}"))
        .expect("the kiosk window may call kiosk_info")
        .deserialize::<serde_json::Value>()
        .unwrap();
    assert_eq!(info["idleSeconds"], 60);
    assert_eq!(info["demo"], true);
    // The worker is named before any manager is asked: nobody here matches this name.
    let found = get_ipc_response(&kiosk, request("kiosk_find_worker", r#"{"typed":"zzq"}"#))
        .expect("the kiosk window may call kiosk_find_worker")
        .deserialize::<Vec<serde_json::Value>>()
        .unwrap();
    assert!(found.is_empty(), "{found:?}");
    let create = r#"{"request":{"user":"a@b","start":null,"expires":null,"pin":null}}"#;
    for (cmd, args) in [
        ("create_method", create),
        ("reset_pin", r#"{"user":"a@b"}"#),
        ("sign_in_demo", "{}"),
        ("audit_export", "{}"),
        ("app_info", "{}"),
        ("bulk_run", r#"{"choice":{}}"#),
        ("plugin:window|close", r#"{"label":"kiosk"}"#),
        (
            "plugin:webview|create_webview_window",
            r#"{"options":{"label":"x"}}"#,
        ),
        ("plugin:event|emit", r#"{"event":"x","payload":null}"#),
    ] {
        let err = get_ipc_response(&kiosk, request(cmd, args)).unwrap_err();
        assert!(
            err.to_string().contains("not allowed"),
            "the kiosk window must not call {cmd}: {err}"
        );
    }
}

#[test]
fn the_manager_window_may_not_call_kiosk_commands() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with(dir.path());
    let main = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    for cmd in [
        "kiosk_info",
        "kiosk_reset",
        "kiosk_reset_pin",
        "kiosk_find_worker",
    ] {
        let err =
            get_ipc_response(&main, request(cmd, r#"{"workerId":"x","typed":"xyz"}"#)).unwrap_err();
        assert!(err.to_string().contains("not allowed"), "{cmd}: {err}");
    }
}

#[test]
fn the_window_cannot_name_a_raw_printer_and_signs_out_for_real() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with(dir.path());
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    get_ipc_response(&window, request("sign_in_demo", "{}")).unwrap();
    // The commands that took a printer address from the webview are gone.
    for cmd in ["print_badge", "save_print_settings", "print_settings"] {
        let err = get_ipc_response(&window, request(cmd, "{}")).unwrap_err();
        assert!(
            err.to_string().contains("not found") || err.to_string().contains("not allowed"),
            "{cmd}: {err}"
        );
    }
    // Printing names a profile; an address in its place is just a profile that does not exist.
    let target = dir.path().join("stolen.pdf");
    let body = format!(
        r#"{{"badge":{{"payloadBase64":"bXMtcXJwaW46djE=","errorCorrectionLevel":"L","version":3,
        "displayName":"A","upn":"a@contoso.com","department":null,"validFrom":null,"validUntil":null,
        "onboarding":null}},"userId":null,"profile":"file:{}"}}"#,
        target.display()
    );
    let err = get_ipc_response(&window, request("print_badge_with_profile", &body)).unwrap_err();
    assert_eq!(err["code"], "core.profile_not_found");
    assert!(!target.exists(), "nothing was written to the named path");

    let out = get_ipc_response(&window, request("sign_out", "{}"))
        .unwrap()
        .deserialize::<serde_json::Value>()
        .unwrap();
    assert_eq!(out["signedIn"], false);
    let after = get_ipc_response(&window, request("user_card", r#"{"user":"x"}"#)).unwrap_err();
    assert_eq!(after["code"], "core.not_signed_in");
    get_ipc_response(&window, request("session_touch", "{}")).expect("session_touch allowed");
    let idle = get_ipc_response(&window, request("idle_minutes", "{}"))
        .unwrap()
        .deserialize::<u64>()
        .unwrap();
    assert_eq!(idle, 15);
}
