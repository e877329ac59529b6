// The one-time dialog after a write: what it says about the QR image Graph sent, that it shows
// one QR code (the badge preview), and that its close warning knows what was done.
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import type { Issued, IssuedQr } from "./generated/bindings";
import { fakeBackend } from "./fakeBackend.test-util";
import { IssuedDialog } from "./IssuedDialog";

async function issuedWith(imageMatches: boolean | undefined): Promise<Issued> {
  const card = await fakeBackend().userCard("u1");
  const qr: IssuedQr = {
    kind: "standard",
    rawContentBase64: "cGF5bG9hZA==",
    imageBase64: "PHN2Zy8+",
    version: 5,
    errorCorrectionLevel: "H",
    starts: null,
    expires: null,
    imageLost: false,
    imageType: "png",
    ...(imageMatches === undefined ? {} : { imageMatches }),
  };
  return { card, qr, pin: null } as Issued;
}

describe("IssuedDialog", () => {
  afterEach(cleanup);

  it("hides Graph's picture when it does not read as the code, and still offers the badge", async () => {
    const issued = await issuedWith(false);
    render(() => (
      <IssuedDialog
        backend={fakeBackend()}
        issued={issued}
        onClose={() => undefined}
        onRotate={() => undefined}
      />
    ));
    expect(screen.getByTestId("qr-image-differs").textContent).toContain("does not read as this code");
    // Graph's picture is never shown; the badge (printed from the code itself) still is.
    expect(document.querySelector('img[src^="data:image/svg"]')).toBeNull();
    expect(screen.getByTestId("print")).toBeTruthy();
  });

  it("says nothing when the picture matches or was not checked", async () => {
    for (const m of [true, undefined]) {
      const issued = await issuedWith(m);
      const { unmount } = render(() => (
        <IssuedDialog
          backend={fakeBackend()}
          issued={issued}
          onClose={() => undefined}
          onRotate={() => undefined}
        />
      ));
      expect(screen.queryByTestId("qr-image-differs")).toBeNull();
      expect(screen.getByTestId("issued-qr")).toBeTruthy();
      expect(await screen.findByTestId("badge-preview")).toBeTruthy();
      unmount();
    }
  });

  it("shows one QR code only: the badge preview, not Graph's image as well", async () => {
    const issued = await issuedWith(true);
    const backend = fakeBackend();
    render(() => <IssuedDialog backend={backend} issued={issued} onClose={() => undefined} />);
    // Once the default profile's label is rendered, the one image is the badge preview.
    await waitFor(() => expect(backend.calls.filter((c) => c.startsWith("preview:")).length).toBe(2));
    const preview = (await screen.findByTestId("badge-preview")) as HTMLImageElement;
    const images = screen.getByTestId("issued").querySelectorAll("img");
    expect(images.length).toBe(1);
    expect(images[0]).toBe(preview);
    expect(preview.src).toMatch(/^data:image\/png;base64,/);
  });

  it("says Printed ✓ and Saved ✓ in the close warning, and that closing is then safe", async () => {
    const issued = await issuedWith(true);
    render(() => <IssuedDialog backend={fakeBackend()} issued={issued} onClose={() => undefined} />);
    // Before anything was done: the warning that the badge is lost on closing.
    fireEvent.click(screen.getByTestId("close-issued"));
    const before = screen.getByTestId("close-warning").textContent ?? "";
    expect(before).toContain("was not printed or saved");
    expect(screen.queryByTestId("close-done")).toBeNull();
    expect(screen.queryByText(/Make a new badge/)).toBeNull();
    fireEvent.click(screen.getByTestId("close-back"));

    await waitFor(() => expect((screen.getByTestId("print") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("print"));
    await screen.findByTestId("print-sent-format");
    fireEvent.click(screen.getByTestId("close-issued"));
    expect(screen.getByTestId("close-done").textContent).toBe(
      "Printed ✓ — the badge is done, so closing is safe.",
    );
    expect(screen.getByTestId("close-warning").textContent).not.toContain("cannot be printed again");
    fireEvent.click(screen.getByTestId("close-back"));

    fireEvent.click(screen.getByTestId("save-pdf"));
    await screen.findByText(/Saved to/);
    fireEvent.click(screen.getByTestId("close-issued"));
    expect(screen.getByTestId("close-done").textContent).toBe(
      "Printed ✓ · Saved ✓ — the badge is done, so closing is safe.",
    );
    expect(screen.queryByText(/Make a new badge/)).toBeNull();
  });

  it("saves through the save dialog, then offers Open and Show in folder by the file's name", async () => {
    const issued = await issuedWith(true);
    const backend = fakeBackend();
    render(() => <IssuedDialog backend={backend} issued={issued} onClose={() => undefined} />);
    // The printer profile chosen and its label's preview drawn: Save as PDF is ready.
    await waitFor(() => expect((screen.getByTestId("print") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("save-pdf"));
    const row = await screen.findByTestId("saved-file");
    expect(row.textContent).toContain("Saved ✓ badge-zebra-4x3-203.pdf");
    fireEvent.click(screen.getByRole("button", { name: "Open the badge PDF" }));
    await waitFor(() =>
      expect((screen.getByTestId("file-reveal") as HTMLButtonElement).disabled).toBe(false),
    );
    fireEvent.click(screen.getByRole("button", { name: "Show in folder: the badge PDF" }));
    await waitFor(() => expect(backend.calls).toContain("reveal:badge-zebra-4x3-203.pdf"));
    // The window sends the name it was given, never a path.
    expect(backend.calls).toContain("open:badge-zebra-4x3-203.pdf");
    expect(backend.calls.filter((c) => c.startsWith("open:") || c.startsWith("reveal:"))).toEqual([
      "open:badge-zebra-4x3-203.pdf",
      "reveal:badge-zebra-4x3-203.pdf",
    ]);
  });

  it("says nothing was saved when the save dialog is cancelled, and no buttons for a file outside exports", async () => {
    const issued = await issuedWith(true);
    let answer: "cancel" | "elsewhere" = "cancel";
    const backend = fakeBackend({
      saveBadgeAs: async () =>
        answer === "cancel"
          ? null
          : { path: "/home/ana/Desktop/badge.pdf", fileName: "badge.pdf", exportsName: null },
    });
    render(() => <IssuedDialog backend={backend} issued={issued} onClose={() => undefined} />);
    // The printer profile chosen and its label's preview drawn: Save as PDF is ready.
    await waitFor(() => expect((screen.getByTestId("print") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("save-pdf"));
    fireEvent.click(screen.getByTestId("close-issued"));
    expect(screen.queryByTestId("close-done")).toBeNull();
    expect(screen.getByTestId("close-warning").textContent).toContain("not printed or saved");
    expect(screen.queryByTestId("saved-file")).toBeNull();
    fireEvent.click(screen.getByTestId("close-back"));
    answer = "elsewhere";
    fireEvent.click(screen.getByTestId("save-pdf"));
    const row = await screen.findByTestId("saved-file");
    expect(row.textContent).toContain("outside qrstation's exports folder");
    expect(screen.queryByTestId("file-open")).toBeNull();
    expect(screen.getByTestId("print-status").textContent).toBe(
      "Saved to /home/ana/Desktop/badge.pdf. It holds the badge's code: delete it once the badge is printed.",
    );
  });

  it("still reminds of the PIN when the badge was printed", async () => {
    const issued = { ...(await issuedWith(true)), pin: { pin: "48271953", mustChange: true } } as Issued;
    render(() => <IssuedDialog backend={fakeBackend()} issued={issued} onClose={() => undefined} />);
    await waitFor(() => expect((screen.getByTestId("print") as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByTestId("print"));
    await screen.findByTestId("print-sent-format");
    fireEvent.click(screen.getByTestId("close-issued"));
    expect(screen.getByTestId("close-done").textContent).toBe(
      "Printed ✓ — the badge is done, so closing is safe once the worker has the PIN (it cannot be shown again).",
    );
  });

  it("asks for a TEMPORARY badge for a temporary code", async () => {
    const base = await issuedWith(true);
    const issued = { ...base, qr: { ...base.qr!, kind: "temporary" } } as Issued;
    const seen: (boolean | undefined)[] = [];
    const backend = fakeBackend({
      badgePreview: async (badge) => {
        seen.push(badge.temporary);
        return { pngBase64: "iVBORw0KGgo=", warnings: [], qrWidthIn: 2.1, printFormat: "pdf" };
      },
    });
    render(() => <IssuedDialog backend={backend} issued={issued} onClose={() => undefined} />);
    await screen.findByTestId("badge-preview");
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((t) => t === true)).toBe(true);
  });
});
