import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./App";
import { Printers } from "./Printers";
import { fakeBackend, READABLE } from "./fakeBackend.test-util";
import { setLocks } from "./locks";

/** The printer picker, once it offers `spec`. */
async function pickWith(spec: string): Promise<HTMLSelectElement> {
  const select = (await screen.findByTestId("profile-printer-pick")) as HTMLSelectElement;
  await waitFor(() => expect([...select.options].map((o) => o.value)).toContain(spec));
  return select;
}

async function openPrinters(backend: ReturnType<typeof fakeBackend>) {
  render(() => <App backend={backend} />);
  fireEvent.click(await screen.findByTestId("demo-admin"));
  fireEvent.click(await screen.findByTestId("tab-printers"));
  return screen.findByTestId("profile-list");
}

describe("Printer profiles", () => {
  afterEach(cleanup);

  it("adds a profile, refuses a taken name with the reason, makes one the default and removes one", async () => {
    const backend = fakeBackend();
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    fireEvent.click(await screen.findByTestId("tab-printers"));
    expect((await screen.findByTestId("profile-list")).textContent).toContain("Front desk");
    fireEvent.click(screen.getByTestId("profile-add"));
    fireEvent.input(screen.getByTestId("profile-name"), { target: { value: "front DESK" } });
    // The printer is picked from the installed ones.
    fireEvent.change(await pickWith("cups:Office"), { target: { value: "cups:Office" } });
    fireEvent.click(screen.getByTestId("profile-save"));
    expect((await screen.findByTestId("profile-error")).textContent).toContain("exists");
    fireEvent.input(screen.getByTestId("profile-name"), { target: { value: "Office sheets" } });
    fireEvent.click(screen.getByTestId("profile-save"));
    await waitFor(() => expect(screen.getByTestId("profile-list").textContent).toContain("Office sheets"));
    await waitFor(() => expect(screen.queryByTestId("profile-form")).toBeNull());
    fireEvent.click(screen.getByText("Make default"));
    await waitFor(() => expect(backend.calls).toContain("profile-default:Office sheets"));
    fireEvent.click((await screen.findAllByText("Remove"))[0]!);
    await waitFor(() => expect(backend.calls).toContain("profile-delete:Front desk"));
    await waitFor(() => expect(screen.getByTestId("profile-list").textContent).not.toContain("Front desk"));
  });

  it("offers labels by readable name and saves the template's id", async () => {
    const backend = fakeBackend();
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    fireEvent.click(await screen.findByTestId("tab-printers"));
    await screen.findByTestId("profile-list");
    fireEvent.click(screen.getByTestId("profile-add"));
    const select = screen.getByTestId("profile-template") as HTMLSelectElement;
    await waitFor(() =>
      expect([...select.options].map((o) => o.textContent)).toEqual([
        READABLE["sheet-a4"],
        READABLE["zebra-4x3-203"],
      ]),
    );
    expect([...select.options].map((o) => o.textContent)).not.toContain("zebra-4x3-203");
    fireEvent.change(select, { target: { value: "zebra-4x3-203" } });
    fireEvent.input(screen.getByTestId("profile-name"), { target: { value: "Zebra desk" } });
    // A network address is typed under "Other".
    fireEvent.change(screen.getByTestId("profile-printer-pick"), { target: { value: "__other__" } });
    fireEvent.input(await screen.findByTestId("profile-printer"), { target: { value: "tcp:10.0.0.9" } });
    fireEvent.click(screen.getByTestId("profile-save"));
    await waitFor(() => expect(screen.getByTestId("profile-list").textContent).toContain("Zebra desk"));
    // The list names the label as a person reads it too.
    expect(screen.getByTestId("profile-list").textContent).toContain(READABLE["zebra-4x3-203"]);
    expect((await backend.printerProfiles()).profiles.find((p) => p.name === "Zebra desk")?.template).toBe(
      "zebra-4x3-203",
    );
  });

  it("offers the installed printers by readable name, refreshes them, and keeps Other for IT", async () => {
    const backend = fakeBackend();
    await openPrinters(backend);
    fireEvent.click(screen.getByTestId("profile-add"));
    const select = await pickWith("cups:Front");
    const labels = [...select.options].map((o) => o.textContent);
    expect(labels).toEqual([
      "Choose a printer…",
      "Front desk Zebra (Front) · Lobby · default",
      "Office · not printing now: paper jam",
      "Other (network address, for IT)…",
    ]);
    // Nothing typed until Other is picked.
    expect(screen.queryByTestId("profile-printer")).toBeNull();
    const before = backend.calls.filter((c) => c === "installed-printers").length;
    fireEvent.click(screen.getByTestId("printers-refresh"));
    await waitFor(() =>
      expect(backend.calls.filter((c) => c === "installed-printers").length).toBe(before + 1),
    );
    fireEvent.change(select, { target: { value: "cups:Front" } });
    fireEvent.input(screen.getByTestId("profile-name"), { target: { value: "Lobby" } });
    fireEvent.click(screen.getByTestId("profile-save"));
    await waitFor(() => expect(backend.calls).toContain("profile:new:Lobby:sheet-a4"));
    expect((await backend.printerProfiles()).profiles.find((p) => p.name === "Lobby")?.printer).toBe(
      "cups:Front",
    );
    // A profile whose printer is not installed opens with its address typed, under Other.
    await waitFor(() => expect(screen.queryByTestId("profile-form")).toBeNull());
    await backend.savePrinterProfile(null, {
      name: "Remote",
      printer: "tcp:10.0.0.9",
      template: "zebra-4x3-203",
      copies: 1,
    });
    cleanup();
    await openPrinters(backend);
    const remote = [...screen.getByTestId("profile-list").querySelectorAll("li")].find((li) =>
      li.textContent?.includes("Remote"),
    )!;
    fireEvent.click([...remote.querySelectorAll("button")].find((b) => b.textContent === "Edit")!);
    expect(((await screen.findByTestId("profile-printer")) as HTMLInputElement).value).toBe("tcp:10.0.0.9");
    expect((screen.getByTestId("profile-printer-pick") as HTMLSelectElement).value).toBe("__other__");
  });

  it("says plainly when no printer is installed", async () => {
    const backend = fakeBackend({
      installedPrinters: () => Promise.reject({ code: "label.cups", message: "lpstat failed" }),
    });
    await openPrinters(backend);
    fireEvent.click(screen.getByTestId("profile-add"));
    expect((await screen.findByTestId("printers-none")).textContent).toContain("No printers are installed");
    const select = screen.getByTestId("profile-printer-pick") as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(["", "__other__"]);
  });

  it("prints a test label per profile and says so, or says plainly why not", async () => {
    const backend = fakeBackend();
    await openPrinters(backend);
    const done = screen.getByTestId("test-done");
    expect(done.getAttribute("aria-live")).toBe("polite");
    fireEvent.click(screen.getByTestId("profile-test"));
    await waitFor(() => expect(backend.calls).toContain("test-label:Front desk"));
    await waitFor(() => expect(done.textContent).toContain("Test label sent to Front desk Zebra"));
    expect(done.textContent).toContain("signs nobody in");
    expect(screen.queryByTestId("test-error")).toBeNull();
    cleanup();

    const failing = fakeBackend({
      printTestLabel: () =>
        Promise.reject({ code: "label.printer_unreachable", message: "printer cups:Front is not answering" }),
    });
    await openPrinters(failing);
    fireEvent.click(screen.getByTestId("profile-test"));
    const err = await screen.findByTestId("test-error");
    expect(err.getAttribute("role")).toBe("alert");
    expect(err.textContent).toContain("The test label did not print. Printer cups:Front is not answering.");
    expect(err.textContent).toContain("label.printer_unreachable");
    expect(screen.getByTestId("test-done").textContent).toBe("");
  });

  it("a locked policy still lets a test label print but not a profile change", async () => {
    setLocks({
      policyFile: "/etc/qrstation/policy.json",
      values: [{ key: "printing.profiles", value: "[]", locked: true, source: "policy" }],
    });
    try {
      const backend = fakeBackend();
      render(() => <Printers backend={backend} />);
      await screen.findByTestId("profile-list");
      expect((screen.getByTestId("profile-add") as HTMLButtonElement).disabled).toBe(true);
      fireEvent.click(screen.getByTestId("profile-test"));
      await waitFor(() => expect(backend.calls).toContain("test-label:Front desk"));
    } finally {
      setLocks(null);
    }
  });
});
