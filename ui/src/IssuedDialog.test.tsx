// The one-time dialog after a write: what it says about the QR image Graph sent.
import { cleanup, render, screen } from "@solidjs/testing-library";
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
    expect(screen.queryByTestId("issued-qr")).toBeNull();
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
      unmount();
    }
  });
});
