// The bulk import wizard: a CSV (dropped or chosen) or a department/store from Graph → the plan
// with every problem by line → a run with a progress bar, pause and cancel → the results per
// row, with "retry failed", new badges for lost ones, and the results CSV. Earlier jobs below.
// This file holds the steps' state; each step's screen is in ./bulk/.
import { createResource, createSignal, Match, Show, Switch, type Component } from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import type {
  Again,
  JobStatus,
  Plan,
  PlannedRow,
  Progress,
  RowStatus,
  SavedFile,
  Selection,
} from "./generated/bindings";
import { createChoices } from "./bulk/choices";
import { EarlierJobs } from "./bulk/EarlierJobs";
import { ImportPick } from "./bulk/ImportPick";
import { PlanReview } from "./bulk/PlanReview";
import { Results } from "./bulk/Results";
import { RunProgress } from "./bulk/RunProgress";
import { readBytes } from "./bulk/words";

export { destinationWords, MAX_CSV_BYTES, planSummary } from "./bulk/words";

type Step = "choose" | "plan" | "run" | "done";

export const Bulk: Component<{ backend: Backend }> = (props) => {
  const choices = createChoices();
  const [step, setStep] = createSignal<Step>("choose");
  const [plan, setPlan] = createSignal<Plan | null>(null);
  const [progress, setProgress] = createSignal<Progress | null>(null);
  // Each row's state while the job runs (read from the journal at most once a second).
  const [live, setLive] = createSignal<RowStatus[]>([]);
  let lastRead = 0;
  const onProgress = (p: Progress) => {
    setProgress(p);
    const now = Date.now();
    if (p.jobId && now - lastRead >= 1000) {
      lastRead = now;
      props.backend.bulkStatus(p.jobId).then(
        (s) => setLive(s.rows),
        () => undefined,
      );
    }
  };
  const [status, setStatus] = createSignal<JobStatus | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [paused, setPaused] = createSignal(false);
  const [exported, setExported] = createSignal<SavedFile | null>(null);
  const [templates] = createResource(() => props.backend.badgeTemplates().catch(() => ["sheet-a4"]));
  const [profiles] = createResource(() =>
    props.backend
      .printerProfiles()
      .then((p) => p.profiles.map((x) => x.name))
      .catch(() => [] as string[]),
  );
  // The tenant's badge lifetime: the days of rows whose CSV gave neither days nor expiry.
  const [lifetime] = createResource(() =>
    props.backend
      .tenantPolicy()
      .then((p) => p.standardLifetimeDays)
      .catch(() => null),
  );
  const [jobs, { refetch: refetchJobs }] = createResource(() => props.backend.bulkJobs().catch(() => []));

  const attempt = async (work: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await work();
    } catch (e) {
      const err = toErrorPayload(e);
      setError(`${err.message} (${err.code})`);
    } finally {
      setBusy(false);
    }
  };
  // The last plan's input, so a changed choice can be planned again without picking the file.
  let replan: (() => Promise<Plan>) | null = null;
  const planWith = (make: () => Promise<Plan>) =>
    attempt(async () => {
      replan = make;
      setPlan(await make());
      setStep("plan");
    });
  const planFile = (file: File) =>
    attempt(async () => {
      const bytes = await readBytes(file);
      replan = () => props.backend.bulkPlanCsv(file.name, bytes, choices.options());
      setPlan(await replan());
      setStep("plan");
    });
  const planSelection = (selection: Selection) =>
    planWith(() => props.backend.bulkPlanSelection(selection, choices.options()));
  // The job's rows as planned (this session's plan), for the days each badge works.
  const [plannedFor, setPlannedFor] = createSignal<Map<number, PlannedRow>>(new Map());
  const finish = async (jobId: string, planned: Map<number, PlannedRow>) => {
    setStatus(await props.backend.bulkStatus(jobId));
    setPlannedFor(planned);
    setExported(null);
    setStep("done");
    void refetchJobs();
  };
  const byLine = () => new Map((plan()?.rows ?? []).map((r) => [r.line, r]));
  const run = () =>
    attempt(async () => {
      setStep("run");
      setPaused(false);
      setLive([]);
      lastRead = 0;
      const end = await props.backend.bulkRun(choices.runChoice(), onProgress);
      await finish(end.jobId, byLine());
    }).then(() => step() === "run" && setStep("plan"));
  const again = (job: string, what: Again) =>
    attempt(async () => {
      // The same job again keeps its plan's days; another job's are not known here.
      const planned = status()?.job.id === job ? plannedFor() : new Map<number, PlannedRow>();
      setStep("run");
      setPaused(false);
      setProgress(null);
      setLive([]);
      lastRead = 0;
      const end = await props.backend.bulkResume(job, what, onProgress);
      await finish(end.jobId, planned);
    });
  const open = (job: string) =>
    attempt(() => finish(job, status()?.job.id === job ? plannedFor() : new Map()));

  return (
    <section class="panel bulk" data-testid="bulk">
      <div class="card-head">
        <h2>Import workers</h2>
        <Show when={step() !== "choose" && step() !== "run"}>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setStep("choose");
              setPlan(null);
              setStatus(null);
            }}
          >
            Start again
          </button>
        </Show>
      </div>
      <Show when={error()}>
        {(e) => (
          <p class="error" role="alert" data-testid="bulk-error">
            {e()}
          </p>
        )}
      </Show>
      <Switch>
        <Match when={step() === "choose"}>
          <ImportPick
            choices={choices}
            busy={busy()}
            onFile={(f) => void planFile(f)}
            onSelection={(s) => void planSelection(s)}
          />
        </Match>
        <Match when={step() === "plan" && plan()}>
          {(p) => (
            <PlanReview
              plan={p()}
              choices={choices}
              busy={busy()}
              templates={templates() ?? []}
              profiles={profiles() ?? []}
              onPlanAgain={() => {
                const make = replan;
                if (make) void planWith(make);
              }}
              onRun={() => void run()}
            />
          )}
        </Match>
        <Match when={step() === "run"}>
          <RunProgress
            progress={progress()}
            live={live()}
            paused={paused()}
            onPause={(next) => {
              setPaused(next);
              void props.backend.bulkPause(next);
            }}
            onCancel={() => void props.backend.bulkCancel()}
          />
        </Match>
        <Match when={step() === "done" && status()}>
          {(s) => (
            <Results
              status={s()}
              planned={plannedFor()}
              lifetimeDays={lifetime() ?? null}
              exported={exported()}
              backend={props.backend}
              onAgain={(what) => void again(s().job.id, what)}
              onExport={() =>
                void attempt(async () => {
                  setExported(await props.backend.bulkExportResults(s().job.id));
                })
              }
            />
          )}
        </Match>
      </Switch>
      <Show when={(jobs() ?? []).length > 0 && step() !== "run"}>
        <EarlierJobs
          jobs={jobs() ?? []}
          onOpen={(j) => void open(j)}
          onResume={(j) => void again(j, "resume")}
        />
      </Show>
    </section>
  );
};
