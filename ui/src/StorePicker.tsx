// The header's store (#16 §1): the one store the operator works in as text, a picker among
// their stores, or "All stores" for a tenant-wide role. A station pinned by the organisation's
// policy shows its store and "Set by your organisation". Rust refuses anyone outside the store.
import { createResource, createSignal, For, Match, Show, Switch, type Component } from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import type { ScopeView } from "./generated/bindings";
import { Locked } from "./Locked";
import { effective } from "./locks";

/** The policy key that pins a station to one store (administrative unit). */
export const PINNED_UNIT_KEY = "station.administrativeUnitId";

export const StorePicker: Component<{
  backend: Backend;
  /** After the operator chose a store (the search must then ask again). */
  onChange?: (view: ScopeView) => void;
}> = (props) => {
  const [loaded] = createResource(() => props.backend.scopeCurrent());
  const [chosen, setChosen] = createSignal<ScopeView | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  // A resource in error throws when read: no scope known shows nothing (Rust still decides).
  const view = () => chosen() ?? (loaded.state === "ready" ? loaded.latest : null);
  const pinned = () => {
    const v = effective(PINNED_UNIT_KEY);
    return typeof v === "string" && v.trim() !== "";
  };
  const choose = async (unitId: string) => {
    setBusy(true);
    setError(null);
    try {
      const v = await props.backend.scopeChoose(unitId);
      setChosen(v);
      props.onChange?.(v);
    } catch (e) {
      setError(toErrorPayload(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Show when={view()}>
      {(v) => (
        <span class="store" data-testid="store">
          <Switch>
            <Match when={pinned() || (!v().tenantWide && v().units.length === 1)}>
              <span class="store-name" data-testid="store-name">
                {v().chosen?.name ?? v().units[0]?.name ?? "This store"}
              </span>
              <Locked name={PINNED_UNIT_KEY} />
            </Match>
            <Match when={!v().tenantWide && v().units.length > 1}>
              <label class="store-pick">
                <span>Store</span>
                <select
                  data-testid="store-select"
                  value={v().chosen?.id ?? ""}
                  disabled={busy()}
                  aria-invalid={error() ? "true" : undefined}
                  onChange={(e) => void choose(e.currentTarget.value)}
                >
                  <Show when={!v().chosen}>
                    <option value="" disabled>
                      Choose a store
                    </option>
                  </Show>
                  <For each={v().units}>{(u) => <option value={u.id}>{u.name}</option>}</For>
                </select>
              </label>
            </Match>
            <Match when={v().tenantWide}>
              <span class="store-name" data-testid="store-name" title="Your role covers every store">
                All stores
              </span>
            </Match>
            <Match when={true}>
              <span class="store-name" data-testid="store-name" title="None of your roles apply to a store">
                No store
              </span>
            </Match>
          </Switch>
          <Show when={error()}>
            {(m) => (
              <span class="store-error" role="alert" data-testid="store-error">
                {m()}
              </span>
            )}
          </Show>
        </span>
      )}
    </Show>
  );
};
