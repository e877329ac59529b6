import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./App";
import { fakeBackend } from "./fakeBackend.test-util";
import type { SearchResult } from "./generated/bindings";

describe("Station search", () => {
  afterEach(cleanup);

  it("shows the cache's hits at once, then Graph's merged answer", async () => {
    let answer: ((r: SearchResult) => void) | undefined;
    const cachedUser = {
      id: "u9",
      upn: "ines.moreau@contoso.com",
      displayName: "Ines Moreau",
      department: null,
      officeLocation: null,
      jobTitle: null,
    };
    const backend = fakeBackend({
      searchUsers: (_q, onCached) =>
        new Promise<SearchResult>((resolve) => {
          onCached?.({
            hits: [{ user: cachedUser, cachedAt: Date.now() - 3_600_000, inGraph: false }],
            graphUnavailable: null,
          });
          answer = resolve;
        }),
    });
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    fireEvent.input(await screen.findByTestId("search"), { target: { value: "ine" } });
    expect(await screen.findByText("Ines Moreau")).toBeTruthy();
    answer?.({
      hits: [
        { user: cachedUser, cachedAt: Date.now() - 3_600_000, inGraph: true },
        {
          user: { ...cachedUser, id: "u10", upn: "ines.b@contoso.com", displayName: "Ines Bauer" },
          cachedAt: null,
          inGraph: true,
        },
      ],
      graphUnavailable: null,
    });
    expect(await screen.findByText("Ines Bauer")).toBeTruthy();
    expect(screen.getByText("Ines Moreau")).toBeTruthy();
  });

  it("warns when the tenant is on a cloud where Microsoft does not document QR code + PIN", async () => {
    const backend = fakeBackend({
      signInDemo: async () => ({
        signedIn: true,
        operator: "admin@contoso.us",
        tenantLabel: "Microsoft Entra (contoso.us)",
        role: "Global Administrator",
        cloudWarning:
          "Microsoft documents QR code + PIN sign-in for its global cloud only, not for US Government L4",
      }),
    });
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    expect((await screen.findByTestId("cloud-warning")).textContent).toContain("global cloud only");
  });

  it("shows the role of the signed-in person and the tenant policy", async () => {
    render(() => <App backend={fakeBackend()} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    expect((await screen.findByTestId("role")).textContent).toContain("Global Administrator");
    fireEvent.click(screen.getByTestId("tab-policy"));
    expect((await screen.findByTestId("policy-pin")).textContent).toBe("At least 8 digits");
    expect(screen.getByTestId("policy-defaults").textContent).toContain("Microsoft's defaults");
  });
});

describe("Keyboard use", () => {
  afterEach(cleanup);

  it("moves focus into dialogs, keeps Tab inside, and makes Escape the safe choice", async () => {
    const backend = fakeBackend();
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    const search = await screen.findByTestId("search");
    fireEvent.input(search, { target: { value: "ros" } });
    await screen.findByText("Rosa Diaz");
    fireEvent.keyDown(search, { key: "Enter" });
    fireEvent.click(await screen.findByTestId("create"));
    const dialog = await screen.findByTestId("issued");
    await waitFor(() => expect(dialog.contains(document.activeElement)).toBe(true));
    // Shift+Tab from the first control wraps to the last one, inside the dialog.
    const first = document.activeElement as HTMLElement;
    fireEvent.keyDown(first, { key: "Tab", shiftKey: true });
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement).not.toBe(first);
    // Escape asks before closing, with the focus on "Back"; Escape again goes back.
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: "Escape" });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("close-back")));
    expect(screen.getByTestId("issued-pin")).toBeTruthy();
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("close-back")).toBeNull());
    fireEvent.click(screen.getByTestId("close-issued"));
    fireEvent.click(await screen.findByTestId("close-confirm"));
    // A destructive action's confirmation starts on Cancel, and Escape cancels it.
    fireEvent.click(await screen.findByTestId("delete-method"));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId("confirm-cancel")));
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: "Escape" });
    await waitFor(() => expect(screen.queryByTestId("confirm")).toBeNull());
    expect(backend.calls.some((c) => c.startsWith("delete"))).toBe(false);
  });
});
