// Print preview: the exact image that will print (rendered by Rust at the printer's dots), the
// template, the warnings to read first, and where to print.
import { createEffect, createResource, createSignal, For, on, onMount, Show, type Component } from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import type { BadgeRequest, ErrorPayload } from "./generated/bindings";

/** The output format a template's printer takes. */
export function formatFor(template: string): string {
  if (template.startsWith("zebra")) return "zpl";
  if (template.startsWith("brother")) return "brother-ql";
  return "pdf";
}

export const BadgePrint: Component<{ backend: Backend; badge: BadgeRequest; userId: string | null }> = (props) => {
  const [templates] = createResource(() => props.backend.badgeTemplates());
  const [template, setTemplate] = createSignal("sheet-a4");
  const [printer, setPrinter] = createSignal("");
  const [status, setStatus] = createSignal<string | null>(null);
  const [error, setError] = createSignal<ErrorPayload | null>(null);
  const [preview] = createResource(template, (t) => props.backend.badgePreview(props.badge, t));
  const [printers] = createResource(() => props.backend.listPrinters().catch(() => []));
  // Printer profiles: the default one is chosen at first; any change by hand means "other".
  const [profiles] = createResource(() =>
    props.backend.printerProfiles().catch(() => ({ profiles: [], defaultProfile: null })),
  );
  const [profile, setProfile] = createSignal("");
  const choose = (name: string) => {
    setProfile(name);
    const p = profiles()?.profiles.find((x) => x.name === name);
    if (p) {
      setTemplate(p.template);
      setPrinter(p.printer);
    }
  };
  createEffect(on(() => profiles(), (d) => d?.defaultProfile && choose(d.defaultProfile), { defer: true }));
  // This station's defaults, set once ("Set as default").
  onMount(() => {
    props.backend.printSettings().then((d) => {
      if (d.template) setTemplate(d.template);
      if (d.printer) setPrinter(d.printer);
    }, () => undefined);
  });
  const saveDefaults = async () => {
    setError(null);
    try {
      await props.backend.savePrintSettings({ template: template(), printer: printer().trim() === "" ? null : printer() });
      setStatus("Saved as this station's default label and printer.");
    } catch (e) {
      setError(toErrorPayload(e));
    }
  };
  const savePdf = async () => {
    setError(null);
    try {
      setStatus(`Saved to ${await props.backend.saveBadgePdf(props.badge, template())}`);
    } catch (e) {
      setError(toErrorPayload(e));
    }
  };
  const shown = () => (preview.state === "ready" ? preview.latest : undefined);
  const rendering = () => preview.loading;

  const print = async () => {
    setError(null);
    setStatus("Sending…");
    try {
      if (profile() !== "") {
        const r = await props.backend.printBadgeWithProfile(props.badge, props.userId, profile());
        setStatus(`Sent to ${r.printer}${r.copies > 1 ? ` (${r.copies} copies)` : ""} with “${r.profile}”.`);
        return;
      }
      await props.backend.printBadge({
        badge: props.badge, userId: props.userId, template: template(), format: formatFor(template()), printer: printer(),
      });
      setStatus(`Sent to ${printer()}.`);
    } catch (e) {
      setStatus(null);
      setError(toErrorPayload(e));
    }
  };

  return (
    <div class="print" data-testid="badge-print">
      <Show when={(profiles()?.profiles.length ?? 0) > 0}>
        <label>
          Print with
          <select aria-label="Printer profile" value={profile()} data-testid="profile"
            onChange={(e) => (e.currentTarget.value === "" ? setProfile("") : choose(e.currentTarget.value))}>
            <For each={profiles()?.profiles ?? []}>{(p) => <option value={p.name}>{p.name}</option>}</For>
            <option value="">Another printer or label…</option>
          </select>
        </label>
      </Show>
      <label>
        Label
        <select aria-label="Label template" value={template()} onChange={(e) => { setProfile(""); setTemplate(e.currentTarget.value); }} data-testid="template">
          <For each={templates() ?? ["sheet-a4"]}>{(t) => <option value={t}>{t}</option>}</For>
        </select>
      </label>
      <Show when={shown()} fallback={<p class="muted">{preview.state === "errored" ? toErrorPayload(preview.error).message : "Rendering preview…"}</p>}>
        {(p) => (
          <>
            <img class="preview" alt="Badge preview, as it will print" src={`data:image/png;base64,${p().pngBase64}`} data-testid="badge-preview" />
            <For each={p().warnings}>{(w) => <p class="warn">{w}</p>}</For>
          </>
        )}
      </Show>
      <div class="group">
        <input type="text" aria-label="Printer" placeholder="Printer, e.g. cups:Front-desk or tcp:10.0.0.7" value={printer()}
          list="printers" onInput={(e) => { setProfile(""); setPrinter(e.currentTarget.value); }} data-testid="printer" />
        <datalist id="printers">
          <For each={printers() ?? []}>{(p) => <option value={p.spec}>{p.hasDriver ? "PDF" : "raw (ZPL / Brother)"}</option>}</For>
        </datalist>
        <button type="button" disabled={printer().trim() === "" || rendering() || !shown()} onClick={() => void print()} data-testid="print">Print badge</button>
      </div>
      <div class="group">
        <button type="button" class="secondary" disabled={!shown()} onClick={() => void savePdf()} data-testid="save-pdf">Save as PDF</button>
        <button type="button" class="link" onClick={() => void saveDefaults()} data-testid="save-defaults">Set as default</button>
      </div>
      <Show when={status()}>{(s) => <p class="ok" data-testid="print-status">{s()}</p>}</Show>
      <Show when={error()}>{(e) => <p class="error" role="alert">{e().message} <code>{e().code}</code></p>}</Show>
    </div>
  );
};
