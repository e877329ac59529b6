// The Bulk import's list of earlier jobs, each to open or, when it did not finish, to resume.
import { For, Show, type Component } from "solid-js";
import { localTime } from "../format";
import type { JobInfo } from "../generated/bindings";

/** Earlier jobs with Open and Resume. */
export const EarlierJobs: Component<{
  jobs: JobInfo[];
  onOpen: (job: string) => void;
  onResume: (job: string) => void;
}> = (props) => (
  <>
    <h3>Earlier jobs</h3>
    <ul class="jobs">
      <For each={props.jobs}>
        {(j) => (
          <li>
            <code>{j.id}</code> {localTime(j.createdAt)} · {j.source} · {j.state}{" "}
            <button type="button" class="link" onClick={() => props.onOpen(j.id)}>
              Open
            </button>
            <Show when={j.state !== "finished"}>
              <button type="button" class="link" onClick={() => props.onResume(j.id)}>
                Resume
              </button>
            </Show>
          </li>
        )}
      </For>
    </ul>
  </>
);
