// An in-memory Backend for the UI tests: one tenant, one worker, real-looking answers.
import type { Backend } from "./api";
import type {
  AppInfo,
  Issued,
  JobInfo,
  MethodSummary,
  Plan,
  PlannedRow,
  PrinterProfile,
  Problem,
  Progress,
  Report,
  UserCard,
  WorkerStatus,
  SavedFile,
} from "./generated/bindings";

/** A file Rust wrote into the exports folder, as the commands answer it (with its exports name). */
export function exportsFile(path: string): SavedFile {
  const fileName = path.slice(path.lastIndexOf("/") + 1);
  return { path, fileName, exportsName: fileName };
}

export const appInfo = (version: string): AppInfo => ({
  name: "qrstation",
  version,
  mode: { kind: "demoTenant" },
  modeLabel: "Demo tenant",
  dataDir: "/tmp/qrstation-data",
  settingsFile: "/tmp/qrstation-data/settings.json",
});

const none: MethodSummary = {
  hasMethod: false,
  usable: false,
  standardStarts: null,
  standardExpires: null,
  standardActive: false,
  temporaryExpires: null,
  temporaryActive: false,
  pinMustChange: false,
  lastUsed: null,
};

/** The built-in templates' readable names, as the label crate has them. */
export const READABLE: Record<string, string> = {
  "sheet-a4": "A4 sheet",
  "zebra-4x3-203": "Zebra 4×3 in, 203 dpi",
  cr80: "Card CR80",
};

export function fakeBackend(overrides: Partial<Backend> = {}): Backend & { calls: string[] } {
  const calls: string[] = [];
  let card: UserCard = {
    user: {
      id: "u1",
      upn: "rosa.diaz@contoso.com",
      displayName: "Rosa Diaz",
      department: "Checkout",
      officeLocation: "Store 101",
      jobTitle: "Cashier",
    },
    method: none,
  };
  const issue = (extra: Partial<Issued>): Issued => ({ card, qr: null, pin: null, note: null, ...extra });
  const notUsed = () => Promise.reject({ code: "ui.test", message: "not used in this test" });
  const backend: Backend = {
    appInfo: async () => appInfo("1.0.0"),
    sessionStatus: async () => ({ signedIn: false, operator: null, tenantLabel: null, role: null }),
    signInDemo: async () => ({
      signedIn: true,
      operator: "admin@contoso.com",
      tenantLabel: "Demo tenant",
      role: "Global Administrator",
    }),
    signOut: async () => ({ signedIn: false, operator: null, tenantLabel: null, role: null }),
    sessionTouch: async () => {
      calls.push("touch");
      return null;
    },
    idleMinutes: async () => 15,
    searchUsers: async (q) => {
      calls.push(`search:${q}`);
      return { hits: [{ user: card.user, cachedAt: null, inGraph: true }], graphUnavailable: null };
    },
    recentUsers: async () => [],
    userCard: async () => card,
    pinMinLength: async () => 8,
    checkPin: async (pin) =>
      /^\d{8,20}$/.test(pin)
        ? null
        : Promise.reject({ code: "pin.too_short", message: "the PIN must have at least 8 digits" }),
    createMethod: async (req) => {
      calls.push(`create:${req.user}:${req.pin === null ? "generated" : "custom"}`);
      card = {
        ...card,
        method: {
          ...none,
          hasMethod: true,
          usable: true,
          standardActive: true,
          standardExpires: Date.now() + 9e9,
          pinMustChange: true,
        },
      };
      return issue({
        pin: { pin: req.pin ?? "48271953", mustChange: true },
        qr: {
          kind: "standard",
          rawContentBase64: "cGF5bG9hZA==",
          imageBase64: "PHN2Zy8+",
          version: 5,
          errorCorrectionLevel: "H",
          starts: null,
          expires: null,
          imageLost: false,
          imageType: "svg",
        },
      });
    },
    resetPin: notUsed,
    addTemporaryCode: notUsed,
    deleteTemporaryCode: notUsed,
    rotateStandardCode: notUsed,
    renewMethod: notUsed,
    replaceMethod: notUsed,
    extendStandardCode: notUsed,
    deleteMethod: notUsed,
    auditList: async () => [],
    auditExport: async () => exportsFile("/tmp/qrstation-data/exports/audit.csv"),
    tenantSettings: async () => null,
    saveTenantSettings: async () => null,
    signInEntra: notUsed,
    restoreSession: () => Promise.reject({ code: "core.entra_not_configured", message: "no tenant" }),
    listPrinters: async () => [
      { spec: "cups:Front", queue: "Front", hasDriver: false, media: [], defaultMedia: null },
      { spec: "cups:Office", queue: "Office", hasDriver: true, media: ["A4", "Letter"], defaultMedia: "A4" },
    ],
    saveBadgeAs: async (_b, template) => {
      calls.push(`save-as:${template}`);
      const fileName = `badge-${template}.pdf`;
      return { path: `/tmp/qrstation-data/exports/${fileName}`, fileName, exportsName: fileName };
    },
    filesOpen: async (name) => {
      calls.push(`open:${name}`);
      return null;
    },
    filesReveal: async (name) => {
      calls.push(`reveal:${name}`);
      return null;
    },
    badgeTemplates: async () => ["sheet-a4", "zebra-4x3-203"],
    badgePreview: async (_badge, template) => {
      calls.push(`preview:${template}`);
      return {
        pngBase64: "iVBORw0KGgo=",
        warnings: template === "cr80" ? ["small"] : [],
        qrWidthIn: 2.1,
        printFormat: template.startsWith("zebra") ? "zpl" : "pdf",
      };
    },
    tenantPolicy: async () => ({
      readFromTenant: false,
      enabled: null,
      pinLength: 8,
      standardLifetimeDays: 365,
    }),
    // The tenant-wide admin: every store.
    scopeCurrent: async () => ({ tenantWide: true, units: [], chosen: null }),
    scopeChoose: async (unitId) => {
      calls.push(`scope:${unitId}`);
      return { tenantWide: true, units: [], chosen: unitId ? { id: unitId, name: unitId } : null };
    },
    ...fakeBulk(calls),
    ...fakeProfiles(calls),
    ...fakeRenewals(calls),
    // Readable names for whichever ids `badgeTemplates` gives (an override's too).
    badgeTemplateNames: async () =>
      (await backend.badgeTemplates()).map((name) => ({ name, displayName: READABLE[name] ?? name })),
    ...overrides,
  };
  return Object.assign(backend, { calls });
}

