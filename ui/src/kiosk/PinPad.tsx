// The PIN pad: current PIN, new PIN twice, masked with a Show toggle, typed on the keyboard or
// on large on-screen keys; the new PIN is checked live against the tenant's rules with the
// reason shown. A wrong current PIN says how many tries are left.
import { createSignal, For, Show } from "solid-js";
import type { Person, PinChange } from "../generated/bindings";
import { toErrorPayload } from "../ipc";
import type { KioskBackend } from "./api";
import type { Strings } from "./strings";

type Field = "current" | "next" | "again";

/** The reason a new PIN is refused, in the kiosk's words (null when it is fine). */
export function pinProblem(t: Strings, code: string, pinLength: number): string {
  switch (code) {
    case "pin.not_digits":
      return t.pinNotDigits;
    case "pin.too_short":
      return t.pinTooShort(pinLength);
    case "pin.too_long":
      return t.pinTooLong(20);
    case "pin.sequence":
      return t.pinSequence;
    case "pin.repeated":
      return t.pinRepeated;
    case "pin.same_digit":
      return t.pinSameDigit;
    case "pin.straight_run":
      return t.pinStraightRun;
    default:
      return t.failed;
  }
}

export function PinPad(props: {
  t: Strings;
  person: Person;
  pinLength: number;
  backend: KioskBackend;
  onChanged: () => void;
  onLocked: (minutes: number) => void;
  /** Microsoft asks for a fresh MFA sign-in; `retry` sends the same change once more. */
  onMfaRequired: (retry: () => Promise<PinChange>) => void;
  onMfaUnavailable: () => void;
  onCancel: () => void;
  onFailed: (e: unknown) => void;
}) {
  const [values, setValues] = createSignal<Record<Field, string>>({
    current: "",
    next: "",
    again: "",
  });
  const [active, setActive] = createSignal<Field>("current");
  const [show, setShow] = createSignal(false);
  const [rule, setRule] = createSignal<{ ok: boolean; text: string } | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const inputs: Partial<Record<Field, HTMLInputElement>> = {};
  let checkSeq = 0;

  const set = (f: Field, v: string) => {
    const digits = v.replace(/\D/g, "").slice(0, 20);
    setValues({ ...values(), [f]: digits });
    setError(null);
    if (f === "next") void check(digits);
  };
  const check = async (pin: string) => {
    const mine = ++checkSeq;
    if (pin.length === 0) return setRule(null);
    try {
      await props.backend.checkPin(pin);
      if (mine === checkSeq) setRule({ ok: true, text: props.t.pinOk });
    } catch (e) {
      if (mine === checkSeq)
        setRule({ ok: false, text: pinProblem(props.t, toErrorPayload(e).code, props.pinLength) });
    }
  };
  const press = (key: string) => {
    const f = active();
    const v = values()[f];
    if (key === "back") set(f, v.slice(0, -1));
    else if (key === "clear") set(f, "");
    else set(f, v + key);
    inputs[f]?.focus();
  };
  const ready = () => {
    const v = values();
    return v.current.length > 0 && v.next.length > 0 && v.again.length > 0 && rule()?.ok === true;
  };
  const submit = async (e?: Event) => {
    e?.preventDefault();
    const v = values();
    if (v.next !== v.again) return setError(props.t.mismatch);
    if (v.next === v.current) return setError(props.t.sameAsCurrent);
    if (!ready()) return;
    setBusy(true);
    try {
      const r = await props.backend.changePin(v.current, v.next);
      if (r.kind === "changed") props.onChanged();
      else if (r.kind === "locked") props.onLocked(r.minutes);
      else if (r.kind === "mfaRequired")
        props.onMfaRequired(() => props.backend.changePin(v.current, v.next));
      else if (r.kind === "mfaUnavailable") props.onMfaUnavailable();
      else {
        setValues({ ...values(), current: "" });
        setActive("current");
        setError(props.t.wrongPin(r.triesLeft));
        inputs.current?.focus();
      }
    } catch (err) {
      const code = toErrorPayload(err).code;
      if (code.startsWith("pin.")) setError(pinProblem(props.t, code, props.pinLength));
      else if (code === "graph.pin_rejected") setError(props.t.pinRefused);
      else if (code === "kiosk.pin_busy") setError(props.t.wait);
      else if (code === "kiosk.pin_unchanged") setError(props.t.sameAsCurrent);
      else props.onFailed(err);
    } finally {
      setBusy(false);
    }
  };
  const label = (f: Field) =>
    f === "current" ? props.t.currentPin : f === "next" ? props.t.newPin : props.t.repeatPin;

  return (
    <section class="k-pin">
      <h1 data-testid="hello">{props.t.hello(props.person.name)}</h1>
      <p class="k-lead">{props.t.pinIntro(props.pinLength)}</p>
      <div class="k-pin-body">
        <form class="k-fields" onSubmit={(e) => void submit(e)}>
          <For each={["current", "next", "again"] as Field[]}>
            {(f) => (
              <label class="k-field" classList={{ active: active() === f }}>
                <span>{label(f)}</span>
                <input
                  ref={(el) => (inputs[f] = el)}
                  data-testid={`pin-${f}`}
                  type={show() ? "text" : "password"}
                  inputmode="numeric"
                  autocomplete="off"
                  maxlength="20"
                  value={values()[f]}
                  autofocus={f === "current"}
                  onFocus={() => setActive(f)}
                  onInput={(e) => set(f, e.currentTarget.value)}
                />
              </label>
            )}
          </For>
          <Show when={rule()}>
            {(r) => (
              <p class={r().ok ? "k-ok" : "k-problem"} data-testid="pin-rule" role="status">
                {r().text}
              </p>
            )}
          </Show>
          <Show when={error()}>
            <p class="k-problem" data-testid="pin-error" role="alert">
              {error()}
            </p>
          </Show>
          <div class="k-row">
            <button
              type="button"
              class="k-mid k-second"
              data-testid="show"
              aria-pressed={show()}
              onClick={() => setShow(!show())}
            >
              {show() ? props.t.hide : props.t.show}
            </button>
            <button type="button" class="k-mid k-second" onClick={() => props.onCancel()}>
              {props.t.cancel}
            </button>
            <button type="submit" class="k-mid" data-testid="save-pin" disabled={busy() || !ready()}>
              {busy() ? props.t.saving : props.t.savePin}
            </button>
          </div>
        </form>
        <div class="k-keypad" role="group" aria-label={label(active())}>
          <For each={["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"]}>
            {(k) => (
              <button
                type="button"
                class={k.length > 1 ? "k-key k-word" : "k-key"}
                tabindex="-1"
                aria-label={k === "back" ? props.t.backspace : k === "clear" ? props.t.clear : k}
                onClick={() => press(k)}
              >
                {k === "back" ? "⌫" : k === "clear" ? props.t.clear : k}
              </button>
            )}
          </For>
        </div>
      </div>
    </section>
  );
}
