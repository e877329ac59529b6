// Generated from the IPC contract (src-tauri/src/contract.rs) by src-tauri/src/bindings.rs.
// Do not edit: run `./x bindings` after changing the contract.
import type { Channel } from "@tauri-apps/api/core";
import { call } from "../ipc";
import type {
  Again,
  AppInfo,
  AuditEntry,
  BadgeRequest,
  CreateRequest,
  DeviceCodeShown,
  EffectiveConfig,
  InstalledPrinter,
  Issued,
  JobInfo,
  JobStatus,
  Plan,
  PlanOptions,
  PrinterChoice,
  PrinterProfile,
  PrinterProfiles,
  ProfilePrint,
  Progress,
  RecentUser,
  RenderedBadge,
  Report,
  RunChoice,
  SavedFile,
  ScanProgress,
  Scope,
  ScopeView,
  SearchResult,
  Selection,
  SessionInfo,
  StoreUnit,
  TemplateName,
  TenantPolicy,
  TenantSettings,
  UserCard,
} from "./bindings";

/** `app_info` */
export function appInfo(): Promise<AppInfo> {
  return call("app_info");
}

/** `session_status` */
export function sessionStatus(): Promise<SessionInfo> {
  return call("session_status");
}

/** `sign_in_demo` */
export function signInDemo(args: { user: string | null }): Promise<SessionInfo> {
  return call("sign_in_demo", args);
}

/** `sign_out` */
export function signOut(): Promise<SessionInfo> {
  return call("sign_out");
}

/** `session_touch` */
export function sessionTouch(): Promise<null> {
  return call("session_touch");
}

/** `idle_minutes` */
export function idleMinutes(): Promise<number> {
  return call("idle_minutes");
}

/** `search_users` */
export function searchUsers(args: { query: string; onCached: Channel<SearchResult> }): Promise<SearchResult> {
  return call("search_users", args);
}

/** `recent_users` */
export function recentUsers(): Promise<Array<RecentUser>> {
  return call("recent_users");
}

/** `user_card` */
export function userCard(args: { user: string }): Promise<UserCard> {
  return call("user_card", args);
}

/** `pin_min_length` */
export function pinMinLength(): Promise<number> {
  return call("pin_min_length");
}

/** `check_pin` */
export function checkPin(args: { pin: string; minLength: number }): Promise<null> {
  return call("check_pin", args);
}

/** `create_method` */
export function createMethod(args: { request: CreateRequest }): Promise<Issued> {
  return call("create_method", args);
}

/** `reset_pin` */
export function resetPin(args: { user: string }): Promise<Issued> {
  return call("reset_pin", args);
}

/** `add_temporary_code` */
export function addTemporaryCode(args: { user: string; hours: number }): Promise<Issued> {
  return call("add_temporary_code", args);
}

/** `delete_temporary_code` */
export function deleteTemporaryCode(args: { user: string }): Promise<Issued> {
  return call("delete_temporary_code", args);
}

/** `rotate_standard_code` */
export function rotateStandardCode(args: { user: string; expires: number | null }): Promise<Issued> {
  return call("rotate_standard_code", args);
}

/** `renew_method` */
export function renewMethod(args: { user: string; expires: number | null }): Promise<Issued> {
  return call("renew_method", args);
}

/** `replace_method` */
export function replaceMethod(args: { request: CreateRequest }): Promise<Issued> {
  return call("replace_method", args);
}

/** `extend_standard_code` */
export function extendStandardCode(args: { user: string; expires: number }): Promise<Issued> {
  return call("extend_standard_code", args);
}

/** `delete_method` */
export function deleteMethod(args: { user: string }): Promise<Issued> {
  return call("delete_method", args);
}

/** `audit_list` */
export function auditList(args: { target: string | null }): Promise<Array<AuditEntry>> {
  return call("audit_list", args);
}

/** `badge_templates` */
export function badgeTemplates(): Promise<Array<string>> {
  return call("badge_templates");
}

/** `badge_preview` */
export function badgePreview(args: { badge: BadgeRequest; template: string }): Promise<RenderedBadge> {
  return call("badge_preview", args);
}

/** `audit_export` */
export function auditExport(): Promise<SavedFile> {
  return call("audit_export");
}

/** `tenant_settings` */
export function tenantSettings(): Promise<TenantSettings | null> {
  return call("tenant_settings");
}

/** `save_tenant_settings` */
export function saveTenantSettings(args: { settings: TenantSettings }): Promise<null> {
  return call("save_tenant_settings", args);
}

/** `sign_in_entra` */
export function signInEntra(args: { deviceCode: boolean; staySignedIn: boolean; onCode: Channel<DeviceCodeShown> }): Promise<SessionInfo> {
  return call("sign_in_entra", args);
}

/** `restore_session` */
export function restoreSession(): Promise<SessionInfo> {
  return call("restore_session");
}

