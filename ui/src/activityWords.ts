// Activity log actions in plain words ("Reset PIN", not `pin.reset`). A `switch` over today's
// audit action strings; aligned with the `AuditAction` enum when that lands.

/** The audit action `action` as words a store manager reads; unknown actions get a readable fallback. */
export function activityWords(action: string): string {
  switch (action) {
    case "method.create":
      return "Created badge and PIN";
    case "method.delete":
      return "Deleted badge";
    case "method.renew":
      return "Renewed badge";
    case "method.replace":
      return "Replaced badge";
    case "pin.reset":
      return "Reset PIN";
    case "qr.rotate":
      return "New badge";
    case "qr.temporary.add":
      return "Added temporary code";
    case "qr.temporary.delete":
      return "Removed temporary code";
    case "qr.extend":
      return "Extended badge";
    case "badge.print":
      return "Printed badge";
    case "badge.pdf":
      return "Saved badge as PDF";
    case "bulk.create":
      return "Created badge (import)";
    default: {
      // `kiosk.sign_in` → "Kiosk sign in": the words of the code, first letter upper-case.
      const words = action.replace(/[._]+/g, " ").trim();
      return words ? words.charAt(0).toUpperCase() + words.slice(1) : "Other action";
    }
  }
}
