// Create a QR code + PIN method: badge lifetime, and a generated PIN or one typed here, checked
// live against the tenant's policy with the reason shown.
import { createResource, createSignal, Show, type Component } from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import { allows } from "./locks";
import type { CreateRequest } from "./generated/bindings";

const DAY = 86_400_000;

export const CreateForm: Component<{
  backend: Backend;
  upn: string;
  busy: boolean;
  onCreate: (req: CreateRequest) => void;
}> = (props) => {
  const [days, setDays] = createSignal(365);
  const [custom, setCustom] = createSignal(false);
  const [pin, setPin] = createSignal("");
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
  const blocked = () => props.busy || (custom() && problem() !== null) || days() < 1 || days() > 395;
  const submit = (e: Event) => {
    e.preventDefault();
    if (blocked()) return;
    const start = Date.now();
    props.onCreate({ user: props.upn, start, expires: start + days() * DAY, pin: custom() ? pin() : null });
  };

  return (
    <form class="create" onSubmit={submit} data-testid="create-form">
      <h3>Create QR code + PIN</h3>
      <label>
        Badge valid for
        <input
          type="number"
          min="1"
          max="395"
          value={days()}
          onInput={(e) => setDays(Number(e.currentTarget.value))}
        />{" "}
        days
      </label>
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
          <input
            type="password"
            inputmode="numeric"
            autocomplete="off"
            aria-label="PIN"
            data-testid="custom-pin"
            value={pin()}
            onInput={(e) => setPin(e.currentTarget.value)}
          />
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
