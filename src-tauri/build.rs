//! Build script: Tauri's code generation, with a permission per app command so each window's
//! capability grants exactly the commands it calls.

/// Every `#[tauri::command]` of this app. A command missing here cannot be granted.
const COMMANDS: &[&str] = &[
    "app_info",
    "session_status",
    "sign_in_demo",
    "sign_out",
    "session_touch",
    "idle_minutes",
    "search_users",
    "recent_users",
    "user_card",
    "pin_min_length",
    "check_pin",
    "create_method",
    "reset_pin",
    "add_temporary_code",
    "delete_temporary_code",
    "rotate_standard_code",
    "renew_method",
    "replace_method",
    "extend_standard_code",
    "delete_method",
    "audit_list",
    "badge_templates",
    "badge_preview",
    "audit_export",
    "tenant_settings",
    "save_tenant_settings",
    "sign_in_entra",
    "restore_session",
    "list_printers",
    "save_badge_pdf",
    "tenant_policy",
    "printer_profiles",
    "save_printer_profile",
    "delete_printer_profile",
    "set_default_printer_profile",
    "print_badge_with_profile",
    "bulk_plan_csv",
    "bulk_plan_selection",
    "bulk_run",
    "bulk_resume",
    "bulk_pause",
    "bulk_cancel",
    "bulk_jobs",
    "bulk_status",
    "bulk_export_results",
    "kiosk_info",
    "kiosk_touch",
    "kiosk_reset",
    "kiosk_check_pin",
    "kiosk_worker_sign_in",
    "kiosk_change_pin",
    "kiosk_find_worker",
    "kiosk_manager_approve",
    "kiosk_reset_pin",
    "kiosk_exit",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build step failed");
}
