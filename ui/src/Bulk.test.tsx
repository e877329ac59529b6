import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./App";
import { fakeBackend } from "./fakeBackend.test-util";

describe("Bulk import", () => {
  afterEach(cleanup);

  it("plans a CSV with problems by line, runs it with progress, retries the failed row, exports", async () => {
    const backend = fakeBackend();
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    fireEvent.click(await screen.findByTestId("tab-import"));
    const csv = new File(["upn,pin\nana@contoso.com,\nbo@contoso.com,121212\n"], "store-101.csv", { type: "text/csv" });
    fireEvent.change(await screen.findByTestId("csv-file"), { target: { files: [csv] } });
    expect((await screen.findByTestId("plan-summary")).textContent).toContain("1 to create · 1 with problems");
    expect(screen.getByTestId("plan-rows").textContent).toContain("must not repeat a group");
    expect(backend.calls).toContain("plan:store-101.csv:4");
    fireEvent.click(screen.getByTestId("bulk-run"));
    expect((await screen.findByTestId("bulk-done")).textContent).toContain("1 failed");
    expect(screen.getByTestId("result-rows").textContent).toContain("req-1");
    expect(backend.calls).toContain("run:sheet-a4:true");
    fireEvent.click(screen.getByTestId("bulk-retry"));
    expect(await screen.findByText("/tmp/exports/badges-0001.pdf")).toBeTruthy();
    expect(backend.calls).toContain("resume:20261122-0930-abc:retryFailed");
    fireEvent.click(screen.getByTestId("bulk-export"));
    expect(await screen.findByText("/tmp/exports/bulk-20261122-0930-abc-results.csv")).toBeTruthy();
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
