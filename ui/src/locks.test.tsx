import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./App";
import { CreateForm } from "./CreateForm";
import { fakeBackend } from "./fakeBackend.test-util";
import type { EffectiveConfig, EffectiveValue } from "./generated/bindings";
import { Locked } from "./Locked";
import { allows, effective, isLocked, loadLocks, setLocks } from "./locks";
import { Printers } from "./Printers";

const v = (key: string, value: string, locked: boolean): EffectiveValue => ({
  key,
  value,
  source: locked ? "policy" : "default",
  locked,
});
const policy = (...values: EffectiveValue[]): EffectiveConfig => ({
  policyFile: "/etc/qrstation/policy.json",
  values,
});

describe("locks", () => {
  afterEach(() => {
    cleanup();
    setLocks(null);
  });

  it("answers from the loaded configuration and loads once", async () => {
    expect(isLocked("signIn.idleMinutes")).toBe(false);
    expect(allows("demoTenant.offered")).toBe(true);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return policy(
        v("signIn.idleMinutes", "5", true),
        v("demoTenant.offered", "false", true),
        v("kiosk.idleSeconds", "60", false),
      );
    };
    await Promise.all([loadLocks(load), loadLocks(load)]);
    expect(loads).toBe(1);
    expect(isLocked("signIn.idleMinutes")).toBe(true);
    expect(isLocked("kiosk.idleSeconds")).toBe(false);
    expect(effective("signIn.idleMinutes")).toBe(5);
    expect(allows("demoTenant.offered")).toBe(false);
  });

  it("leaves nothing locked when the configuration cannot be read", async () => {
    await loadLocks(() => Promise.reject(new Error("no policy")));
    expect(isLocked("tenant")).toBe(false);
    expect(allows("pins.customAllowed")).toBe(true);
  });

  it("shows the note only beside a locked value", () => {
    setLocks(policy(v("tenant", '"contoso.onmicrosoft.com"', true), v("clientId", "null", false)));
    render(() => (
      <>
        <Locked name="tenant" />
        <Locked name="clientId" />
      </>
    ));
    expect(screen.getByTestId("locked-tenant").textContent).toBe("Set by your organisation");
    expect(screen.queryByTestId("locked-clientId")).toBeNull();
  });

  it("locked printer profiles are read-only", async () => {
    setLocks(policy(v("printing.profiles", "[]", true), v("printing.defaultProfile", '"Front desk"', true)));
    render(() => <Printers backend={fakeBackend()} />);
    expect((await screen.findByTestId("profile-list")).textContent).toContain("Front desk");
    expect(screen.getByTestId("locked-printing.profiles").textContent).toBe("Set by your organisation");
    expect((screen.getByTestId("profile-add") as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByText("Remove") as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByText("Make default")).toBeNull();
  });

  it("the demo tenant and a typed PIN are not offered when the policy says no", async () => {
    setLocks(policy(v("demoTenant.offered", "false", true), v("pins.customAllowed", "false", true)));
    render(() => <App backend={fakeBackend()} />);
    await screen.findByTestId("connect-org");
    expect(screen.queryByTestId("demo-admin")).toBeNull();
    expect(screen.queryByTestId("demo-manager")).toBeNull();
    cleanup();
    render(() => (
      <CreateForm backend={fakeBackend()} upn="rosa.diaz@contoso.com" busy={false} onCreate={() => {}} />
    ));
    expect(screen.queryByText("Choose the PIN")).toBeNull();
    expect(screen.getByText(/Generate a/)).toBeTruthy();
  });

  it("stay signed in is off and disabled when the policy does not allow it", async () => {
    setLocks(
      policy(v("signIn.staySignedInAllowed", "false", true), v("tenant", '"contoso.onmicrosoft.com"', true)),
    );
    const backend = fakeBackend({
      tenantSettings: async () => ({
        tenant: "contoso.onmicrosoft.com",
        clientId: "11111111-2222-3333-4444-555555555555",
        authority: null,
        graphUrl: null,
      }),
    });
    render(() => <App backend={backend} />);
    const stay = (await screen.findByTestId("stay-signed-in")) as HTMLInputElement;
    expect(stay.disabled).toBe(true);
    expect(stay.checked).toBe(false);
    fireEvent.click(screen.getByText("Change"));
    expect((screen.getByTestId("tenant") as HTMLInputElement).readOnly).toBe(true);
    expect((screen.getByTestId("client-id") as HTMLInputElement).readOnly).toBe(false);
    expect(screen.getByTestId("locked-tenant")).toBeTruthy();
  });
});