/** A bulk desk that plans two rows (one create, one bad PIN) and runs them. */
export function fakeBulk(
  calls: string[],
): Pick<
  Backend,
  | "bulkPlanCsv"
  | "bulkPlanSelection"
  | "bulkRun"
  | "bulkResume"
  | "bulkPause"
  | "bulkCancel"
  | "bulkJobs"
  | "bulkStatus"
  | "bulkExportResults"
> {
  const row = (
    line: number,
    upn: string,
    action: PlannedRow["action"],
    problems: Problem[] = [],
  ): PlannedRow => ({
    line,
    upn,
    userId: action === "invalid" ? null : `id-${line}`,
    displayName: upn.split("@")[0] ?? upn,
    department: null,
    action,
    start: null,
    expires: null,
    days: 30,
    customPin: false,
    template: null,
    printer: null,
    destination: { kind: "job" },
    problems,
  });
  const plan: Plan = {
    source: "store-101.csv",
    rows: [
      {
        ...row(2, "ana@contoso.com", "create"),
        printer: "Front desk",
        template: "zebra-4x3-203",
        destination: { kind: "row", profile: "Front desk", template: "zebra-4x3-203" },
      },
      row(3, "bo@contoso.com", "invalid", [
        {
          line: 3,
          code: "pin.repeated",
          message: "the PIN must not repeat a group of 2 or 3 digits",
          warning: false,
        },
      ]),
    ],
    problems: [],
    create: 1,
    rotate: 0,
    renew: 0,
    replace: 0,
    skip: 0,
    invalid: 1,
    extend: 0,
    generatedPins: 1,
  };
  const counts = (done: number, failed: number): Progress => ({
    jobId: "20261122-0930-abc",
    total: 1,
    done,
    pending: 1 - done,
    sent: 0,
    created: 0,
    badgeWritten: done - failed,
    printed: 0,
    skipped: 0,
    failed,
    badgeLost: 0,
    extended: 0,
    invalid: 1,
    inFlight: 0,
    concurrency: 6,
    throttled: 2,
    elapsedMs: 900,
    phase: done ? "finished" : "sending",
    singleRequests: false,
  });
  let failed = 1;
  const job: JobInfo = {
    id: "20261122-0930-abc",
    createdAt: Date.UTC(2026, 10, 22, 9, 30),
    updatedAt: 0,
    operatorUpn: "admin@contoso.com",
    source: "store-101.csv",
    state: "finished",
    options: {
      concurrency: 6,
      outPdf: null,
      template: "sheet-a4",
      printer: null,
      profiles: [],
      pinSlips: true,
      pinSlipsDir: null,
      noPinRecord: false,
      retentionHours: 24,
      flushEvery: 100,
      maxAttempts: 8,
      templateDir: null,
      resultsCsv: null,
    },
  };
  return {
    bulkPlanCsv: async (name, csv) => (
      calls.push(`plan:${name}:${new TextDecoder().decode(csv).split("\n").length}:${csv.length} bytes`),
      plan
    ),
    bulkPlanSelection: async (sel) => (calls.push(`select:${sel.by}:${sel.value}`), plan),
    bulkRun: async (choice, onProgress) => {
      calls.push(`run:${choice.template}:${choice.pdf}`);
      calls.push(`slips:${choice.pinSlips}:noPinRecord:${choice.noPinRecord}:printer:${choice.printer}`);
      onProgress(counts(0, 0));
      onProgress(counts(1, failed));
      return counts(1, failed);
    },
    bulkResume: async (jobId, again, onProgress) => {
      calls.push(`resume:${jobId}:${again}`);
      failed = 0;
      onProgress(counts(1, 0));
      return counts(1, 0);
    },
    bulkPause: async (p) => (calls.push(`pause:${p}`), null),
    bulkCancel: async () => (calls.push("cancel"), null),
    bulkJobs: async () => [job],
    bulkStatus: async () => ({
      job,
      counts: counts(1, failed),
      rows: [
        {
          line: 2,
          upn: "ana@contoso.com",
          displayName: "Ana",
          action: "create",
          state: failed ? "failed" : "badgeWritten",
          errorCode: failed ? "graph.throttled" : null,
          errorMessage: failed ? "Too many requests" : null,
          requestId: failed ? "req-1" : null,
          attempts: 8,
          output: failed ? null : "/tmp/exports/badges-0001.pdf",
          methodId: null,
        },
      ],
      files: failed
        ? { badges: [], slips: [] }
        : {
            badges: [exportsFile("/tmp/exports/badges-0001.pdf")],
            slips: [exportsFile("/tmp/exports/badges-0001-pins.pdf")],
          },
    }),
    bulkExportResults: async (jobId) => exportsFile(`/tmp/exports/bulk-${jobId}-results.csv`),
  };
}

