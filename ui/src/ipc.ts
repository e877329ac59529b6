// Calling Rust: Tauri's invoke with every rejection turned into the `{code, message, requestId?}`
// shape.
// Shared by the manager window and the kiosk window.
import { invoke } from "@tauri-apps/api/core";
import type { ErrorCode, ErrorPayload } from "./generated/bindings";

export async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toErrorPayload(e);
  }
}

/**
 * Any rejection as `{code, message}` (and Graph's `requestId`, when Rust sent one): Rust's
 * errors already are; anything else is wrapped.
 */
export function toErrorPayload(e: unknown): ErrorPayload {
  if (typeof e === "object" && e !== null && "code" in e && "message" in e) {
    const { code, message, requestId } = e as Record<string, unknown>;
    // Rust sends only codes of the `ErrorCode` union (generated from its list).
    if (typeof code === "string" && typeof message === "string") {
      const payload: ErrorPayload = { code: code as ErrorCode, message };
      if (typeof requestId === "string" && requestId !== "") payload.requestId = requestId;
      return payload;
    }
  }
  // Solid's resources wrap a non-Error rejection in an Error whose `cause` is the original.
  if (e instanceof Error && e.cause !== undefined) return toErrorPayload(e.cause);
  const message = e instanceof Error ? e.message : String(e);
  return { code: "ui.unexpected", message };
}
