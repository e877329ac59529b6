// Bulk import's words and pure helpers: what each planned action and row state is called, what
// happened to a row in the results, the plan summary line, where a badge goes, the badge and PIN
// slip files of a job, and reading a CSV file's bytes within the size limit.
import type { JobStatus, Plan, PlannedRow, RowStatus, SavedFile } from "../generated/bindings";

export const ACTION_WORDS: Record<PlannedRow["action"], string> = {
  create: "Create",
  rotate: "New badge",
  reissue: "New badge and PIN",
  renew: "Renew: new badge and PIN (old method kept)",
  replace: "Replace: delete the old method, then create",
  extend: "Extend the expiry (same badge)",
  skip: "Skip: has a method",
  invalid: "Cannot run",
};

export const STATE_WORDS: Record<RowStatus["state"], string> = {
  pending: "Not done yet",
  sent: "Sent; the answer is checked on resume",
  created: "Created",
  badgeWritten: "Created, badge written",
  printed: "Created, badge printed",
  skipped: "Skipped: already has a method",
  failed: "Failed",
  badgeLost: "Created, badge lost: make a new badge",
  invalid: "Not run: a problem in the file",
  extended: "Expiry extended, same badge",
};

/** "12 to create · 3 skipped · 1 with problems". */
export function planSummary(p: Plan): string {
  const parts = [`${p.create} to create`];
  if (p.rotate) parts.push(`${p.rotate} new badges`);
  if (p.renew) parts.push(`${p.renew} to renew`);
  if (p.replace) parts.push(`${p.replace} to delete and create again`);
  if (p.skip) parts.push(`${p.skip} skipped (already have a method)`);
  if (p.invalid) parts.push(`${p.invalid} with problems`);
  return parts.join(" · ");
}

/** The largest CSV one job takes (Rust's `MAX_CSV_BYTES`); checked here before sending. */
export const MAX_CSV_BYTES = 20 * 1024 * 1024;

/** A picked or dropped file's bytes, undecoded: Rust reports invalid UTF-8 instead of the
 * silent U+FFFD a text read would put there (FileReader: older WebKit has no `Blob.bytes`). */
export function readBytes(file: File): Promise<Uint8Array> {
  if (file.size > MAX_CSV_BYTES) {
    return Promise.reject({
      code: "bulk.csv_too_large",
      message: `${file.name} is over ${MAX_CSV_BYTES / 1024 / 1024} MB: split it`,
    });
  }
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject({ code: "ui.read_failed", message: `cannot read ${file.name}` });
    r.readAsArrayBuffer(file);
  });
}

/** Where a planned row's badge goes, in words. */
export function destinationWords(r: PlannedRow): string {
  const d = r.destination;
  if (d.kind === "job") return "This job's choice";
  const parts = [];
  if (d.profile) parts.push(`Printer profile ${d.profile}`);
  if (d.template) parts.push(`label ${d.template}`);
  return parts.join(" · ");
}

/** What the CSV must hold, in words, for the file picker. */
export const CSV_HELP =
  "One worker per line; the first line names the columns. Required: upn, the worker's sign-in " +
  "name (UPN), e.g. ana@contoso.com. Optional: days (how many days the badge works) or expires " +
  "(its last date, YYYY-MM-DD), not both; start (its first date); pin (else one is made up and " +
  "put on a PIN slip); template (the label); printer (a printer profile's name). Commas or " +
  "semicolons between columns.";

/** A CSV a person can copy. */
export const CSV_EXAMPLE = "upn;days;pin\nana@contoso.com;30;\nbo@contoso.com;90;48213957";

/** Rows whose method was made (or kept, with a new expiry) and so have a badge that works. */
const HAS_BADGE: RowStatus["state"][] = ["created", "badgeWritten", "printed", "badgeLost", "extended"];

/** A result row the operator must act on: failed, badge lost, not run or not finished. */
export function isProblem(r: RowStatus): boolean {
  return ["failed", "badgeLost", "invalid", "pending", "sent"].includes(r.state);
}

/** What happened to a row, in words: "Badge created", "New badge, PIN reset", "Skipped: …". */
export function outcomeWords(r: RowStatus): string {
  switch (r.state) {
    case "skipped":
      return "Skipped: already has a badge";
    case "failed":
      return "Not done";
    case "invalid":
      return "Not run: a problem in the file";
    case "pending":
      return "Not done yet: resume the job";
    case "sent":
      return "Sent, answer unknown: resume the job to check";
    case "extended":
      return "Expiry extended, same badge";
    case "badgeLost":
      return "Created, but the badge was lost: make a new badge";
  }
  const made = {
    create: "Badge created",
    rotate: "New badge (PIN unchanged)",
    reissue: "New badge, PIN reset",
    renew: "Renewed: new badge, PIN reset",
    replace: "Replaced: old method deleted, new badge and PIN",
    extend: "Expiry extended, same badge",
    skip: "Badge created",
    invalid: "Badge created",
  }[r.action];
  if (r.state === "printed") return `${made}, printed`;
  if (r.state === "created") return `${made} (no badge file kept)`;
  return made;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** How many days a row's badge works: the CSV's days, its expiry, else the tenant's lifetime;
 * "—" for a row without a working badge or when it is not known. */
export function daysWords(
  r: RowStatus,
  planned: PlannedRow | undefined,
  lifetimeDays: number | null,
  now = Date.now(),
): string {
  if (!HAS_BADGE.includes(r.state)) return "—";
  if (planned?.days != null) return String(planned.days);
  if (planned?.expires != null) {
    return String(Math.max(1, Math.round((planned.expires - (planned.start ?? now)) / DAY_MS)));
  }
  return planned && lifetimeDays != null ? String(lifetimeDays) : "—";
}

/** The job's badge sheets and PIN slips as Rust found them (each with its exports name), and
 * the slips folder to name when no slip is there yet (a job with no sheet names them after it). */
export function jobFiles(s: JobStatus): { badges: SavedFile[]; slips: SavedFile[]; slipsIn: string | null } {
  const o = s.job.options;
  const { badges, slips } = s.files;
  const slipsIn =
    o.pinSlips && slips.length === 0 && badges.length === 0 && o.pinSlipsDir ? o.pinSlipsDir : null;
  return { badges, slips, slipsIn };
}
