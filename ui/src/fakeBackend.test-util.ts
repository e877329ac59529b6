// An in-memory Backend for the UI tests: one tenant, one worker, real-looking answers.
import type { Backend } from "./api";
import type { AppInfo, Issued, MethodSummary, UserCard } from "./generated/bindings";

export const appInfo = (version: string): AppInfo => ({
  name: "qrstation",
  version,
  mode: { kind: "demoTenant" },
  modeLabel: "Demo tenant",
  dataDir: "/tmp/qrstation-data",
  settingsFile: "/tmp/qrstation-data/settings.json",
});

const none: MethodSummary = {
  hasMethod: false, usable: false, standardStarts: null, standardExpires: null, standardActive: false,
  temporaryExpires: null, temporaryActive: false, pinMustChange: false, lastUsed: null,
};

export function fakeBackend(overrides: Partial<Backend> = {}): Backend & { calls: string[] } {
  const calls: string[] = [];
  let card: UserCard = {
    user: { id: "u1", upn: "rosa.diaz@contoso.com", displayName: "Rosa Diaz", department: "Checkout",
      officeLocation: "Store 101", jobTitle: "Cashier" },
    method: none,
  };
  const issue = (extra: Partial<Issued>): Issued => ({ card, qr: null, pin: null, ...extra });
  const notUsed = () => Promise.reject({ code: "ui.test", message: "not used in this test" });
  const backend: Backend = {
    appInfo: async () => appInfo("1.0.0"),
    sessionStatus: async () => ({ signedIn: false, operator: null, tenantLabel: null }),
    signInDemo: async () => ({ signedIn: true, operator: "admin@contoso.com", tenantLabel: "Demo tenant" }),
    signOut: async () => ({ signedIn: false, operator: null, tenantLabel: null }),
    searchUsers: async (q) => {
      calls.push(`search:${q}`);
      return { hits: [{ user: card.user, cachedAt: null, inGraph: true }], graphUnavailable: null };
    },
    recentUsers: async () => [],
    userCard: async () => card,
    pinMinLength: async () => 8,
    checkPin: async (pin) =>
      /^\d{8,20}$/.test(pin) ? null : Promise.reject({ code: "pin.too_short", message: "the PIN must have at least 8 digits" }),
    createMethod: async (req) => {
      calls.push(`create:${req.user}:${req.pin === null ? "generated" : "custom"}`);
      card = { ...card, method: { ...none, hasMethod: true, usable: true, standardActive: true, standardExpires: Date.now() + 9e9, pinMustChange: true } };
      return issue({
        pin: { pin: req.pin ?? "48271953", mustChange: true },
        qr: { kind: "standard", rawContentBase64: "cGF5bG9hZA==", imageBase64: "PHN2Zy8+", version: 5,
          errorCorrectionLevel: "H", starts: null, expires: null, imageLost: false },
      });
    },
    resetPin: notUsed,
    addTemporaryCode: notUsed,
    deleteTemporaryCode: notUsed,
    rotateStandardCode: notUsed,
    extendStandardCode: notUsed,
    deleteMethod: notUsed,
    auditList: async () => [],
    auditExport: async () => "/tmp/qrstation-data/exports/audit.csv",
    tenantSettings: async () => null,
    saveTenantSettings: async () => null,
    signInEntra: notUsed,
    restoreSession: () => Promise.reject({ code: "core.invalid_input", message: "no tenant" }),
    printSettings: async () => ({ template: "zebra-4x3-203", printer: "cups:Front" }),
    savePrintSettings: async (s) => {
      calls.push(`defaults:${s.template}:${s.printer}`);
      return null;
    },
    listPrinters: async () => [
      { spec: "cups:Front", queue: "Front", hasDriver: false, media: [], defaultMedia: null },
      { spec: "cups:Office", queue: "Office", hasDriver: true, media: ["A4", "Letter"], defaultMedia: "A4" },
    ],
    saveBadgePdf: async (_b, template) => `/tmp/qrstation-data/exports/badge-${template}.pdf`,
    badgeTemplates: async () => ["sheet-a4", "zebra-4x3-203"],
    badgePreview: async (_badge, template) => {
      calls.push(`preview:${template}`);
      return { pngBase64: "iVBORw0KGgo=", warnings: template === "cr80" ? ["small"] : [], qrWidthIn: 2.1 };
    },
    printBadge: async (req) => {
      calls.push(`print:${req.template}:${req.format}:${req.printer}`);
      return null;
    },
    ...overrides,
  };
  return Object.assign(backend, { calls });
}