/** Printer profiles kept in memory, checked like Rust checks them (unique name, a printer). */
export function fakeProfiles(
  calls: string[],
): Pick<
  Backend,
  | "printerProfiles"
  | "savePrinterProfile"
  | "deletePrinterProfile"
  | "setDefaultPrinterProfile"
  | "printBadgeWithProfile"
  | "installedPrinters"
  | "printTestLabel"
> {
  let profiles: PrinterProfile[] = [
    { name: "Front desk", printer: "cups:Front", template: "zebra-4x3-203", copies: 1 },
  ];
  let def: string | null = "Front desk";
  return {
    printerProfiles: async () => ({ profiles, defaultProfile: def }),
    savePrinterProfile: async (original, p) => {
      if (p.name.trim() === "" || p.printer.trim() === "") {
        return Promise.reject({
          code: "core.invalid_profile",
          message: "give the profile a name and a printer",
        });
      }
      if (profiles.some((x) => x.name.toLowerCase() === p.name.toLowerCase() && x.name !== original)) {
        return Promise.reject({ code: "core.invalid_profile", message: `a profile named ${p.name} exists` });
      }
      profiles = [...profiles.filter((x) => x.name !== original), p];
      calls.push(`profile:${original ?? "new"}:${p.name}:${p.template}`);
      return p;
    },
    deletePrinterProfile: async (name) => {
      profiles = profiles.filter((x) => x.name !== name);
      if (def === name) def = null;
      calls.push(`profile-delete:${name}`);
      return null;
    },
    setDefaultPrinterProfile: async (name) => ((def = name), calls.push(`profile-default:${name}`), null),
    printBadgeWithProfile: async (badge, _user, profile) => {
      const p = profiles.find((x) => x.name === (profile ?? def));
      if (!p) return Promise.reject({ code: "core.profile_not_found", message: "no such profile" });
      calls.push(`print-profile:${p.name}:${badge.upn}`);
      return {
        profile: p.name,
        printer: p.printer,
        template: p.template,
        format: "zpl",
        copies: p.copies ?? 1,
        badge: { pngBase64: "", warnings: [], qrWidthIn: 2.1, printFormat: "zpl" },
      };
    },
    installedPrinters: async () => (
      calls.push("installed-printers"),
      [
        {
          name: "Front",
          spec: "cups:Front",
          description: "Front desk Zebra",
          location: "Lobby",
          isDefault: true,
          accepting: true,
          state: "idle",
          reason: null,
        },
        {
          name: "Office",
          spec: "cups:Office",
          description: null,
          location: null,
          isDefault: false,
          accepting: false,
          state: "stopped",
          reason: "paper jam",
        },
      ]
    ),
    printTestLabel: async (name) => {
      const p = profiles.find((x) => x.name === name);
      if (!p) return Promise.reject({ code: "core.profile_not_found", message: "no such profile" });
      calls.push(`test-label:${p.name}`);
      return {
        profile: p.name,
        printer: p.printer,
        template: p.template,
        format: "zpl",
        copies: 1,
        badge: { pngBase64: "", warnings: [], qrWidthIn: 2.1, printFormat: "zpl" },
      };
    },
  };
}

