// The local audit log: who did what to whom, how it ended, and Graph's request-id; export CSV.
import { activityWords } from "./activityWords";
import { createResource, createSignal, For, Show, type Component } from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import { FilePath } from "./FileActions";
import { localTime } from "./format";
import type { SavedFile } from "./generated/bindings";

export const Activity: Component<{ backend: Backend }> = (props) => {
  const [filter, setFilter] = createSignal("");
  const [rows, { refetch }] = createResource(filter, (f) =>
    props.backend.auditList(f.trim() === "" ? undefined : f.trim()),
  );
  const [exported, setExported] = createSignal<SavedFile | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const exportCsv = async () => {
    setError(null);
    try {
      setExported(await props.backend.auditExport());
    } catch (e) {
      setError(toErrorPayload(e).message);
    }
  };
  return (
    <section class="panel activity" data-testid="activity">
      <div class="card-head">
        <h2>Activity on this station</h2>
        <span class="group">
          <input
            type="search"
            aria-label="Only this worker (UPN)"
            class="filter-input"
            placeholder="Filter by worker e-mail"
            data-testid="audit-filter"
            onChange={(e) => setFilter(e.currentTarget.value)}
          />
          <button type="button" class="secondary" onClick={() => void refetch()}>
            Refresh
          </button>
          <button type="button" data-testid="export" onClick={() => void exportCsv()}>
            Export CSV
          </button>
        </span>
      </div>
      <Show when={exported()}>
        {(p) => (
          <p class="ok" data-testid="exported">
            Saved to <FilePath backend={props.backend} file={p()} what="the activity CSV" />
          </p>
        )}
      </Show>
      <Show when={error()}>
        {(e) => (
          <p class="error" role="alert">
            {e()}
          </p>
        )}
      </Show>
      <table class="log">
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>What</th>
            <th>Worker</th>
            <th>Outcome</th>
            <th>Request id</th>
          </tr>
        </thead>
        <tbody>
          <For
            each={rows.state === "ready" ? rows.latest : []}
            fallback={
              <tr>
                <td colSpan={6} class="muted">
                  Nothing yet.
                </td>
              </tr>
            }
          >
            {(r) => (
              <tr data-testid="audit-row">
                <td>{localTime(r.at)}</td>
                <td>{r.operatorUpn}</td>
                <td title={r.action}>{activityWords(r.action)}</td>
                <td>{r.targetUpn ?? ""}</td>
                <td class={r.outcome === "success" ? "ok" : "warn"}>
                  {r.outcome === "success" ? "done" : `failed (${r.errorCode ?? "?"})`}
                </td>
                <td>
                  <code>{r.requestId ?? ""}</code>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </section>
  );
};
