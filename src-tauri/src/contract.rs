//! The IPC contract, declared once: every command of each window with its arguments and answer.
//! `generate_handler!`, `build.rs`'s permission list (it reads this file), the capability
//! checks and the generated TypeScript functions (`ui/src/generated/*Commands.ts`) all come
//! from the table below; `contract_tests` fails when anything else disagrees with it.

// The types are read only by the TypeScript generator (a test).
#[cfg(test)]
use qrstation_core::policy::EffectiveConfig;
#[cfg(test)]
use qrstation_core::{
    badge::{BadgeRequest, PrinterChoice, RenderedBadge, TemplateName},
    bulk::{Again, JobInfo, JobStatus, Plan, PlanOptions, Progress, RunChoice, Selection},
    entra::TenantSettings,
    export_files::SavedFile,
    kiosk::{
        BadgeApproval, DeviceCodePrompt, KioskInfo, Person, PinChange, ResetApproval,
        TemporaryBadge, TemporaryPin,
    },
    printer_profiles::{PrinterProfile, PrinterProfiles},
    printing::installed::InstalledPrinter,
    profile_print::ProfilePrint,
    renewals::{Report, ScanProgress, Scope},
    session::{DeviceCodeShown, SessionInfo},
    station::{
        issued::Issued, summary::UserCard, CreateRequest, ScopeView, SearchResult, StoreUnit,
        TenantPolicy,
    },
    store::{audit::AuditEntry, recent_users::RecentUser},
    AppInfo,
};

use crate::{
    bulk_commands, commands, config_commands, file_commands, kiosk_commands, printer_commands,
    renewal_commands, scope_commands,
};

/// The window a command belongs to; its capability grants exactly that window's commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// The manager window (badge station), capability `capabilities/main.json`.
    Manager,
    /// The kiosk window (workers' PIN station), capability `capabilities/kiosk.json`.
    Kiosk,
}

/// One command of the contract.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    /// The Rust function's name, which is the name the window invokes.
    pub name: &'static str,
    /// The window allowed to call it.
    pub window: Window,
}

/// A `tauri::ipc::Channel<T>` argument as the contract writes it (the TypeScript side passes a
/// `Channel<T>`).
#[cfg(test)]
pub(crate) struct Chan<T>(std::marker::PhantomData<T>);

/// How a contract type is written in TypeScript.
#[cfg(test)]
pub(crate) trait TsType {
    /// The TypeScript type.
    fn ts(cfg: &ts_rs::Config) -> String;
}

#[cfg(test)]
impl<T: ts_rs::TS> TsType for T {
    fn ts(cfg: &ts_rs::Config) -> String {
        T::name(cfg)
    }
}

#[cfg(test)]
impl<T: ts_rs::TS> TsType for Chan<T> {
    fn ts(cfg: &ts_rs::Config) -> String {
        format!("Channel<{}>", T::name(cfg))
    }
}

/// A command as the TypeScript generator sees it.
#[cfg(test)]
pub(crate) struct TsCommand {
    pub name: &'static str,
    pub window: Window,
    /// `(rust_arg_name, TypeScript type)`, in order.
    pub args: Vec<(&'static str, String)>,
    pub returns: String,
}

macro_rules! contract {
    ($(
        $window:ident {
            $( $module:ident :: $name:ident ( $( $arg:ident : $ty:ty ),* ) -> $ret:ty ; )*
        }
    )*) => {
        /// Every command, in the order of the table.
        pub const COMMANDS: &[Command] = &[
            $( $( Command { name: stringify!($name), window: Window::$window }, )* )*
        ];

        /// The invoke handler of every command in the table.
        pub fn handler<R: tauri::Runtime>(
        ) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![ $( $( $module::$name, )* )* ]
        }

        /// The table with its TypeScript types, for `bindings`.
        #[cfg(test)]
        pub(crate) fn typescript(cfg: &ts_rs::Config) -> Vec<TsCommand> {
            vec![ $( $( TsCommand {
                name: stringify!($name),
                window: Window::$window,
                args: vec![ $( (stringify!($arg), <$ty as TsType>::ts(cfg)) ),* ],
                returns: <$ret as TsType>::ts(cfg),
            }, )* )* ]
        }
    };
}

