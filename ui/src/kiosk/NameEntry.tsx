// "I forgot my PIN": the worker types their name (keyboard or large on-screen keys). The
// kiosk never scans a badge: the QR code holds a secret.
import { createSignal, For, Show } from "solid-js";
import type { Strings } from "./strings";

const ROWS = ["1234567890", "QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM.-@"];

export function NameEntry(props: {
  t: Strings;
  /** Why the last name typed found nobody, if it did not. */
  problem?: string | null;
  /** The words under the heading (the PIN reset's when not given). */
  intro?: string | undefined;
  busy?: boolean;
  onNext: (name: string) => void;
  onCancel: () => void;
}) {
  const [name, setName] = createSignal("");
  let input: HTMLInputElement | undefined;
  const add = (s: string) => {
    setName((name() + s).slice(0, 120));
    input?.focus();
  };
  const ok = () => name().trim().length >= 2;
  return (
    <section class="k-forgot">
      <h1>{props.t.forgotTitle}</h1>
      <p class="k-lead">{props.intro ?? props.t.forgotIntro}</p>
      <Show when={props.problem}>
        <p class="k-problem" role="alert" data-testid="name-problem">
          {props.problem}
        </p>
      </Show>
      <form
        class="k-name"
        onSubmit={(e) => {
          e.preventDefault();
          if (ok()) props.onNext(name().trim());
        }}
      >
        <label class="k-field active">
          <span>{props.t.nameLabel}</span>
          <input
            ref={input}
            data-testid="name"
            autocomplete="off"
            autofocus
            maxlength="120"
            value={name()}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <div class="k-keyboard" role="group" aria-label={props.t.nameLabel}>
          <For each={ROWS}>
            {(row) => (
              <div class="k-keys">
                <For each={row.split("")}>
                  {(c) => (
                    <button type="button" class="k-key" tabindex="-1" onClick={() => add(c.toLowerCase())}>
                      {c}
                    </button>
                  )}
                </For>
              </div>
            )}
          </For>
          <div class="k-keys">
            <button type="button" class="k-key k-wide" tabindex="-1" onClick={() => add(" ")}>
              {props.t.space}
            </button>
            <button
              type="button"
              class="k-key"
              tabindex="-1"
              aria-label={props.t.backspace}
              onClick={() => setName(name().slice(0, -1))}
            >
              ⌫
            </button>
          </div>
        </div>
        <div class="k-row">
          <button type="button" class="k-mid k-second" onClick={() => props.onCancel()}>
            {props.t.cancel}
          </button>
          <button type="submit" class="k-mid" data-testid="name-next" disabled={!ok() || props.busy}>
            {props.t.next}
          </button>
        </div>
      </form>
    </section>
  );
}
