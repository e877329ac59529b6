// The Renewals tab (issue #16 §3): a store's badges checked against Microsoft Graph (with a
// progress bar; the last check is kept with its age), counts per state, the workers with the due
// ones ticked, the report as CSV, and "Renew selected" → what it will do → a resumable job with
// progress → the badge sheet in the exports folder.
import {
  createResource,
  createSignal,
  For,
  Match,
  onCleanup,
  onMount,
  Show,
  Switch,
  type Component,
} from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import { ErrorDetails } from "./ErrorDetails";
import type {
  ErrorPayload,
  JobStatus,
  Plan,
  Progress,
  Report,
  SavedFile,
  ScanProgress,
  Scope,
  StoreUnit,
} from "./generated/bindings";
import { ReportView } from "./renewals/ReportView";
import { Confirm, Done, Running } from "./renewals/RunSteps";
import { isDue } from "./renewals/words";

type Step = "report" | "confirm" | "run" | "done";

const SCOPE_WORDS: Record<Scope["by"], string> = {
  office: "Store (office location)",
  department: "Department",
  unit: "Administrative unit (id)",
};

export const Renewals: Component<{ backend: Backend }> = (props) => {
  const [by, setBy] = createSignal<Scope["by"]>("office");
  const [value, setValue] = createSignal("");
  const [store, setStore] = createSignal<StoreUnit | null>(null);
  const [within, setWithin] = createSignal(30);
  const [report, setReport] = createSignal<Report | null>(null);
  const [scanning, setScanning] = createSignal<ScanProgress | null>(null);
  const [selected, setSelected] = createSignal<Set<string>>(new Set());
  const [step, setStep] = createSignal<Step>("report");
  const [plan, setPlan] = createSignal<Plan | null>(null);
  const [progress, setProgress] = createSignal<Progress | null>(null);
  const [status, setStatus] = createSignal<JobStatus | null>(null);
  const [template, setTemplate] = createSignal("sheet-a4");
  const [exported, setExported] = createSignal<SavedFile | null>(null);
  const [error, setError] = createSignal<ErrorPayload | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [now, setNow] = createSignal(Date.now());
  const [templates] = createResource(() => props.backend.badgeTemplates().catch(() => ["sheet-a4"]));
  const tick = setInterval(() => setNow(Date.now()), 30_000);
  onCleanup(() => clearInterval(tick));

  const scope = (): Scope => ({ by: by(), value: value().trim() });
  // Whether the scope is still the store the header chose (named by the unit's id).
  const storeChosen = () => by() === "unit" && store() !== null && value().trim() === store()?.id;
  const attempt = async (work: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await work();
    } catch (e) {
      setError(toErrorPayload(e));
    } finally {
      setBusy(false);
    }
  };
  // A report on screen: the due workers ticked.
  const show = (r: Report | null) => {
    setReport(r);
    setExported(null);
    setNow(Date.now());
    setSelected(new Set((r?.rows ?? []).filter(isDue).map((w) => w.upn)));
  };
  // Only the latest question's answer is shown (a slow cache read never hides a newer scan).
  let asked = 0;
  const loadCached = () => {
    const n = ++asked;
    if (value().trim() === "") return Promise.resolve(show(null));
    return attempt(async () => {
      const r = await props.backend.renewalCached(scope(), within());
      if (n === asked) show(r);
    });
  };
  onMount(() =>
    attempt(async () => {
      const chosen = await props.backend.renewalStore().catch(() => null);
      if (chosen && value() === "") {
        setStore(chosen);
        setBy("unit");
        setValue(chosen.id);
      }
    }).then(loadCached),
  );
  const scan = () =>
    attempt(async () => {
      setScanning({ done: 0, total: 0, elapsedMs: 0 });
      try {
        const n = ++asked;
        const r = await props.backend.renewalScan(scope(), within(), setScanning);
        if (n === asked) show(r);
      } finally {
        setScanning(null);
      }
    });
  const chosenUpns = () => (report()?.rows ?? []).map((w) => w.upn).filter((u) => selected().has(u));
  const [planning, setPlanning] = createSignal(false);
  const planSelected = () =>
    attempt(async () => {
      setPlanning(true);
      try {
        setPlan(await props.backend.renewalPlan(scope(), chosenUpns(), within()));
        setStep("confirm");
      } finally {
        setPlanning(false);
      }
    });
  const finish = async (jobId: string) => {
    setStatus(await props.backend.bulkStatus(jobId));
    setStep("done");
  };
  // A run that failed has consumed its plan: back to the list, to renew again from there.
  const run = (start: (onProgress: (p: Progress) => void) => Promise<Progress>) =>
    attempt(async () => {
      setStep("run");
      setProgress(null);
      const end = await start(setProgress);
      await finish(end.jobId);
    }).then(() => step() === "run" && setStep("report"));
  const renew = () =>
    run((onProgress) =>
      props.backend.renewalRun(
        { template: template(), printer: null, pdf: true, pinSlips: true, noPinRecord: false },
        onProgress,
      ),
    );

  return (
    <section class="panel renewals" data-testid="renewals" aria-labelledby="renewals-title">
      <div class="card-head">
        <h2 id="renewals-title">Renewals</h2>
        <Show when={step() === "confirm" || step() === "done"}>
          <button
            type="button"
            class="secondary"
            onClick={() => {
              setStep("report");
              setPlan(null);
              setStatus(null);
              void loadCached();
            }}
          >
            Back to the list
          </button>
        </Show>
      </div>
      <Show when={error()}>
        {(e) => (
          <div class="error" role="alert" data-testid="renewal-error">
            <ErrorDetails error={e()} />
          </div>
        )}
      </Show>
      <Switch>
        <Match when={step() === "report"}>
          <div class="group wrap">
            <label>
              Check{" "}
              <select
                value={by()}
                onChange={(e) => {
                  setBy(e.currentTarget.value as Scope["by"]);
                  void loadCached();
                }}
              >
                <For each={Object.keys(SCOPE_WORDS) as Scope["by"][]}>
                  {(k) => <option value={k}>{SCOPE_WORDS[k]}</option>}
                </For>
              </select>
            </label>
            <input
              aria-label="Store, department or unit"
              data-testid="renewal-scope"
              value={value()}
              placeholder="e.g. Store 101"
              onInput={(e) => setValue(e.currentTarget.value)}
              onChange={() => void loadCached()}
            />
            <label>
              Expiring within{" "}
              <input
                type="number"
                min="1"
                max="395"
                class="days"
                data-testid="renewal-within"
                value={within()}
                onChange={(e) => {
                  const n = Math.round(Number(e.currentTarget.value));
                  setWithin(Number.isFinite(n) && n >= 1 ? Math.min(n, 395) : 30);
                  void loadCached();
                }}
              />{" "}
              days
            </label>
            <button
              type="button"
              data-testid="renewal-scan"
              disabled={scanning() !== null || value().trim() === ""}
              onClick={() => void scan()}
            >
              Check badges
            </button>
          </div>
          <Show when={store()}>{(s) => <p class="muted">Your store: {s().name}</p>}</Show>
          <Show when={scanning()}>
            {(p) => (
              <div data-testid="renewal-scanning">
                <progress max={p().total || 1} value={p().done} aria-label="Badges checked so far" />
                <p class="muted">
                  {p().total ? `${p().done} of ${p().total} workers checked…` : "Finding the workers…"}
                </p>
              </div>
            )}
          </Show>
          <Show
            when={report()}
            fallback={
              <Show when={!scanning() && value().trim() !== ""}>
                <p class="muted" data-testid="renewal-never">
                  Not checked yet. Press “Check badges” to read every worker’s badge from Microsoft.
                </p>
              </Show>
            }
          >
            {(r) => (
              <ReportView
                report={r()}
                label={storeChosen() ? store()?.name : undefined}
                now={now()}
                selected={selected()}
                onSelect={setSelected}
                chosen={chosenUpns().length}
                busy={busy()}
                planning={planning()}
                exported={exported()}
                backend={props.backend}
                onExport={() =>
                  void attempt(async () => {
                    setExported(await props.backend.renewalExportCsv(scope(), within()));
                  })
                }
                onRenew={() => void planSelected()}
              />
            )}
          </Show>
        </Match>
        <Match when={step() === "confirm" && plan()}>
          {(p) => (
            <Confirm
              plan={p()}
              templates={templates() ?? []}
              template={template()}
              onTemplate={setTemplate}
              busy={busy()}
              onGo={() => void renew()}
            />
          )}
        </Match>
        <Match when={step() === "run"}>
          <Running
            progress={progress()}
            onPause={(paused) => void props.backend.bulkPause(paused)}
            onCancel={() => void props.backend.bulkCancel()}
          />
        </Match>
        <Match when={step() === "done" && status()}>
          {(s) => (
            <Done
              status={s()}
              backend={props.backend}
              onResume={() => void run((onProgress) => props.backend.renewalResume(s().job.id, onProgress))}
            />
          )}
        </Match>
      </Switch>
    </section>
  );
};
