import { fireEvent, render, screen } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import type { Backend } from "./api";
import type { AppInfo } from "./generated/bindings";

const info = (version: string): AppInfo => ({
  name: "qrstation",
  version,
  mode: { kind: "demoTenant" },
  modeLabel: "Demo tenant",
  dataDir: "/tmp/qrstation-data",
  settingsFile: "/tmp/qrstation-data/settings.json",
});

describe("App", () => {
  it("shows what app_info returned and asks again on click", async () => {
    let calls = 0;
    const backend: Backend = { appInfo: async () => info(`1.0.${++calls}`) };
    render(() => <App backend={backend} />);
    expect(await screen.findByTestId("version")).toHaveProperty("textContent", "v1.0.1");
    expect(screen.getByTestId("mode").textContent).toBe("Demo tenant");
    expect(screen.getByTestId("fact-data-dir").textContent).toBe("/tmp/qrstation-data");
    fireEvent.click(screen.getByTestId("refresh"));
    expect(await screen.findByText("v1.0.2")).toBeTruthy();
    expect(calls).toBe(2);
  });

  it("shows an error's message and code", async () => {
    const backend: Backend = {
      appInfo: () => Promise.reject({ code: "core.invalid_settings", message: "settings file x is not valid" }),
    };
    render(() => <App backend={backend} />);
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("settings file x is not valid");
    expect(alert.textContent).toContain("core.invalid_settings");
  });
});
