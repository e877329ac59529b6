// The device-code screen: the sign-in page as a QR code for a phone camera, the code to type
// in very large letters, and a cancel button. For a manager it says what the sign-in
// approves and for whom (Entra's device-code page cannot show that text), as Rust bound it.
// The secret half of the device code never reaches this window.
import { createSignal, onCleanup, Show } from "solid-js";
import type { ApprovalPurpose, DeviceCodePrompt } from "../generated/bindings";
import type { Strings } from "./strings";

/** The heading for a sign-in: the worker's own, or what a manager approves. */
export function approvalTitle(t: Strings, approval: ApprovalPurpose | null): string {
  if (!approval) return t.scanTitleWorker;
  if (approval.kind === "resetPin") return t.approveReset(approval.worker.name, approval.worker.upn);
  if (approval.kind === "temporaryCode") return t.approveBadge(approval.worker.name, approval.worker.upn);
  return t.approveExit;
}

export function DeviceCode(props: {
  t: Strings;
  /** What Rust bound the sign-in to, until the prompt (which carries it) arrives. */
  approval: ApprovalPurpose | null;
  prompt: DeviceCodePrompt | null;
  onCancel: () => void;
}) {
  const shownAt = Date.now();
  const [now, setNow] = createSignal(Date.now());
  const tick = setInterval(() => setNow(Date.now()), 15_000);
  onCleanup(() => clearInterval(tick));
  const minutesLeft = () => {
    const secs = (props.prompt?.expiresInSeconds ?? 0) - (now() - shownAt) / 1000;
    return Math.max(1, Math.ceil(secs / 60));
  };
  // Once the prompt is there, its own `approval` (from Rust) is what the screen names.
  const approval = () => (props.prompt ? props.prompt.approval : props.approval);
  const title = () => approvalTitle(props.t, approval());
  const qr = () =>
    props.prompt ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(props.prompt.qrSvg)}` : "";
  return (
    <section class="k-code" data-testid="device-code">
      <h1 data-testid="code-title">{title()}</h1>
      <Show when={approval()}>
        <p class="k-notice" data-testid="approve-hint">
          {props.t.approveHint}
        </p>
      </Show>
      <Show when={props.prompt} fallback={<p class="k-lead">{props.t.scanWaiting}</p>}>
        {(p) => (
          <div class="k-code-body">
            <img class="k-qr" src={qr()} alt={p().verificationUri} width="260" height="260" />
            <ol class="k-steps">
              <li>
                {props.t.scanStep1} <strong class="k-uri">{p().verificationUri}</strong>
              </li>
              <li>
                {props.t.scanStep2}
                <div
                  class="k-user-code"
                  data-testid="user-code"
                  aria-label={p().userCode.split("").join(" ")}
                >
                  {p().userCode}
                </div>
              </li>
              <li>{props.t.scanStep3}</li>
            </ol>
          </div>
        )}
      </Show>
      <p class="k-muted" role="status">
        {props.t.scanWaiting} <Show when={props.prompt}>{props.t.expiresIn(minutesLeft())}</Show>
      </p>
      <button class="k-big k-second" data-testid="cancel" onClick={() => props.onCancel()}>
        {props.t.cancel}
      </button>
    </section>
  );
}
