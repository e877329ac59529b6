//! Checks that everything that names a command agrees with the IPC contract (`contract.rs`):
//! the build's permission list, each window's capability (exactly its own commands), the
//! `#[tauri::command]` functions (their names, and each one's arguments and answer, read from
//! the source), and the UI's wrappers (which call only generated functions).

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

/// Strips whitespace and module paths (`tauri::ipc::Channel<T>` → `Channel<T>`), so a type
/// reads the same in the table and in the function.
fn bare_type(ty: &str) -> String {
    let compact: String = ty.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = String::new();
    let mut word = String::new();
    for c in compact.chars() {
        if c.is_alphanumeric() || c == '_' || c == ':' {
            word.push(c);
            continue;
        }
        out.push_str(word.rsplit("::").next().unwrap_or(""));
        word.clear();
        out.push(c);
    }
    out.push_str(word.rsplit("::").next().unwrap_or(""));
    out.replace("Channel<", "Chan<")
}

/// The answer a command's `-> Res<T>` / `-> Result<T, AppError>` / nothing gives the window.
fn answer(ret: Option<&str>) -> String {
    let Some(ret) = ret.map(bare_type) else {
        return "()".into();
    };
    if let Some(inner) = ret.strip_prefix("Res<").and_then(|r| r.strip_suffix('>')) {
        return inner.to_owned();
    }
    if let Some(inner) = ret
        .strip_prefix("Result<")
        .and_then(|r| r.strip_suffix(",AppError>"))
    {
        return inner.to_owned();
    }
    ret
}

/// Splits `a: A, b: Map<K, V>` at the top-level commas.
fn split_params(params: &str) -> Vec<String> {
    let (mut depth, mut cur, mut out) = (0i32, String::new(), Vec::new());
    for c in params.chars() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

/// Every `#[tauri::command]` function as `name(arg: Type, …) -> Answer`, in the table's own
/// spelling: the handles Tauri injects (`State`, `AppHandle`, windows) left out.
fn command_signatures() -> std::collections::BTreeMap<String, String> {
    let mut found = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(format!("{DIR}/src")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for chunk in text.split("#[tauri::command").skip(1) {
            let after = &chunk[chunk.find("fn ").unwrap() + 3..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let open = after.find('(').unwrap();
            let (mut depth, mut close) = (0, open);
            for (i, c) in after[open..].char_indices() {
                depth += match c {
                    '(' => 1,
                    ')' => -1,
                    _ => 0,
                };
                if depth == 0 {
                    close = open + i;
                    break;
                }
            }
            let tail = &after[close + 1..after[close..].find('{').unwrap() + close];
            let ret = tail.trim().strip_prefix("->").map(str::trim);
            let injected = ["State<", "AppHandle", "Window", "WebviewWindow"];
            let args: Vec<String> = split_params(&after[open + 1..close])
                .iter()
                .filter_map(|p| p.split_once(':'))
                .map(|(n, t)| (n.trim(), bare_type(t)))
                .filter(|(_, t)| !injected.iter().any(|i| t.starts_with(i)))
                .map(|(n, t)| format!("{n}:{t}"))
                .collect();
            found.insert(
                name.clone(),
                format!("{name}({})->{}", args.join(","), answer(ret)),
            );
        }
    }
    found
}

#[test]
fn each_commands_arguments_and_answer_are_the_ones_the_table_declares() {
    let functions = command_signatures();
    let table = read("src/contract.rs");
    let mut checked = 0;
    for line in table.lines().map(str::trim) {
        let Some((_, entry)) = line.split_once("::") else {
            continue;
        };
        let Some(entry) = entry.strip_suffix(';') else {
            continue;
        };
        let name = &entry[..entry.find('(').unwrap_or(0)];
        if !names(None).iter().any(|n| n == name) {
            continue;
        }
        let (params, ret) = entry.rsplit_once("->").unwrap();
        let params = params.trim();
        let args: Vec<String> = split_params(&params[name.len() + 1..params.len() - 1])
            .iter()
            .filter_map(|p| p.split_once(':'))
            .map(|(n, t)| format!("{}:{}", n.trim(), bare_type(t)))
            .collect();
        let declared = format!("{name}({})->{}", args.join(","), bare_type(ret));
        assert_eq!(
            functions.get(name),
            Some(&declared),
            "src/contract.rs declares {name} with other arguments or answer than its function"
        );
        checked += 1;
    }
    assert_eq!(checked, COMMANDS.len(), "every table entry was checked");
}
