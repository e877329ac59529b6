// The Renewals tab after "Renew selected": what the renewal will do (confirm), its progress with
// pause and cancel, and the result: the badge sheet and PIN slips, each with Open / Show in folder.
import { createSignal, For, Show, type Component } from "solid-js";
import type { Backend } from "../api";
import { FilePath } from "../FileActions";
import type { JobStatus, Plan, Progress } from "../generated/bindings";
import { planWords } from "./words";

/** How many rows of `p` change something in Microsoft Entra. */
export const sends = (p: Plan) => p.extend + p.rotate + p.replace + p.create;

export const Confirm: Component<{
  plan: Plan;
  templates: string[];
  template: string;
  onTemplate: (t: string) => void;
  busy: boolean;
  onGo: () => void;
}> = (props) => (
  <div data-testid="renewal-confirm">
    <p>
      <strong>Renew {props.plan.rows.length} workers?</strong>
    </p>
    <p data-testid="renewal-plan">{planWords(props.plan)}.</p>
    <For each={props.plan.rows.filter((x) => x.problems.some((y) => !y.warning))}>
      {(x) => (
        <p class="warn">
          {x.displayName ?? x.upn}: {x.problems.map((y) => y.message).join("; ")}
        </p>
      )}
    </For>
    <label>
      Label{" "}
      <select value={props.template} onChange={(e) => props.onTemplate(e.currentTarget.value)}>
        <For each={props.templates}>{(t) => <option value={t}>{t}</option>}</For>
      </select>
    </label>
    <p class="muted">
      New badges go to a badge sheet PDF, and new PINs to PIN slips, in the exports folder; both are deleted
      after 24 h (Settings can change how long).
    </p>
    <button
      type="button"
      data-testid="renewal-go"
      disabled={props.busy || sends(props.plan) === 0}
      onClick={() => props.onGo()}
    >
      Renew {sends(props.plan)} {sends(props.plan) === 1 ? "worker" : "workers"}
    </button>
  </div>
);

export const Running: Component<{
  progress: Progress | null;
  onPause: (paused: boolean) => void;
  onCancel: () => void;
}> = (props) => {
  const [paused, setPaused] = createSignal(false);
  return (
    <div data-testid="renewal-progress">
      <progress
        max={props.progress?.total || 1}
        value={props.progress?.done ?? 0}
        aria-label="Renewed so far"
      />
      <p>
        {props.progress?.done ?? 0} of {props.progress?.total ?? "…"} done · {props.progress?.failed ?? 0}{" "}
        failed
      </p>
      <div class="group">
        <button
          type="button"
          class="secondary"
          onClick={() => {
            setPaused(!paused());
            props.onPause(paused());
          }}
        >
          {paused() ? "Continue" : "Pause"}
        </button>
        <button type="button" class="danger" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
      <p class="muted">Cancel stops after the changes in flight; the renewal can be finished later.</p>
    </div>
  );
};

export const Done: Component<{
  status: JobStatus;
  backend: Pick<Backend, "filesOpen" | "filesReveal">;
  onResume: () => void;
}> = (props) => {
  const c = () => props.status.counts;
  const retention = () => props.status.job.options.retentionHours ?? 24;
  return (
    <div data-testid="renewal-done">
      <p>
        <strong>
          {c().done} of {c().total} renewed
        </strong>{" "}
        · {c().extended} extended (same badge) · {c().badgeWritten + c().printed} new badges · {c().failed}{" "}
        failed
      </p>
      <For each={props.status.files.badges}>
        {(f) => (
          <p class="ok" data-testid="renewal-sheet">
            Badges to print: <FilePath backend={props.backend} file={f} what="the badge sheet" /> (deleted
            after {retention()} h)
          </p>
        )}
      </For>
      <For each={props.status.files.slips}>
        {(f) => (
          <p class="ok" data-testid="renewal-slips">
            PIN slips: <FilePath backend={props.backend} file={f} what="the PIN slips" /> (deleted after{" "}
            {retention()} h; hand each slip to its worker)
          </p>
        )}
      </For>
      <Show when={c().pending + c().sent > 0}>
        <button type="button" data-testid="renewal-resume" onClick={() => props.onResume()}>
          Finish the renewal
        </button>
      </Show>
    </div>
  );
};