/** `list_printers` */
export function listPrinters(): Promise<Array<PrinterChoice>> {
  return call("list_printers");
}

/** `tenant_policy` */
export function tenantPolicy(): Promise<TenantPolicy> {
  return call("tenant_policy");
}

/** `printer_profiles` */
export function printerProfiles(): Promise<PrinterProfiles> {
  return call("printer_profiles");
}

/** `badge_template_names` */
export function badgeTemplateNames(): Promise<Array<TemplateName>> {
  return call("badge_template_names");
}

/** `save_printer_profile` */
export function savePrinterProfile(args: { original: string | null; profile: PrinterProfile }): Promise<PrinterProfile> {
  return call("save_printer_profile", args);
}

/** `delete_printer_profile` */
export function deletePrinterProfile(args: { name: string }): Promise<null> {
  return call("delete_printer_profile", args);
}

/** `set_default_printer_profile` */
export function setDefaultPrinterProfile(args: { name: string }): Promise<null> {
  return call("set_default_printer_profile", args);
}

/** `print_badge_with_profile` */
export function printBadgeWithProfile(args: { badge: BadgeRequest; userId: string | null; profile: string | null }): Promise<ProfilePrint> {
  return call("print_badge_with_profile", args);
}

/** `installed_printers` */
export function installedPrinters(): Promise<Array<InstalledPrinter>> {
  return call("installed_printers");
}

/** `print_test_label` */
export function printTestLabel(args: { profile: string }): Promise<ProfilePrint> {
  return call("print_test_label", args);
}

/** `bulk_plan_csv` */
export function bulkPlanCsv(args: { name: string; csv: Array<number>; options: PlanOptions }): Promise<Plan> {
  return call("bulk_plan_csv", args);
}

/** `bulk_plan_selection` */
export function bulkPlanSelection(args: { selection: Selection; options: PlanOptions }): Promise<Plan> {
  return call("bulk_plan_selection", args);
}

/** `bulk_run` */
export function bulkRun(args: { choice: RunChoice; onProgress: Channel<Progress> }): Promise<Progress> {
  return call("bulk_run", args);
}

/** `bulk_resume` */
export function bulkResume(args: { job: string; again: Again; onProgress: Channel<Progress> }): Promise<Progress> {
  return call("bulk_resume", args);
}

/** `bulk_pause` */
export function bulkPause(args: { paused: boolean }): Promise<null> {
  return call("bulk_pause", args);
}

/** `bulk_cancel` */
export function bulkCancel(): Promise<null> {
  return call("bulk_cancel");
}

/** `bulk_jobs` */
export function bulkJobs(): Promise<Array<JobInfo>> {
  return call("bulk_jobs");
}

/** `bulk_status` */
export function bulkStatus(args: { job: string }): Promise<JobStatus> {
  return call("bulk_status", args);
}

/** `bulk_export_results` */
export function bulkExportResults(args: { job: string }): Promise<SavedFile> {
  return call("bulk_export_results", args);
}

/** `renewal_store` */
export function renewalStore(): Promise<StoreUnit | null> {
  return call("renewal_store");
}

/** `renewal_scan` */
export function renewalScan(args: { scope: Scope; withinDays: number; onProgress: Channel<ScanProgress> }): Promise<Report> {
  return call("renewal_scan", args);
}

/** `renewal_cached` */
export function renewalCached(args: { scope: Scope; withinDays: number | null }): Promise<Report | null> {
  return call("renewal_cached", args);
}

/** `renewal_export_csv` */
export function renewalExportCsv(args: { scope: Scope; withinDays: number | null }): Promise<SavedFile | null> {
  return call("renewal_export_csv", args);
}

/** `renewal_plan` */
export function renewalPlan(args: { scope: Scope; upns: Array<string>; withinDays: number }): Promise<Plan> {
  return call("renewal_plan", args);
}

/** `renewal_run` */
export function renewalRun(args: { choice: RunChoice; onProgress: Channel<Progress> }): Promise<Progress> {
  return call("renewal_run", args);
}

/** `renewal_resume` */
export function renewalResume(args: { job: string; onProgress: Channel<Progress> }): Promise<Progress> {
  return call("renewal_resume", args);
}

/** `config_effective` */
export function configEffective(): Promise<EffectiveConfig> {
  return call("config_effective");
}

/** `scope_current` */
export function scopeCurrent(): Promise<ScopeView> {
  return call("scope_current");
}

/** `scope_choose` */
export function scopeChoose(args: { unitId: string }): Promise<ScopeView> {
  return call("scope_choose", args);
}

/** `save_badge_as` */
export function saveBadgeAs(args: { badge: BadgeRequest; template: string }): Promise<SavedFile | null> {
  return call("save_badge_as", args);
}

/** `files_open` */
export function filesOpen(args: { name: string }): Promise<null> {
  return call("files_open", args);
}

/** `files_reveal` */
export function filesReveal(args: { name: string }): Promise<null> {
  return call("files_reveal", args);
}
