// The choice for workers whose method can no longer be used (ask, renew, replace, skip), used by the
// Bulk import's file picker and plan view.
import { Show, type Component } from "solid-js";
import type { Unusable } from "../generated/bindings";

/** What to do with workers whose method can no longer be used; "replace" asks for a tick. */
export const UnusableChoice: Component<{
  value: Unusable;
  onChange: (u: Unusable) => void;
  confirmed: boolean;
  onConfirm: (ok: boolean) => void;
}> = (props) => (
  <div class="group wrap">
    <label>
      Workers whose method can no longer be used{" "}
      <select
        value={props.value}
        data-testid="bulk-unusable"
        onChange={(e) => {
          props.onChange(e.currentTarget.value as Unusable);
          props.onConfirm(false);
        }}
      >
        <option value="ask">list them, do nothing</option>
        <option value="renew">renew: new badge and PIN, nothing deleted</option>
        <option value="replace">replace: delete the old method, then create…</option>
        <option value="skip">skip them</option>
      </select>
    </label>
    <Show when={props.value === "replace"}>
      <label class="check">
        <input
          type="checkbox"
          checked={props.confirmed}
          data-testid="bulk-replace-ok"
          onChange={(e) => props.onConfirm(e.currentTarget.checked)}
        />
        Delete their old methods (badge, temporary code and PIN) for good
      </label>
    </Show>
  </div>
);
