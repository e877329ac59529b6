// An error in plain words, with the code (and Graph's request id, when there is one) kept out
// of the way under "Details for support", with a button to copy them for a support ticket.
import { createSignal, Show, type Component } from "solid-js";
import type { ErrorPayload } from "./generated/bindings";

/** The message as a sentence: first letter upper-case, backticks dropped, a full stop at the end. */
export function plainMessage(message: string): string {
  const text = message.replace(/`/g, "").trim();
  if (!text) return "Something went wrong.";
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?…]$/.test(first) ? first : `${first}.`;
}

/** What "Copy" puts on the clipboard: the code, and the request id when there is one. */
export function supportText(error: ErrorPayload): string {
  return error.requestId ? `Code: ${error.code}, request id: ${error.requestId}` : `Code: ${error.code}`;
}

export const ErrorDetails: Component<{ error: ErrorPayload; clipboard?: Clipboard }> = (props) => {
  const [copied, setCopied] = createSignal<"" | "yes" | "no">("");
  const copy = async () => {
    const clipboard = props.clipboard ?? navigator.clipboard;
    try {
      if (!clipboard) throw new Error("no clipboard");
      await clipboard.writeText(supportText(props.error));
      setCopied("yes");
    } catch {
      setCopied("no");
    }
  };
  return (
    <>
      <span class="error-text">{plainMessage(props.error.message)}</span>
      <details class="support-details" data-testid="error-details">
        <summary>Details for support</summary>
        <span data-testid="error-code">
          Code: <code>{props.error.code}</code>
        </span>
        <Show when={props.error.requestId}>
          {(id) => (
            <span data-testid="error-request-id">
              {" "}
              Request id: <code>{id()}</code>
            </span>
          )}
        </Show>{" "}
        <button type="button" data-testid="copy-error-details" onClick={() => void copy()}>
          Copy
        </button>
        <Show when={copied()}>
          <span role="status">
            {copied() === "yes" ? " Copied." : " Could not copy: select the text instead."}
          </span>
        </Show>
      </details>
    </>
  );
};
