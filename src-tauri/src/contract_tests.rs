//! Checks that everything that names a command agrees with the IPC contract (`contract.rs`):
//! the build's permission list, each window's capability (exactly its own commands), the
//! `#[tauri::command]` functions, and the UI's wrappers (which call only generated functions).

use crate::contract::{Command, Window, COMMANDS};

include!("../contract_names.rs");

const DIR: &str = env!("CARGO_MANIFEST_DIR");

fn names(window: Option<Window>) -> Vec<String> {
    COMMANDS
        .iter()
        .filter(|c: &&Command| window.is_none_or(|w| c.window == w))
        .map(|c| c.name.to_owned())
        .collect()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{DIR}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn command_names_are_unique() {
    let mut all = names(None);
    all.sort();
    let before = all.len();
    all.dedup();
    assert_eq!(
        before,
        all.len(),
        "a command is declared twice in the contract"
    );
}

#[test]
fn the_build_grants_a_permission_for_exactly_the_contract_commands() {
    // build.rs reads the names with `contract_names`; it must read the whole table.
    assert_eq!(contract_names(&read("src/contract.rs")), names(None));
}

fn capability(file: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(&read(file)).unwrap();
    json["permissions"]
        .as_array()
        .expect("permissions is a list")
        .iter()
        .map(|p| p.as_str().expect("permissions are names").to_owned())
        .collect()
}

fn allow(window: Window) -> Vec<String> {
    names(Some(window))
        .iter()
        .map(|n| format!("allow-{}", n.replace('_', "-")))
        .collect()
}

#[test]
fn the_manager_capability_grants_exactly_the_manager_commands() {
    assert_eq!(capability("capabilities/main.json"), allow(Window::Manager));
}

#[test]
fn the_kiosk_capability_grants_exactly_the_kiosk_commands_and_nothing_else() {
    let kiosk = capability("capabilities/kiosk.json");
    assert_eq!(
        kiosk,
        allow(Window::Kiosk),
        "least privilege: only kiosk commands"
    );
    let json: serde_json::Value = serde_json::from_str(&read("capabilities/kiosk.json")).unwrap();
    assert_eq!(json["windows"], serde_json::json!(["kiosk"]));
}

#[test]
fn every_tauri_command_is_in_the_contract() {
    let declared = names(None);
    let mut found = Vec::new();
    for entry in std::fs::read_dir(format!("{DIR}/src")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            if !line.trim_start().starts_with("#[tauri::command") {
                continue;
            }
            let signature = lines.find(|l| l.contains("fn ")).unwrap();
            let name = signature.split("fn ").nth(1).unwrap();
            let name: String = name
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            assert!(
                declared.contains(&name),
                "{}: `{name}` is a #[tauri::command] missing from src/contract.rs",
                path.display()
            );
            found.push(name);
        }
    }
    found.sort();
    let mut declared = declared;
    declared.sort();
    assert_eq!(
        found, declared,
        "the contract names a function that is not a command"
    );
}

#[test]
fn the_ui_calls_commands_only_through_the_generated_functions() {
    for file in ["../ui/src/api.ts", "../ui/src/kiosk/api.ts"] {
        let text = read(file);
        assert!(
            !text.contains("call(") && !text.contains("invoke("),
            "{file} names a command by string: call the generated function instead"
        );
    }
    let kiosk = read("../ui/src/kiosk/api.ts");
    assert!(
        !kiosk.contains("managerCommands") && !kiosk.contains("/api\""),
        "the kiosk window imports only kiosk commands"
    );
}
