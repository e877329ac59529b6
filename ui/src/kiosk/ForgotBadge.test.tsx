import { cleanup, fireEvent, render, screen } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { TemporaryBadge } from "../generated/bindings";
import { TemporaryCodeShown } from "./ForgotBadge";
import { en } from "./strings";

const badge: TemporaryBadge = {
  worker: { id: "u1", name: "Ana Lima", upn: "ana.lima@contoso.com" },
  qrSvg: "<svg xmlns='http://www.w3.org/2000/svg'><path d='M4 4h1v1h-1z'/></svg>",
  starts: Date.UTC(2026, 0, 30, 8),
  expires: Date.UTC(2026, 0, 30, 16),
  showSeconds: 60,
  replaced: false,
};

describe("the temporary QR code on screen", () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it("shows the code from its SVG and hides it after its minute", () => {
    vi.useFakeTimers();
    const onHide = vi.fn();
    render(() => <TemporaryCodeShown t={en} badge={badge} onHide={onHide} />);
    const img = screen.getByTestId("temp-qr") as HTMLImageElement;
    expect(img.src.startsWith("data:image/svg+xml")).toBe(true);
    expect(decodeURIComponent(img.src)).toContain("M4 4h1v1h-1z");
    vi.advanceTimersByTime(59_000);
    expect(onHide).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(onHide).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(120_000);
    expect(onHide).toHaveBeenCalledTimes(1);
  });

  it("hides at once when the next person touches the screen or presses a key, or on Done", () => {
    vi.useFakeTimers();
    for (const act of [
      () => fireEvent.pointerDown(document.body),
      () => fireEvent.keyDown(document.body, { key: "a" }),
      () => fireEvent.click(screen.getByTestId("done")),
    ]) {
      const onHide = vi.fn();
      render(() => <TemporaryCodeShown t={en} badge={badge} onHide={onHide} />);
      vi.advanceTimersByTime(5_000);
      act();
      expect(onHide).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(60_000);
      expect(onHide).toHaveBeenCalledTimes(1);
      cleanup();
    }
  });
});
