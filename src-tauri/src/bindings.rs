//! The TypeScript types of everything that crosses the IPC boundary, generated from the Rust
//! types into `ui/src/generated/bindings.ts`, and one typed function per command of the IPC
//! contract (`crate::contract`) into `ui/src/generated/managerCommands.ts` and
//! `kioskCommands.ts`. The test fails when a committed file is stale; `./x bindings`
//! (UPDATE_BINDINGS=1) rewrites them.

use ts_rs::{Config, TS};

use crate::contract::{self, Window};

const GENERATED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/generated/");

fn config() -> Config {
    Config::new().with_large_int("number")
}

/// Every IPC type, in dependency order.
fn render() -> String {
    let cfg = config();
    use qrstation_core::station::{issued, summary, SearchHit, SearchResult};
    use qrstation_core::store::{audit, recent_users::RecentUser};
    use qrstation_core::{bulk, kiosk};
    let decls = [
        qrstation_core::Mode::decl(&cfg),
        qrstation_core::AppInfo::decl(&cfg),
        crate::error::ErrorPayload::decl(&cfg),
        qrstation_core::session::SessionInfo::decl(&cfg),
        summary::UserSummary::decl(&cfg),
        summary::MethodSummary::decl(&cfg),
        summary::UserCard::decl(&cfg),
        issued::QrKindName::decl(&cfg),
        issued::IssuedQr::decl(&cfg),
        issued::IssuedPin::decl(&cfg),
        issued::Issued::decl(&cfg),
        SearchHit::decl(&cfg),
        SearchResult::decl(&cfg),
        qrstation_core::station::StoreUnit::decl(&cfg),
        qrstation_core::station::ScopeView::decl(&cfg),
        RecentUser::decl(&cfg),
        audit::Outcome::decl(&cfg),
        audit::AuditEntry::decl(&cfg),
        qrstation_core::station::CreateRequest::decl(&cfg),
        qrstation_core::badge::BadgeRequest::decl(&cfg),
        qrstation_core::badge::RenderedBadge::decl(&cfg),
        qrstation_core::badge::TemplateName::decl(&cfg),
        qrstation_core::export_files::SavedFile::decl(&cfg),
        qrstation_core::entra::TenantSettings::decl(&cfg),
        qrstation_core::session::DeviceCodeShown::decl(&cfg),
        qrstation_core::badge::PrinterChoice::decl(&cfg),
        qrstation_core::station::TenantPolicy::decl(&cfg),
        qrstation_core::printer_profiles::PrinterProfile::decl(&cfg),
        qrstation_core::printer_profiles::PrinterProfiles::decl(&cfg),
        qrstation_core::profile_print::ProfilePrint::decl(&cfg),
        qrstation_core::printing::installed::InstalledPrinter::decl(&cfg),
        bulk::Problem::decl(&cfg),
        bulk::RowAction::decl(&cfg),
        bulk::RowState::decl(&cfg),
        bulk::Destination::decl(&cfg),
        bulk::PlannedRow::decl(&cfg),
        bulk::Plan::decl(&cfg),
        bulk::PlanOptions::decl(&cfg),
        bulk::Unusable::decl(&cfg),
        bulk::Selection::decl(&cfg),
        bulk::RunOptions::decl(&cfg),
        bulk::RunChoice::decl(&cfg),
        bulk::Again::decl(&cfg),
        bulk::JobState::decl(&cfg),
        bulk::Phase::decl(&cfg),
        bulk::Progress::decl(&cfg),
        bulk::JobInfo::decl(&cfg),
        bulk::RowStatus::decl(&cfg),
        bulk::JobFiles::decl(&cfg),
        bulk::JobStatus::decl(&cfg),
        qrstation_core::renewals::Scope::decl(&cfg),
        qrstation_core::renewals::BadgeState::decl(&cfg),
        qrstation_core::renewals::BadgeDates::decl(&cfg),
        qrstation_core::renewals::WorkerStatus::decl(&cfg),
        qrstation_core::renewals::Report::decl(&cfg),
        qrstation_core::renewals::ScanProgress::decl(&cfg),
        kiosk::KioskInfo::decl(&cfg),
        kiosk::ApprovalPurpose::decl(&cfg),
        kiosk::DeviceCodePrompt::decl(&cfg),
        kiosk::Person::decl(&cfg),
        kiosk::PinChange::decl(&cfg),
        kiosk::ResetApproval::decl(&cfg),
        kiosk::TemporaryPin::decl(&cfg),
        kiosk::BadgeApproval::decl(&cfg),
        kiosk::TemporaryBadge::decl(&cfg),
        qrstation_core::policy::Source::decl(&cfg),
        qrstation_core::policy::EffectiveValue::decl(&cfg),
        qrstation_core::policy::EffectiveConfig::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit:\n\
         // run `./x bindings` after changing a type that crosses the IPC boundary.\n",
    );
    let codes = crate::error::error_codes();
    let union = codes
        .iter()
        .map(|c| format!("\n  | \"{c}\""))
        .collect::<String>();
    out.push_str(&format!(
        "\n/** Every error code a command can answer with (and the UI's own `ui.unexpected`). */\nexport type ErrorCode ={union};\n"
    ));
    let actions = qrstation_core::store::audit::AuditAction::typescript_union();
    out.push_str(&format!(
        "\n/** Every audited action, a stable list (`AuditAction::ALL` in core/src/store/audit_action.rs). A row of an older or newer version may hold another string: keep a `default` branch. */\nexport type AuditAction ={actions};\n"
    ));
    for decl in decls {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}

/// `snake_case` as `camelCase` (Tauri's default for argument keys).
fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        match c {
            '_' => upper = true,
            c if upper => {
                out.push(c.to_ascii_uppercase());
                upper = false;
            }
            c => out.push(c),
        }
    }
    out
}

