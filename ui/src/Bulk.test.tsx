import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./App";
import { MAX_CSV_BYTES } from "./Bulk";
import { exportsFile, fakeBackend } from "./fakeBackend.test-util";
import type { PlannedRow, RowStatus } from "./generated/bindings";

describe("Bulk import", () => {
  afterEach(cleanup);

  it("plans a CSV with problems by line, runs it with progress, retries the failed row, exports", async () => {
    const backend = fakeBackend();
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    fireEvent.click(await screen.findByTestId("tab-import"));
    const csv = new File(["upn,pin\nana@contoso.com,\nbo@contoso.com,121212\n"], "store-101.csv", {
      type: "text/csv",
    });
    fireEvent.change(await screen.findByTestId("csv-file"), { target: { files: [csv] } });
    expect((await screen.findByTestId("plan-summary")).textContent).toContain(
      "1 to create · 1 with problems",
    );
    expect(screen.getByTestId("plan-rows").textContent).toContain("must not repeat a group");
    expect(backend.calls).toContain("plan:store-101.csv:4:47 bytes");
    fireEvent.click(screen.getByTestId("bulk-run"));
    expect((await screen.findByTestId("bulk-done")).textContent).toContain("1 failed");
    expect(screen.getByTestId("result-rows").textContent).toContain("req-1");
    expect(backend.calls).toContain("run:sheet-a4:true");
    // PIN slips are on by default.
    expect(backend.calls).toContain("slips:true:noPinRecord:false:printer:null");
    fireEvent.click(screen.getByTestId("bulk-retry"));
    expect(await screen.findByText("/tmp/exports/badges-0001.pdf")).toBeTruthy();
    expect(screen.getByText(/Badges: .*\(deleted after 24 h\)/)).toBeTruthy();
    expect(backend.calls).toContain("resume:20261122-0930-abc:retryFailed");
    fireEvent.click(screen.getByTestId("bulk-export"));
    expect(await screen.findByText("/tmp/exports/bulk-20261122-0930-abc-results.csv")).toBeTruthy();
  });

  it("asks what to do with unusable methods, and deletes only after the tick", async () => {
    const seen: string[] = [];
    const unusablePlan = {
      source: "Store 101",
      problems: [],
      create: 0,
      rotate: 0,
      renew: 0,
      replace: 0,
      skip: 0,
      invalid: 1,
      extend: 0,
      generatedPins: 0,
      rows: [
        {
          line: 1,
          upn: "alex@contoso.com",
          userId: "u1",
          displayName: "Alex",
          department: null,
          action: "invalid" as const,
          start: null,
          expires: null,
          days: null,
          customPin: false,
          template: null,
          printer: null,
          destination: { kind: "job" as const },
          problems: [
            { line: 1, code: "bulk.unusable_method", message: "needs renew or replace", warning: false },
          ],
        },
      ],
    };
    const backend = fakeBackend({
      bulkPlanSelection: async (_s, options) => {
        seen.push(options.unusable);
        return unusablePlan;
      },
    });
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    fireEvent.click(await screen.findByTestId("tab-import"));
    fireEvent.input(await screen.findByTestId("selection"), { target: { value: "Store 101" } });
    fireEvent.click(screen.getByText("Find"));
    const box = await screen.findByTestId("unusable-choice");
    expect(box.textContent).toContain("1 worker(s)");
    const again = async (n: number) => {
      fireEvent.click(screen.getByTestId("plan-again"));
      await waitFor(() => expect(seen.length).toBe(n));
      await waitFor(() =>
        expect((screen.getByTestId("plan-again") as HTMLButtonElement).disabled).toBe(false),
      );
    };
    fireEvent.change(screen.getByTestId("bulk-unusable"), { target: { value: "replace" } });
    await again(2);
    fireEvent.click(screen.getByTestId("bulk-replace-ok"));
    await again(3);
    fireEvent.change(screen.getByTestId("bulk-unusable"), { target: { value: "renew" } });
    await again(4);
    expect(seen).toEqual(["ask", "ask", "replace", "renew"]);
  });

  it("keeps a running job on screen when the operator looks at another tab and comes back", async () => {
    let finish: (() => void) | undefined;
    const base = fakeBackend();
    const backend = fakeBackend({
      bulkRun: (choice, onProgress) =>
        new Promise((resolve) => {
          void base
            .bulkRun(choice, () => undefined)
            .then((end) => {
              onProgress({ ...end, done: 0, phase: "sending" });
              finish = () => resolve(end);
            });
        }),
    });
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    fireEvent.click(await screen.findByTestId("tab-import"));
    const csv = new File(["upn\nana@contoso.com\n"], "store-101.csv", { type: "text/csv" });
    fireEvent.change(await screen.findByTestId("csv-file"), { target: { files: [csv] } });
    fireEvent.click(await screen.findByTestId("bulk-run"));
    expect(await screen.findByTestId("bulk-progress")).toBeTruthy();
    fireEvent.click(screen.getByTestId("tab-activity"));
    fireEvent.click(screen.getByTestId("tab-import"));
    expect(screen.getByTestId("bulk-progress")).toBeTruthy();
    await waitFor(() => expect(finish).toBeDefined());
    finish?.();
    expect(await screen.findByTestId("bulk-done")).toBeTruthy();
  });

  it("plans everyone of a department from Graph", async () => {
    const backend = fakeBackend();
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    fireEvent.click(await screen.findByTestId("tab-import"));
    fireEvent.input(await screen.findByTestId("selection"), { target: { value: "Checkout" } });
    fireEvent.click(screen.getByText("Find"));
    await screen.findByTestId("plan-summary");
    expect(backend.calls).toContain("select:department:Checkout");
  });
});

