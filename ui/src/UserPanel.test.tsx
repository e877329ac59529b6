import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { fakeBackend } from "./fakeBackend.test-util";
import type { Issued, MethodSummary, UserCard } from "./generated/bindings";
import { UserPanel } from "./UserPanel";

const DAY = 86_400_000;
const user = {
  id: "u1",
  upn: "alex.abbott@contoso.com",
  displayName: "Alex Abbott",
  department: null,
  officeLocation: "Store 101",
  jobTitle: null,
};
const method = (m: Partial<MethodSummary>): MethodSummary => ({
  hasMethod: true,
  usable: false,
  standardStarts: null,
  standardExpires: null,
  standardActive: false,
  temporaryExpires: null,
  temporaryActive: false,
  pinMustChange: false,
  lastUsed: null,
  ...m,
});
const qr = {
  kind: "standard" as const,
  rawContentBase64: "cGF5bG9hZA==",
  imageBase64: "PHN2Zy8+",
  version: 5,
  errorCorrectionLevel: "H",
  starts: null,
  expires: null,
  imageLost: false,
  imageType: "svg",
};

describe("A user card on a real tenant", () => {
  afterEach(cleanup);

  it("offers Renew, not Set expiry, for an expired badge, and shows what was done", async () => {
    const calls: string[] = [];
    const expired: UserCard = { user, method: method({ standardExpires: Date.now() - 35 * DAY }) };
    const renewed: Issued = {
      card: {
        user,
        method: method({ usable: true, standardActive: true, standardExpires: Date.now() + 365 * DAY }),
      },
      qr,
      pin: { pin: "48271953", mustChange: true },
      note: "The new badge expires on 2027-12-02 (the tenant's 365 days: the badge it replaces had expired or was about to).",
    };
    const backend = fakeBackend({
      userCard: async () => expired,
      renewMethod: async (u, expires) => {
        calls.push(`renew:${u}:${expires}`);
        return renewed;
      },
    });
    render(() => <UserPanel backend={backend} upn={user.upn} />);
    expect((await screen.findByTestId("unusable-note")).textContent).toContain("has expired");
    expect(screen.queryByTestId("extend")).toBeNull();
    fireEvent.click(screen.getByTestId("renew"));
    expect((await screen.findByTestId("issued-note")).textContent).toContain("365 days");
    expect(calls).toEqual([`renew:${user.upn}:null`]);
    expect(screen.getByTestId("issued-qr")).toBeTruthy();
  });

  it("keeps the old expiry on a rotation unless another day is picked", async () => {
    const calls: (number | null)[] = [];
    const expires = Date.now() + 30 * DAY;
    const active: UserCard = {
      user,
      method: method({ usable: true, standardActive: true, standardExpires: expires }),
    };
    const backend = fakeBackend({
      userCard: async () => active,
      rotateStandardCode: async (_u, e) => {
        calls.push(e);
        return {
          card: active,
          qr,
          pin: null,
          note: "The new badge expires on …, like the badge it replaces.",
        };
      },
    });
    render(() => <UserPanel backend={backend} upn={user.upn} />);
    fireEvent.click(await screen.findByTestId("rotate"));
    expect(screen.getByTestId("rotate-expiry").textContent).toContain(new Date(expires).toLocaleDateString());
    fireEvent.click(screen.getByTestId("confirm"));
    await screen.findByTestId("issued-note");
    fireEvent.click(screen.getByTestId("close-issued"));
    fireEvent.click(await screen.findByTestId("close-confirm"));
    fireEvent.click(await screen.findByTestId("rotate"));
    fireEvent.input(screen.getByTestId("rotate-date"), { target: { value: "2027-06-30" } });
    fireEvent.click(screen.getByTestId("confirm"));
    await waitFor(() => expect(calls.length).toBe(2));
    expect(calls[0]).toBeNull();
    expect(calls[1]).toBe(new Date("2027-06-30T23:59:59").getTime());
  });

  it("explains an expired code that cannot be extended", async () => {
    const active: UserCard = {
      user,
      method: method({ usable: true, standardActive: true, standardExpires: Date.now() + DAY }),
    };
    const backend = fakeBackend({
      userCard: async () => active,
      extendStandardCode: () => Promise.reject({ code: "core.code_not_active", message: "expired" }),
    });
    render(() => <UserPanel backend={backend} upn={user.upn} />);
    fireEvent.input(await screen.findByTestId("extend-date"), { target: { value: "2027-01-31" } });
    fireEvent.click(screen.getByTestId("extend"));
    expect((await screen.findByTestId("action-error")).textContent).toContain("Make a new badge instead");
  });
});

