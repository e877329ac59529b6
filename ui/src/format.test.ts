import { describe, expect, it } from "vitest";
import { ago, humanError, imageUrl, left, methodLines } from "./format";
import type { MethodSummary } from "./generated/bindings";

const now = Date.UTC(2026, 10, 22, 12);
const base: MethodSummary = {
  hasMethod: true,
  usable: true,
  standardStarts: now - 1,
  standardExpires: Date.UTC(2027, 2, 12, 12),
  standardActive: true,
  temporaryExpires: null,
  temporaryActive: false,
  pinMustChange: false,
  lastUsed: null,
};

describe("methodLines", () => {
  it("says when the badge runs out, in days", () => {
    expect(methodLines(base, now)).toEqual(["QR code valid until 12 Mar 2027 — 110 days left"]);
  });
  it("names the temporary code, a forced PIN change and an unusable method", () => {
    const m = {
      ...base,
      standardActive: false,
      standardExpires: now - 3 * 86_400_000,
      usable: true,
      temporaryActive: true,
      temporaryExpires: now + 3 * 3_600_000,
      pinMustChange: true,
    };
    expect(methodLines(m, now)).toEqual([
      "QR code expired on 19 Nov 2026",
      "Temporary code expires in 3 h",
      "PIN must be changed at next sign-in",
    ]);
    expect(methodLines({ ...m, temporaryActive: false, usable: false }, now)).toContain(
      "The worker cannot sign in with a QR code now",
    );
  });
  it("says so when there is no method", () => {
    expect(methodLines({ ...base, hasMethod: false }, now)).toEqual(["No QR code method"]);
  });
});

describe("left and imageUrl", () => {
  it("reads like a person would say it", () => {
    expect(left(now + 30 * 3_600_000, now)).toBe("30 h left");
    expect(left(now - 86_400_000, now)).toBe("expired 1 day ago");
  });
  it("picks the image type from its bytes", () => {
    expect(imageUrl("iVBORw0KGgo=")).toMatch(/^data:image\/png;base64,/);
    expect(imageUrl("PHN2Zz4=")).toMatch(/^data:image\/svg\+xml;base64,/);
  });
});

describe("ago", () => {
  it("says how old a saved entry is", () => {
    expect(ago(now - 30_000, now)).toBe("just now");
    expect(ago(now - 5 * 60_000, now)).toBe("5 min ago");
    expect(ago(now - 3 * 3_600_000, now)).toBe("3 h ago");
    expect(ago(now - 86_400_000, now)).toBe("1 day ago");
  });
});

describe("humanError", () => {
  it("says what to do for known codes and leaves the rest to the service's message", () => {
    expect(humanError("graph.method_exists")).toContain("already has a QR code method");
    expect(humanError("graph.forbidden")).toContain("Authentication Administrator");
    expect(humanError("core.io")).toBeNull();
  });
});

describe("localTime", () => {
  it("writes minutes in the computer's time zone (UTC in tests)", async () => {
    const { localTime } = await import("./format");
    expect(localTime(Date.UTC(2026, 10, 22, 9, 5))).toBe("2026-11-22 09:05");
  });
});
