// Printer profiles: named set-ups of a printer, a label, copies and media (for a CUPS driver
// queue), one of them the default. The one-time dialog prints with them.
import { createResource, createSignal, For, Show, type Component } from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import { templateNames } from "./BadgePrint";
import type { PrinterProfile } from "./generated/bindings";
import { Locked } from "./Locked";
import { isLocked } from "./locks";

const blank = (): PrinterProfile => ({ name: "", printer: "", template: "sheet-a4", copies: 1 });

export const Printers: Component<{ backend: Backend }> = (props) => {
  const [data, { refetch }] = createResource(() => props.backend.printerProfiles());
  // Labels by readable name ("Brother QL 62 mm"); profiles keep the template's id.
  const [templates] = createResource(() => templateNames(props.backend));
  const nameOf = (id: string) => templates()?.find((t) => t.name === id)?.displayName ?? id;
  const [queues] = createResource(() => props.backend.listPrinters().catch(() => []));
  const [editing, setEditing] = createSignal<{ original: string | null; p: PrinterProfile } | null>(null);
  const [error, setError] = createSignal<string | null>(null);
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
          onClick={() => setEditing({ original: null, p: blank() })}
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
                    · {p.printer} · {nameOf(p.template)}
                    {p.copies && p.copies > 1 ? ` · ${p.copies} copies` : ""}
                    {p.media ? ` · ${p.media}` : ""}
                  </span>
                  <span class="group">
                    <button
                      type="button"
                      class="link"
                      disabled={isLocked("printing.profiles")}
                      onClick={() => setEditing({ original: p.name, p: { ...p } })}
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
            <label>
              Printer
              <input
                data-testid="profile-printer"
                list="profile-queues"
                value={e().p.printer}
                placeholder="cups:Front-desk, tcp:10.0.0.7, file:/tmp/badge.zpl"
                onInput={(x) => set({ printer: x.currentTarget.value })}
              />
              <datalist id="profile-queues">
                <For each={queues() ?? []}>
                  {(q) => <option value={q.spec}>{q.hasDriver ? "PDF" : "raw (ZPL / Brother)"}</option>}
                </For>
              </datalist>
            </label>
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
