// The Bulk import's third step: the running job's progress bar and counts, Pause/Resume and
// Cancel, and each row's state as the journal last said (read at most once a second).
import { Show, type Component } from "solid-js";
import type { Progress, RowStatus } from "../generated/bindings";
import { RowTable } from "./RowTable";

/** A running job: how far it is, its pace, and buttons to pause or cancel it. */
export const RunProgress: Component<{
  progress: Progress | null;
  live: RowStatus[];
  paused: boolean;
  onPause: (paused: boolean) => void;
  onCancel: () => void;
}> = (props) => (
  <div data-testid="bulk-progress">
    <progress max={props.progress?.total || 1} value={props.progress?.done ?? 0} aria-label="Done so far" />
    <Show when={props.progress?.singleRequests}>
      <p class="muted" data-testid="bulk-single">
        Microsoft refused these changes inside batches: they are sent one at a time, at the same pace.
      </p>
    </Show>
    <p>
      {props.progress?.done ?? 0} of {props.progress?.total ?? "…"} done · {props.progress?.failed ?? 0}{" "}
      failed · {props.progress?.inFlight ?? 0} batches in flight (pace {props.progress?.concurrency ?? 0}) ·
      throttled {props.progress?.throttled ?? 0}×
    </p>
    <div class="group">
      <button
        type="button"
        class="secondary"
        data-testid="bulk-pause"
        onClick={() => props.onPause(!props.paused)}
      >
        {props.paused ? "Resume" : "Pause"}
      </button>
      <button type="button" class="danger" data-testid="bulk-cancel" onClick={() => props.onCancel()}>
        Cancel
      </button>
    </div>
    <p class="muted">
      Cancel stops after the batches in flight; their badges are written, and the job can be resumed.
    </p>
    <Show when={props.live.length > 0}>
      <RowTable
        rows={props.live.filter((r) => r.state !== "invalid" && r.state !== "skipped")}
        testid="live-rows"
      />
    </Show>
  </div>
);
