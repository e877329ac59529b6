import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./App";
import { fakeBackend } from "./fakeBackend.test-util";
import type { SearchResult } from "./generated/bindings";

describe("Station search", () => {
  afterEach(cleanup);

  it("shows the cache's hits at once, then Graph's merged answer", async () => {
    let answer: ((r: SearchResult) => void) | undefined;
    const cachedUser = {
      id: "u9", upn: "ines.moreau@contoso.com", displayName: "Ines Moreau", department: null,
      officeLocation: null, jobTitle: null,
    };
    const backend = fakeBackend({
      searchUsers: (_q, onCached) =>
        new Promise<SearchResult>((resolve) => {
          onCached?.({ hits: [{ user: cachedUser, cachedAt: Date.now() - 3_600_000, inGraph: false }], graphUnavailable: null });
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
        { user: { ...cachedUser, id: "u10", upn: "ines.b@contoso.com", displayName: "Ines Bauer" }, cachedAt: null, inGraph: true },
      ],
      graphUnavailable: null,
    });
    expect(await screen.findByText("Ines Bauer")).toBeTruthy();
    expect(screen.getByText("Ines Moreau")).toBeTruthy();
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