describe("Actions on a worker card ask first, say what was done and keep the focus on the card", () => {
  afterEach(cleanup);
  const active: UserCard = {
    user: { ...user, displayName: "Uma Abbott", upn: "uma.abbott@contoso.com" },
    method: method({ usable: true, standardActive: true, standardExpires: Date.now() + 30 * DAY }),
  };

  it("asks before a PIN reset, naming the worker, and resets only after Reset PIN", async () => {
    const calls: string[] = [];
    const backend = fakeBackend({
      userCard: async () => active,
      resetPin: async (u) => {
        calls.push(`reset:${u}`);
        return { card: active, qr: null, pin: { pin: "48271953", mustChange: true }, note: null };
      },
    });
    render(() => <UserPanel backend={backend} upn={active.user.upn} />);
    fireEvent.click(await screen.findByTestId("reset-pin"));
    expect(screen.getByTestId("confirm-title").textContent).toBe("Reset Uma Abbott's PIN?");
    expect(document.activeElement).toBe(screen.getByTestId("confirm-cancel"));
    expect(calls).toEqual([]);
    // Cancel: nothing happens, and the focus goes back to the card.
    fireEvent.click(screen.getByTestId("confirm-cancel"));
    expect(screen.queryByTestId("confirm")).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("worker-card")));
    expect(calls).toEqual([]);
    // Confirm: one reset, the PIN shown once, then a success line and the focus on the card.
    fireEvent.click(screen.getByTestId("reset-pin"));
    fireEvent.click(screen.getByTestId("confirm"));
    await screen.findByTestId("issued-pin");
    expect(calls).toEqual([`reset:${active.user.upn}`]);
    expect(screen.getByTestId("action-done").textContent).toBe("New PIN made for Uma Abbott.");
    expect(screen.getByTestId("action-done").getAttribute("aria-live")).toBe("polite");
    fireEvent.click(screen.getByTestId("close-issued"));
    fireEvent.click(await screen.findByTestId("close-confirm"));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("worker-card")));
    expect(screen.getByTestId("worker-card").getAttribute("tabindex")).toBe("-1");
  });

  it("names the worker in the delete confirmation and in the success line, focus on the card", async () => {
    const gone: UserCard = { user: active.user, method: method({ hasMethod: false }) };
    const backend = fakeBackend({
      userCard: async () => active,
      deleteMethod: async () => ({ card: gone, qr: null, pin: null, note: null }),
    });
    render(() => <UserPanel backend={backend} upn={active.user.upn} />);
    fireEvent.click(await screen.findByTestId("delete-method"));
    expect(screen.getByTestId("confirm-title").textContent).toBe("Delete Uma Abbott's QR code method?");
    fireEvent.click(screen.getByTestId("confirm"));
    await screen.findByTestId("create-form");
    expect(screen.getByTestId("action-done").textContent).toBe("QR code method deleted for Uma Abbott.");
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("worker-card")));
  });

  it("says a badge was created for the worker after Create", async () => {
    const backend = fakeBackend();
    render(() => <UserPanel backend={backend} upn="rosa.diaz@contoso.com" />);
    fireEvent.click(await screen.findByTestId("create"));
    await screen.findByTestId("issued-pin");
    expect(screen.getByTestId("action-done").textContent).toBe("Badge and PIN created for Rosa Diaz.");
  });

  it("says a temporary code was removed, with the focus kept on the card", async () => {
    const temp: UserCard = {
      user: active.user,
      method: { ...active.method, temporaryActive: true, temporaryExpires: Date.now() + 3_600_000 },
    };
    const backend = fakeBackend({
      userCard: async () => temp,
      deleteTemporaryCode: async () => ({ card: active, qr: null, pin: null, note: null }),
    });
    render(() => <UserPanel backend={backend} upn={active.user.upn} />);
    fireEvent.click(await screen.findByTestId("delete-temp"));
    await waitFor(() =>
      expect(screen.getByTestId("action-done").textContent).toBe("Temporary code removed for Uma Abbott."),
    );
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("worker-card")));
  });

  it("labels the expiry date and writes the chosen day in this computer's locale", async () => {
    const backend = fakeBackend({ userCard: async () => active });
    render(() => <UserPanel backend={backend} upn={active.user.upn} />);
    const input = await screen.findByLabelText(/New expiry date/);
    expect(input).toBe(screen.getByTestId("extend-date"));
    fireEvent.input(input, { target: { value: "2027-06-30" } });
    expect(screen.getByTestId("extend-date-shown").textContent).toBe(
      new Intl.DateTimeFormat(undefined, { dateStyle: "long" }).format(new Date(2027, 5, 30)),
    );
  });
});

describe("The create form", () => {
  afterEach(cleanup);

  it("states the tenant's limits and the badge's end date", async () => {
    const backend = fakeBackend({ pinMinLength: async () => 10 });
    render(() => <UserPanel backend={backend} upn="rosa.diaz@contoso.com" />);
    await waitFor(() =>
      expect(screen.getByTestId("create-limits").textContent).toBe(
        "This tenant's rules: the PIN has at least 10 digits; a badge lasts at most 395 days.",
      ),
    );
    expect(screen.getByTestId("create-expires").textContent).toContain("The badge expires on ");
  });

  it("shows and hides a typed PIN", async () => {
    const backend = fakeBackend();
    render(() => <UserPanel backend={backend} upn="rosa.diaz@contoso.com" />);
    fireEvent.click(await screen.findByLabelText(/Choose the PIN/));
    const pin = screen.getByTestId("custom-pin") as HTMLInputElement;
    expect(pin.type).toBe("password");
    const toggle = screen.getByTestId("show-pin");
    expect(toggle.textContent).toBe("Show");
    fireEvent.click(toggle);
    expect(pin.type).toBe("text");
    expect(toggle.getAttribute("aria-pressed")).toBe("true");
    expect(toggle.textContent).toBe("Hide");
    fireEvent.click(toggle);
    expect(pin.type).toBe("password");
  });
});
