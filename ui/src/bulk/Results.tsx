// The Bulk import's last step: the job's counts, its files (badge sheets and PIN slips, named),
// "retry failed", new badges for lost ones, resume, the results CSV, and every row in words.
import { For, Show, type Component } from "solid-js";
import type { Backend } from "../api";
import { FilePath } from "../FileActions";
import type { Again, JobStatus, PlannedRow, SavedFile } from "../generated/bindings";
import { ResultTable } from "./ResultTable";
import { jobFiles } from "./words";

/** A finished (or stopped) job's results. */
export const Results: Component<{
  status: JobStatus;
  planned: Map<number, PlannedRow>;
  lifetimeDays: number | null;
  exported: SavedFile | null;
  backend: Pick<Backend, "filesOpen" | "filesReveal">;
  onAgain: (what: Again) => void;
  onExport: () => void;
}> = (props) => {
  const s = () => props.status;
  const files = () => jobFiles(s());
  const retention = () => s().job.options.retentionHours ?? 24;
  return (
    <>
      <p data-testid="bulk-done">
        <strong>
          {s().counts.done} of {s().counts.total} done
        </strong>{" "}
        · {s().counts.badgeWritten + s().counts.printed} badges · {s().counts.failed} failed ·{" "}
        {s().counts.badgeLost} badges lost · {s().counts.skipped} skipped — job {s().job.id}
      </p>
      {/* The job's files, each with Open / Show in folder when it is in the exports folder. */}
      <div class="files" data-testid="bulk-files">
        <For each={files().badges}>
          {(o) => (
            <p class="ok" data-testid="bulk-file-badges">
              Badges: <FilePath backend={props.backend} file={o} what="the badge sheet" /> (deleted after{" "}
              {retention()} h)
            </p>
          )}
        </For>
        <For each={files().slips}>
          {(o) => (
            <p class="ok" data-testid="bulk-file-slips">
              PIN slips: <FilePath backend={props.backend} file={o} what="the PIN slips" /> (deleted after{" "}
              {retention()} h; hand each slip to its worker)
            </p>
          )}
        </For>
        <Show when={files().slipsIn}>
          {(dir) => (
            <p class="ok" data-testid="bulk-file-slips">
              PIN slips: in <code>{dir()}</code>, named <code>job-{s().job.id}-0001-pins.pdf</code> and on
              (deleted after {retention()} h)
            </p>
          )}
        </Show>
        <Show when={files().badges.length === 0}>
          <p class="muted">No badge sheet was written for this job.</p>
        </Show>
      </div>
      <div class="group wrap">
        <Show when={s().counts.failed > 0}>
          <button type="button" data-testid="bulk-retry" onClick={() => props.onAgain("retryFailed")}>
            Retry failed
          </button>
        </Show>
        <Show when={s().counts.badgeLost > 0}>
          <button type="button" data-testid="bulk-rotate-lost" onClick={() => props.onAgain("rotateLost")}>
            New badges (and PINs where lost) for the lost ones
          </button>
        </Show>
        <Show when={s().counts.pending + s().counts.sent > 0}>
          <button type="button" onClick={() => props.onAgain("resume")}>
            Resume
          </button>
        </Show>
        <button type="button" class="secondary" data-testid="bulk-export" onClick={() => props.onExport()}>
          Export results CSV
        </button>
      </div>
      <Show when={props.exported}>
        {(p) => (
          <p class="ok">
            Saved to <FilePath backend={props.backend} file={p()} what="the results CSV" />
          </p>
        )}
      </Show>
      <ResultTable rows={s().rows} planned={props.planned} lifetimeDays={props.lifetimeDays} />
    </>
  );
};
