// Shown once after a create, rotate, temporary code or PIN reset: the PIN to hand over and the
// QR code to print. Graph returns the image once; after closing, only a rotation makes a new one.
import { createEffect, createSignal, onCleanup, onMount, Show, type Component } from "solid-js";
import { dialogKeys, focusables } from "./focus";
import type { Backend } from "./api";
import { BadgePrint } from "./BadgePrint";
import { FileActions } from "./FileActions";
import "./dialog.css";
import type { BadgeRequest, Issued, IssuedQr, SavedFile } from "./generated/bindings";

/** The badge for a code Graph just issued. */
function badgeOf(issued: Issued, qr: IssuedQr): BadgeRequest {
  const u = issued.card.user;
  return {
    payloadBase64: qr.rawContentBase64,
    errorCorrectionLevel: qr.errorCorrectionLevel,
    version: qr.version,
    displayName: u.displayName,
    upn: u.upn,
    department: u.officeLocation ?? u.department,
    validFrom: qr.starts,
    validUntil: qr.expires,
    onboarding: null,
    // A temporary code's badge says TEMPORARY and until when (with the time).
    temporary: qr.kind === "temporary",
  };
}

/** The PIN is hidden after this long without input in the window (shoulder-surfing). */
export const PIN_HIDE_MS = 120_000;
/** A warning this long before it hides. */
export const PIN_WARN_MS = 30_000;
/** A copied PIN leaves the clipboard after this long. */
export const CLIPBOARD_CLEAR_MS = 30_000;

/**
 * Puts the PIN on the clipboard and takes it off again after 30 s, unless something else was
 * copied meanwhile. Where the clipboard cannot be read back (WebKit may refuse), it is cleared
 * all the same: losing a later copy is better than leaving a PIN for clipboard managers.
 */
export async function copyPinBriefly(
  pin: string,
  clipboard: Clipboard | undefined = navigator.clipboard,
): Promise<void> {
  if (!clipboard) throw new Error("no clipboard");
  await clipboard.writeText(pin);
  window.setTimeout(() => {
    void (async () => {
      let still = true;
      try {
        still = (await clipboard.readText()) === pin;
      } catch {
        still = true;
      }
      if (still) await clipboard.writeText("").catch(() => undefined);
    })();
  }, CLIPBOARD_CLEAR_MS);
}

