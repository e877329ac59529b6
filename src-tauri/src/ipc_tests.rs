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

#[test]
fn the_main_window_reads_and_chooses_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with(dir.path());
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let value = |cmd: &str, args: &str| {
        get_ipc_response(&window, request(cmd, args))
            .unwrap_or_else(|e| panic!("{cmd}: {e}"))
            .deserialize::<serde_json::Value>()
            .unwrap()
    };
    let before = get_ipc_response(&window, request("scope_current", "{}")).unwrap_err();
    assert_eq!(before["code"], "core.not_signed_in");

    // The tenant-wide admin: all stores, and may look at one.
    value("sign_in_demo", "{}");
    let all = value("scope_current", "{}");
    assert_eq!(all["tenantWide"], true, "{all}");
    assert_eq!(all["chosen"], serde_json::Value::Null, "{all}");
    let one = value(
        "scope_choose",
        r#"{"unitId":"a1010000-0000-4000-8000-000000000101"}"#,
    );
    assert_eq!(one["chosen"]["name"], "Store 101 - Seattle", "{one}");
    let again = value("scope_choose", r#"{"unitId":""}"#);
    assert_eq!(again["chosen"], serde_json::Value::Null, "{again}");

    // The store manager of Store 102: that store, chosen; the header names the role even
    // though the sign-in's `wids` hold no tenant-wide role.
    let session = value(
        "sign_in_demo",
        r#"{"user":"lee.gu@contoso-retail.onmicrosoft.com"}"#,
    );
    assert_eq!(session["role"], "Manages one store", "{session}");
    let lee = value("scope_current", "{}");
    assert_eq!(lee["tenantWide"], false, "{lee}");
    assert_eq!(lee["chosen"]["name"], "Store 102 - Tacoma", "{lee}");
    assert_eq!(lee["units"].as_array().unwrap().len(), 1, "{lee}");

    // The area manager: two stores, none chosen; another store is refused.
    value(
        "sign_in_demo",
        r#"{"user":"diego.siciliani@contoso-retail.onmicrosoft.com"}"#,
    );
    let diego = value("scope_current", "{}");
    let names: Vec<_> = diego["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        ["Store 103 - Bellevue", "Store 104 - Everett"],
        "{diego}"
    );
    assert_eq!(diego["chosen"], serde_json::Value::Null, "{diego}");
    let refused = get_ipc_response(
        &window,
        request(
            "scope_choose",
            r#"{"unitId":"a1010000-0000-4000-8000-000000000101"}"#,
        ),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "scope.outside_unit");
    let chosen = value(
        "scope_choose",
        r#"{"unitId":"a1040000-0000-4000-8000-000000000104"}"#,
    );
    assert_eq!(chosen["chosen"]["name"], "Store 104 - Everett", "{chosen}");
    assert_eq!(value("scope_current", "{}")["chosen"], chosen["chosen"]);
}

