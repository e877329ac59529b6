import { describe, expect, it } from "vitest";
import { plainMessage } from "./ErrorDetails";
import { badgeHint } from "./Station";

describe("plainMessage", () => {
  it("makes a developer message a sentence", () => {
    expect(plainMessage("not a printer: use `cups:QUEUE`")).toBe("Not a printer: use cups:QUEUE.");
    expect(plainMessage("Done already.")).toBe("Done already.");
    expect(plainMessage("  ")).toBe("Something went wrong.");
  });
});

describe("badgeHint", () => {
  const user = {
    id: "u",
    upn: "a@x",
    displayName: "A",
    department: null,
    officeLocation: null,
    jobTitle: null,
  };
  it("says what the last look-up saw, or that it is not known", () => {
    expect(badgeHint({ user, cachedAt: null, inGraph: true })).toBe("Badge: open to check");
    expect(badgeHint({ user, cachedAt: 1, inGraph: false, hasBadge: false })).toBe("No badge");
    expect(badgeHint({ user, cachedAt: 1, inGraph: false, hasBadge: true, badgeUsable: false })).toBe(
      "Badge expired",
    );
    const now = Date.UTC(2026, 0, 1);
    expect(
      badgeHint({ user, cachedAt: 1, inGraph: false, hasBadge: true, badgeExpires: now + 86_400_000 }, now),
    ).toMatch(/^Badge expires soon /);
    expect(
      badgeHint(
        { user, cachedAt: 1, inGraph: false, hasBadge: true, badgeExpires: now + 90 * 86_400_000 },
        now,
      ),
    ).toMatch(/^Badge until /);
  });
});
