// The first-start screen: "Demo as store manager" signs in as Lee Gu, scoped to Store 102.
import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { fakeBackend } from "./fakeBackend.test-util";
import type { SessionInfo } from "./generated/bindings";
import { SignIn } from "./SignIn";

describe("SignIn", () => {
  afterEach(cleanup);

  it("signs the demo store manager in as Lee Gu and says what Lee sees", async () => {
    const asked: (string | undefined)[] = [];
    const signed: SessionInfo[] = [];
    const backend = fakeBackend({
      signInDemo: async (user?: string) => {
        asked.push(user);
        return { signedIn: true, operator: user ?? "admin", tenantLabel: "Demo", role: "Store manager" };
      },
    });
    render(() => <SignIn backend={backend} onSignedIn={(s) => signed.push(s)} />);
    const button = screen.getByTestId("demo-manager");
    expect(button.textContent?.trim()).toBe("Demo as store manager");
    const who = document.getElementById(button.getAttribute("aria-describedby") ?? "");
    expect(who?.textContent?.trim()).toBe(
      "Lee Gu, store manager of Store 102 - Tacoma: sees only that store.",
    );
    fireEvent.click(button);
    await waitFor(() => expect(signed.length).toBe(1));
    expect(asked).toEqual(["lee.gu@contoso-retail.onmicrosoft.com"]);

    fireEvent.click(screen.getByTestId("demo-admin"));
    await waitFor(() => expect(signed.length).toBe(2));
    expect(asked[1]).toBeUndefined();
  });
});
