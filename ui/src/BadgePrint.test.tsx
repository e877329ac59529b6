// The print dialog shows the output format Rust chose (the preview's `printFormat`, the print's
// `format`); it never works one out from a template's name.
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { BadgePrint } from "./BadgePrint";
import { fakeBackend } from "./fakeBackend.test-util";
import type { BadgeRequest } from "./generated/bindings";

const badge: BadgeRequest = {
  payloadBase64: "bXMtcXJwaW46djF8eA==",
  errorCorrectionLevel: null,
  version: null,
  displayName: "Rosa Diaz",
  upn: "rosa.diaz@contoso.com",
  department: null,
  validFrom: null,
  validUntil: null,
  onboarding: null,
};

describe("BadgePrint", () => {
  afterEach(cleanup);

  it("shows the format Rust says a label prints in, whatever the label is called", async () => {
    const backend = fakeBackend({
      printerProfiles: async () => ({ profiles: [], defaultProfile: null }),
      badgeTemplates: async () => ["sheet-a4", "my-label"],
      badgePreview: async (_b, template) => ({
        pngBase64: "iVBORw0KGgo=",
        warnings: [],
        qrWidthIn: 2.1,
        // A user template whose name says nothing: only Rust knows it is a Zebra label.
        printFormat: template === "my-label" ? "zpl" : "pdf",
      }),
    });
    render(() => <BadgePrint backend={backend} badge={badge} userId={null} />);
    expect((await screen.findByTestId("print-format")).textContent).toBe("This label prints as PDF.");
    fireEvent.change(screen.getByTestId("template"), { target: { value: "my-label" } });
    await waitFor(() =>
      expect(screen.getByTestId("print-format").textContent).toBe("This label prints as ZPL (Zebra)."),
    );
  });

  it("says which format a print with a profile went out in", async () => {
    const backend = fakeBackend();
    render(() => <BadgePrint backend={backend} badge={badge} userId="u1" />);
    await waitFor(() => expect((screen.getByTestId("print") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("print"));
    expect((await screen.findByTestId("print-sent-format")).textContent).toBe("Sent as ZPL (Zebra).");
  });

  it("says a failed print in plain words, the code only under Details for support", async () => {
    const backend = fakeBackend({
      printBadgeWithProfile: () =>
        Promise.reject({
          code: "label.printer_unreachable",
          message: "printer `127.0.0.1:1` is not reachable: Connection refused (os error 111)",
        }),
    });
    render(() => <BadgePrint backend={backend} badge={badge} userId="u1" />);
    await waitFor(() => expect((screen.getByTestId("print") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("print"));
    const error = await screen.findByTestId("print-error");
    const words = error.querySelector(".error-text")!.textContent ?? "";
    expect(words).toBe("Printer 127.0.0.1:1 is not reachable: Connection refused (os error 111).");
    expect(words).not.toMatch(/label\.|`/);
    expect(error.querySelector("details")!.textContent).toContain("Code: label.printer_unreachable");
    expect(screen.queryByTestId("print-status")).toBeNull();
  });

  it("says why Print is off, next to the button, when no printer is set up", async () => {
    const backend = fakeBackend({ printerProfiles: async () => ({ profiles: [], defaultProfile: null }) });
    render(() => <BadgePrint backend={backend} badge={badge} userId={null} />);
    const reason = await screen.findByText(/add one in the Printers tab/);
    const print = screen.getByTestId("print") as HTMLButtonElement;
    expect(print.disabled).toBe(true);
    // Visible text (not only a tooltip), and tied to the button for screen readers.
    expect(reason.getAttribute("data-testid")).toBe("print-blocked");
    expect(print.getAttribute("aria-describedby")).toBe(reason.id);
    // Save as PDF stays available.
    await waitFor(() => expect((screen.getByTestId("save-pdf") as HTMLButtonElement).disabled).toBe(false));
  });

  it("lists labels by their readable names, keeping the ids as values", async () => {
    const backend = fakeBackend({
      badgeTemplateNames: async () => [
        { name: "sheet-a4", displayName: "A4 sheet" },
        { name: "brother-ql-62", displayName: "Brother QL 62 mm" },
      ],
    });
    render(() => <BadgePrint backend={backend} badge={badge} userId={null} />);
    const select = screen.getByTestId("template") as HTMLSelectElement;
    await waitFor(() =>
      expect([...select.options].map((o) => o.textContent)).toEqual(["A4 sheet", "Brother QL 62 mm"]),
    );
    expect([...select.options].map((o) => o.value)).toEqual(["sheet-a4", "brother-ql-62"]);
    fireEvent.change(select, { target: { value: "brother-ql-62" } });
    await waitFor(() => expect(backend.calls).toContain("preview:brother-ql-62"));
  });

  it("falls back to the ids when the names cannot be had", async () => {
    const backend = fakeBackend({
      badgeTemplateNames: () => Promise.reject(new Error("old backend")),
      badgeTemplates: async () => ["sheet-a4", "cr80"],
    });
    render(() => <BadgePrint backend={backend} badge={badge} userId={null} />);
    const select = screen.getByTestId("template") as HTMLSelectElement;
    await waitFor(() => expect([...select.options].map((o) => o.value)).toEqual(["sheet-a4", "cr80"]));
  });
});
