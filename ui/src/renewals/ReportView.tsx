// A store's renewal report: its age, the counts per state in words, the buttons (tick the due
// ones, Export CSV, Renew selected) and the workers' table.
import { For, Show, type Component } from "solid-js";
import type { Backend } from "../api";
import { FilePath } from "../FileActions";
import type { Report, SavedFile } from "../generated/bindings";
import { ago } from "../format";
import { WorkerTable } from "./WorkerTable";
import { countLines, isDue } from "./words";

export const ReportView: Component<{
  report: Report;
  /** The scope in words when the window knows better than the report (the store's name). */
  label?: string | undefined;
  now: number;
  selected: Set<string>;
  onSelect: (upns: Set<string>) => void;
  chosen: number;
  busy: boolean;
  planning: boolean;
  exported: SavedFile | null;
  backend: Pick<Backend, "filesOpen" | "filesReveal">;
  onExport: () => void;
  onRenew: () => void;
}> = (props) => {
  const toggle = (upn: string, on: boolean) => {
    const next = new Set(props.selected);
    if (on) next.add(upn);
    else next.delete(upn);
    props.onSelect(next);
  };
  return (
    <>
      <p data-testid="renewal-age">
        <strong>{props.label ?? props.report.scopeLabel}</strong>: {props.report.rows.length} workers ·
        Checked {ago(props.report.scannedAt, props.now)}
      </p>
      <ul class="counts" data-testid="renewal-counts" aria-label="Badges by state">
        <For each={countLines(props.report)}>
          {(c) => (
            <li data-testid={`count-${c.key}`}>
              {c.label}: <strong>{c.n}</strong>
            </li>
          )}
        </For>
      </ul>
      <div class="group wrap">
        <button
          type="button"
          class="secondary"
          onClick={() => props.onSelect(new Set(props.report.rows.filter(isDue).map((w) => w.upn)))}
        >
          Tick everyone due
        </button>
        <button type="button" class="secondary" onClick={() => props.onSelect(new Set<string>())}>
          Untick all
        </button>
        <button
          type="button"
          class="secondary"
          data-testid="renewal-export"
          disabled={props.busy}
          onClick={() => props.onExport()}
        >
          Export CSV
        </button>
        <button
          type="button"
          data-testid="renewal-renew"
          disabled={props.busy || props.chosen === 0}
          onClick={() => props.onRenew()}
        >
          Renew selected ({props.chosen})
        </button>
      </div>
      <Show when={props.exported}>
        {(p) => (
          <p class="ok" data-testid="renewal-exported">
            Saved to <FilePath backend={props.backend} file={p()} what="the renewals CSV" />
          </p>
        )}
      </Show>
      <Show when={props.planning}>
        <p class="muted">Reading the chosen workers’ badges again…</p>
      </Show>
      <WorkerTable rows={props.report.rows} selected={props.selected} onToggle={toggle} now={props.now} />
    </>
  );
};
