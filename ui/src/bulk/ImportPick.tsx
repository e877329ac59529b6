// The Bulk import's first step: drop or choose a CSV (what it must hold, with an example), or
// pick everyone of a department or store from Microsoft Graph, and the plan options.
import { Show, type Component } from "solid-js";
import type { Selection } from "../generated/bindings";
import type { Choices } from "./choices";
import { UnusableChoice } from "./UnusableChoice";
import { CSV_EXAMPLE, CSV_HELP } from "./words";

/** Where the workers come from (a file or a selection) and how existing methods are treated. */
export const ImportPick: Component<{
  choices: Choices;
  busy: boolean;
  onFile: (file: File) => void;
  onSelection: (selection: Selection) => void;
}> = (props) => {
  return (
    <>
      <div
        class="drop"
        data-testid="drop"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          const file = e.dataTransfer?.files[0];
          if (file) props.onFile(file);
        }}
      >
        <p>
          <strong>Drop a CSV file here</strong>, or choose one.
        </p>
        <p class="muted" data-testid="csv-help">
          {CSV_HELP}
        </p>
        <p class="muted">For example:</p>
        <pre class="muted" data-testid="csv-example">
          {CSV_EXAMPLE}
        </pre>
        <input
          type="file"
          accept=".csv,text/csv"
          aria-label="Choose a CSV file"
          data-testid="csv-file"
          onChange={(e) => {
            const f = e.currentTarget.files?.[0];
            if (f) props.onFile(f);
          }}
        />
      </div>
      <div class="group">
        <span>Or everyone in a</span>
        <select
          aria-label="Pick users by"
          value={props.choices.by()}
          onChange={(e) => props.choices.setBy(e.currentTarget.value as Selection["by"])}
        >
          <option value="department">department</option>
          <option value="officeLocation">store (office location)</option>
        </select>
        <input
          aria-label="Department or store"
          data-testid="selection"
          value={props.choices.value()}
          onInput={(e) => props.choices.setValue(e.currentTarget.value)}
        />
        <button
          type="button"
          disabled={props.busy || props.choices.value().trim() === ""}
          onClick={() => props.onSelection({ by: props.choices.by(), value: props.choices.value().trim() })}
        >
          Find
        </button>
      </div>
      <label class="check">
        <input
          type="checkbox"
          checked={props.choices.rotateExisting()}
          onChange={(e) => props.choices.setRotateExisting(e.currentTarget.checked)}
        />
        Give workers who already have a badge a new one (their PIN stays)
      </label>
      <UnusableChoice
        value={props.choices.unusable()}
        onChange={props.choices.setUnusable}
        confirmed={props.choices.replaceOk()}
        onConfirm={props.choices.setReplaceOk}
      />
      <Show when={props.busy}>
        <p class="muted">Checking every row with Microsoft…</p>
      </Show>
    </>
  );
};
