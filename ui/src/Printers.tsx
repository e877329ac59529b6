// Printer profiles: named set-ups of a printer, a label, copies and media (for a CUPS driver
// queue), one of them the default. The one-time dialog prints with them. The printer is picked
// from the ones installed on this computer; "Other" keeps a typed network address for IT. Each
// profile prints a test label (a made-up person, no real code).
import { createResource, createSignal, For, Show, type Component } from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import { templateNames } from "./BadgePrint";
import { ErrorDetails } from "./ErrorDetails";
import type { ErrorPayload, InstalledPrinter, PrinterProfile } from "./generated/bindings";
import { Locked } from "./Locked";
import { isLocked } from "./locks";
import "./panel.css";

/** The select's value for "type a network address instead". */
const OTHER = "__other__";

/** An installed printer as a person reads it: "Front desk Zebra (Front) · default · stopped: paper jam". */
export function printerLabel(p: InstalledPrinter): string {
  const parts = [p.description ? `${p.description} (${p.name})` : p.name];
  if (p.location) parts.push(p.location);
  if (p.isDefault) parts.push("default");
  if (p.state === "stopped" || !p.accepting) parts.push(`not printing now${p.reason ? `: ${p.reason}` : ""}`);
  return parts.join(" · ");
}

const blank = (): PrinterProfile => ({ name: "", printer: "", template: "sheet-a4", copies: 1 });

