// Print preview: the exact image that will print (rendered by Rust at the printer's dots), the
// template, the warnings to read first, and where to print.
import { createEffect, createResource, createSignal, For, on, Show, type Component } from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import "./dialog.css";
import { ErrorDetails } from "./ErrorDetails";
import type { BadgeRequest, ErrorPayload, SavedFile, TemplateName } from "./generated/bindings";

/** How a format Rust chose reads on screen (the UI never decides a format itself). */
const FORMAT_NAMES: Record<string, string> = {
  pdf: "PDF",
  png: "PNG",
  zpl: "ZPL (Zebra)",
  "brother-ql": "Brother QL raster",
};
const formatName = (f: string) => FORMAT_NAMES[f] ?? f;

/** The templates by readable name; the bare ids when the names cannot be had. */
export async function templateNames(backend: Backend): Promise<TemplateName[]> {
  try {
    return await backend.badgeTemplateNames();
  } catch {
    const ids = await backend.badgeTemplates().catch(() => ["sheet-a4"]);
    return ids.map((name) => ({ name, displayName: name }));
  }
}

export const BadgePrint: Component<{
  backend: Backend;
  badge: BadgeRequest;
  userId: string | null;
  /** Told after a print went out (the dialog's close warning says "Printed ✓"). */
  onPrinted?: () => void;
  /** Told after the PDF was saved, with where (not when the save dialog was cancelled). */
  onSaved?: (file: SavedFile) => void;
}> = (props) => {
  const [templates] = createResource(() => templateNames(props.backend));
  /** A template's readable name, or its id while the names load. */
  const nameOf = (id: string | undefined) => templates()?.find((t) => t.name === id)?.displayName ?? id ?? "";
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
      // Rust asks where (the native save dialog, starting in the exports folder) and writes it.
      const file = await props.backend.saveBadgeAs(props.badge, template());
      if (!file) return;
      setStatus(
        file.exportsName
          ? `Saved to ${file.path}. It holds the badge's code: it is deleted from this computer after 24 hours.`
          : `Saved to ${file.path}. It holds the badge's code: delete it once the badge is printed.`,
      );
      props.onSaved?.(file);
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
      props.onPrinted?.();
    } catch (e) {
      setStatus(null);
      setError(toErrorPayload(e));
    }
  };

  return (
    <div class="print badge-print" data-testid="badge-print">
      {/* The one QR code on screen: the badge as it will print. */}
      <div class="print-preview">
        <Show
          when={shown()}
          fallback={
            <p class="muted">
              {preview.state === "errored" ? toErrorPayload(preview.error).message : "Rendering preview…"}
            </p>
          }
        >
          {(p) => (
            <img
              class="preview"
              alt="Badge preview, as it will print"
              src={`data:image/png;base64,${p().pngBase64}`}
              data-testid="badge-preview"
            />
          )}
        </Show>
      </div>
      <div class="print-controls">
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
            <For each={templates() ?? [{ name: "sheet-a4", displayName: "A4 sheet" }]}>
              {(t) => (
                <option value={t.name} selected={t.name === template()}>
                  {t.displayName}
                </option>
              )}
            </For>
          </select>
        </label>
        <Show when={chosen() && chosen()?.template !== template()}>
          <p class="muted" data-testid="profile-label-note">
            Printing uses the label of “{profile()}” ({nameOf(chosen()?.template)}); this label is for the
            preview and the PDF.
          </p>
        </Show>
        <Show when={shown()}>
          {(p) => (
            <>
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
            aria-describedby={blocked() ? "print-blocked" : undefined}
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
            <p class="muted" id="print-blocked" data-testid="print-blocked">
              {why()}
            </p>
          )}
        </Show>
        <Show when={status()}>
          {(s) => (
            <p class="ok" role="status" data-testid="print-status">
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
            <div class="error" role="alert" data-testid="print-error">
              <ErrorDetails error={e()} />
            </div>
          )}
        </Show>
      </div>
    </div>
  );
};
