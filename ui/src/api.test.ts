import { describe, expect, it } from "vitest";
import { toErrorPayload } from "./api";

describe("toErrorPayload", () => {
  it("keeps Rust's {code, message} as it is", () => {
    expect(toErrorPayload({ code: "core.io", message: "cannot read x" })).toEqual({
      code: "core.io",
      message: "cannot read x",
    });
  });

  it("keeps Graph's request id when Rust sent one", () => {
    expect(toErrorPayload({ code: "graph.not_found", message: "Not found.", requestId: "9f2c41d0" })).toEqual(
      {
        code: "graph.not_found",
        message: "Not found.",
        requestId: "9f2c41d0",
      },
    );
    expect(toErrorPayload({ code: "core.io", message: "m", requestId: 7 })).toEqual({
      code: "core.io",
      message: "m",
    });
  });

  it("wraps anything else with the ui.unexpected code", () => {
    expect(toErrorPayload(new Error("boom"))).toEqual({ code: "ui.unexpected", message: "boom" });
    expect(toErrorPayload("command app_info not found")).toEqual({
      code: "ui.unexpected",
      message: "command app_info not found",
    });
    expect(toErrorPayload({ code: 7, message: "x" }).code).toBe("ui.unexpected");
  });

  it("unwraps an Error whose cause is Rust's payload", () => {
    const wrapped = new Error("Unknown error", { cause: { code: "core.io", message: "m" } });
    expect(toErrorPayload(wrapped)).toEqual({ code: "core.io", message: "m" });
  });
});
