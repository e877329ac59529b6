import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./App";
import { exportsFile, fakeBackend, fakeReport } from "./fakeBackend.test-util";
import type { Backend } from "./api";
import type { JobStatus, Progress } from "./generated/bindings";

const open = async (backend: Backend) => {
  render(() => <App backend={backend} />);
  fireEvent.click(await screen.findByTestId("demo-admin"));
  fireEvent.click(await screen.findByTestId("tab-renewals"));
};

const scanStore = async () => {
  fireEvent.input(await screen.findByTestId("renewal-scope"), { target: { value: "Store 101" } });
  fireEvent.click(screen.getByTestId("renewal-scan"));
  await screen.findByTestId("renewal-counts");
};

describe("Renewals", () => {
  afterEach(cleanup);

  it("scans a store and shows the counts per state in words, with the age", async () => {
    const backend = fakeBackend();
    await open(backend);
    expect(screen.queryByTestId("renewal-counts")).toBeNull();
    await scanStore();
    expect(backend.calls).toContain("renewal-scan:office:Store 101:30");
    expect(screen.getByTestId("count-noMethod").textContent).toBe("No badge yet: 1");
    expect(screen.getByTestId("count-expired").textContent).toBe("Badge expired: 1");
    expect(screen.getByTestId("count-expiring").textContent).toBe("Expiring within 30 days: 1");
    expect(screen.getByTestId("count-temporary").textContent).toBe("Using a temporary code now: 1");
    expect(screen.getByTestId("count-neverUsed").textContent).toBe("Badge never used: 1");
    expect(screen.getByTestId("count-pinPending").textContent).toBe("Must choose a new PIN: 1");
    expect(screen.getByTestId("count-valid").textContent).toBe("Valid for longer: 1");
    expect(screen.getByTestId("renewal-age").textContent).toContain("Checked just now");
    expect(screen.getAllByTestId("renewal-row")).toHaveLength(4);
    // No codes on screen: states are words.
    expect(screen.getByTestId("renewal-rows").textContent).not.toMatch(/noMethod|expiring/);
    fireEvent.click(screen.getByTestId("renewal-export"));
    expect((await screen.findByTestId("renewal-exported")).textContent).toContain(
      "/tmp/exports/renewals-2026-12-03.csv",
    );
  });

  it("shows the last check of the chosen store with its age", async () => {
    const backend = fakeBackend({
      renewalStore: async () => ({ id: "au-101", name: "Store 101 - Seattle" }),
      renewalCached: async (scope, within) =>
        scope.by === "unit" && scope.value === "au-101"
          ? fakeReport(Date.now() - 5 * 60_000, within ?? 30)
          : null,
    });
    await open(backend);
    expect((await screen.findByTestId("renewal-age")).textContent).toContain("Checked 5 min ago");
    expect(screen.getByText("Your store: Store 101 - Seattle")).toBeTruthy();
    expect((screen.getByTestId("renewal-scope") as HTMLInputElement).value).toBe("au-101");
    // The report names the store, not the unit's id.
    expect(screen.getByTestId("renewal-age").textContent).toMatch(/^Store 101 - Seattle: /);
  });

  it("renews the ticked workers: confirmation, progress, then the badge sheet", async () => {
    const status = (jobId: string): JobStatus => ({
      job: {
        id: jobId,
        createdAt: 0,
        updatedAt: 0,
        source: "renewal of Store 101",
        operatorUpn: "admin@contoso.com",
        state: "finished",
        options: {
          concurrency: 4,
          outPdf: "/tmp/exports/badges-renew.pdf",
          template: "sheet-a4",
          printer: null,
          profiles: [],
          pinSlips: true,
          pinSlipsDir: null,
          noPinRecord: false,
          retentionHours: 24,
          flushEvery: 100,
          maxAttempts: 8,
          templateDir: null,
          resultsCsv: null,
        },
      },
      counts: { ...done, total: 2, done: 2, badgeWritten: 2 },
      rows: [],
      files: {
        badges: [exportsFile("/tmp/exports/badges-renew.pdf")],
        slips: [exportsFile("/tmp/exports/badges-renew-pins.pdf")],
      },
    });
    let done = {} as Progress;
    const backend = fakeBackend({
      bulkStatus: async (job) => {
        const s = status(job);
        s.rows = ["ana@contoso.com", "bo@contoso.com"].map((upn, i) => ({
          line: i + 1,
          upn,
          displayName: null,
          action: i ? "rotate" : "replace",
          state: "badgeWritten",
          errorCode: null,
          errorMessage: null,
          requestId: null,
          attempts: 1,
          output: "/tmp/exports/badges-renew.pdf",
          methodId: null,
        }));
        return s;
      },
    });
    const run = backend.renewalRun;
    backend.renewalRun = async (choice, onProgress) => {
      const end = await run(choice, onProgress);
      done = end;
      return end;
    };
    await open(backend);
    await scanStore();
    // Everyone due is ticked (expired, expiring, no badge); the valid one is not.
    const box = (name: string) => screen.getByLabelText(`Renew ${name}`) as HTMLInputElement;
    expect(box("ana").checked).toBe(true);
    expect(box("bo").checked).toBe(true);
    expect(box("cy").checked).toBe(true);
    expect(box("dee").checked).toBe(false);
    fireEvent.click(box("cy"));
    expect(screen.getByTestId("renewal-renew").textContent).toBe("Renew selected (2)");
    fireEvent.click(screen.getByTestId("renewal-renew"));
    const plan = await screen.findByTestId("renewal-plan");
    expect(backend.calls).toContain("renewal-plan:Store 101:ana@contoso.com,bo@contoso.com:30");
    expect(plan.textContent).toContain("1 new badge (the PIN stays)");
    expect(plan.textContent).toContain("1 expired badge re-created (new badge and PIN)");
    fireEvent.click(screen.getByTestId("renewal-go"));
    const sheet = await screen.findByTestId("renewal-sheet");
    expect(sheet.textContent).toContain("/tmp/exports/badges-renew.pdf");
    expect(backend.calls).toContain("renewal-run:sheet-a4:true:true");
    expect(screen.getByTestId("renewal-done").textContent).toContain("2 of 2 renewed");
  });

  it("keeps a running renewal reachable from another tab", async () => {
    let finish: (() => void) | undefined;
    const backend = fakeBackend();
    backend.renewalRun = (_choice, onProgress) =>
      new Promise((resolve) => {
        const p = { jobId: "j1", total: 1, done: 0, failed: 0 } as Progress;
        onProgress(p);
        finish = () => resolve({ ...p, done: 1 });
      });
    await open(backend);
    await scanStore();
    fireEvent.click(screen.getByTestId("renewal-renew"));
    fireEvent.click(await screen.findByTestId("renewal-go"));
    expect(await screen.findByTestId("renewal-progress")).toBeTruthy();
    fireEvent.click(screen.getByTestId("tab-activity"));
    fireEvent.click(screen.getByTestId("tab-renewals"));
    expect(screen.getByTestId("renewal-progress")).toBeTruthy();
    await waitFor(() => expect(finish).toBeDefined());
    finish?.();
    expect(await screen.findByTestId("renewal-done")).toBeTruthy();
  });
});
