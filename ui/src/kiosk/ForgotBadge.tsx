// "I forgot my badge": after the manager's sign-in, the manager picks the hours of a temporary
// QR code for the one worker the approval names (and, when that worker already has an active
// one, whether to replace it); then the code is shown on screen for the worker to scan with the
// shared device. It hides after its minute, on any touch or key (the next person), or on Done.
// The picture is never stored: it lives in this screen only.
import { createSignal, onCleanup, onMount, Show } from "solid-js";
import type { BadgeApproval, TemporaryBadge } from "../generated/bindings";
import type { KioskBackend } from "./api";
import type { Strings } from "./strings";

/** A time of day for the screen (unix ms). */
function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

/** The manager signed in: the hours of the temporary code, and replace-or-not. */
export function ConfirmTemporaryCode(props: {
  t: Strings;
  approval: BadgeApproval;
  backend: KioskBackend;
  onIssued: (badge: TemporaryBadge) => void;
  onCancel: () => void;
  onFailed: (e: unknown) => void;
}) {
  const a = () => props.approval;
  // eslint-disable-next-line solid/reactivity -- the first value only; the manager changes it
  const [hours, setHours] = createSignal(props.approval.defaultHours);
  const [busy, setBusy] = createSignal(false);
  const issue = async (replace: boolean) => {
    setBusy(true);
    try {
      props.onIssued(await props.backend.issueTemporaryCode(a().worker.id, hours(), replace));
    } catch (e) {
      props.onFailed(e);
    } finally {
      setBusy(false);
    }
  };
  const step = (d: number) => setHours(Math.min(a().maxHours, Math.max(a().minHours, hours() + d)));
  return (
    <section class="k-pick" data-testid="confirm-badge">
      <h1>{props.t.badgeConfirmTitle}</h1>
      <p class="k-lead" data-testid="confirm-badge-text">
        {props.t.badgeConfirmIntro(a().manager.name, a().worker.name, a().worker.upn)}
      </p>
      <Show
        when={a().hasMethod}
        fallback={
          <p class="k-problem" role="alert" data-testid="no-method">
            {props.t.badgeNoMethod}
          </p>
        }
      >
        <Show when={a().activeUntil != null}>
          <p class="k-notice" role="status" data-testid="active-code">
            {props.t.badgeActive(clock(a().activeUntil ?? 0))}
          </p>
        </Show>
        <div class="k-row" role="group" aria-label={props.t.badgeHours(hours())}>
          <button class="k-mid k-second" data-testid="hours-less" disabled={busy()} onClick={() => step(-1)}>
            −
          </button>
          <strong class="k-hours" data-testid="hours">
            {props.t.badgeHours(hours())}
          </strong>
          <button class="k-mid k-second" data-testid="hours-more" disabled={busy()} onClick={() => step(1)}>
            +
          </button>
        </div>
        <Show
          when={a().activeUntil != null}
          fallback={
            <button
              class="k-big"
              data-testid="issue-code"
              disabled={busy()}
              onClick={() => void issue(false)}
            >
              <span>{busy() ? props.t.badgeMaking : props.t.badgeMake(a().worker.name)}</span>
              <small>{a().worker.upn}</small>
            </button>
          }
        >
          <button class="k-big" data-testid="replace-code" disabled={busy()} onClick={() => void issue(true)}>
            <span>{busy() ? props.t.badgeMaking : props.t.badgeReplace}</span>
            <small>{a().worker.upn}</small>
          </button>
        </Show>
      </Show>
      <button class="k-mid k-second" disabled={busy()} onClick={() => props.onCancel()}>
        {props.t.cancel}
      </button>
    </section>
  );
}

/** The temporary code on screen, once; `onHide` after `showSeconds`, on any input, or Done. */
export function TemporaryCodeShown(props: { t: Strings; badge: TemporaryBadge; onHide: () => void }) {
  let hidden = false;
  const hide = () => {
    if (hidden) return;
    hidden = true;
    props.onHide();
  };
  // eslint-disable-next-line solid/reactivity -- read once when shown
  const timer = setTimeout(hide, props.badge.showSeconds * 1000);
  const events = ["pointerdown", "keydown", "touchstart"] as const;
  onMount(() => {
    for (const ev of events) document.addEventListener(ev, hide, { capture: true });
  });
  onCleanup(() => {
    clearTimeout(timer);
    for (const ev of events) document.removeEventListener(ev, hide, { capture: true });
  });
  const src = () => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(props.badge.qrSvg)}`;
  return (
    <section class="k-temp" data-testid="temp-code">
      <h1>{props.t.badgeShownTitle(props.badge.worker.name)}</h1>
      <img
        class="k-qr k-temp-qr"
        data-testid="temp-qr"
        src={src()}
        alt={props.t.badgeAlt}
        width="320"
        height="320"
      />
      <p class="k-lead" data-testid="temp-until">
        {props.t.badgeUntil(clock(props.badge.expires))}
      </p>
      <p class="k-notice">{props.t.badgeOnce(props.badge.showSeconds)}</p>
      <button class="k-big" data-testid="done" onClick={() => hide()}>
        {props.t.done}
      </button>
    </section>
  );
}