// One line per command: `module::name(args the window sends) -> answer;`. The window's own
// state and handles (`State`, `AppHandle`) are not arguments here. Keep each entry on one line
// (build.rs reads the names from this file).
contract! {
    Manager {
        commands::app_info() -> AppInfo;
        commands::session_status() -> SessionInfo;
        commands::sign_in_demo(user: Option<String>) -> SessionInfo;
        commands::sign_out() -> SessionInfo;
        commands::session_touch() -> ();
        commands::idle_minutes() -> u64;
        commands::search_users(query: String, on_cached: Chan<SearchResult>) -> SearchResult;
        commands::recent_users() -> Vec<RecentUser>;
        commands::user_card(user: String) -> UserCard;
        commands::pin_min_length() -> usize;
        commands::check_pin(pin: String, min_length: usize) -> ();
        commands::create_method(request: CreateRequest) -> Issued;
        commands::reset_pin(user: String) -> Issued;
        commands::add_temporary_code(user: String, hours: i64) -> Issued;
        commands::delete_temporary_code(user: String) -> Issued;
        commands::rotate_standard_code(user: String, expires: Option<i64>) -> Issued;
        commands::renew_method(user: String, expires: Option<i64>) -> Issued;
        commands::replace_method(request: CreateRequest) -> Issued;
        commands::extend_standard_code(user: String, expires: i64) -> Issued;
        commands::delete_method(user: String) -> Issued;
        commands::audit_list(target: Option<String>) -> Vec<AuditEntry>;
        commands::badge_templates() -> Vec<String>;
        commands::badge_preview(badge: BadgeRequest, template: String) -> RenderedBadge;
        commands::audit_export() -> SavedFile;
        commands::tenant_settings() -> Option<TenantSettings>;
        commands::save_tenant_settings(settings: TenantSettings) -> ();
        commands::sign_in_entra(device_code: bool, stay_signed_in: bool, on_code: Chan<DeviceCodeShown>) -> SessionInfo;
        commands::restore_session() -> SessionInfo;
        commands::list_printers() -> Vec<PrinterChoice>;
        commands::tenant_policy() -> TenantPolicy;
        printer_commands::printer_profiles() -> PrinterProfiles;
        printer_commands::badge_template_names() -> Vec<TemplateName>;
        printer_commands::save_printer_profile(original: Option<String>, profile: PrinterProfile) -> PrinterProfile;
        printer_commands::delete_printer_profile(name: String) -> ();
        printer_commands::set_default_printer_profile(name: String) -> ();
        printer_commands::print_badge_with_profile(badge: BadgeRequest, user_id: Option<String>, profile: Option<String>) -> ProfilePrint;
        printer_commands::installed_printers() -> Vec<InstalledPrinter>;
        printer_commands::print_test_label(profile: String) -> ProfilePrint;
        bulk_commands::bulk_plan_csv(name: String, csv: Vec<u8>, options: PlanOptions) -> Plan;
        bulk_commands::bulk_plan_selection(selection: Selection, options: PlanOptions) -> Plan;
        bulk_commands::bulk_run(choice: RunChoice, on_progress: Chan<Progress>) -> Progress;
        bulk_commands::bulk_resume(job: String, again: Again, on_progress: Chan<Progress>) -> Progress;
        bulk_commands::bulk_pause(paused: bool) -> ();
        bulk_commands::bulk_cancel() -> ();
        bulk_commands::bulk_jobs() -> Vec<JobInfo>;
        bulk_commands::bulk_status(job: String) -> JobStatus;
        bulk_commands::bulk_export_results(job: String) -> SavedFile;
        renewal_commands::renewal_store() -> Option<StoreUnit>;
        renewal_commands::renewal_scan(scope: Scope, within_days: u32, on_progress: Chan<ScanProgress>) -> Report;
        renewal_commands::renewal_cached(scope: Scope, within_days: Option<u32>) -> Option<Report>;
        renewal_commands::renewal_export_csv(scope: Scope, within_days: Option<u32>) -> Option<SavedFile>;
        renewal_commands::renewal_plan(scope: Scope, upns: Vec<String>, within_days: u32) -> Plan;
        renewal_commands::renewal_run(choice: RunChoice, on_progress: Chan<Progress>) -> Progress;
        renewal_commands::renewal_resume(job: String, on_progress: Chan<Progress>) -> Progress;
        config_commands::config_effective() -> EffectiveConfig;
        scope_commands::scope_current() -> ScopeView;
        scope_commands::scope_choose(unit_id: String) -> ScopeView;
        file_commands::save_badge_as(badge: BadgeRequest, template: String) -> Option<SavedFile>;
        file_commands::files_open(name: String) -> ();
        file_commands::files_reveal(name: String) -> ();
    }
    Kiosk {
        kiosk_commands::kiosk_info() -> KioskInfo;
        kiosk_commands::kiosk_touch() -> ();
        kiosk_commands::kiosk_reset() -> ();
        kiosk_commands::kiosk_check_pin(pin: String) -> ();
        kiosk_commands::kiosk_worker_sign_in(on_code: Chan<DeviceCodePrompt>) -> Person;
        kiosk_commands::kiosk_worker_step_up(on_code: Chan<DeviceCodePrompt>) -> Person;
        kiosk_commands::kiosk_change_pin(current: String, new: String) -> PinChange;
        kiosk_commands::kiosk_find_worker(typed: String) -> Vec<Person>;
        kiosk_commands::kiosk_manager_approve(worker: String, on_code: Chan<DeviceCodePrompt>) -> ResetApproval;
        kiosk_commands::kiosk_reset_pin(worker_id: String) -> TemporaryPin;
        kiosk_commands::kiosk_approve_temporary_code(worker: String, on_code: Chan<DeviceCodePrompt>) -> BadgeApproval;
        kiosk_commands::kiosk_issue_temporary_code(worker_id: String, hours: u32, replace: bool) -> TemporaryBadge;
        kiosk_commands::kiosk_exit(on_code: Chan<DeviceCodePrompt>) -> Person;
    }
}
