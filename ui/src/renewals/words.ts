// The Renewals tab's words: each badge state, the counts line, the confirmation sentence, and
// which workers are due (pre-selected).
import type { BadgeState, Plan, Report, WorkerStatus } from "../generated/bindings";
import { day, left } from "../format";

export const STATE_WORDS: Record<BadgeState, string> = {
  noMethod: "No badge",
  expired: "Expired",
  expiring: "Expiring soon",
  valid: "Valid",
  unreadable: "Could not be read",
};

/** Workers who need something done: no badge, expired or expiring. */
export function isDue(w: WorkerStatus): boolean {
  return w.state === "noMethod" || w.state === "expired" || w.state === "expiring";
}

/** The counts the tab shows, in plain words, each with how many. */
export function countLines(r: Report): { key: string; label: string; n: number }[] {
  const of = (s: BadgeState) => r.rows.filter((w) => w.state === s).length;
  const lines = [
    { key: "noMethod", label: "No badge yet", n: of("noMethod") },
    { key: "expired", label: "Badge expired", n: of("expired") },
    { key: "expiring", label: `Expiring within ${r.withinDays} days`, n: of("expiring") },
    {
      key: "temporary",
      label: "Using a temporary code now",
      n: r.rows.filter((w) => w.temporaryActive).length,
    },
    { key: "neverUsed", label: "Badge never used", n: r.rows.filter((w) => w.neverUsed).length },
    {
      key: "pinPending",
      label: "Must choose a new PIN",
      n: r.rows.filter((w) => w.dates.pinChangePending).length,
    },
    { key: "valid", label: "Valid for longer", n: of("valid") },
  ];
  const unreadable = of("unreadable");
  return unreadable > 0
    ? [...lines, { key: "unreadable", label: "Could not be read", n: unreadable }]
    : lines;
}

/** "Expires 12 Mar 2027 (10 days left)", or why there is no date. */
export function statusLine(w: WorkerStatus, now: number): string {
  if (w.state === "noMethod") return "No badge";
  if (w.state === "unreadable") return "Could not be read: scan again later";
  const e = w.dates.expiresMs;
  if (e === null) return "Expired: no standard code";
  return `${STATE_WORDS[w.state]} · ${day(e)} (${left(e, now)})`;
}

/** The flags beside a worker, in words. */
export function notes(w: WorkerStatus): string {
  return [
    w.temporaryActive ? "temporary code active" : "",
    w.neverUsed ? "never used" : "",
    w.dates.pinChangePending ? "must choose a new PIN" : "",
  ]
    .filter(Boolean)
    .join(", ");
}

const n = (k: number, one: string, many: string) => `${k} ${k === 1 ? one : many}`;

/** What the renewal will do, e.g. "1 extended (same badge) · 2 new badges · 1 re-created". */
export function planWords(p: Plan): string {
  const parts = [
    p.extend ? `${n(p.extend, "badge", "badges")} extended (same badge, nothing to print)` : "",
    p.rotate ? `${n(p.rotate, "new badge", "new badges")} (the PIN stays)` : "",
    p.replace ? `${n(p.replace, "expired badge", "expired badges")} re-created (new badge and PIN)` : "",
    p.create ? `${n(p.create, "worker gets", "workers get")} a first badge and PIN` : "",
    p.skip ? `${n(p.skip, "worker", "workers")} skipped (not due)` : "",
    p.invalid ? `${n(p.invalid, "worker", "workers")} cannot be renewed` : "",
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : "Nothing to renew";
}
