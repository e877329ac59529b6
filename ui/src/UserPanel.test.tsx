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