const DAY_MS = 86_400_000;

/** A store of four workers: one expired, one expiring in 10 days, one with no method, one valid. */
export function fakeReport(scannedAt: number, withinDays = 30): Report {
  const now = Date.now();
  const worker = (upn: string, state: WorkerStatus["state"], expiresInDays: number | null): WorkerStatus => ({
    upn,
    userId: `id-${upn}`,
    displayName: upn.split("@")[0] ?? upn,
    office: "Store 101",
    department: null,
    state,
    dates: {
      hasMethod: state !== "noMethod",
      startsMs: null,
      expiresMs: expiresInDays === null ? null : now + expiresInDays * DAY_MS,
      createdMs: now - 300 * DAY_MS,
      lastUsedMs: upn.startsWith("bo") ? null : now - DAY_MS,
      temporaryExpiresMs: null,
      pinChangePending: upn.startsWith("cy"),
    },
    temporaryActive: upn.startsWith("ana"),
    neverUsed: upn.startsWith("bo"),
    errorCode: null,
  });
  return {
    scopeKey: "office:Store 101",
    scopeLabel: "office Store 101",
    withinDays,
    scannedAt,
    ageMs: Math.max(0, now - scannedAt),
    rows: [
      worker("ana@contoso.com", "expired", -2),
      worker("bo@contoso.com", "expiring", 10),
      worker("cy@contoso.com", "noMethod", null),
      worker("dee@contoso.com", "valid", 200),
    ],
  };
}

/** The Renewals tab's commands over {@link fakeReport}: never scanned until the first scan. */
export function fakeRenewals(
  calls: string[],
): Pick<
  Backend,
  | "renewalStore"
  | "renewalScan"
  | "renewalCached"
  | "renewalExportCsv"
  | "renewalPlan"
  | "renewalRun"
  | "renewalResume"
> {
  let scanned: Report | null = null;
  const progress = (done: number, total: number): Progress => ({
    jobId: "20261203-1100-ren",
    total,
    done,
    pending: total - done,
    sent: 0,
    created: 0,
    badgeWritten: done,
    printed: 0,
    skipped: 0,
    failed: 0,
    badgeLost: 0,
    extended: 0,
    invalid: 0,
    inFlight: 0,
    concurrency: 2,
    throttled: 0,
    elapsedMs: 500,
    phase: done === total ? "finished" : "sending",
    singleRequests: false,
  });
  let planned = 0;
  return {
    renewalStore: async () => null,
    renewalScan: async (scope, withinDays, onProgress) => {
      calls.push(`renewal-scan:${scope.by}:${scope.value}:${withinDays}`);
      onProgress({ done: 0, total: 4, elapsedMs: 0 });
      onProgress({ done: 4, total: 4, elapsedMs: 300 });
      scanned = fakeReport(Date.now(), withinDays);
      return scanned;
    },
    renewalCached: async (scope) => (calls.push(`renewal-cached:${scope.by}:${scope.value}`), scanned),
    renewalExportCsv: async () => (scanned ? exportsFile("/tmp/exports/renewals-2026-12-03.csv") : null),
    renewalPlan: async (scope, upns, withinDays) => {
      calls.push(`renewal-plan:${scope.value}:${upns.join(",")}:${withinDays}`);
      planned = upns.length;
      const action = (upn: string): PlannedRow["action"] =>
        upn.startsWith("ana") ? "replace" : upn.startsWith("cy") ? "create" : "rotate";
      const rows: PlannedRow[] = upns.map((upn, i) => ({
        line: i + 1,
        upn,
        userId: `id-${upn}`,
        displayName: upn.split("@")[0] ?? upn,
        department: "Store 101",
        action: action(upn),
        start: null,
        expires: null,
        days: null,
        customPin: false,
        template: null,
        printer: null,
        destination: { kind: "job" },
        problems: [],
      }));
      const count = (a: PlannedRow["action"]) => rows.filter((r) => r.action === a).length;
      return {
        source: `renewal of ${scope.value}`,
        rows,
        create: count("create"),
        rotate: count("rotate"),
        skip: 0,
        invalid: 0,
        problems: [],
        generatedPins: count("create") + count("replace"),
        renew: count("replace"),
        replace: count("replace"),
        extend: count("extend"),
      };
    },
    renewalRun: async (choice, onProgress) => {
      calls.push(`renewal-run:${choice.template}:${choice.pdf}:${choice.pinSlips}`);
      onProgress(progress(0, planned));
      onProgress(progress(planned, planned));
      return progress(planned, planned);
    },
    renewalResume: async (job, onProgress) => {
      calls.push(`renewal-resume:${job}`);
      onProgress(progress(planned, planned));
      return progress(planned, planned);
    },
  };
}
