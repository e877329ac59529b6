// An error in plain words, with the code (and request id, when there is one) kept out of the
// way under "Details for support".
import { Show, type Component } from "solid-js";
import type { ErrorPayload } from "./generated/bindings";

/** The message as a sentence: first letter upper-case, backticks dropped, a full stop at the end. */
export function plainMessage(message: string): string {
  const text = message.replace(/`/g, "").trim();
  if (!text) return "Something went wrong.";
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?…]$/.test(first) ? first : `${first}.`;
}

export const ErrorDetails: Component<{ error: ErrorPayload & { requestId?: string | null } }> = (props) => (
  <>
    <span class="error-text">{plainMessage(props.error.message)}</span>
    <details class="support-details" data-testid="error-details">
      <summary>Details for support</summary>
      <span>
        Code: <code>{props.error.code}</code>
      </span>
      <Show when={props.error.requestId}>
        {(id) => (
          <span>
            {" "}
            Request id: <code>{id()}</code>
          </span>
        )}
      </Show>
    </details>
  </>
);
