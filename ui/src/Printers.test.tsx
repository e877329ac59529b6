import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./App";
import { fakeBackend, READABLE } from "./fakeBackend.test-util";

describe("Printer profiles", () => {
  afterEach(cleanup);

  it("adds a profile, refuses a taken name with the reason, makes one the default and removes one", async () => {
    const backend = fakeBackend();
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    fireEvent.click(await screen.findByTestId("tab-printers"));
    expect((await screen.findByTestId("profile-list")).textContent).toContain("Front desk");
    fireEvent.click(screen.getByTestId("profile-add"));
    fireEvent.input(screen.getByTestId("profile-name"), { target: { value: "front DESK" } });
    fireEvent.input(screen.getByTestId("profile-printer"), { target: { value: "cups:Office" } });
    fireEvent.click(screen.getByTestId("profile-save"));
    expect((await screen.findByTestId("profile-error")).textContent).toContain("exists");
    fireEvent.input(screen.getByTestId("profile-name"), { target: { value: "Office sheets" } });
    fireEvent.click(screen.getByTestId("profile-save"));
    await waitFor(() => expect(screen.getByTestId("profile-list").textContent).toContain("Office sheets"));
    await waitFor(() => expect(screen.queryByTestId("profile-form")).toBeNull());
    fireEvent.click(screen.getByText("Make default"));
    await waitFor(() => expect(backend.calls).toContain("profile-default:Office sheets"));
    fireEvent.click((await screen.findAllByText("Remove"))[0]!);
    await waitFor(() => expect(backend.calls).toContain("profile-delete:Front desk"));
    await waitFor(() => expect(screen.getByTestId("profile-list").textContent).not.toContain("Front desk"));
  });

  it("offers labels by readable name and saves the template's id", async () => {
    const backend = fakeBackend();
    render(() => <App backend={backend} />);
    fireEvent.click(await screen.findByTestId("demo-admin"));
    fireEvent.click(await screen.findByTestId("tab-printers"));
    await screen.findByTestId("profile-list");
    fireEvent.click(screen.getByTestId("profile-add"));
    const select = screen.getByTestId("profile-template") as HTMLSelectElement;
    await waitFor(() =>
      expect([...select.options].map((o) => o.textContent)).toEqual([
        READABLE["sheet-a4"],
        READABLE["zebra-4x3-203"],
      ]),
    );
    expect([...select.options].map((o) => o.textContent)).not.toContain("zebra-4x3-203");
    fireEvent.change(select, { target: { value: "zebra-4x3-203" } });
    fireEvent.input(screen.getByTestId("profile-name"), { target: { value: "Zebra desk" } });
    fireEvent.input(screen.getByTestId("profile-printer"), { target: { value: "tcp:10.0.0.9" } });
    fireEvent.click(screen.getByTestId("profile-save"));
    await waitFor(() => expect(screen.getByTestId("profile-list").textContent).toContain("Zebra desk"));
    // The list names the label as a person reads it too.
    expect(screen.getByTestId("profile-list").textContent).toContain(READABLE["zebra-4x3-203"]);
    expect((await backend.printerProfiles()).profiles.find((p) => p.name === "Zebra desk")?.template).toBe(
      "zebra-4x3-203",
    );
  });
});
