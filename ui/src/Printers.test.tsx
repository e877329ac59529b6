import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { App } from "./App";
import { fakeBackend } from "./fakeBackend.test-util";

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
});
