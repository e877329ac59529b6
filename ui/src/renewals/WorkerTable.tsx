// The Renewals report's workers, most urgent first, each with a checkbox ("renew this one").
import { For, Show, type Component } from "solid-js";
import type { WorkerStatus } from "../generated/bindings";
import { notes, statusLine } from "./words";

const SHOWN = 500;

export const WorkerTable: Component<{
  rows: WorkerStatus[];
  selected: Set<string>;
  onToggle: (upn: string, on: boolean) => void;
  now: number;
}> = (props) => (
  <>
    <div class="table-wrap">
      <table class="rows" data-testid="renewal-rows">
        <caption class="muted">Workers, most urgent first</caption>
        <thead>
          <tr>
            <th scope="col">Renew</th>
            <th scope="col">Worker</th>
            <th scope="col">Badge</th>
            <th scope="col">Notes</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows.slice(0, SHOWN)}>
            {(w) => (
              <tr data-testid="renewal-row">
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Renew ${w.displayName ?? w.upn}`}
                    checked={props.selected.has(w.upn)}
                    disabled={w.state === "unreadable"}
                    onChange={(e) => props.onToggle(w.upn, e.currentTarget.checked)}
                  />
                </td>
                <td>
                  {w.displayName ?? ""} <span class="muted">{w.upn}</span>
                </td>
                <td>{statusLine(w, props.now)}</td>
                <td>{notes(w)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
    <Show when={props.rows.length > SHOWN}>
      <p class="muted">
        Showing the first {SHOWN} of {props.rows.length} workers (the most urgent); Export CSV has them all.
      </p>
    </Show>
  </>
);
