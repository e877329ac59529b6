// "Open" and "Show in folder" for a file of the exports folder (a badge PDF, a badge sheet, PIN
// slips). The window sends only the file's name; Rust finds it in the exports folder and opens it.
import { createSignal, Show, type Component } from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import type { ErrorPayload, SavedFile } from "./generated/bindings";

/** What a person reads when a file cannot be opened or shown, by the error's code. */
export function fileProblem(e: ErrorPayload): string {
  switch (e.code) {
    case "files.not_found":
      return "This file is no longer on this computer (files holding badges or PINs are deleted after a while).";
    case "files.open_failed":
      return `This computer could not do that: ${e.message}`;
    case "files.name_refused":
    case "files.outside_exports":
      return "This file is not in qrstation's exports folder, so it is not opened from here.";
    default:
      return e.message;
  }
}

export const FileActions: Component<{
  backend: Pick<Backend, "filesOpen" | "filesReveal">;
  /** The file's name in the exports folder (not a path). */
  name: string;
  /** Names the buttons for screen readers, e.g. "the badge PDF". */
  what?: string;
}> = (props) => {
  const [problem, setProblem] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  const run = async (action: (name: string) => Promise<null>) => {
    setProblem(null);
    setBusy(true);
    try {
      await action(props.name);
    } catch (e) {
      setProblem(fileProblem(toErrorPayload(e)));
    } finally {
      setBusy(false);
    }
  };
  const label = (verb: string) => `${verb} ${props.what ?? props.name}`;
  return (
    <span class="file-actions" data-testid="file-actions">
      <button
        type="button"
        class="secondary"
        disabled={busy()}
        aria-label={label("Open")}
        onClick={() => void run((n) => props.backend.filesOpen(n))}
        data-testid="file-open"
      >
        Open
      </button>
      <button
        type="button"
        class="secondary"
        disabled={busy()}
        aria-label={label("Show in folder:")}
        onClick={() => void run((n) => props.backend.filesReveal(n))}
        data-testid="file-reveal"
      >
        Show in folder
      </button>
      <Show when={problem()}>
        {(p) => (
          <span class="error" role="alert" data-testid="file-problem">
            {p()}
          </span>
        )}
      </Show>
    </span>
  );
};

/** A file qrstation wrote: its path, and Open / Show in folder when it is in the exports folder
 * (only then: the buttons take its exports name, never a path). */
export const FilePath: Component<{
  backend: Pick<Backend, "filesOpen" | "filesReveal">;
  file: SavedFile;
  /** Names the buttons for screen readers, e.g. "the badge sheet". */
  what: string;
}> = (props) => (
  <>
    <code>{props.file.path}</code>
    <Show when={props.file.exportsName}>
      {(n) => (
        <>
          {" "}
          <FileActions backend={props.backend} name={n()} what={props.what} />
        </>
      )}
    </Show>
  </>
);
