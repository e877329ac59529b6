// The note beside a value the organisation's policy locks: "Set by your organisation".
import { Show, type Component } from "solid-js";
import { isLocked } from "./locks";

export const Locked: Component<{ name: string }> = (props) => (
  <Show when={isLocked(props.name)}>
    <span class="muted small locked" data-testid={`locked-${props.name}`} title={props.name}>
      Set by your organisation
    </span>
  </Show>
);
