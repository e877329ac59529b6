// A shared store PC: idle sign-out that says why, "stay signed in" off by default, the PIN
// hidden after 2 minutes and taken off the clipboard after 30 s, and printing only through
// printer profiles (never a typed printer address).
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import { App } from "./App";
import { BadgePrint } from "./BadgePrint";
import { CLIPBOARD_CLEAR_MS, copyPinBriefly, IssuedDialog, PIN_HIDE_MS } from "./IssuedDialog";
import { fakeBackend } from "./fakeBackend.test-util";
import type { BadgeRequest, Issued } from "./generated/bindings";

const badge: BadgeRequest = {
  payloadBase64: "bXMtcXJwaW4=",
  errorCorrectionLevel: "L",
  version: 3,
  displayName: "Rosa Diaz",
  upn: "rosa.diaz@contoso.com",
  department: "Store 101",
  validFrom: null,
  validUntil: null,
  onboarding: null,
};

describe("a shared store PC", () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it("signs the manager out after the idle minutes and says why; input resets the clock", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const backend = fakeBackend({ idleMinutes: async () => 1 });
    let signOuts = 0;
    const signOut = backend.signOut;
    backend.signOut = async () => {
      signOuts++;
      return signOut();
    };
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    await screen.findByTestId("search");
    // 50 s, then a key press: not idle yet at 70 s.
    await vi.advanceTimersByTimeAsync(50_000);
    fireEvent.keyDown(window, { key: "a" });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(signOuts).toBe(0);
    expect(backend.calls).toContain("touch");
    await vi.advanceTimersByTimeAsync(60_000);
    await waitFor(() => expect(signOuts).toBe(1));
    expect((await screen.findByTestId("signed-out-notice")).textContent).toContain(
      "Signed out after 1 minutes without use",
    );
    expect(screen.queryByTestId("search")).toBeNull();
    expect(await screen.findByTestId("demo-admin")).toBeTruthy();
  });

  it("asks Entra to keep the sign-in only when the person ticks 'Stay signed in'", async () => {
    const asked: boolean[] = [];
    const backend = fakeBackend({
      tenantSettings: async () => ({
        tenant: "contoso.onmicrosoft.com",
        clientId: "c1",
        authority: null,
        graphUrl: null,
      }),
      signInEntra: async (_device, stay) => {
        asked.push(stay);
        return { signedIn: false, operator: null, tenantLabel: null, role: null };
      },
    });
    render(() => <App backend={backend} />);
    const box = (await screen.findByTestId("stay-signed-in")) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(screen.getByTestId("entra-device"));
    await waitFor(() => expect(asked).toEqual([false]));
    fireEvent.click(box);
    fireEvent.click(screen.getByTestId("entra-browser"));
    await waitFor(() => expect(asked).toEqual([false, true]));
  });

  it("hides the PIN after 2 minutes without input, warning first; a click shows it again", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const backend = fakeBackend();
    const card = await backend.userCard("u1");
    const issued: Issued = { card, qr: null, pin: { pin: "48271953", mustChange: true } } as Issued;
    render(() => (
      <IssuedDialog backend={backend} issued={issued} onClose={() => undefined} onRotate={() => undefined} />
    ));
    expect(screen.getByTestId("issued-pin").textContent).toBe("48271953");
    await vi.advanceTimersByTimeAsync(PIN_HIDE_MS - 20_000);
    expect(screen.getByTestId("pin-hide-warning")).toBeTruthy();
    await vi.advanceTimersByTimeAsync(25_000);
    expect(screen.queryByTestId("issued-pin")).toBeNull();
    expect(document.body.textContent).not.toContain("48271953");
    fireEvent.click(screen.getByTestId("show-pin"));
    expect(screen.getByTestId("issued-pin").textContent).toBe("48271953");
  });

  it("takes a copied PIN off the clipboard after 30 s, but not what was copied since", async () => {
    vi.useFakeTimers();
    let board = "";
    const clip = {
      writeText: async (t: string) => {
        board = t;
      },
      readText: async () => board,
    } as unknown as Clipboard;
    await copyPinBriefly("48271953", clip);
    expect(board).toBe("48271953");
    await vi.advanceTimersByTimeAsync(CLIPBOARD_CLEAR_MS - 1_000);
    expect(board).toBe("48271953");
    await vi.advanceTimersByTimeAsync(2_000);
    expect(board).toBe("");
    await copyPinBriefly("11223344", clip);
    board = "something else";
    await vi.advanceTimersByTimeAsync(CLIPBOARD_CLEAR_MS + 1_000);
    expect(board).toBe("something else");
  });

  it("prints only with a printer profile, and says why Print is off when there is none", async () => {
    const backend = fakeBackend({ printerProfiles: async () => ({ profiles: [], defaultProfile: null }) });
    render(() => <BadgePrint backend={backend} badge={badge} userId="u1" />);
    await waitFor(() =>
      expect(screen.getByTestId("print-blocked").textContent).toBe(
        "No printer is set up yet: add one in the Printers tab.",
      ),
    );
    expect((screen.getByTestId("print") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByRole("textbox")).toBeNull();
  });
});
