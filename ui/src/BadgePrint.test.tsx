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
});
