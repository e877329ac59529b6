import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { ErrorDetails, plainMessage, supportText } from "./ErrorDetails";
import { badgeHint } from "./Station";

describe("plainMessage", () => {
  it("makes a developer message a sentence", () => {
    expect(plainMessage("not a printer: use `cups:QUEUE`")).toBe("Not a printer: use cups:QUEUE.");
    expect(plainMessage("Done already.")).toBe("Done already.");
    expect(plainMessage("  ")).toBe("Something went wrong.");
  });
});

describe("ErrorDetails", () => {
  afterEach(cleanup);

  it("keeps the code and Graph's request id under Details for support, and copies them", async () => {
    const written: string[] = [];
    const clipboard = { writeText: async (s: string) => void written.push(s) } as unknown as Clipboard;
    const error = {
      code: "graph.not_found",
      message: "Microsoft could not find that person.",
      requestId: "9f2c41d0",
    } as const;
    render(() => <ErrorDetails error={error} clipboard={clipboard} />);
    const details = screen.getByTestId("error-details");
    expect(screen.getByText("Microsoft could not find that person.").closest("details")).toBeNull();
    expect(screen.getByTestId("error-code").textContent).toContain("graph.not_found");
    expect(screen.getByTestId("error-request-id").textContent).toBe(" Request id: 9f2c41d0");
    expect(details.textContent).toContain("9f2c41d0");
    fireEvent.click(screen.getByTestId("copy-error-details"));
    expect(await screen.findByRole("status")).toBeTruthy();
    expect(written).toEqual(["Code: graph.not_found, request id: 9f2c41d0"]);
  });

  it("shows no request id when there is none", () => {
    render(() => (
      <ErrorDetails error={{ code: "label.printer_unreachable", message: "The printer is off." }} />
    ));
    expect(screen.queryByTestId("error-request-id")).toBeNull();
    expect(supportText({ code: "label.printer_unreachable", message: "x" })).toBe(
      "Code: label.printer_unreachable",
    );
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
