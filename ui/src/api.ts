// The one place the UI talks to Rust: typed wrappers over Tauri's invoke, and the error shape.
import { Channel } from "@tauri-apps/api/core";
import { call } from "./ipc";
export { call, toErrorPayload } from "./ipc";
import type {
  AppInfo,
  AuditEntry,
  DeviceCodeShown,
  TenantSettings,
  BadgeRequest,
  PrinterChoice,
  RenderedBadge,
  CreateRequest,
  Issued,
  RecentUser,
  SearchResult,
  SessionInfo,
  TenantPolicy,
  UserCard,
  Again,
  JobInfo,
  JobStatus,
  Plan,
  PlanOptions,
  Progress,
  RunChoice,
  Selection,
  PrinterProfile,
  PrinterProfiles,
  ProfilePrint,
} from "./generated/bindings";

/** What the screens need from the desktop shell; tests pass their own. */
export interface Backend {
  appInfo(): Promise<AppInfo>;
  sessionStatus(): Promise<SessionInfo>;
  signInDemo(user?: string): Promise<SessionInfo>;
  signOut(): Promise<SessionInfo>;
  /** Tells Rust the person is still there (its own idle sign-out counts from here). */
  sessionTouch(): Promise<null>;
  /** Minutes without input before the window signs out. */
  idleMinutes(): Promise<number>;
  /** Graph's merged answer; `onCached` gets the local cache's hits first, at once. */
  searchUsers(query: string, onCached?: (r: SearchResult) => void): Promise<SearchResult>;
  recentUsers(): Promise<RecentUser[]>;
  userCard(user: string): Promise<UserCard>;
  pinMinLength(): Promise<number>;
  checkPin(pin: string, minLength: number): Promise<null>;
  createMethod(request: CreateRequest): Promise<Issued>;
  resetPin(user: string): Promise<Issued>;
  addTemporaryCode(user: string, hours: number): Promise<Issued>;
  deleteTemporaryCode(user: string): Promise<Issued>;
  /** A new badge code; `expires` (unix ms) or, when null, the old code's expiry. */
  rotateStandardCode(user: string, expires: number | null): Promise<Issued>;
  /** A new badge code and a new PIN on an existing (e.g. expired) method. */
  renewMethod(user: string, expires: number | null): Promise<Issued>;
  /** Deletes an unusable method, then creates a new one (the operator agreed). */
  replaceMethod(request: CreateRequest): Promise<Issued>;
  extendStandardCode(user: string, expires: number): Promise<Issued>;
  deleteMethod(user: string): Promise<Issued>;
  auditList(target?: string): Promise<AuditEntry[]>;
  auditExport(): Promise<string>;
  tenantSettings(): Promise<TenantSettings | null>;
  saveTenantSettings(settings: TenantSettings): Promise<null>;
  signInEntra(deviceCode: boolean, staySignedIn: boolean, onCode: (c: DeviceCodeShown) => void): Promise<SessionInfo>;
  restoreSession(): Promise<SessionInfo>;
  listPrinters(): Promise<PrinterChoice[]>;
  saveBadgePdf(badge: BadgeRequest, template: string): Promise<string>;
  badgeTemplates(): Promise<string[]>;
  badgePreview(badge: BadgeRequest, template: string): Promise<RenderedBadge>;
  tenantPolicy(): Promise<TenantPolicy>;
  /** The CSV's bytes as read from the file (not decoded: invalid UTF-8 is reported by Rust). */
  bulkPlanCsv(name: string, csv: Uint8Array, options: PlanOptions): Promise<Plan>;
  bulkPlanSelection(selection: Selection, options: PlanOptions): Promise<Plan>;
  bulkRun(choice: RunChoice, onProgress: (p: Progress) => void): Promise<Progress>;
  bulkResume(job: string, again: Again, onProgress: (p: Progress) => void): Promise<Progress>;
  bulkPause(paused: boolean): Promise<null>;
  bulkCancel(): Promise<null>;
  bulkJobs(): Promise<JobInfo[]>;
  bulkStatus(job: string): Promise<JobStatus>;
  bulkExportResults(job: string): Promise<string>;
  printerProfiles(): Promise<PrinterProfiles>;
  savePrinterProfile(original: string | null, profile: PrinterProfile): Promise<PrinterProfile>;
  deletePrinterProfile(name: string): Promise<null>;
  setDefaultPrinterProfile(name: string): Promise<null>;
  printBadgeWithProfile(badge: BadgeRequest, userId: string | null, profile: string | null): Promise<ProfilePrint>;
}

