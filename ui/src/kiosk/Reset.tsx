// The manager's half of an assisted reset: pick the worker the kiosk found, reset, and show the
// temporary PIN once in large digits (the manager's token is already gone by then).
import { createSignal, For, Show } from "solid-js";
import type { ResetApproval, TemporaryPin } from "../generated/bindings";
import type { KioskBackend } from "./api";
import type { Strings } from "./strings";

export function PickWorker(props: {
  t: Strings;
  approval: ResetApproval;
  backend: KioskBackend;
  onReset: (temp: TemporaryPin) => void;
  onCancel: () => void;
  onFailed: (e: unknown) => void;
}) {
  const [busy, setBusy] = createSignal<string | null>(null);
  const reset = async (id: string) => {
    setBusy(id);
    try {
      props.onReset(await props.backend.resetPin(id));
    } catch (e) {
      props.onFailed(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section class="k-pick">
      <h1>{props.t.pickTitle}</h1>
      <p class="k-lead">{props.t.pickIntro(props.approval.manager.name)}</p>
      <Show
        when={props.approval.candidates.length > 0}
        fallback={<p class="k-problem" role="alert">{props.t.noMatch}</p>}
      >
        <ul class="k-people">
          <For each={props.approval.candidates}>
            {(c) => (
              <li>
                <button
                  class="k-big"
                  data-testid="reset-worker"
                  disabled={busy() !== null}
                  onClick={() => void reset(c.id)}
                >
                  <span>{busy() === c.id ? props.t.resetting : props.t.resetFor(c.name)}</span>
                  <small>{c.upn}</small>
                </button>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <button class="k-mid k-second" disabled={busy() !== null} onClick={() => props.onCancel()}>
        {props.t.cancel}
      </button>
    </section>
  );
}

export function TemporaryPinShown(props: { t: Strings; temp: TemporaryPin; onDone: () => void }) {
  return (
    <section class="k-temp">
      <h1>{props.t.tempTitle}</h1>
      <p class="k-lead">{props.t.tempBody(props.temp.worker.name)}</p>
      <div class="k-temp-pin" data-testid="temp-pin" aria-label={props.temp.pin.split("").join(" ")}>
        {props.temp.pin}
      </div>
      <p class="k-notice">{props.t.tempOnce}</p>
      <button class="k-big" data-testid="done" onClick={() => props.onDone()}>
        {props.t.done}
      </button>
    </section>
  );
}
