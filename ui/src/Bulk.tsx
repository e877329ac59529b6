// The bulk import wizard: a CSV (dropped or chosen) or a department/store from Graph → the plan
// with every problem by line → a run with a progress bar, pause and cancel → the results per
// row, with "retry failed", new badges for lost ones, and the results CSV. Earlier jobs below.
import { createResource, createSignal, For, Match, Show, Switch, type Component } from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import type {
  Again,
  JobStatus,
  Plan,
  PlanOptions,
  Progress,
  RowStatus,
  Selection,
  Unusable,
} from "./generated/bindings";
import { localTime } from "./format";
import { RowTable } from "./bulk/RowTable";
import { UnusableChoice } from "./bulk/UnusableChoice";
import { ACTION_WORDS, destinationWords, planSummary, readBytes } from "./bulk/words";

export { destinationWords, MAX_CSV_BYTES, planSummary } from "./bulk/words";

type Step = "choose" | "plan" | "run" | "done";

export const Bulk: Component<{ backend: Backend }> = (props) => {
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
  const [rotateExisting, setRotateExisting] = createSignal(false);
  const [onlyProblems, setOnlyProblems] = createSignal(false);
  const [template, setTemplate] = createSignal("sheet-a4");
  const [printer, setPrinter] = createSignal("");
  const [pdf, setPdf] = createSignal(true);
  // Slips by default: generated PINs are shown nowhere else.
  const [slips, setSlips] = createSignal(true);
  const [noPinRecord, setNoPinRecord] = createSignal(false);
  const [exported, setExported] = createSignal<string | null>(null);
  const [by, setBy] = createSignal<Selection["by"]>("department");
  const [value, setValue] = createSignal("");
  const [templates] = createResource(() => props.backend.badgeTemplates().catch(() => ["sheet-a4"]));
  const [profiles] = createResource(() =>
    props.backend
      .printerProfiles()
      .then((p) => p.profiles.map((x) => x.name))
      .catch(() => [] as string[]),
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
  // Workers whose method can no longer be used, when Microsoft will not create over it: the
  // operator chooses; "replace" (the old method is deleted) counts only once confirmed.
  const [unusable, setUnusable] = createSignal<Unusable>("ask");
  const [replaceOk, setReplaceOk] = createSignal(false);
  const options = (): PlanOptions => ({
    rotateExisting: rotateExisting(),
    unusable: unusable() === "replace" && !replaceOk() ? "ask" : unusable(),
  });
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
      replan = () => props.backend.bulkPlanCsv(file.name, bytes, options());
      setPlan(await replan());
      setStep("plan");
    });
  const planSelection = () => {
    const selection: Selection = { by: by(), value: value().trim() };
    return planWith(() => props.backend.bulkPlanSelection(selection, options()));
  };
  const unusableRows = () =>
    plan()?.rows.filter((r) => r.problems.some((x) => x.code === "bulk.unusable_method")).length ?? 0;
  const finish = async (jobId: string) => {
    setStatus(await props.backend.bulkStatus(jobId));
    setStep("done");
    void refetchJobs();
  };
  const run = () =>
    attempt(async () => {
      setStep("run");
      setPaused(false);
      const choice = {
        template: template(),
        printer: printer() || null,
        pdf: pdf(),
        pinSlips: slips(),
        noPinRecord: !slips() && noPinRecord(),
      };
      setLive([]);
      lastRead = 0;
      const end = await props.backend.bulkRun(choice, onProgress);
      await finish(end.jobId);
    }).then(() => step() === "run" && setStep("plan"));
  const again = (job: string, what: Again) =>
    attempt(async () => {
      setStep("run");
      setPaused(false);
      setProgress(null);
      setLive([]);
      lastRead = 0;
      const end = await props.backend.bulkResume(job, what, onProgress);
      await finish(end.jobId);
    });
  const open = (job: string) => attempt(() => finish(job));
  const rows = () => (plan()?.rows ?? []).filter((r) => !onlyProblems() || r.problems.length > 0);
  const outputs = () => [
    ...new Set((status()?.rows ?? []).map((r) => r.output).filter((o): o is string => !!o)),
  ];
  const sends = () => (plan() ? plan()!.create + plan()!.rotate : 0);
  // Generated PINs with no slips: the operator must say so first.
  const pinsUnrecorded = () => (plan()?.generatedPins ?? 0) > 0 && !slips();
  const retention = () => status()?.job.options.retentionHours ?? 24;

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
          <div
            class="drop"
            data-testid="drop"
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              const file = e.dataTransfer?.files[0];
              if (file) void planFile(file);
            }}
          >
            <p>
              <strong>Drop a CSV file here</strong>, or choose one.
            </p>
            <p class="muted">
              Columns: <code>upn</code> (required), <code>start</code>, <code>expires</code> or{" "}
              <code>days</code>, <code>pin</code> (else generated), <code>template</code>,{" "}
              <code>printer</code>. Comma or semicolon.
            </p>
            <input
              type="file"
              accept=".csv,text/csv"
              aria-label="Choose a CSV file"
              data-testid="csv-file"
              onChange={(e) => {
                const f = e.currentTarget.files?.[0];
                if (f) void planFile(f);
              }}
            />
          </div>
          <div class="group">
            <span>Or everyone in a</span>
            <select
              aria-label="Pick users by"
              value={by()}
              onChange={(e) => setBy(e.currentTarget.value as Selection["by"])}
            >
              <option value="department">department</option>
              <option value="officeLocation">store (office location)</option>
            </select>
            <input
              aria-label="Department or store"
              data-testid="selection"
              value={value()}
              onInput={(e) => setValue(e.currentTarget.value)}
            />
            <button
              type="button"
              disabled={busy() || value().trim() === ""}
              onClick={() => void planSelection()}
            >
              Find
            </button>
          </div>
          <label class="check">
            <input
              type="checkbox"
              checked={rotateExisting()}
              onChange={(e) => setRotateExisting(e.currentTarget.checked)}
            />
            Give workers who already have a method a new badge (their PIN stays)
          </label>
          <UnusableChoice
            value={unusable()}
            onChange={setUnusable}
            confirmed={replaceOk()}
            onConfirm={setReplaceOk}
          />
          <Show when={busy()}>
            <p class="muted">Checking every row with Microsoft Graph…</p>
          </Show>
        </Match>
        <Match when={step() === "plan" && plan()}>
          {(p) => (
            <>
              <p data-testid="plan-summary">
                <strong>{planSummary(p())}</strong> — {p().source}
              </p>
              <For each={p().problems}>{(x) => <p class="error">{x.message}</p>}</For>
              <Show when={unusableRows() > 0}>
                <div class="warn" data-testid="unusable-choice">
                  <p>
                    {unusableRows()} worker(s) have a method that can no longer be used, and Microsoft may not
                    create a new one over it. Choose what to do with them, then plan again.
                  </p>
                  <UnusableChoice
                    value={unusable()}
                    onChange={setUnusable}
                    confirmed={replaceOk()}
                    onConfirm={setReplaceOk}
                  />
                  <button
                    type="button"
                    data-testid="plan-again"
                    disabled={busy()}
                    onClick={() => {
                      const make = replan;
                      if (make) void planWith(make);
                    }}
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
                      <th>Worker</th>
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
                    value={template()}
                    onChange={(e) => setTemplate(e.currentTarget.value)}
                    data-testid="bulk-template"
                  >
                    <For each={templates() ?? []}>{(t) => <option value={t}>{t}</option>}</For>
                  </select>
                </label>
                <label class="check">
                  <input type="checkbox" checked={pdf()} onChange={(e) => setPdf(e.currentTarget.checked)} />{" "}
                  Badge sheet PDF
                </label>
                <label>
                  Printer profile{" "}
                  <select
                    value={printer()}
                    onChange={(e) => setPrinter(e.currentTarget.value)}
                    data-testid="bulk-printer"
                  >
                    <option value="">none</option>
                    <For each={profiles() ?? []}>{(n) => <option value={n}>{n}</option>}</For>
                  </select>
                </label>
                <label class="check">
                  <input
                    type="checkbox"
                    checked={slips()}
                    data-testid="bulk-slips"
                    onChange={(e) => {
                      setSlips(e.currentTarget.checked);
                      setNoPinRecord(false);
                    }}
                  />{" "}
                  PIN slips (a separate file)
                </label>
              </div>
              <p class="muted">
                Badge sheets and PIN slips go to the exports folder and are deleted after 24 h (Settings can
                change how long).
              </p>
              <Show when={pinsUnrecorded()}>
                <label class="check warn" data-testid="bulk-no-pins">
                  <input
                    type="checkbox"
                    checked={noPinRecord()}
                    onChange={(e) => setNoPinRecord(e.currentTarget.checked)}
                  />
                  {p().generatedPins} PINs will be generated and recorded nowhere: nobody will know them, and
                  each worker needs a PIN reset before signing in. Run without PIN slips anyway.
                </label>
              </Show>
              <Show when={!pdf() && printer().trim() === ""}>
                <p class="warn">
                  Without a PDF or a printer the badges are not kept: Microsoft shows each QR code only once.
                </p>
              </Show>
              <button
                type="button"
                data-testid="bulk-run"
                disabled={
                  busy() ||
                  sends() === 0 ||
                  p().problems.some((x) => !x.warning) ||
                  (pinsUnrecorded() && !noPinRecord())
                }
                onClick={() => void run()}
              >
                Create {sends()} {sends() === 1 ? "method" : "methods"}
              </button>
            </>
          )}
        </Match>
        <Match when={step() === "run"}>
          <div data-testid="bulk-progress">
            <progress max={progress()?.total || 1} value={progress()?.done ?? 0} aria-label="Done so far" />
            <Show when={progress()?.singleRequests}>
              <p class="muted" data-testid="bulk-single">
                Microsoft refused these changes inside batches: they are sent one at a time, at the same pace.
              </p>
            </Show>
            <p>
              {progress()?.done ?? 0} of {progress()?.total ?? "…"} done · {progress()?.failed ?? 0} failed ·{" "}
              {progress()?.inFlight ?? 0} batches in flight (pace {progress()?.concurrency ?? 0}) · throttled{" "}
              {progress()?.throttled ?? 0}×
            </p>
            <div class="group">
              <button
                type="button"
                class="secondary"
                data-testid="bulk-pause"
                onClick={() => {
                  const next = !paused();
                  setPaused(next);
                  void props.backend.bulkPause(next);
                }}
              >
                {paused() ? "Resume" : "Pause"}
              </button>
              <button
                type="button"
                class="danger"
                data-testid="bulk-cancel"
                onClick={() => void props.backend.bulkCancel()}
              >
                Cancel
              </button>
            </div>
            <p class="muted">
              Cancel stops after the batches in flight; their badges are written, and the job can be resumed.
            </p>
            <Show when={live().length > 0}>
              <RowTable
                rows={live().filter((r) => r.state !== "invalid" && r.state !== "skipped")}
                testid="live-rows"
              />
            </Show>
          </div>
        </Match>
        <Match when={step() === "done" && status()}>
          {(s) => (
            <>
              <p data-testid="bulk-done">
                <strong>
                  {s().counts.done} of {s().counts.total} done
                </strong>{" "}
                · {s().counts.badgeWritten + s().counts.printed} badges · {s().counts.failed} failed ·{" "}
                {s().counts.badgeLost} badges lost · {s().counts.skipped} skipped — job {s().job.id}
              </p>
              <For each={outputs()}>
                {(o) => (
                  <p class="ok">
                    Badges: <code>{o}</code> (deleted after {retention()} h)
                  </p>
                )}
              </For>
              <div class="group wrap">
                <Show when={s().counts.failed > 0}>
                  <button
                    type="button"
                    data-testid="bulk-retry"
                    onClick={() => void again(s().job.id, "retryFailed")}
                  >
                    Retry failed
                  </button>
                </Show>
                <Show when={s().counts.badgeLost > 0}>
                  <button
                    type="button"
                    data-testid="bulk-rotate-lost"
                    onClick={() => void again(s().job.id, "rotateLost")}
                  >
                    New badges (and PINs where lost) for the lost ones
                  </button>
                </Show>
                <Show when={s().counts.pending + s().counts.sent > 0}>
                  <button type="button" onClick={() => void again(s().job.id, "resume")}>
                    Resume
                  </button>
                </Show>
                <button
                  type="button"
                  class="secondary"
                  data-testid="bulk-export"
                  onClick={() =>
                    void attempt(async () => {
                      setExported(await props.backend.bulkExportResults(s().job.id));
                    })
                  }
                >
                  Export results CSV
                </button>
              </div>
              <Show when={exported()}>
                {(p) => (
                  <p class="ok">
                    Saved to <code>{p()}</code>
                  </p>
                )}
              </Show>
              <RowTable
                rows={s().rows.filter((r) => r.state !== "badgeWritten" && r.state !== "printed")}
                testid="result-rows"
              />
            </>
          )}
        </Match>
      </Switch>
      <Show when={(jobs() ?? []).length > 0 && step() !== "run"}>
        <h3>Earlier jobs</h3>
        <ul class="jobs">
          <For each={jobs()}>
            {(j) => (
              <li>
                <code>{j.id}</code> {localTime(j.createdAt)} · {j.source} · {j.state}{" "}
                <button type="button" class="link" onClick={() => void open(j.id)}>
                  Open
                </button>
                <Show when={j.state !== "finished"}>
                  <button type="button" class="link" onClick={() => void again(j.id, "resume")}>
                    Resume
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
};
