// The one place the UI talks to Rust: the screens' Backend over the commands generated from the
// IPC contract (src-tauri/src/contract.rs), and the error shape.
import { Channel } from "@tauri-apps/api/core";
import * as cmd from "./generated/managerCommands";
export { call, toErrorPayload } from "./ipc";
import type {
  AppInfo,
  AuditEntry,
  DeviceCodeShown,
  TenantSettings,
  BadgeRequest,
  PrinterChoice,
  RenderedBadge,
  SavedFile,
  TemplateName,
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
  ScopeView,
  Report,
  ScanProgress,
  Scope,
  StoreUnit,
  InstalledPrinter,
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
  auditExport(): Promise<SavedFile>;
  tenantSettings(): Promise<TenantSettings | null>;
  saveTenantSettings(settings: TenantSettings): Promise<null>;
  signInEntra(
    deviceCode: boolean,
    staySignedIn: boolean,
    onCode: (c: DeviceCodeShown) => void,
  ): Promise<SessionInfo>;
  restoreSession(): Promise<SessionInfo>;
  listPrinters(): Promise<PrinterChoice[]>;
  /** Asks where (the native save dialog, in Rust) and saves the badge's PDF there; null when cancelled. */
  saveBadgeAs(badge: BadgeRequest, template: string): Promise<SavedFile | null>;
  /** Opens a file of the exports folder, by its name (never a path). */
  filesOpen(name: string): Promise<null>;
  /** Shows a file of the exports folder in the file manager, by its name. */
  filesReveal(name: string): Promise<null>;
  badgeTemplates(): Promise<string[]>;
  /** The templates with the names a person reads ("Brother QL 62 mm"). */
  badgeTemplateNames(): Promise<TemplateName[]>;
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
  bulkExportResults(job: string): Promise<SavedFile>;
  /** The store the station works in, if one is chosen (the Renewals tab's default). */
  renewalStore(): Promise<StoreUnit | null>;
  /** Reads every worker's badge in `scope`; "expiring" = within `withinDays`. */
  renewalScan(scope: Scope, withinDays: number, onProgress: (p: ScanProgress) => void): Promise<Report>;
  /** The last scan of `scope` (with its age), or null when never scanned. */
  renewalCached(scope: Scope, withinDays: number | null): Promise<Report | null>;
  /** The last scan as CSV in the exports folder: its path (null: never scanned). */
  renewalExportCsv(scope: Scope, withinDays: number | null): Promise<SavedFile | null>;
  renewalPlan(scope: Scope, upns: string[], withinDays: number): Promise<Plan>;
  renewalRun(choice: RunChoice, onProgress: (p: Progress) => void): Promise<Progress>;
  renewalResume(job: string, onProgress: (p: Progress) => void): Promise<Progress>;
  printerProfiles(): Promise<PrinterProfiles>;
  savePrinterProfile(original: string | null, profile: PrinterProfile): Promise<PrinterProfile>;
  deletePrinterProfile(name: string): Promise<null>;
  setDefaultPrinterProfile(name: string): Promise<null>;
  printBadgeWithProfile(
    badge: BadgeRequest,
    userId: string | null,
    profile: string | null,
  ): Promise<ProfilePrint>;
  /** Where the station works: tenant-wide, or the operator's stores and the one chosen. */
  scopeCurrent(): Promise<ScopeView>;
  /** Works in store `unitId` (one of the operator's; `""`: all stores, tenant-wide only). */
  scopeChoose(unitId: string): Promise<ScopeView>;
  /** The printers installed on this computer (CUPS queues); empty without CUPS. */
  installedPrinters(): Promise<InstalledPrinter[]>;
  /** One test label (a made-up person, a QR code saying it is a test) with a profile. */
  printTestLabel(profile: string): Promise<ProfilePrint>;
}

function progressChannel(onProgress: (p: Progress) => void): Channel<Progress> {
  const c = new Channel<Progress>();
  c.onmessage = onProgress;
  return c;
}