export const IssuedDialog: Component<{
  backend: Backend;
  issued: Issued;
  onClose: () => void;
  /** Kept for callers; the close warning no longer offers a new badge (issue #15). */
  onRotate?: () => void;
}> = (props) => {
  const [closing, setClosing] = createSignal(false);
  // What happened to the badge here: the close warning says so, and that closing is then safe.
  const [printed, setPrinted] = createSignal(false);
  const [savedFile, setSavedFile] = createSignal<SavedFile | null>(null);
  const saved = () => savedFile() !== null;
  const kept = () => printed() || saved();
  const [copied, setCopied] = createSignal(false);
  // Two minutes without input hide the PIN (a click shows it again); 30 s before, a warning.
  const [idleFor, setIdleFor] = createSignal(0);
  const [revealed, setRevealed] = createSignal(true);
  let last = Date.now();
  const input = () => {
    last = Date.now();
    setIdleFor(0);
  };
  onMount(() => {
    for (const ev of ["keydown", "pointerdown", "wheel", "touchstart"])
      window.addEventListener(ev, input, true);
    const timer = window.setInterval(() => {
      setIdleFor(Date.now() - last);
      if (Date.now() - last >= PIN_HIDE_MS) setRevealed(false);
    }, 1_000);
    onCleanup(() => {
      window.clearInterval(timer);
      for (const ev of ["keydown", "pointerdown", "wheel", "touchstart"])
        window.removeEventListener(ev, input, true);
    });
  });
  const qr = () => props.issued.qr;
  let dialog: HTMLDivElement | undefined;
  let back: HTMLButtonElement | undefined;
  // Focus starts inside the dialog; Escape asks "close?" (the safe step), never closes outright.
  onMount(() => (dialog ? focusables(dialog)[0]?.focus() : undefined));
  createEffect(() => {
    if (closing()) back?.focus();
  });
  return (
    <div class="overlay">
      <div
        class="dialog issued-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="issued-title"
        data-testid="issued"
        ref={dialog}
        onKeyDown={dialogKeys(
          () => dialog,
          () => setClosing(!closing()),
        )}
      >
        <h2 id="issued-title">{props.issued.card.user.displayName}</h2>
        <Show when={props.issued.note}>
          {(n) => (
            <p class="note" data-testid="issued-note">
              {n()}
            </p>
          )}
        </Show>
        <Show when={props.issued.pin}>
          {(p) => (
            <div class="pin-box">
              <p>
                PIN — give it to the worker{p().mustChange ? "; it must be changed at the next sign-in" : ""}:
              </p>
              <Show
                when={revealed()}
                fallback={
                  <p class="muted" data-testid="pin-hidden">
                    The PIN was hidden after 2 minutes without use.{" "}
                    <button
                      type="button"
                      class="link"
                      data-testid="show-pin"
                      onClick={() => {
                        input();
                        setRevealed(true);
                      }}
                    >
                      Show PIN
                    </button>
                  </p>
                }
              >
                <p class="pin" data-testid="issued-pin">
                  {p().pin}
                </p>
                <Show when={idleFor() >= PIN_HIDE_MS - PIN_WARN_MS}>
                  <p class="warn" data-testid="pin-hide-warning">
                    The PIN will be hidden soon: nobody has used this window for a while.
                  </p>
                </Show>
              </Show>
              <button
                type="button"
                class="secondary"
                data-testid="copy-pin"
                onClick={() =>
                  void copyPinBriefly(p().pin).then(
                    () => setCopied(true),
                    () => undefined,
                  )
                }
              >
                {copied() ? "Copied — cleared from the clipboard in 30 s" : "Copy PIN"}
              </button>
            </div>
          )}
        </Show>
        <Show when={qr()}>
          {(q) => (
            <div class="qr-box" data-testid="issued-qr">
              <Show
                when={!q().imageLost}
                fallback={
                  <p class="warn">
                    The code was created but its image was lost on the way. Rotate it to print a badge.
                  </p>
                }
              >
                <Show when={q().imageMatches === false}>
                  <p class="warn" role="alert" data-testid="qr-image-differs">
                    The picture Microsoft sent does not read as this code, so it is not used. The badge below
                    prints from the code itself and is right.
                  </p>
                </Show>
                <BadgePrint
                  backend={props.backend}
                  badge={badgeOf(props.issued, q())}
                  userId={props.issued.card.user.id || null}
                  onPrinted={() => setPrinted(true)}
                  onSaved={setSavedFile}
                />
                <Show when={savedFile()}>
                  {(f) => (
                    <p class="ok saved-file" data-testid="saved-file">
                      Saved ✓ <code>{f().fileName}</code>{" "}
                      <Show
                        when={f().exportsName}
                        fallback={<span class="muted">(outside qrstation's exports folder)</span>}
                      >
                        {(name) => <FileActions backend={props.backend} name={name()} what="the badge PDF" />}
                      </Show>
                    </p>
                  )}
                </Show>
              </Show>
            </div>
          )}
        </Show>
        <Show
          when={closing()}
          fallback={
            <button
              type="button"
              class="secondary"
              data-testid="close-issued"
              onClick={() => setClosing(true)}
            >
              Done
            </button>
          }
        >
          <div class="confirm" data-testid="close-warning">
            <Show when={kept()}>
              <p class="ok" data-testid="close-done">
                {[printed() ? "Printed ✓" : "", saved() ? "Saved ✓" : ""].filter(Boolean).join(" · ")} — the
                badge is done, so closing is safe
                {props.issued.pin ? " once the worker has the PIN (it cannot be shown again)." : "."}
              </p>
            </Show>
            <Show when={!kept() && props.issued.pin}>
              <p>Once closed, the PIN cannot be shown again (only a PIN reset makes a new one).</p>
            </Show>
            <Show when={!kept() && qr()?.kind === "standard"}>
              <p>
                The badge was not printed or saved. Once closed, it cannot be printed again without making a
                new badge code (the old one then stops working).
              </p>
            </Show>
            <Show when={!kept() && qr()?.kind === "temporary"}>
              <p>Once closed, this temporary code cannot be shown again (add a new one if needed).</p>
            </Show>
            <button type="button" data-testid="close-confirm" onClick={() => props.onClose()}>
              Close
            </button>
            <button
              type="button"
              class="secondary"
              data-testid="close-back"
              ref={back}
              onClick={() => setClosing(false)}
            >
              Back
            </button>
          </div>
        </Show>
      </div>
    </div>
  );
};
