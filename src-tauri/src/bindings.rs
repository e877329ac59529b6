//! The TypeScript types of everything that crosses the IPC boundary, generated from the Rust
//! types into `ui/src/generated/bindings.ts`. The test fails when the committed file is stale;
//! `./x bindings` (UPDATE_BINDINGS=1) rewrites it.

use ts_rs::{Config, TS};

const PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../ui/src/generated/bindings.ts"
);

/// Every IPC type, in dependency order.
fn render() -> String {
    let cfg = Config::new().with_large_int("number");
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
        RecentUser::decl(&cfg),
        audit::Outcome::decl(&cfg),
        audit::AuditEntry::decl(&cfg),
        qrstation_core::station::CreateRequest::decl(&cfg),
        qrstation_core::badge::BadgeRequest::decl(&cfg),
        qrstation_core::badge::RenderedBadge::decl(&cfg),
        qrstation_core::entra::TenantSettings::decl(&cfg),
        qrstation_core::session::DeviceCodeShown::decl(&cfg),
        qrstation_core::badge::PrinterChoice::decl(&cfg),
        qrstation_core::station::TenantPolicy::decl(&cfg),
        qrstation_core::printer_profiles::PrinterProfile::decl(&cfg),
        qrstation_core::printer_profiles::PrinterProfiles::decl(&cfg),
        qrstation_core::profile_print::ProfilePrint::decl(&cfg),
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
        bulk::Progress::decl(&cfg),
        bulk::JobInfo::decl(&cfg),
        bulk::RowStatus::decl(&cfg),
        bulk::JobStatus::decl(&cfg),
        kiosk::KioskInfo::decl(&cfg),
        kiosk::ApprovalPurpose::decl(&cfg),
        kiosk::DeviceCodePrompt::decl(&cfg),
        kiosk::Person::decl(&cfg),
        kiosk::PinChange::decl(&cfg),
        kiosk::ResetApproval::decl(&cfg),
        kiosk::TemporaryPin::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by src-tauri/src/bindings.rs. Do not edit:\n\
         // run `./x bindings` after changing a type that crosses the IPC boundary.\n",
    );
    for decl in decls {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}

#[test]
fn generated_typescript_bindings_are_up_to_date() {
    let fresh = render();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(std::path::Path::new(PATH).parent().unwrap()).unwrap();
        std::fs::write(PATH, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/generated/bindings.ts is stale: run `./x bindings` and commit it.\n--- expected ---\n{fresh}"
    );
}