function progressChannel(onProgress: (p: Progress) => void): Channel<Progress> {
  const c = new Channel<Progress>();
  c.onmessage = onProgress;
  return c;
}

/** Commands invoked in the running app. */
export const tauriBackend: Backend = {
  appInfo: () => call("app_info"),
  sessionStatus: () => call("session_status"),
  signInDemo: (user) => call("sign_in_demo", { user: user ?? null }),
  signOut: () => call("sign_out"),
  sessionTouch: () => call("session_touch"),
  idleMinutes: () => call("idle_minutes"),
  searchUsers: (query, onCached) => {
    const channel = new Channel<SearchResult>();
    if (onCached) channel.onmessage = onCached;
    return call("search_users", { query, onCached: channel });
  },
  recentUsers: () => call("recent_users"),
  userCard: (user) => call("user_card", { user }),
  pinMinLength: () => call("pin_min_length"),
  checkPin: (pin, minLength) => call("check_pin", { pin, minLength }),
  createMethod: (request) => call("create_method", { request }),
  resetPin: (user) => call("reset_pin", { user }),
  addTemporaryCode: (user, hours) => call("add_temporary_code", { user, hours }),
  deleteTemporaryCode: (user) => call("delete_temporary_code", { user }),
  rotateStandardCode: (user, expires) => call("rotate_standard_code", { user, expires }),
  renewMethod: (user, expires) => call("renew_method", { user, expires }),
  replaceMethod: (request) => call("replace_method", { request }),
  extendStandardCode: (user, expires) => call("extend_standard_code", { user, expires }),
  deleteMethod: (user) => call("delete_method", { user }),
  auditList: (target) => call("audit_list", { target: target ?? null }),
  auditExport: () => call("audit_export"),
  tenantSettings: () => call("tenant_settings"),
  saveTenantSettings: (settings) => call("save_tenant_settings", { settings }),
  signInEntra: (deviceCode, staySignedIn, onCode) => {
    const channel = new Channel<DeviceCodeShown>();
    channel.onmessage = onCode;
    return call("sign_in_entra", { deviceCode, staySignedIn, onCode: channel });
  },
  restoreSession: () => call("restore_session"),
  listPrinters: () => call("list_printers"),
  saveBadgePdf: (badge, template) => call("save_badge_pdf", { badge, template }),
  badgeTemplates: () => call("badge_templates"),
  badgePreview: (badge, template) => call("badge_preview", { badge, template }),
  tenantPolicy: () => call("tenant_policy"),
  // A plain array of numbers: JSON has no bytes, and Rust takes `Vec<u8>`.
  bulkPlanCsv: (name, csv, options) => call("bulk_plan_csv", { name, csv: Array.from(csv), options }),
  bulkPlanSelection: (selection, options) => call("bulk_plan_selection", { selection, options }),
  bulkRun: (choice, onProgress) => call("bulk_run", { choice, onProgress: progressChannel(onProgress) }),
  bulkResume: (job, again, onProgress) =>
    call("bulk_resume", { job, again, onProgress: progressChannel(onProgress) }),
  bulkPause: (paused) => call("bulk_pause", { paused }),
  bulkCancel: () => call("bulk_cancel"),
  bulkJobs: () => call("bulk_jobs"),
  bulkStatus: (job) => call("bulk_status", { job }),
  bulkExportResults: (job) => call("bulk_export_results", { job }),
  printerProfiles: () => call("printer_profiles"),
  savePrinterProfile: (original, profile) => call("save_printer_profile", { original, profile }),
  deletePrinterProfile: (name) => call("delete_printer_profile", { name }),
  setDefaultPrinterProfile: (name) => call("set_default_printer_profile", { name }),
  printBadgeWithProfile: (badge, userId, profile) => call("print_badge_with_profile", { badge, userId, profile }),
};
