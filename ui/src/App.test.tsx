import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./App";
import { appInfo, fakeBackend, READABLE } from "./fakeBackend.test-util";

describe("App", () => {
  afterEach(cleanup);

  it("shows what app_info returned and asks again on click", async () => {
    let calls = 0;
    const backend = fakeBackend({ appInfo: async () => appInfo(`1.0.${++calls}`) });
    render(() => <App backend={backend} />);
    expect(await screen.findByTestId("version")).toHaveProperty("textContent", "v1.0.1");
    expect(screen.getByTestId("mode").textContent).toBe("Demo tenant");
    expect(screen.getByTestId("fact-data-dir").textContent).toBe("/tmp/qrstation-data");
    fireEvent.click(screen.getByTestId("refresh"));
    expect(await screen.findByText("v1.0.2")).toBeTruthy();
    expect(calls).toBe(2);
  });

  it("shows an error's message as a sentence and its code under Details for support", async () => {
    const backend = fakeBackend({
      appInfo: () =>
        Promise.reject({ code: "core.invalid_settings", message: "settings file x is not valid" }),
    });
    render(() => <App backend={backend} />);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("Settings file x is not valid.");
    expect(alert.textContent).toContain("core.invalid_settings");
    const details = alert.querySelector("details[data-testid=error-details]");
    expect(details?.querySelector("summary")?.textContent).toBe("Details for support");
    expect(details?.textContent).toContain("core.invalid_settings");
    expect(alert.querySelector(".error-text")?.textContent).not.toContain("core.invalid_settings");
  });

  it("signs in, finds a worker, creates a method and shows the PIN once", async () => {
    const backend = fakeBackend();
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    const search = (await screen.findByTestId("search")) as HTMLInputElement;
    expect(document.activeElement).toBe(search);
    fireEvent.input(search, { target: { value: "ros" } });
    fireEvent.click(await screen.findByText("Rosa Diaz"));
    expect((await screen.findByTestId("status")).textContent).toContain("No QR code method");

    // A custom PIN is checked live; a bad one blocks Create with the reason.
    fireEvent.click(screen.getByLabelText(/Choose the PIN/));
    fireEvent.input(await screen.findByTestId("custom-pin"), { target: { value: "123" } });
    expect((await screen.findByText("the PIN must have at least 8 digits")).textContent).toBeTruthy();
    expect((screen.getByTestId("create") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByLabelText(/Generate a PIN/));
    fireEvent.click(screen.getByTestId("create"));

    expect((await screen.findByTestId("issued-pin")).textContent).toBe("48271953");
    // One QR code on screen: the badge preview (Graph's own image is not shown as well).
    expect(screen.getByTestId("issued-qr")).toBeTruthy();
    expect(document.querySelector('img[src^="data:image/svg"]')).toBeNull();
    // Preview first (rendered by Rust), then print on the chosen label and printer.
    expect(((await screen.findByTestId("badge-preview")) as HTMLImageElement).src).toMatch(
      /^data:image\/png;base64,/,
    );
    // The default printer profile is chosen, with its label: it prints with it (copies, media
    // and all). There is no printer field: badges go only to profiles an operator set up.
    await waitFor(() =>
      expect((screen.getByTestId("profile") as HTMLSelectElement).value).toBe("Front desk"),
    );
    expect(screen.queryByTestId("printer")).toBeNull();
    await waitFor(() => expect((screen.getByTestId("print") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("print"));
    expect((await screen.findByTestId("print-status")).textContent).toBe(
      "Sent to cups:Front with “Front desk”.",
    );
    expect(backend.calls).toContain("print-profile:Front desk:rosa.diaz@contoso.com");
    // Another label changes the preview and the PDF, and says the print keeps the profile's.
    const profileLabel = (screen.getByTestId("template") as HTMLSelectElement).value;
    const other = profileLabel === "sheet-a4" ? "zebra-4x3-203" : "sheet-a4";
    fireEvent.change(screen.getByTestId("template"), { target: { value: other } });
    expect((await screen.findByTestId("profile-label-note")).textContent).toContain(READABLE[profileLabel]);
    await waitFor(() => expect(backend.calls).toContain(`preview:${other}`));
    fireEvent.click(screen.getByTestId("save-pdf"));
    expect(
      (await screen.findByText(new RegExp(`Saved to /tmp/qrstation-data/exports/badge-${other}.pdf`)))
        .textContent,
    ).toContain("deleted from this computer after 24 hours");
    fireEvent.click(screen.getByTestId("close-issued"));
    // Printed and saved: the warning says so, and that closing is safe now.
    expect((await screen.findByTestId("close-done")).textContent).toContain("Printed ✓ · Saved ✓");
    fireEvent.click(screen.getByTestId("close-confirm"));
    expect(screen.queryByTestId("issued-pin")).toBeNull();
    expect(screen.getByTestId("usable").textContent).toBe("Can sign in");
    expect(backend.calls).toContain("create:rosa.diaz@contoso.com:generated");
  });

  it("shows the station's activity and exports it", async () => {
    const backend = fakeBackend({
      auditList: async () => [
        {
          id: 1,
          at: Date.UTC(2026, 10, 22, 9, 30),
          operatorUpn: "admin@contoso.com",
          action: "pin.reset",
          targetUpn: "rosa.diaz@contoso.com",
          outcome: "failure",
          errorCode: "graph.forbidden",
          requestId: "7d6e1c6a",
          printer: null,
        },
      ],
    });
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    fireEvent.click(await screen.findByTestId("tab-activity"));
    const row = await screen.findByTestId("audit-row");
    expect(row.textContent).toContain("2026-11-22 09:30");
    expect(row.textContent).toContain("failed (graph.forbidden)");
    fireEvent.click(screen.getByTestId("export"));
    expect((await screen.findByTestId("exported")).textContent).toContain(
      "/tmp/qrstation-data/exports/audit.csv",
    );
  });
});
