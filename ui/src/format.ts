// Method states and times in plain words, the way a store manager reads them.
import type { MethodSummary } from "./generated/bindings";

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** "12 Mar 2027" in this computer's time zone (where the store is). */
export function day(ms: number): string {
  return new Date(ms).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}

/** "2026-11-22 09:30" in this computer's time zone. */
export function localTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** "112 days left", "3 h left", "expired 2 days ago". */
export function left(ms: number, now: number): string {
  const d = ms - now;
  if (d >= 2 * DAY) return `${Math.floor(d / DAY)} days left`;
  if (d > 0) return `${Math.ceil(d / HOUR)} h left`;
  const ago = Math.floor(-d / DAY);
  return ago === 0 ? "expired today" : `expired ${ago} day${ago === 1 ? "" : "s"} ago`;
}

/** What the user card says about a method, one sentence per line. */
export function methodLines(m: MethodSummary, now: number): string[] {
  if (!m.hasMethod) return ["No QR code method"];
  const lines: string[] = [];
  if (m.standardExpires !== null) {
    lines.push(
      m.standardActive
        ? `QR code valid until ${day(m.standardExpires)} — ${left(m.standardExpires, now)}`
        : m.standardExpires <= now
          ? `QR code expired on ${day(m.standardExpires)}`
          : `QR code not valid yet (from ${day(m.standardStarts ?? now)})`,
    );
  } else {
    lines.push("No badge QR code");
  }
  if (m.temporaryActive && m.temporaryExpires !== null) {
    lines.push(`Temporary code expires in ${left(m.temporaryExpires, now).replace(" left", "")}`);
  }
  if (m.pinMustChange) lines.push("PIN must be changed at next sign-in");
  if (!m.usable) lines.push("The worker cannot sign in with a QR code now");
  return lines;
}

/** A data: URL for Graph's QR image (PNG from Microsoft; SVG from the demo tenant). */
export function imageUrl(base64: string): string {
  const type = base64.startsWith("iVBOR")
    ? "image/png"
    : base64.startsWith("/9j/")
      ? "image/jpeg"
      : "image/svg+xml";
  return `data:${type};base64,${base64}`;
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function ago(ms: number, now: number): string {
  const d = Math.max(0, now - ms);
  if (d < 60_000) return "just now";
  if (d < HOUR) return `${Math.floor(d / 60_000)} min ago`;
  if (d < DAY) return `${Math.floor(d / HOUR)} h ago`;
  const days = Math.floor(d / DAY);
  return `${days} day${days === 1 ? "" : "s"} ago`;
}

/** What an error means for the person at the counter, and what to do; `null` when the
 * service's own message is the best we have. */
export function humanError(code: string): string | null {
  switch (code) {
    case "graph.method_exists":
      return "This worker already has a QR code method. Make a new badge, or delete the method first.";
    case "graph.active_code_exists":
      return "This worker already has an active code of that kind. Remove it first, or make a new badge.";
    case "graph.forbidden":
      return "Your account is not allowed to do this. Ask an administrator for the Authentication Administrator role.";
    case "graph.unauthorized":
    case "graph.sign_in_required":
      return "Your sign-in has expired. Sign out and sign in again.";
    case "graph.not_found":
      return "This worker or code no longer exists in the directory.";
    case "graph.throttled":
      return "Microsoft is asking us to slow down. Wait a moment and try again.";
    case "graph.network":
      return "Microsoft Graph cannot be reached. Check the network and try again.";
    case "core.method_unusable":
      return "This worker's old QR code method can no longer be used, and Microsoft will not create a new one over it. Renew it (a new badge and a new PIN), or delete it and create a new one.";
    case "core.code_not_active":
      return "This badge has expired, so its date cannot be moved. Make a new badge instead (Renew).";
    case "core.replace_half_done":
      return "The old method was deleted, but the new one could not be made. The worker has no QR code method now: create one again.";
    case "graph.mfa_required":
      return "Microsoft wants you to confirm your sign-in with a second factor before you change your own sign-in methods. Sign in again and try once more.";
    case "graph.lifetime_out_of_range":
      return "That lifetime is not allowed by the tenant policy. Choose a shorter one.";
    default:
      return null;
  }
}
