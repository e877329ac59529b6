// The table of a job's rows in words (live while running, and the results), used by the Bulk import.
import { For, type Component } from "solid-js";
import type { RowStatus } from "../generated/bindings";
import { STATE_WORDS } from "./words";

/** Rows of a job in words, with their error and Graph's request-id (the first 500). */
export const RowTable: Component<{ rows: RowStatus[]; testid: string }> = (props) => (
  <div class="table-wrap">
    <table class="rows" data-testid={props.testid}>
      <thead>
        <tr>
          <th>Line</th>
          <th>Worker</th>
          <th>Outcome</th>
          <th>Error</th>
          <th>Request id</th>
        </tr>
      </thead>
      <tbody>
        <For each={props.rows.slice(0, 500)}>
          {(r) => (
            <tr classList={{ bad: r.state === "failed" || r.state === "badgeLost" }}>
              <td>{r.line}</td>
              <td>{r.upn}</td>
              <td>{STATE_WORDS[r.state]}</td>
              <td>{r.errorMessage ?? ""}</td>
              <td>
                <code>{r.requestId ?? ""}</code>
              </td>
            </tr>
          )}
        </For>
      </tbody>
    </table>
  </div>
);