#[test]
fn the_renewals_tab_scans_a_store_exports_it_and_renews_a_selection() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with(dir.path());
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let call = |cmd: &str, json: &str| {
        get_ipc_response(&window, request(cmd, json))
            .unwrap_or_else(|e| panic!("{cmd}: {e}"))
            .deserialize::<serde_json::Value>()
            .unwrap()
    };
    let scope = r#"{"by":"office","value":"Store 101 - Seattle"}"#;
    // Never scanned: no report and nothing to export (both work signed out).
    let none = call("renewal_cached", &format!(r#"{{"scope":{scope}}}"#));
    assert!(none.is_null(), "{none}");
    let none = call("renewal_export_csv", &format!(r#"{{"scope":{scope}}}"#));
    assert!(none.is_null(), "{none}");
    call("sign_in_demo", "{}");
    // Everything within 400 days is due: every badge of the store.
    let report = call(
        "renewal_scan",
        &format!(r#"{{"scope":{scope},"withinDays":400,"onProgress":"__CHANNEL__:9"}}"#),
    );
    assert_eq!(
        report["scopeLabel"], "office Store 101 - Seattle",
        "{report}"
    );
    let rows = report["rows"].as_array().unwrap();
    assert!(rows.len() >= 2, "{report}");
    assert!(rows.iter().all(|r| r["state"] != "valid"), "{report}");
    let cached = call(
        "renewal_cached",
        &format!(r#"{{"scope":{scope},"withinDays":400}}"#),
    );
    assert_eq!(cached["rows"].as_array().unwrap().len(), rows.len());
    assert!(cached["ageMs"].as_i64().unwrap() >= 0);
    // The CSV lands in the exports folder, owner-only.
    let saved = call("renewal_export_csv", &format!(r#"{{"scope":{scope}}}"#));
    let path = std::path::PathBuf::from(saved["path"].as_str().unwrap());
    assert_eq!(path.parent().unwrap(), dir.path().join("exports"));
    // ... with the name "Open" and "Show in folder" take.
    assert_eq!(
        saved["exportsName"].as_str(),
        path.file_name().and_then(|n| n.to_str()),
        "{saved}"
    );
    let csv = std::fs::read_to_string(&path).unwrap();
    assert!(csv.starts_with("upn,display_name,office"), "{csv}");
    assert!(csv.contains(rows[0]["upn"].as_str().unwrap()), "{csv}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Renew two of them: the plan covers exactly the selection, the run writes a badge sheet.
    let chosen: Vec<&str> = rows[..2]
        .iter()
        .map(|r| r["upn"].as_str().unwrap())
        .collect();
    let plan = call(
        "renewal_plan",
        &format!(
            r#"{{"scope":{scope},"upns":{},"withinDays":400}}"#,
            serde_json::json!(chosen)
        ),
    );
    let planned: Vec<&str> = plan["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["upn"].as_str().unwrap())
        .collect();
    assert_eq!(planned, chosen, "{plan}");
    assert_eq!(plan["source"], "renewal of office Store 101 - Seattle");
    let end = call(
        "renewal_run",
        r#"{"choice":{"template":null,"printer":null,"pdf":true,"pinSlips":true},
            "onProgress":"__CHANNEL__:10"}"#,
    );
    assert_eq!(end["done"], end["total"], "{end}");
    assert_eq!(end["failed"], 0, "{end}");
    let job = end["jobId"].as_str().unwrap();
    let status = call("bulk_status", &format!(r#"{{"job":"{job}"}}"#));
    let written = status["counts"]["badgeWritten"].as_u64().unwrap();
    let extended = status["counts"]["extended"].as_u64().unwrap_or(0);
    assert_eq!(written + extended, 2, "{status}");
    for r in status["rows"].as_array().unwrap() {
        if let Some(out) = r["output"].as_str() {
            let out = std::path::Path::new(out);
            assert_eq!(
                out.parent().unwrap(),
                dir.path().join("exports"),
                "{status}"
            );
            assert!(out.exists(), "{}", out.display());
            // The job's files name it by its exports name, for "Open" and "Show in folder".
            let name = out.file_name().unwrap().to_str().unwrap();
            let files = status["files"]["badges"].as_array().unwrap();
            assert!(files.iter().any(|f| f["exportsName"] == name), "{status}");
        }
    }
    // The plan was consumed: running again is refused, resuming the finished job is fine.
    let again = get_ipc_response(
        &window,
        request(
            "renewal_run",
            r#"{"choice":{"pdf":true,"pinSlips":true},"onProgress":"__CHANNEL__:11"}"#,
        ),
    )
    .unwrap_err();
    assert_eq!(again["code"], "bulk.plan_stale", "{again}");
    let resumed = call(
        "renewal_resume",
        &format!(r#"{{"job":"{job}","onProgress":"__CHANNEL__:12"}}"#),
    );
    assert_eq!(resumed["jobId"], job);
}

#[test]
fn the_printers_tab_lists_installed_printers_and_prints_a_test_label() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with(dir.path());
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    // Whatever CUPS this machine has (none is an empty list, never an error).
    let installed = get_ipc_response(&window, request("installed_printers", "{}"))
        .expect("installed_printers allowed")
        .deserialize::<serde_json::Value>()
        .unwrap();
    for p in installed.as_array().expect("a list") {
        assert!(p["spec"].as_str().unwrap().starts_with("cups:"), "{p}");
        assert!(
            p["isDefault"].is_boolean() && p["accepting"].is_boolean(),
            "{p}"
        );
    }
    let refused = get_ipc_response(
        &window,
        request("print_test_label", r#"{"profile":"Desk"}"#),
    )
    .unwrap_err();
    assert_eq!(refused["code"], "core.not_signed_in");

    get_ipc_response(&window, request("sign_in_demo", "{}")).unwrap();
    let out = dir.path().join("test.zpl");
    let body = format!(
        r#"{{"original":null,"profile":{{"name":"Desk","printer":"file:{}","template":"zebra-4x3-203","copies":2}}}}"#,
        out.display()
    );
    get_ipc_response(&window, request("save_printer_profile", &body)).unwrap();
    let done = get_ipc_response(
        &window,
        request("print_test_label", r#"{"profile":"desk"}"#),
    )
    .unwrap()
    .deserialize::<serde_json::Value>()
    .unwrap();
    assert_eq!(done["profile"], "Desk");
    assert_eq!(done["format"], "zpl");
    assert_eq!(done["copies"], 1);
    assert!(std::fs::read_to_string(&out).unwrap().starts_with("^XA"));
    let gone = get_ipc_response(
        &window,
        request("print_test_label", r#"{"profile":"nope"}"#),
    )
    .unwrap_err();
    assert_eq!(gone["code"], "core.profile_not_found");
    assert_eq!(gone.as_object().unwrap().len(), 2, "{gone}");
}

/// A badge as the window sends it, for the save tests.
const BADGE: &str = r#"{"badge":{"payloadBase64":"bXMtcXJwaW46djF8YUBifHh8MTIz","errorCorrectionLevel":null,"version":null,"displayName":"Li Wei","upn":"li@contoso.com","department":null,"validFrom":null,"validUntil":null,"onboarding":null},"template":"sheet-a4"}"#;

#[test]
fn save_as_writes_where_the_dialog_answers_and_files_are_opened_only_by_exports_name() {
    use crate::file_commands::SAVE_DIALOG_ANSWER_ENV;
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let app = app_with(dir.path());
    let main = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let save = |answer: &std::path::Path| {
        // Only this test reads the variable (debug builds answer the dialog with it).
        std::env::set_var(SAVE_DIALOG_ANSWER_ENV, answer);
        let body = get_ipc_response(&main, request("save_badge_as", BADGE))
            .expect("the manager window may save a badge")
            .deserialize::<serde_json::Value>()
            .unwrap();
        std::env::remove_var(SAVE_DIALOG_ANSWER_ENV);
        body
    };
    assert_eq!(save("cancel".as_ref()), serde_json::Value::Null);
    let exports = qrstation_core::DataDir::new(dir.path()).exports();
    assert!(
        std::fs::read_dir(&exports).unwrap().next().is_none(),
        "a cancelled save writes nothing"
    );

    let name = "badge-li_contoso.com-sheet-a4.pdf";
    let saved = save("exports".as_ref());
    assert_eq!(saved["fileName"], name);
    assert_eq!(saved["exportsName"], name);
    let path = exports.join(name);
    assert_eq!(saved["path"], path.display().to_string());
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    let other = save(elsewhere.path());
    assert_eq!(other["exportsName"], serde_json::Value::Null);
    assert!(elsewhere.path().join(name).is_file());

    // Open and Show in folder take a name of the exports folder, nothing else.
    std::fs::write(dir.path().join("outside.pdf"), b"x").unwrap();
    for cmd in ["files_open", "files_reveal"] {
        for (bad, code) in [
            ("../outside.pdf", "files.name_refused"),
            ("..", "files.name_refused"),
            ("sub/x.pdf", "files.name_refused"),
            ("/etc/passwd", "files.name_refused"),
            ("gone.pdf", "files.not_found"),
        ] {
            let args = serde_json::json!({ "name": bad }).to_string();
            let err = get_ipc_response(&main, request(cmd, &args)).unwrap_err();
            assert_eq!(err["code"], code, "{cmd} {bad:?}: {err}");
        }
        #[cfg(unix)]
        {
            let link = exports.join("link.pdf");
            if !link.exists() {
                std::os::unix::fs::symlink(dir.path().join("outside.pdf"), &link).unwrap();
            }
            let err = get_ipc_response(&main, request(cmd, r#"{"name":"link.pdf"}"#)).unwrap_err();
            assert_eq!(err["code"], "files.outside_exports", "{cmd}: {err}");
        }
    }
    // The dialog plugin's own commands are granted to no window: it is Rust's to show.
    for (cmd, args) in [
        ("plugin:dialog|save", r#"{"options":{}}"#),
        ("plugin:dialog|open", r#"{"options":{}}"#),
    ] {
        let err = get_ipc_response(&main, request(cmd, args)).unwrap_err();
        assert!(err.to_string().contains("not allowed"), "{cmd}: {err}");
    }
}

#[test]
fn the_kiosk_window_can_neither_save_nor_open_files() {
    let dir = tempfile::tempdir().unwrap();
    let app = kiosk_app(dir.path());
    let kiosk = WebviewWindowBuilder::new(&app, crate::windows::KIOSK, Default::default())
        .build()
        .unwrap();
    for (cmd, args) in [
        ("save_badge_as", BADGE),
        ("files_open", r#"{"name":"x.pdf"}"#),
        ("files_reveal", r#"{"name":"x.pdf"}"#),
        ("plugin:dialog|save", r#"{"options":{}}"#),
        ("plugin:opener|open_path", r#"{"path":"/etc/passwd"}"#),
        ("plugin:opener|reveal_item_in_dir", r#"{"paths":["/etc"]}"#),
    ] {
        assert!(
            get_ipc_response(&kiosk, request(cmd, args)).is_err(),
            "the kiosk window must not call {cmd}"
        );
    }
    let err = get_ipc_response(&kiosk, request("files_open", r#"{"name":"x.pdf"}"#)).unwrap_err();
    assert!(err.to_string().contains("not allowed"), "{err}");
}