/// The typed functions of one window's commands, calling `invoke` through `ipc.ts`.
fn render_commands(window: Window) -> String {
    let cfg = config();
    let commands: Vec<_> = contract::typescript(&cfg)
        .into_iter()
        .filter(|c| c.window == window)
        .collect();
    let mut body = String::new();
    for c in &commands {
        let args = c
            .args
            .iter()
            .map(|(name, ty)| format!("{}: {ty}", camel(name)))
            .collect::<Vec<_>>()
            .join("; ");
        let (param, pass) = match args.is_empty() {
            true => (String::new(), String::new()),
            false => (format!("args: {{ {args} }}"), ", args".to_owned()),
        };
        body.push_str(&format!(
            "\n/** `{name}` */\nexport function {f}({param}): Promise<{ret}> {{\n  return call(\"{name}\"{pass});\n}}\n",
            name = c.name,
            f = camel(c.name),
            ret = c.returns,
        ));
    }
    // The binding types the signatures name, imported by name.
    let mut used: Vec<String> = Vec::new();
    let mut channel = false;
    for c in &commands {
        let types = c
            .args
            .iter()
            .map(|(_, t)| t.as_str())
            .chain([c.returns.as_str()]);
        for word in types.flat_map(|t| t.split(|ch: char| !ch.is_ascii_alphanumeric())) {
            match word {
                "Channel" => channel = true,
                "Array" | "Record" => {}
                w if w.starts_with(|ch: char| ch.is_ascii_uppercase()) => used.push(w.to_owned()),
                _ => {}
            }
        }
    }
    used.sort();
    used.dedup();
    let mut out = String::from(
        "// Generated from the IPC contract (src-tauri/src/contract.rs) by src-tauri/src/bindings.rs.\n\
         // Do not edit: run `./x bindings` after changing the contract.\n",
    );
    if channel {
        out.push_str("import type { Channel } from \"@tauri-apps/api/core\";\n");
    }
    out.push_str("import { call } from \"../ipc\";\n");
    if !used.is_empty() {
        out.push_str(&format!(
            "import type {{\n{}}} from \"./bindings\";\n",
            used.iter().map(|u| format!("  {u},\n")).collect::<String>()
        ));
    }
    out.push_str(&body);
    out
}

/// Every generated file, by name under `ui/src/generated/`, with its fresh text.
fn generated() -> [(&'static str, String); 3] {
    [
        ("bindings.ts", render()),
        ("managerCommands.ts", render_commands(Window::Manager)),
        ("kioskCommands.ts", render_commands(Window::Kiosk)),
    ]
}

#[test]
fn generated_typescript_bindings_are_up_to_date() {
    for (name, fresh) in generated() {
        // A type listed twice in `render()` is a TypeScript error ("Duplicate identifier").
        let mut declared = std::collections::HashSet::new();
        for line in fresh.lines().filter(|l| l.starts_with("export type ")) {
            let ty = line["export type ".len()..].split([' ', '<', '=']).next();
            assert!(declared.insert(ty), "{name}: {ty:?} is declared twice");
        }
        let path = format!("{GENERATED}{name}");
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(GENERATED).unwrap();
            std::fs::write(&path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/generated/{name} is stale: run `./x bindings` and commit it.\n--- expected ---\n{fresh}"
        );
    }
}
