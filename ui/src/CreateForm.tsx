//! Create a QR code + PIN method: the tenant's limits stated up front, the badge lifetime with its
//! end date in this computer's locale, and a generated PIN or one typed here (with a Show toggle),
//! checked live against the tenant's policy with core's reason shown.
import { createResource, createSignal, Show, type Component } from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import { allows } from "./locks";
import type { CreateRequest } from "./generated/bindings";

const DAY = 86_400_000;
/** The longest a standard QR code may last (Microsoft's limit for qrCodePinAuthenticationMethod). */
export const MAX_DAYS = 395;

/** A day as this computer's locale writes it ("1 December 2027"); "" for no or a bad date. */
export function localDate(day: string | number): string {
  const d = typeof day === "number" ? new Date(day) : day === "" ? null : new Date(`${day}T12:00:00`);
  if (d === null || Number.isNaN(d.getTime())) return "";
  return new Intl.DateTimeFormat(undefined, { dateStyle: "long" }).format(d);
}

export const CreateForm: Component<{
  backend: Backend;
  upn: string;
  busy: boolean;
  onCreate: (req: CreateRequest) => void;
}> = (props) => {
  const [days, setDays] = createSignal(365);
  const [custom, setCustom] = createSignal(false);
  const [pin, setPin] = createSignal("");
  const [showPin, setShowPin] = createSignal(false);
  const [minLength] = createResource(() => props.backend.pinMinLength().catch(() => 8));
  const [problem] = createResource(
    () => (custom() ? { pin: pin(), min: minLength() ?? 8 } : null),
    async ({ pin, min }) => {
      if (pin === "") return "Type a PIN of digits only.";
      try {
        await props.backend.checkPin(pin, min);
        return null;
      } catch (e) {
        return toErrorPayload(e).message;
      }
    },
  );
  const blocked = () => props.busy || (custom() && problem() !== null) || days() < 1 || days() > MAX_DAYS;
  const submit = (e: Event) => {
    e.preventDefault();
    if (blocked()) return;
    const start = Date.now();
    props.onCreate({ user: props.upn, start, expires: start + days() * DAY, pin: custom() ? pin() : null });
  };

  return (
    <form class="create" onSubmit={submit} data-testid="create-form">
      <h3>Create QR code + PIN</h3>
      <p class="muted limits" data-testid="create-limits">
        This tenant's rules: the PIN has at least {minLength() ?? 8} digits; a badge lasts at most {MAX_DAYS}{" "}
        days.
      </p>
      <label>
        Badge valid for
        <input
          type="number"
          min="1"
          max={MAX_DAYS}
          value={days()}
          onInput={(e) => setDays(Number(e.currentTarget.value))}
        />{" "}
        days
      </label>
      <p class="muted" data-testid="create-expires">
        {days() >= 1 && days() <= MAX_DAYS
          ? `The badge expires on ${localDate(Date.now() + days() * DAY)}.`
          : `Choose between 1 and ${MAX_DAYS} days.`}
      </p>
      <fieldset>
        <legend>PIN</legend>
        <label>
          <input type="radio" name="pin" checked={!custom()} onChange={() => setCustom(false)} /> Generate a
          PIN
        </label>
        <Show when={allows("pins.customAllowed")}>
          <label>
            <input type="radio" name="pin" checked={custom()} onChange={() => setCustom(true)} /> Choose the
            PIN
          </label>
        </Show>
        <Show when={custom()}>
          <span class="pin-row">
            <input
              type={showPin() ? "text" : "password"}
              inputmode="numeric"
              autocomplete="off"
              aria-label="PIN"
              data-testid="custom-pin"
              value={pin()}
              onInput={(e) => setPin(e.currentTarget.value)}
            />
            <button
              type="button"
              class="secondary"
              aria-pressed={showPin()}
              data-testid="show-pin"
              onClick={() => setShowPin(!showPin())}
            >
              {showPin() ? "Hide" : "Show"}
            </button>
          </span>
          <p class={problem() ? "warn" : "ok"} data-testid="pin-check">
            {problem() ?? "This PIN meets the policy."}
          </p>
        </Show>
      </fieldset>
      <button type="submit" data-testid="create" disabled={blocked()}>
        Create
      </button>
    </form>
  );
};
