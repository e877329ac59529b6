// Open / Show in folder beside every file qrstation writes: the import's badge sheet, PIN slips
// and results CSV, the renewal's sheet and slips, and the Activity and Renewals CSV exports.
import { cleanup, fireEvent, render, screen, waitFor, within } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./App";
import { FilePath } from "./FileActions";
import { exportsFile, fakeBackend } from "./fakeBackend.test-util";
import type { Backend } from "./api";

const signIn = async (backend: Backend, tab: string) => {
  render(() => <App backend={backend} />);
  fireEvent.click(await screen.findByTestId("demo-admin"));
  fireEvent.click(await screen.findByTestId(tab));
};

/** Clicks Open and Show in folder in `line`; the calls name the file by its exports name. */
const openAndReveal = async (backend: ReturnType<typeof fakeBackend>, line: HTMLElement, name: string) => {
  fireEvent.click(within(line).getByTestId("file-open"));
  await waitFor(() => expect(backend.calls).toContain(`open:${name}`));
  fireEvent.click(within(line).getByTestId("file-reveal"));
  await waitFor(() => expect(backend.calls).toContain(`reveal:${name}`));
};

describe("files with Open / Show in folder", () => {
  afterEach(cleanup);

  it("the import results: the badge sheet, its PIN slips and the results CSV", async () => {
    const backend = fakeBackend();
    await signIn(backend, "tab-import");
    const csv = new File(["upn\nana@contoso.com\n"], "s.csv", { type: "text/csv" });
    fireEvent.change(await screen.findByTestId("csv-file"), { target: { files: [csv] } });
    fireEvent.click(await screen.findByTestId("bulk-run"));
    await screen.findByTestId("bulk-done");
    fireEvent.click(screen.getByTestId("bulk-retry"));
    const sheet = await screen.findByTestId("bulk-file-badges");
    expect(within(sheet).getByTestId("file-open").getAttribute("aria-label")).toBe("Open the badge sheet");
    await openAndReveal(backend, sheet, "badges-0001.pdf");
    const slips = screen.getByTestId("bulk-file-slips");
    expect(within(slips).getByTestId("file-open").getAttribute("aria-label")).toBe("Open the PIN slips");
    await openAndReveal(backend, slips, "badges-0001-pins.pdf");
    // Never a path.
    expect(backend.calls.filter((c) => /^(open|reveal):.*\//.test(c))).toEqual([]);
    fireEvent.click(screen.getByTestId("bulk-export"));
    const saved = (await screen.findByText("/tmp/exports/bulk-20261122-0930-abc-results.csv")).parentElement!;
    await openAndReveal(backend, saved, "bulk-20261122-0930-abc-results.csv");
  });

  it("the renewal result: its badge sheet and PIN slips", async () => {
    const base = fakeBackend();
    const backend = fakeBackend({
      bulkStatus: async (job) => ({
        ...(await base.bulkStatus(job)),
        files: {
          badges: [exportsFile("/tmp/exports/badges-renew.pdf")],
          slips: [exportsFile("/tmp/exports/badges-renew-pins.pdf")],
        },
      }),
    });
    await signIn(backend, "tab-renewals");
    fireEvent.input(await screen.findByTestId("renewal-scope"), { target: { value: "Store 101" } });
    fireEvent.click(screen.getByTestId("renewal-scan"));
    await screen.findByTestId("renewal-counts");
    fireEvent.click(screen.getByTestId("renewal-renew"));
    fireEvent.click(await screen.findByTestId("renewal-go"));
    const sheet = await screen.findByTestId("renewal-sheet");
    expect(sheet.textContent).toContain("/tmp/exports/badges-renew.pdf");
    await openAndReveal(backend, sheet, "badges-renew.pdf");
    const slips = screen.getByTestId("renewal-slips");
    expect(slips.textContent).toContain("PIN slips: /tmp/exports/badges-renew-pins.pdf");
    await openAndReveal(backend, slips, "badges-renew-pins.pdf");
  });

  it("the Renewals CSV export", async () => {
    const backend = fakeBackend();
    await signIn(backend, "tab-renewals");
    fireEvent.input(await screen.findByTestId("renewal-scope"), { target: { value: "Store 101" } });
    fireEvent.click(screen.getByTestId("renewal-scan"));
    await screen.findByTestId("renewal-counts");
    fireEvent.click(screen.getByTestId("renewal-export"));
    await openAndReveal(backend, await screen.findByTestId("renewal-exported"), "renewals-2026-12-03.csv");
  });

  it("the Activity CSV export", async () => {
    const backend = fakeBackend();
    await signIn(backend, "tab-activity");
    fireEvent.click(await screen.findByTestId("export"));
    const line = await screen.findByTestId("exported");
    expect(line.textContent).toContain("Saved to /tmp/qrstation-data/exports/audit.csv");
    await openAndReveal(backend, line, "audit.csv");
  });

  it("shows no buttons for a file outside the exports folder", () => {
    const backend = fakeBackend();
    render(() => (
      <p data-testid="line">
        <FilePath
          backend={backend}
          file={{ path: "/home/ana/x.pdf", fileName: "x.pdf", exportsName: null }}
          what="the file"
        />
      </p>
    ));
    expect(screen.getByTestId("line").textContent).toBe("/home/ana/x.pdf");
    expect(screen.queryByTestId("file-actions")).toBeNull();
  });
});
