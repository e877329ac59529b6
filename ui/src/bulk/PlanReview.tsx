// The Bulk import's second step: the plan in words (what each row will do, its problems by line,
// where its badge goes), the choice for unusable methods, how badges and PIN slips are written,
// and the Run button, held back until nothing blocks it (PIN slips off needs a tick).
import { createSignal, For, Show, type Component } from "solid-js";
import type { Plan } from "../generated/bindings";
import type { Choices } from "./choices";
import { UnusableChoice } from "./UnusableChoice";
import { ACTION_WORDS, destinationWords, planSummary } from "./words";

/** The plan of an import, with the run's options and its Run button. */
export const PlanReview: Component<{
  plan: Plan;
  choices: Choices;
  busy: boolean;
  templates: string[];
  profiles: string[];
  onPlanAgain: () => void;
  onRun: () => void;
}> = (props) => {
  const [onlyProblems, setOnlyProblems] = createSignal(false);
  const rows = () => props.plan.rows.filter((r) => !onlyProblems() || r.problems.length > 0);
  const unusableRows = () =>
    props.plan.rows.filter((r) => r.problems.some((x) => x.code === "bulk.unusable_method")).length;
  const sends = () => props.plan.create + props.plan.rotate;
  // Generated PINs with no slips: the operator must say so first.
  const pinsUnrecorded = () => props.plan.generatedPins > 0 && !props.choices.slips();
  return (
    <>
      <p data-testid="plan-summary">
        <strong>{planSummary(props.plan)}</strong> — {props.plan.source}
      </p>
      <For each={props.plan.problems}>{(x) => <p class="error">{x.message}</p>}</For>
      <Show when={unusableRows() > 0}>
        <div class="warn" data-testid="unusable-choice">
          <p>
            {unusableRows()} worker(s) have a method that can no longer be used, and Microsoft may not create
            a new one over it. Choose what to do with them, then plan again.
          </p>
          <UnusableChoice
            value={props.choices.unusable()}
            onChange={props.choices.setUnusable}
            confirmed={props.choices.replaceOk()}
            onConfirm={props.choices.setReplaceOk}
          />
          <button
            type="button"
            data-testid="plan-again"
            disabled={props.busy}
            onClick={() => props.onPlanAgain()}
          >
            Plan again
          </button>
        </div>
      </Show>
      <label class="check">
        <input
          type="checkbox"
          checked={onlyProblems()}
          onChange={(e) => setOnlyProblems(e.currentTarget.checked)}
        />
        Only rows with problems
      </label>
      <div class="table-wrap">
        <table class="rows" data-testid="plan-rows">
          <thead>
            <tr>
              <th>Line</th>
              <th>Worker (sign-in name)</th>
              <th>Will</th>
              <th>Goes to</th>
              <th>Notes</th>
            </tr>
          </thead>
          <tbody>
            <For each={rows().slice(0, 500)}>
              {(r) => (
                <tr classList={{ bad: r.action === "invalid" }}>
                  <td>{r.line}</td>
                  <td>
                    {r.displayName ?? ""} <span class="muted">{r.upn}</span>
                  </td>
                  <td>{ACTION_WORDS[r.action]}</td>
                  <td>{destinationWords(r)}</td>
                  <td>
                    {r.problems.map((x) => x.message).join("; ")}
                    {r.customPin ? " PIN from the file." : ""}
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={rows().length > 500}>
        <p class="muted">Showing the first 500 of {rows().length} rows.</p>
      </Show>
      <div class="group wrap">
        <label>
          Label{" "}
          <select
            value={props.choices.template()}
            onChange={(e) => props.choices.setTemplate(e.currentTarget.value)}
            data-testid="bulk-template"
          >
            <For each={props.templates}>{(t) => <option value={t}>{t}</option>}</For>
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={props.choices.pdf()}
            onChange={(e) => props.choices.setPdf(e.currentTarget.checked)}
          />{" "}
          Badge sheet PDF
        </label>
        <label>
          Printer profile{" "}
          <select
            value={props.choices.printer()}
            onChange={(e) => props.choices.setPrinter(e.currentTarget.value)}
            data-testid="bulk-printer"
          >
            <option value="">none</option>
            <For each={props.profiles}>{(n) => <option value={n}>{n}</option>}</For>
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={props.choices.slips()}
            data-testid="bulk-slips"
            onChange={(e) => props.choices.setSlips(e.currentTarget.checked)}
          />{" "}
          PIN slips (a separate file)
        </label>
      </div>
      <p class="muted">
        Badge sheets and PIN slips go to the exports folder and are deleted after 24 h (Settings can change
        how long).
      </p>
      <Show when={pinsUnrecorded()}>
        <label class="check warn" data-testid="bulk-no-pins">
          <input
            type="checkbox"
            checked={props.choices.noPinRecord()}
            onChange={(e) => props.choices.setNoPinRecord(e.currentTarget.checked)}
          />
          <span>
            {props.plan.generatedPins} PINs will be generated and recorded nowhere: nobody will know them, and
            each worker needs a PIN reset before signing in. <strong>I will reset these PINs later.</strong>
          </span>
        </label>
      </Show>
      <Show when={!props.choices.pdf() && props.choices.printer().trim() === ""}>
        <p class="warn">
          Without a PDF or a printer the badges are not kept: Microsoft shows each QR code only once.
        </p>
      </Show>
      <button
        type="button"
        data-testid="bulk-run"
        disabled={
          props.busy ||
          sends() === 0 ||
          props.plan.problems.some((x) => !x.warning) ||
          (pinsUnrecorded() && !props.choices.noPinRecord())
        }
        onClick={() => props.onRun()}
      >
        Create {sends()} {sends() === 1 ? "method" : "methods"}
      </button>
    </>
  );
};