describe("Bulk plan safety", () => {
  afterEach(cleanup);

  const openImport = async (backend: ReturnType<typeof fakeBackend>) => {
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    fireEvent.click(await screen.findByTestId("tab-import"));
  };

  it("sends the file's bytes as they are (invalid UTF-8 included) and refuses a file over the cap", async () => {
    const backend = fakeBackend();
    await openImport(backend);
    const bytes = new Uint8Array([0x75, 0x70, 0x6e, 0x0a, 0xff, 0x0a]);
    const file = new File([bytes], "bad.csv", { type: "text/csv" });
    fireEvent.change(await screen.findByTestId("csv-file"), { target: { files: [file] } });
    await screen.findByTestId("plan-summary");
    // Six bytes: a text read would have turned 0xFF into a three-byte U+FFFD.
    expect(backend.calls).toContain("plan:bad.csv:3:6 bytes");

    fireEvent.click(screen.getByText("Start again"));
    const big = new File(["upn\n"], "big.csv", { type: "text/csv" });
    Object.defineProperty(big, "size", { value: MAX_CSV_BYTES + 1 });
    fireEvent.change(await screen.findByTestId("csv-file"), { target: { files: [big] } });
    expect((await screen.findByTestId("bulk-error")).textContent).toContain("bulk.csv_too_large");
    expect(backend.calls.filter((c) => c.startsWith("plan:big.csv"))).toEqual([]);
  });

  it("shows each row's destination, prints only with a profile, and asks before a run without PIN slips", async () => {
    const backend = fakeBackend();
    await openImport(backend);
    const csv = new File(["upn\nana@contoso.com\n"], "s.csv", { type: "text/csv" });
    fireEvent.change(await screen.findByTestId("csv-file"), { target: { files: [csv] } });
    const rows = (await screen.findByTestId("plan-rows")).textContent ?? "";
    expect(rows).toContain("Printer profile Front desk · label zebra-4x3-203");
    expect(rows).toContain("This job's choice");
    expect(screen.getByText(/deleted after 24 h/)).toBeTruthy();
    // The job's printer is a profile from the list, not a typed address.
    const printer = screen.getByTestId("bulk-printer") as HTMLSelectElement;
    await screen.findByRole("option", { name: "Front desk" });
    expect([...printer.options].map((o) => o.value)).toEqual(["", "Front desk"]);
    fireEvent.change(printer, { target: { value: "Front desk" } });
    // Slips off: the run waits for an explicit "no PIN is recorded".
    fireEvent.click(screen.getByTestId("bulk-slips"));
    const confirm = await screen.findByTestId("bulk-no-pins");
    expect(confirm.textContent).toContain("1 PINs will be generated and recorded nowhere");
    expect((screen.getByTestId("bulk-run") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(confirm.querySelector("input")!);
    expect((screen.getByTestId("bulk-run") as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(screen.getByTestId("bulk-run"));
    await screen.findByTestId("bulk-done");
    expect(backend.calls).toContain("slips:false:noPinRecord:true:printer:Front desk");
  });
});

describe("Bulk run screen", () => {
  afterEach(cleanup);

  it("shows each row's state while the job runs, and pauses and cancels it", async () => {
    const backend = fakeBackend();
    let finish: (() => void) | undefined;
    const run = backend.bulkRun;
    backend.bulkRun = (choice, onProgress) =>
      new Promise((resolve) => {
        void run(choice, (p) => onProgress(p)).then((p) => (finish = () => resolve(p)));
      });
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    fireEvent.click(await screen.findByTestId("tab-import"));
    fireEvent.input(await screen.findByTestId("selection"), { target: { value: "Checkout" } });
    fireEvent.click(screen.getByText("Find"));
    fireEvent.click(await screen.findByTestId("bulk-run"));
    expect((await screen.findByTestId("live-rows")).textContent).toContain("Failed");
    fireEvent.click(screen.getByTestId("bulk-pause"));
    expect(screen.getByTestId("bulk-pause").textContent).toBe("Resume");
    fireEvent.click(screen.getByTestId("bulk-cancel"));
    expect(backend.calls).toContain("pause:true");
    expect(backend.calls).toContain("cancel");
    finish?.();
    expect(await screen.findByTestId("bulk-done")).toBeTruthy();
  });
});

describe("Bulk PIN slips", () => {
  afterEach(cleanup);

  it("has slips on by default, and with slips off runs only after 'I will reset these PINs later'", async () => {
    const backend = fakeBackend();
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    fireEvent.click(await screen.findByTestId("tab-import"));
    const csv = new File(["upn\nana@contoso.com\n"], "s.csv", { type: "text/csv" });
    fireEvent.change(await screen.findByTestId("csv-file"), { target: { files: [csv] } });
    const slips = (await screen.findByTestId("bulk-slips")) as HTMLInputElement;
    const runButton = () => screen.getByTestId("bulk-run") as HTMLButtonElement;
    expect(slips.checked).toBe(true);
    expect(screen.queryByTestId("bulk-no-pins")).toBeNull();
    expect(runButton().disabled).toBe(false);

    fireEvent.click(slips);
    const confirm = await screen.findByTestId("bulk-no-pins");
    expect(confirm.textContent).toContain("I will reset these PINs later");
    expect(runButton().disabled).toBe(true);
    const tick = confirm.querySelector("input") as HTMLInputElement;
    fireEvent.click(tick);
    expect(runButton().disabled).toBe(false);

    // Slips on again, then off again: the earlier tick does not count any more.
    fireEvent.click(slips);
    expect(screen.queryByTestId("bulk-no-pins")).toBeNull();
    fireEvent.click(slips);
    expect((screen.getByTestId("bulk-no-pins").querySelector("input") as HTMLInputElement).checked).toBe(
      false,
    );
    expect(runButton().disabled).toBe(true);
    fireEvent.click(slips);
    fireEvent.click(runButton());
    await screen.findByTestId("bulk-done");
    expect(backend.calls).toContain("slips:true:noPinRecord:false:printer:null");
    expect(backend.calls.some((c) => c.startsWith("slips:false"))).toBe(false);
  });
});

describe("Bulk results", () => {
  afterEach(cleanup);

  const result = (
    line: number,
    state: RowStatus["state"],
    action: RowStatus["action"] = "create",
    more: Partial<RowStatus> = {},
  ): RowStatus => ({
    line,
    upn: `w${line}@contoso.com`,
    displayName: `Worker ${line}`,
    action,
    state,
    errorCode: null,
    errorMessage: null,
    requestId: null,
    attempts: 1,
    output: ["badgeWritten", "badgeLost"].includes(state) ? "/tmp/exports/badges-0001.pdf" : null,
    methodId: null,
    ...more,
  });
  const planned = (line: number, more: Partial<PlannedRow> = {}): PlannedRow => ({
    line,
    upn: `w${line}@contoso.com`,
    userId: `id-${line}`,
    displayName: `Worker ${line}`,
    department: null,
    action: "create",
    start: null,
    expires: null,
    days: null,
    customPin: false,
    template: null,
    printer: null,
    destination: { kind: "job" },
    problems: [],
    ...more,
  });
  const rows: RowStatus[] = [
    result(2, "badgeWritten"),
    result(3, "badgeWritten", "reissue"),
    result(4, "skipped", "skip"),
    result(5, "failed", "create", {
      errorCode: "graph.forbidden",
      errorMessage: "the app may not change this worker's methods",
      requestId: "req-55",
    }),
    result(6, "badgeLost"),
    result(7, "invalid", "invalid"),
    result(8, "printed"),
    result(9, "badgeWritten", "rotate"),
    result(10, "extended", "extend"),
    result(11, "badgeWritten"),
    result(12, "badgeWritten"),
    result(13, "badgeWritten"),
  ];

  it("lists every row (successes too) in words, with days, details, the files and a filter", async () => {
    const base = fakeBackend();
    const backend = fakeBackend({
      bulkPlanCsv: async (name, csv, options) => {
        const plan = await base.bulkPlanCsv(name, csv, options);
        return {
          ...plan,
          rows: rows.map((r) =>
            planned(r.line, {
              days: r.line === 2 ? 30 : r.line === 3 ? 90 : null,
              start: r.line === 8 ? Date.UTC(2026, 11, 1) : null,
              expires: r.line === 8 ? Date.UTC(2026, 11, 15) : null,
            }),
          ),
        };
      },
      // Rust names the files the rows hold (with their exports names).
      bulkStatus: async (job) => ({
        ...(await base.bulkStatus(job)),
        rows,
        files: {
          badges: [exportsFile("/tmp/exports/badges-0001.pdf")],
          slips: [exportsFile("/tmp/exports/badges-0001-pins.pdf")],
        },
      }),
    });
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    fireEvent.click(await screen.findByTestId("tab-import"));
    const csv = new File(["upn\nana@contoso.com\n"], "s.csv", { type: "text/csv" });
    fireEvent.change(await screen.findByTestId("csv-file"), { target: { files: [csv] } });
    fireEvent.click(await screen.findByTestId("bulk-run"));
    await screen.findByTestId("bulk-done");
    const table = screen.getByTestId("result-rows");
    const lines = () => screen.getAllByTestId("result-row").map((tr) => tr.textContent ?? "");
    expect(lines()).toHaveLength(12);
    expect([...table.querySelectorAll("th")].map((th) => th.textContent)).toEqual([
      "Line",
      "Worker",
      "What happened",
      "Days",
    ]);
    const cells = (line: number) =>
      [...screen.getAllByTestId("result-row")[line - 2]!.querySelectorAll("td")].map((td) => td.textContent);
    expect(cells(2)).toEqual(["2", "Worker 2 w2@contoso.com", "Badge created", "30"]);
    expect(cells(3)).toEqual(["3", "Worker 3 w3@contoso.com", "New badge, PIN reset", "90"]);
    expect(cells(4)[2]).toBe("Skipped: already has a badge");
    expect(cells(4)[3]).toBe("—");
    // The error in words; its code and request id under "Details for support".
    expect(cells(5)[2]).toContain("Not done: The app may not change this worker's methods.");
    const details = screen.getAllByTestId("result-row")[3]!.querySelector("details")!;
    expect(details.textContent).toContain("graph.forbidden");
    expect(details.textContent).toContain("req-55");
    expect(cells(5)[3]).toBe("—");
    expect(cells(6)[2]).toContain("badge was lost");
    expect(cells(7)[2]).toBe("Not run: a problem in the file");
    // From the start and expiry the file gave; else the tenant's lifetime (the fake's policy).
    expect(cells(8)).toEqual(["8", "Worker 8 w8@contoso.com", "Badge created, printed", "14"]);
    expect(cells(9)[2]).toBe("New badge (PIN unchanged)");
    expect(cells(10)[2]).toBe("Expiry extended, same badge");
    const policy = await backend.tenantPolicy();
    expect(cells(11)[3]).toBe(String(policy.standardLifetimeDays));

    // The badge sheet and its PIN slips, named, in the files area.
    const files = screen.getByTestId("bulk-files").textContent ?? "";
    expect(files).toContain("Badges: /tmp/exports/badges-0001.pdf");
    expect(files).toContain("PIN slips: /tmp/exports/badges-0001-pins.pdf");

    // A long list can be narrowed to its problems: failed, badge lost, not run.
    expect(screen.getByTestId("result-filter").textContent).toContain("Problems only (3)");
    fireEvent.click(screen.getByTestId("result-problems"));
    expect(lines().map((l) => l.slice(0, 1))).toEqual(["5", "6", "7"]);
    fireEvent.click(screen.getByTestId("result-all"));
    expect(lines()).toHaveLength(12);
  });

  it("has no filter for a short list, and still shows its successes", async () => {
    const base = fakeBackend();
    const backend = fakeBackend({
      bulkStatus: async (job) => ({ ...(await base.bulkStatus(job)), rows: rows.slice(0, 3) }),
    });
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    fireEvent.click(await screen.findByTestId("tab-import"));
    const csv = new File(["upn\nana@contoso.com\n"], "s.csv", { type: "text/csv" });
    fireEvent.change(await screen.findByTestId("csv-file"), { target: { files: [csv] } });
    fireEvent.click(await screen.findByTestId("bulk-run"));
    await screen.findByTestId("bulk-done");
    expect(screen.queryByTestId("result-filter")).toBeNull();
    const text = screen.getByTestId("result-rows").textContent ?? "";
    expect(text).toContain("Badge created");
    expect(text).toContain("New badge, PIN reset");
    expect(text).toContain("Skipped: already has a badge");
  });
});
