import { describe, expect, it } from "vitest";
import { activityWords } from "./activityWords";

describe("activityWords", () => {
  it("names every audit action in plain words", () => {
    expect(activityWords("pin.reset")).toBe("Reset PIN");
    expect(activityWords("method.delete")).toBe("Deleted badge");
    expect(activityWords("badge.print")).toBe("Printed badge");
    expect(activityWords("qr.rotate")).toBe("New badge");
  });
  it("falls back to readable words for an action it does not know", () => {
    expect(activityWords("kiosk.sign_in")).toBe("Kiosk sign in");
    expect(activityWords("")).toBe("Other action");
    expect(activityWords("kiosk.sign_in")).not.toMatch(/[._`]/);
  });
});