/** Commands invoked in the running app. */
export const tauriBackend: Backend = {
  appInfo: () => cmd.appInfo(),
  sessionStatus: () => cmd.sessionStatus(),
  signInDemo: (user) => cmd.signInDemo({ user: user ?? null }),
  signOut: () => cmd.signOut(),
  sessionTouch: () => cmd.sessionTouch(),
  idleMinutes: () => cmd.idleMinutes(),
  searchUsers: (query, onCached) => {
    const channel = new Channel<SearchResult>();
    if (onCached) channel.onmessage = onCached;
    return cmd.searchUsers({ query, onCached: channel });
  },
  recentUsers: () => cmd.recentUsers(),
  userCard: (user) => cmd.userCard({ user }),
  pinMinLength: () => cmd.pinMinLength(),
  checkPin: (pin, minLength) => cmd.checkPin({ pin, minLength }),
  createMethod: (request) => cmd.createMethod({ request }),
  resetPin: (user) => cmd.resetPin({ user }),
  addTemporaryCode: (user, hours) => cmd.addTemporaryCode({ user, hours }),
  deleteTemporaryCode: (user) => cmd.deleteTemporaryCode({ user }),
  rotateStandardCode: (user, expires) => cmd.rotateStandardCode({ user, expires }),
  renewMethod: (user, expires) => cmd.renewMethod({ user, expires }),
  replaceMethod: (request) => cmd.replaceMethod({ request }),
  extendStandardCode: (user, expires) => cmd.extendStandardCode({ user, expires }),
  deleteMethod: (user) => cmd.deleteMethod({ user }),
  auditList: (target) => cmd.auditList({ target: target ?? null }),
  auditExport: () => cmd.auditExport(),
  tenantSettings: () => cmd.tenantSettings(),
  saveTenantSettings: (settings) => cmd.saveTenantSettings({ settings }),
  signInEntra: (deviceCode, staySignedIn, onCode) => {
    const channel = new Channel<DeviceCodeShown>();
    channel.onmessage = onCode;
    return cmd.signInEntra({ deviceCode, staySignedIn, onCode: channel });
  },
  restoreSession: () => cmd.restoreSession(),
  listPrinters: () => cmd.listPrinters(),
  saveBadgeAs: (badge, template) => cmd.saveBadgeAs({ badge, template }),
  filesOpen: (name) => cmd.filesOpen({ name }),
  filesReveal: (name) => cmd.filesReveal({ name }),
  badgeTemplates: () => cmd.badgeTemplates(),
  badgeTemplateNames: () => cmd.badgeTemplateNames(),
  badgePreview: (badge, template) => cmd.badgePreview({ badge, template }),
  tenantPolicy: () => cmd.tenantPolicy(),
  // A plain array of numbers: JSON has no bytes, and Rust takes `Vec<u8>`.
  bulkPlanCsv: (name, csv, options) => cmd.bulkPlanCsv({ name, csv: Array.from(csv), options }),
  bulkPlanSelection: (selection, options) => cmd.bulkPlanSelection({ selection, options }),
  bulkRun: (choice, onProgress) => cmd.bulkRun({ choice, onProgress: progressChannel(onProgress) }),
  bulkResume: (job, again, onProgress) =>
    cmd.bulkResume({ job, again, onProgress: progressChannel(onProgress) }),
  bulkPause: (paused) => cmd.bulkPause({ paused }),
  bulkCancel: () => cmd.bulkCancel(),
  bulkJobs: () => cmd.bulkJobs(),
  bulkStatus: (job) => cmd.bulkStatus({ job }),
  bulkExportResults: (job) => cmd.bulkExportResults({ job }),
  renewalStore: () => cmd.renewalStore(),
  renewalScan: (scope, withinDays, onProgress) => {
    const channel = new Channel<ScanProgress>();
    channel.onmessage = onProgress;
    return cmd.renewalScan({ scope, withinDays, onProgress: channel });
  },
  renewalCached: (scope, withinDays) => cmd.renewalCached({ scope, withinDays }),
  renewalExportCsv: (scope, withinDays) => cmd.renewalExportCsv({ scope, withinDays }),
  renewalPlan: (scope, upns, withinDays) => cmd.renewalPlan({ scope, upns, withinDays }),
  renewalRun: (choice, onProgress) => cmd.renewalRun({ choice, onProgress: progressChannel(onProgress) }),
  renewalResume: (job, onProgress) => cmd.renewalResume({ job, onProgress: progressChannel(onProgress) }),
  printerProfiles: () => cmd.printerProfiles(),
  savePrinterProfile: (original, profile) => cmd.savePrinterProfile({ original, profile }),
  deletePrinterProfile: (name) => cmd.deletePrinterProfile({ name }),
  setDefaultPrinterProfile: (name) => cmd.setDefaultPrinterProfile({ name }),
  printBadgeWithProfile: (badge, userId, profile) => cmd.printBadgeWithProfile({ badge, userId, profile }),
  scopeCurrent: () => cmd.scopeCurrent(),
  scopeChoose: (unitId) => cmd.scopeChoose({ unitId }),
  installedPrinters: () => cmd.installedPrinters(),
  printTestLabel: (profile) => cmd.printTestLabel({ profile }),
};
