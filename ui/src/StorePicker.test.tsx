import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./App";
import { fakeBackend } from "./fakeBackend.test-util";
import type { ScopeView, StoreUnit } from "./generated/bindings";
import { setLocks } from "./locks";
import { PINNED_UNIT_KEY, StorePicker } from "./StorePicker";

const tacoma: StoreUnit = { id: "a102", name: "Store 102 - Tacoma" };
const bellevue: StoreUnit = { id: "a103", name: "Store 103 - Bellevue" };
const everett: StoreUnit = { id: "a104", name: "Store 104 - Everett" };
const units = (list: StoreUnit[], chosen: StoreUnit | null): ScopeView => ({
  tenantWide: false,
  units: list,
  chosen,
});

describe("StorePicker", () => {
  afterEach(() => {
    cleanup();
    setLocks(null);
  });

  it("shows the one store of a store manager as text", async () => {
    const backend = fakeBackend({ scopeCurrent: async () => units([tacoma], tacoma) });
    render(() => <StorePicker backend={backend} />);
    expect((await screen.findByTestId("store-name")).textContent).toBe("Store 102 - Tacoma");
    expect(screen.queryByRole("combobox")).toBeNull();
    expect(screen.queryByTestId(`locked-${PINNED_UNIT_KEY}`)).toBeNull();
  });

  it("offers a labelled picker among several stores and asks Rust for the chosen one", async () => {
    const seen: ScopeView[] = [];
    const backend = fakeBackend({
      scopeCurrent: async () => units([bellevue, everett], null),
      scopeChoose: async (id) => {
        backend.calls.push(`scope:${id}`);
        return units([bellevue, everett], id === everett.id ? everett : bellevue);
      },
    });
    render(() => <StorePicker backend={backend} onChange={(v) => seen.push(v)} />);
    const select = (await screen.findByRole("combobox", { name: "Store" })) as HTMLSelectElement;
    const options = [...select.options].map((o) => o.textContent);
    expect(options).toEqual(["Choose a store", "Store 103 - Bellevue", "Store 104 - Everett"]);
    expect(select.value).toBe("");
    fireEvent.change(select, { target: { value: everett.id } });
    await waitFor(() => expect(seen.length).toBe(1));
    expect(backend.calls).toContain("scope:a104");
    expect(seen[0]?.chosen).toEqual(everett);
    await waitFor(() => expect(select.value).toBe(everett.id));
    // Once chosen, "Choose a store" is no longer offered.
    await waitFor(() => expect(select.options.length).toBe(2));
  });

  it("says why a store was refused and keeps the picker", async () => {
    const backend = fakeBackend({
      scopeCurrent: async () => units([bellevue, everett], bellevue),
      scopeChoose: () =>
        Promise.reject({ code: "scope.outside_unit", message: "that person is not in Store 101" }),
    });
    render(() => <StorePicker backend={backend} />);
    const select = await screen.findByRole("combobox", { name: "Store" });
    fireEvent.change(select, { target: { value: everett.id } });
    expect((await screen.findByTestId("store-error")).textContent).toContain("Store 101");
    expect(screen.getByRole("combobox", { name: "Store" })).toBeTruthy();
  });

  it("shows All stores for a tenant-wide role", async () => {
    const backend = fakeBackend();
    render(() => <StorePicker backend={backend} />);
    expect((await screen.findByTestId("store-name")).textContent).toBe("All stores");
    expect(screen.queryByRole("combobox")).toBeNull();
  });

  it("shows a station pinned by policy as its store, set by the organisation", async () => {
    setLocks({
      policyFile: "/etc/qrstation/policy.json",
      values: [{ key: PINNED_UNIT_KEY, value: '"a103"', source: "policy", locked: true }],
    });
    const backend = fakeBackend({ scopeCurrent: async () => units([bellevue, everett], bellevue) });
    render(() => <StorePicker backend={backend} />);
    expect((await screen.findByTestId("store-name")).textContent).toBe("Store 103 - Bellevue");
    expect(screen.getByTestId(`locked-${PINNED_UNIT_KEY}`).textContent).toBe("Set by your organisation");
    expect(screen.queryByRole("combobox")).toBeNull();
  });

  it("sits in the header once signed in, and a new store searches again without stale hits", async () => {
    const backend = fakeBackend({
      scopeCurrent: async () => units([bellevue, everett], bellevue),
      scopeChoose: async (id) => units([bellevue, everett], id === everett.id ? everett : bellevue),
    });
    // Searches after the change wait until released, so the screen between is seen.
    let hold = false;
    let release: () => void = () => undefined;
    const search = backend.searchUsers;
    backend.searchUsers = async (q, onCached) => {
      if (hold) await new Promise<void>((r) => (release = r));
      return search(q, onCached);
    };
    render(() => <App backend={backend} />);
    expect(screen.queryByTestId("store")).toBeNull();
    fireEvent.click(await screen.findByTestId("demo-admin"));
    const select = await screen.findByRole("combobox", { name: "Store" });
    const input = (await screen.findByTestId("search")) as HTMLInputElement;
    fireEvent.input(input, { target: { value: "Rosa" } });
    expect(await screen.findByText("Rosa Diaz")).toBeTruthy();
    const asked = backend.calls.filter((c) => c === "search:Rosa").length;
    hold = true;
    fireEvent.change(select, { target: { value: everett.id } });
    // The Store 103 answer leaves at once; the search is asked again for Store 104.
    await waitFor(() => expect(screen.queryByText("Rosa Diaz")).toBeNull());
    release();
    expect(await screen.findByText("Rosa Diaz")).toBeTruthy();
    expect(backend.calls.filter((c) => c === "search:Rosa").length).toBe(asked + 1);
  });
});
