// Every row of a finished job in words (successes included): who, what happened, for how many
// days the badge works, and a failed row's error with its code and request id under "Details";
// "Problems only" narrows a long list, and "Show more" pages through a very long one.
import { createSignal, For, Show, type Component } from "solid-js";
import { ErrorDetails } from "../ErrorDetails";
import type { ErrorPayload, PlannedRow, RowStatus } from "../generated/bindings";
import { daysWords, isProblem, outcomeWords } from "./words";

/** More rows than this and the list offers "Problems only". */
export const FILTER_FROM = 10;
/** Rows drawn at a time (the results CSV holds every row too). */
const PAGE = 1000;

/** The results of a job, one line per row. */
export const ResultTable: Component<{
  rows: RowStatus[];
  /** The plan's rows by line, when this session planned the job (for the days). */
  planned: Map<number, PlannedRow>;
  lifetimeDays: number | null;
}> = (props) => {
  const [problemsOnly, setProblemsOnly] = createSignal(false);
  const [shown, setShown] = createSignal(PAGE);
  const problems = () => props.rows.filter(isProblem).length;
  const rows = () => (problemsOnly() ? props.rows.filter(isProblem) : props.rows);
  return (
    <>
      <Show when={props.rows.length > FILTER_FROM}>
        <div class="group" role="radiogroup" aria-label="Which rows" data-testid="result-filter">
          <label class="check">
            <input
              type="radio"
              name="result-filter"
              checked={!problemsOnly()}
              data-testid="result-all"
              onChange={() => setProblemsOnly(false)}
            />
            All ({props.rows.length})
          </label>
          <label class="check">
            <input
              type="radio"
              name="result-filter"
              checked={problemsOnly()}
              data-testid="result-problems"
              onChange={() => setProblemsOnly(true)}
            />
            Problems only ({problems()})
          </label>
        </div>
      </Show>
      <div class="table-wrap">
        <table class="rows" data-testid="result-rows">
          <thead>
            <tr>
              <th>Line</th>
              <th>Worker</th>
              <th>What happened</th>
              <th>Days</th>
            </tr>
          </thead>
          <tbody>
            <For each={rows().slice(0, shown())}>
              {(r) => (
                <tr classList={{ bad: isProblem(r) }} data-testid="result-row">
                  <td>{r.line}</td>
                  <td>
                    {r.displayName ?? ""} <span class="muted">{r.upn}</span>
                  </td>
                  <td>
                    {outcomeWords(r)}
                    <Show when={r.errorCode || r.errorMessage}>
                      {": "}
                      <ErrorDetails
                        error={{
                          code: (r.errorCode ?? "bulk.failed") as ErrorPayload["code"],
                          message: r.errorMessage ?? "",
                          ...(r.requestId ? { requestId: r.requestId } : {}),
                        }}
                      />
                    </Show>
                  </td>
                  <td>{daysWords(r, props.planned.get(r.line), props.lifetimeDays)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={rows().length > shown()}>
        <p class="muted">
          Showing {shown()} of {rows().length} rows.{" "}
          <button type="button" class="link" onClick={() => setShown(shown() + PAGE)}>
            Show more
          </button>
        </p>
      </Show>
    </>
  );
};
