// Open and Show in folder for a file of the exports folder: they send the file's name, and say in
// plain words why a file could not be opened.
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { FileActions, fileProblem } from "./FileActions";

describe("FileActions", () => {
  afterEach(cleanup);

  it("opens and reveals by name", async () => {
    const calls: string[] = [];
    const backend = {
      filesOpen: async (n: string) => (calls.push(`open:${n}`), null),
      filesReveal: async (n: string) => (calls.push(`reveal:${n}`), null),
    };
    render(() => <FileActions backend={backend} name="badges-0001.pdf" />);
    const open = screen.getByRole("button", { name: "Open badges-0001.pdf" }) as HTMLButtonElement;
    fireEvent.click(open);
    // One action at a time: the buttons wait for the first answer.
    expect(open.disabled).toBe(true);
    await waitFor(() => expect(open.disabled).toBe(false));
    fireEvent.click(screen.getByRole("button", { name: "Show in folder: badges-0001.pdf" }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls).toEqual(["open:badges-0001.pdf", "reveal:badges-0001.pdf"]);
    expect(screen.queryByTestId("file-problem")).toBeNull();
  });

  it("says in plain words that a swept file is gone, and clears it on the next try", async () => {
    let gone = true;
    const backend = {
      filesOpen: async () => {
        if (gone) throw { code: "files.not_found", message: "'x.pdf' is no longer in the exports folder" };
        return null;
      },
      filesReveal: async () => Promise.reject({ code: "files.open_failed", message: "no file manager" }),
    };
    render(() => <FileActions backend={backend} name="x.pdf" what="the PIN slips" />);
    fireEvent.click(screen.getByTestId("file-open"));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "This file is no longer on this computer (files holding badges or PINs are deleted after a while).",
    );
    gone = false;
    fireEvent.click(screen.getByTestId("file-open"));
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.queryByRole("alert")).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Show in folder: the PIN slips" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "This computer could not do that: no file manager",
    );
  });

  it("words every file code, and falls back to Rust's message", () => {
    expect(fileProblem({ code: "files.name_refused", message: "m" })).toContain("not in qrstation's exports");
    expect(fileProblem({ code: "files.outside_exports", message: "m" })).toContain(
      "not in qrstation's exports",
    );
    expect(fileProblem({ code: "core.io", message: "cannot read x" })).toBe("cannot read x");
  });
});
