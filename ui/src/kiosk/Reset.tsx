// The assisted reset after "I forgot my PIN": the worker narrows several matches to one person
// BEFORE any manager is asked; after the manager's sign-in the manager confirms that one
// worker (the only one this approval can reset); the temporary PIN is shown once in large
// digits (the manager's token is already gone by then).
import { createSignal, For } from "solid-js";
import type { Person, ResetApproval, TemporaryPin } from "../generated/bindings";
import type { KioskBackend } from "./api";
import type { Strings } from "./strings";

/** Several people match what the worker typed: the worker picks themselves. */
export function ChooseWorker(props: {
  t: Strings;
  people: Person[];
  onPick: (p: Person) => void;
  onCancel: () => void;
}) {
  return (
    <section class="k-pick">
      <h1>{props.t.whoTitle}</h1>
      <p class="k-lead">{props.t.whoIntro}</p>
      <ul class="k-people">
        <For each={props.people}>
          {(p) => (
            <li>
              <button class="k-big" data-testid="pick-worker" onClick={() => props.onPick(p)}>
                <span>{p.name}</span>
                <small>{p.upn}</small>
              </button>
            </li>
          )}
        </For>
      </ul>
      <button class="k-mid k-second" onClick={() => props.onCancel()}>
        {props.t.cancel}
      </button>
    </section>
  );
}

/** The manager signed in: confirm the reset of the one worker the approval names. */
export function ConfirmReset(props: {
  t: Strings;
  approval: ResetApproval;
  backend: KioskBackend;
  onReset: (temp: TemporaryPin) => void;
  onCancel: () => void;
  onFailed: (e: unknown) => void;
}) {
  const [busy, setBusy] = createSignal(false);
  const w = () => props.approval.worker;
  const reset = async () => {
    setBusy(true);
    try {
      props.onReset(await props.backend.resetPin(w().id));
    } catch (e) {
      props.onFailed(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="k-pick" data-testid="confirm">
      <h1>{props.t.confirmTitle}</h1>
      <p class="k-lead" data-testid="confirm-text">
        {props.t.confirmIntro(props.approval.manager.name, w().name, w().upn)}
      </p>
      <button class="k-big" data-testid="confirm-reset" disabled={busy()} onClick={() => void reset()}>
        <span>{busy() ? props.t.resetting : props.t.resetFor(w().name)}</span>
        <small>{w().upn}</small>
      </button>
      <button class="k-mid k-second" disabled={busy()} onClick={() => props.onCancel()}>
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
