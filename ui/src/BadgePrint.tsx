// Print preview: the exact image that will print (rendered by Rust at the printer's dots), the
// template, the warnings to read first, and where to print.
import { createEffect, createResource, createSignal, For, on, Show, type Component } from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import type { BadgeRequest, ErrorPayload } from "./generated/bindings";

/** How a format Rust chose reads on screen (the UI never decides a format itself). */
const FORMAT_NAMES: Record<string, string> = {
  pdf: "PDF",
  png: "PNG",
  zpl: "ZPL (Zebra)",
  "brother-ql": "Brother QL raster",
};
const formatName = (f: string) => FORMAT_NAMES[f] ?? f;

export const BadgePrint: Component<{ backend: Backend; badge: BadgeRequest; userId: string | null }> = (
  props,
) => {
  const [templates] = createResource(() => props.backend.badgeTemplates());
  const [template, setTemplate] = createSignal("sheet-a4");
  const [status, setStatus] = createSignal<string | null>(null);
  /** The format the last print went out in, as Rust chose it. */
  const [sentFormat, setSentFormat] = createSignal<string | null>(null);
  const [error, setError] = createSignal<ErrorPayload | null>(null);
  const [preview] = createResource(template, (t) => props.backend.badgePreview(props.badge, t));
  // Badges print only through printer profiles, which an operator sets up in the Printers tab:
  // this dialog never takes a printer address, so nothing on screen (or in the webview) can send
  // a badge's secret to a host or file of its choosing.
  const [profiles] = createResource(() =>
    props.backend.printerProfiles().catch(() => ({ profiles: [], defaultProfile: null })),
  );
  const [profile, setProfile] = createSignal("");
  const chosen = () => profiles()?.profiles.find((x) => x.name === profile());
  const choose = (name: string) => {
    setProfile(name);
    const p = profiles()?.profiles.find((x) => x.name === name);
    if (p) setTemplate(p.template);
  };
  createEffect(
    on(
      () => profiles(),
      (d) => {
        if (!d) return;
        const first = d.defaultProfile ?? d.profiles[0]?.name;
        if (first) choose(first);
      },
      { defer: true },
    ),
  );
  const savePdf = async () => {
    setError(null);
    try {
      const path = await props.backend.saveBadgePdf(props.badge, template());
      setStatus(
        `Saved to ${path}. It holds the badge's code: it is deleted from this computer after 24 hours.`,
      );
    } catch (e) {
      setError(toErrorPayload(e));
    }
  };
  const shown = () => (preview.state === "ready" ? preview.latest : undefined);
  const rendering = () => preview.loading;
  /** Why Print is off, in words (or null when it is on). */
  const blocked = () => {
    if (profiles.loading) return "Loading printers…";
    if ((profiles()?.profiles.length ?? 0) === 0)
      return "No printer is set up yet: add one in the Printers tab.";
    if (!chosen()) return "Choose a printer.";
    if (rendering() || !shown()) return "Waiting for the preview…";
    return null;
  };

  const print = async () => {
    setError(null);
    setSentFormat(null);
    setStatus("Sending…");
    try {
      const r = await props.backend.printBadgeWithProfile(props.badge, props.userId, profile());
      setStatus(`Sent to ${r.printer}${r.copies > 1 ? ` (${r.copies} copies)` : ""} with “${r.profile}”.`);
      setSentFormat(r.format);
    } catch (e) {
      setStatus(null);
      setError(toErrorPayload(e));
    }
  };

  return (
    <div class="print" data-testid="badge-print">
      <label>
        Print with
        <select
          aria-label="Printer profile"
          value={profile()}
          data-testid="profile"
          onChange={(e) => choose(e.currentTarget.value)}
        >
          <For each={profiles()?.profiles ?? []}>
            {(p) => (
              <option value={p.name} selected={p.name === profile()}>
                {p.name}
              </option>
            )}
          </For>
        </select>
      </label>
      <label>
        Label
        <select
          aria-label="Label template"
          value={template()}
          onChange={(e) => setTemplate(e.currentTarget.value)}
          data-testid="template"
        >
          <For each={templates() ?? ["sheet-a4"]}>
            {(t) => (
              <option value={t} selected={t === template()}>
                {t}
              </option>
            )}
          </For>
        </select>
      </label>
      <Show when={chosen() && chosen()?.template !== template()}>
        <p class="muted" data-testid="profile-label-note">
          Printing uses the label of “{profile()}” ({chosen()?.template}); this label is for the preview and
          the PDF.
        </p>
      </Show>
      <Show
        when={shown()}
        fallback={
          <p class="muted">
            {preview.state === "errored" ? toErrorPayload(preview.error).message : "Rendering preview…"}
          </p>
        }
      >
        {(p) => (
          <>
            <img
              class="preview"
              alt="Badge preview, as it will print"
              src={`data:image/png;base64,${p().pngBase64}`}
              data-testid="badge-preview"
            />
            <For each={p().warnings}>{(w) => <p class="warn">{w}</p>}</For>
            <Show when={!chosen() && p().printFormat}>
              <p class="muted" data-testid="print-format">
                This label prints as {formatName(p().printFormat)}.
              </p>
            </Show>
          </>
        )}
      </Show>
      <div class="group">
        <button
          type="button"
          disabled={blocked() !== null}
          title={blocked() ?? undefined}
          onClick={() => void print()}
          data-testid="print"
        >
          Print badge
        </button>
        <button
          type="button"
          class="secondary"
          disabled={!shown()}
          onClick={() => void savePdf()}
          data-testid="save-pdf"
        >
          Save as PDF
        </button>
      </div>
      <Show when={blocked()}>
        {(why) => (
          <p class="muted" data-testid="print-blocked">
            {why()}
          </p>
        )}
      </Show>
      <Show when={status()}>
        {(s) => (
          <p class="ok" data-testid="print-status">
            {s()}
          </p>
        )}
      </Show>
      <Show when={sentFormat()}>
        {(f) => (
          <p class="muted" data-testid="print-sent-format">
            Sent as {formatName(f())}.
          </p>
        )}
      </Show>
      <Show when={error()}>
        {(e) => (
          <p class="error" role="alert">
            {e().message} <code>{e().code}</code>
          </p>
        )}
      </Show>
    </div>
  );
};