export const Printers: Component<{ backend: Backend }> = (props) => {
  const [data, { refetch }] = createResource(() => props.backend.printerProfiles());
  // Labels by readable name ("Brother QL 62 mm"); profiles keep the template's id.
  const [templates] = createResource(() => templateNames(props.backend));
  const nameOf = (id: string) => templates()?.find((t) => t.name === id)?.displayName ?? id;
  const [queues] = createResource(() => props.backend.listPrinters().catch(() => []));
  const [installed, { refetch: refreshInstalled }] = createResource(() =>
    props.backend.installedPrinters().catch(() => [] as InstalledPrinter[]),
  );
  const [editing, setEditing] = createSignal<{ original: string | null; p: PrinterProfile } | null>(null);
  // Whether the printer is typed (a network address) rather than picked from the installed ones.
  const [typed, setTyped] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [testing, setTesting] = createSignal<string | null>(null);
  const [testDone, setTestDone] = createSignal("");
  const [testError, setTestError] = createSignal<ErrorPayload | null>(null);
  const isInstalled = (spec: string) => (installed() ?? []).some((q) => q.spec === spec);
  const printerName = (spec: string) => {
    const q = (installed() ?? []).find((x) => x.spec === spec);
    return q ? (q.description ?? q.name) : spec;
  };
  const edit = (original: string | null, p: PrinterProfile) => {
    setTyped(p.printer !== "" && !isInstalled(p.printer));
    setEditing({ original, p });
  };
  const pick = (value: string) => {
    if (value === OTHER) {
      setTyped(true);
      set({ printer: "" });
    } else {
      set({ printer: value, media: null });
    }
  };
  const testLabel = async (name: string) => {
    setTestDone("");
    setTestError(null);
    setTesting(name);
    try {
      const done = await props.backend.printTestLabel(name);
      setTestDone(
        `Test label sent to ${printerName(done.printer)} with “${done.profile}”. It shows “Sam Sample” and a QR code that signs nobody in.`,
      );
    } catch (e) {
      setTestError(toErrorPayload(e));
    } finally {
      setTesting(null);
    }
  };
  const ready = () => (data.state === "ready" || data.state === "refreshing" ? data.latest : undefined);
  const media = () => queues()?.find((q) => q.spec === editing()?.p.printer)?.media ?? [];
  const set = (patch: Partial<PrinterProfile>) => {
    const e = editing();
    if (e) setEditing({ ...e, p: { ...e.p, ...patch } });
  };
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    try {
      await work();
      await refetch();
      return true;
    } catch (e) {
      const err = toErrorPayload(e);
      setError(`${err.message} (${err.code})`);
      return false;
    }
  };
  const save = async (ev: Event) => {
    ev.preventDefault();
    const e = editing();
    if (!e) return;
    const p = { ...e.p, media: e.p.media || null, copies: e.p.copies || 1 };
    if (await act(() => props.backend.savePrinterProfile(e.original, p))) setEditing(null);
  };

  return (
    <section class="panel" data-testid="printers">
      <div class="card-head">
        <h2>Printer profiles</h2> <Locked name="printing.profiles" />
        <button
          type="button"
          data-testid="profile-add"
          disabled={isLocked("printing.profiles")}
          onClick={() => edit(null, blank())}
        >
          Add profile
        </button>
      </div>
      <p class="muted">
        A profile is a printer with its label. The badge dialog prints with the default one, or the one you
        pick.
      </p>
      <Show when={error()}>
        {(e) => (
          <p class="error" role="alert" data-testid="profile-error">
            {e()}
          </p>
        )}
      </Show>
      <Show when={ready()}>
        {(d) => (
          <ul class="profiles" data-testid="profile-list">
            <For each={d().profiles} fallback={<li class="muted">No profiles yet.</li>}>
              {(p) => (
                <li>
                  <strong>{p.name}</strong>
                  <Show when={d().defaultProfile === p.name}>
                    {" "}
                    <span class="pill">default</span>
                    <Locked name="printing.defaultProfile" />
                  </Show>
                  <span class="muted">
                    {" "}
                    · {printerName(p.printer)} · {nameOf(p.template)}
                    {p.copies && p.copies > 1 ? ` · ${p.copies} copies` : ""}
                    {p.media ? ` · ${p.media}` : ""}
                  </span>
                  <span class="group">
                    <button
                      type="button"
                      class="link"
                      data-testid="profile-test"
                      disabled={testing() !== null}
                      onClick={() => void testLabel(p.name)}
                    >
                      {testing() === p.name ? "Printing…" : "Print test label"}
                    </button>
                    <button
                      type="button"
                      class="link"
                      disabled={isLocked("printing.profiles")}
                      onClick={() => edit(p.name, { ...p })}
                    >
                      Edit
                    </button>
                    <Show when={d().defaultProfile !== p.name && !isLocked("printing.defaultProfile")}>
                      <button
                        type="button"
                        class="link"
                        onClick={() => void act(() => props.backend.setDefaultPrinterProfile(p.name))}
                      >
                        Make default
                      </button>
                    </Show>
                    <button
                      type="button"
                      class="link"
                      disabled={isLocked("printing.profiles")}
                      onClick={() => void act(() => props.backend.deletePrinterProfile(p.name))}
                    >
                      Remove
                    </button>
                  </span>
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
      <p class="done" role="status" aria-live="polite" data-testid="test-done">
        {testDone()}
      </p>
      <Show when={testError()}>
        {(e) => (
          <div class="error" role="alert" data-testid="test-error">
            The test label did not print. <ErrorDetails error={e()} />
          </div>
        )}
      </Show>
      <Show when={editing()}>
        {(e) => (
          <form class="profile-form" data-testid="profile-form" onSubmit={(ev) => void save(ev)}>
            <label>
              Name{" "}
              <input
                data-testid="profile-name"
                value={e().p.name}
                onInput={(x) => set({ name: x.currentTarget.value })}
              />
            </label>
            <div class="printer-pick">
              <label>
                Printer
                <select
                  data-testid="profile-printer-pick"
                  value={typed() ? OTHER : e().p.printer}
                  onChange={(x) => pick(x.currentTarget.value)}
                >
                  <option value="" disabled selected={!typed() && e().p.printer === ""}>
                    Choose a printer…
                  </option>
                  <For each={installed() ?? []}>
                    {(q) => (
                      <option value={q.spec} selected={!typed() && q.spec === e().p.printer}>
                        {printerLabel(q)}
                      </option>
                    )}
                  </For>
                  <option value={OTHER} selected={typed()}>
                    Other (network address, for IT)…
                  </option>
                </select>
              </label>
              <button
                type="button"
                class="secondary"
                data-testid="printers-refresh"
                disabled={installed.loading}
                onClick={() => void refreshInstalled()}
              >
                {installed.loading ? "Looking…" : "Refresh"}
              </button>
              <Show when={installed.state === "ready" && installed()?.length === 0}>
                <p class="muted" data-testid="printers-none">
                  No printers are installed on this computer, or its print service is not answering. Add the
                  printer in the computer's printer settings, then press Refresh.
                </p>
              </Show>
            </div>
            <Show when={typed()}>
              <label>
                Network address
                <input
                  data-testid="profile-printer"
                  value={e().p.printer}
                  placeholder="tcp:10.0.0.7:9100 or cups:Front-desk@printserver:631"
                  aria-describedby="profile-printer-hint"
                  onInput={(x) => set({ printer: x.currentTarget.value })}
                />
                <span class="muted" id="profile-printer-hint">
                  tcp:HOST[:PORT] sends to a label printer's raw port (9100); cups:QUEUE@HOST:PORT to a queue
                  on a print server; file:PATH writes a file.
                </span>
              </label>
            </Show>
            <label>
              Label
              <select
                data-testid="profile-template"
                value={e().p.template}
                onChange={(x) => set({ template: x.currentTarget.value })}
              >
                <For each={templates() ?? []}>
                  {(t) => (
                    <option value={t.name} selected={t.name === e().p.template}>
                      {t.displayName}
                    </option>
                  )}
                </For>
              </select>
            </label>
            <label>
              Copies{" "}
              <input
                type="number"
                min="1"
                max="20"
                value={e().p.copies ?? 1}
                onInput={(x) => set({ copies: Number(x.currentTarget.value) })}
              />
            </label>
            <Show when={media().length > 0}>
              <label>
                Media
                <select
                  value={e().p.media ?? ""}
                  onChange={(x) => set({ media: x.currentTarget.value || null })}
                >
                  <option value="">the queue's default</option>
                  <For each={media()}>{(m) => <option value={m}>{m}</option>}</For>
                </select>
              </label>
            </Show>
            <div class="group">
              <button type="submit" data-testid="profile-save">
                Save
              </button>
              <button type="button" class="secondary" onClick={() => setEditing(null)}>
                Cancel
              </button>
            </div>
          </form>
        )}
      </Show>
    </section>
  );
};
