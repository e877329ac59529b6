// Bulk import's words and pure helpers: what each planned action and row state is called, the plan
// summary line, where a badge goes, and reading a CSV file's bytes within the size limit.
import type { Plan, PlannedRow, RowStatus } from "../generated/bindings";

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
