// The kiosk's screens and their flow: start → device code → PIN pad → done, and start → name →
// (several matches: the worker picks themselves) → the manager's device code, naming that one
// worker → the manager confirms that worker → temporary PIN. Any idle timeout goes back to the
// start and tells Rust to drop whatever the flow held.
import { createEffect, createSignal, Match, onCleanup, onMount, Show, Switch } from "solid-js";
import type {
  ApprovalPurpose,
  BadgeApproval,
  DeviceCodePrompt,
  KioskInfo,
  Person,
  PinChange,
  ResetApproval,
  TemporaryBadge,
  TemporaryPin,
} from "../generated/bindings";
import { toErrorPayload } from "../ipc";
import type { KioskBackend } from "./api";
import { languages, pickLanguage, type Language, type Strings } from "./strings";
import { DeviceCode } from "./DeviceCode";
import { PinPad } from "./PinPad";
import { NameEntry } from "./NameEntry";
import { ChooseWorker, ConfirmReset, TemporaryPinShown } from "./Reset";
import { ConfirmTemporaryCode, TemporaryCodeShown } from "./ForgotBadge";

type Screen =
  | { kind: "start" }
  | { kind: "code"; approval: ApprovalPurpose | null; prompt: DeviceCodePrompt | null }
  | { kind: "pin"; person: Person }
  | { kind: "changed" }
  | { kind: "mfa"; retry: () => Promise<PinChange> }
  | { kind: "forgot"; problem: string | null; badge?: boolean }
  | { kind: "choose"; people: Person[]; badge?: boolean }
  | { kind: "badge"; approval: BadgeApproval }
  | { kind: "tempCode"; badge: TemporaryBadge }
  | { kind: "confirm"; approval: ResetApproval }
  | { kind: "temp"; temp: TemporaryPin };

/** How long a screen may sit untouched before the kiosk starts again, in seconds. */
export function screenTimeout(screen: Screen, idleSeconds: number): number {
  if (screen.kind === "code") {
    // The person is busy on their phone: wait for the code's own lifetime (at most 5 min).
    return Math.min(screen.prompt?.expiresInSeconds ?? 300, 300);
  }
  return idleSeconds;
}

/** Words for a failed step. */
export function kioskMessage(t: Strings, e: unknown): string {
  const err = toErrorPayload(e);
  switch (err.code) {
    case "kiosk.not_manager":
      return t.notManager;
    case "kiosk.worker_not_found":
      return t.workerNotFound;
    case "kiosk.flow_ended":
    case "graph.sign_in_timed_out":
      return t.timedOut;
    case "core.pin_not_returned":
      return t.pinNotReturned;
    case "graph.active_code_exists":
      return t.activeCode;
    default:
      return t.failed;
  }
}

export function Kiosk(props: { backend: KioskBackend }) {
  const [info, setInfo] = createSignal<KioskInfo | null>(null);
  const [lang, setLang] = createSignal<Language>("en");
  const t = () => languages[lang()];
  const [screen, setScreen] = createSignal<Screen>({ kind: "start" });
  const [notice, setNotice] = createSignal<string | null>(null);
  // Calls to Rust still under way (a PIN change, a reset): the idle timer waits for them.
  const [inFlight, setInFlight] = createSignal(0);
  let generation = 0;

  const loadInfo = () =>
    props.backend
      .info()
      .then((i) => {
        setInfo(i);
        setLang(pickLanguage(i.language, navigator.language));
      })
      .catch(() => undefined);

  // Back to the start for the next person: Rust drops the flow, the language and the PIN
  // length start again from the settings (a manager's sign-in may have updated the length).
  const home = (message: string | null = null) => {
    generation++;
    void props.backend.reset().catch(() => undefined);
    setNotice(message);
    setScreen({ kind: "start" });
    void loadInfo();
  };

  /** `f`, but only while the flow that made it is still the current one. */
  const current = <A extends unknown[]>(f: (...a: A) => void): ((...a: A) => void) => {
    const mine = generation;
    return (...a: A) => {
      if (mine === generation) f(...a);
    };
  };
  const track = <T,>(p: Promise<T>): Promise<T> => {
    setInFlight(inFlight() + 1);
    return p.finally(() => setInFlight(inFlight() - 1));
  };
  const backend: KioskBackend = {
    ...props.backend,
    changePin: (c, n) => track(props.backend.changePin(c, n)),
    resetPin: (id) => track(props.backend.resetPin(id)),
    issueTemporaryCode: (id, h, r) => track(props.backend.issueTemporaryCode(id, h, r)),
  };

  // Idle: every touch or key restarts the clock; a screen change does too.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastTouch = 0;
  const arm = () => {
    clearTimeout(timer);
    const s = screen();
    if (s.kind === "start") return;
    const secs = screenTimeout(s, info()?.idleSeconds ?? 60);
    timer = setTimeout(() => {
      if (inFlight() > 0) return arm();
      const quiet = ["changed", "temp", "tempCode"].includes(screen().kind);
      home(quiet ? null : t().timedOut);
    }, secs * 1000);
  };
  const activity = () => {
    arm();
    const now = Date.now();
    if (screen().kind !== "start" && now - lastTouch > 10_000) {
      lastTouch = now;
      void props.backend.touch().catch(() => undefined);
    }
  };
  createEffect(() => {
    screen();
    arm();
  });
  const block = (e: Event) => e.preventDefault();
  // Browser shortcuts that print, save, open, find, reload or zoom have no place here.
  const keys = (e: KeyboardEvent) => {
    const k = e.key.toLowerCase();
    if (
      (e.ctrlKey || e.metaKey) &&
      ["p", "s", "o", "f", "g", "r", "n", "t", "w", "+", "-", "=", "0", "u"].includes(k)
    ) {
      e.preventDefault();
    }
    if (["f3", "f5", "f7", "f11", "f12"].includes(k)) e.preventDefault();
  };
  const events = ["pointerdown", "keydown", "input", "touchstart"] as const;
  onMount(() => {
    for (const ev of events) document.addEventListener(ev, activity, { capture: true });
    document.addEventListener("contextmenu", block);
    document.addEventListener("dragover", block);
    document.addEventListener("drop", block);
    document.addEventListener("keydown", keys, { capture: true });
    // A reload must not inherit a flow: start clean.
    void props.backend.reset().catch(() => undefined);
    void loadInfo();
  });
  onCleanup(() => {
    clearTimeout(timer);
    for (const ev of events) document.removeEventListener(ev, activity, { capture: true });
    document.removeEventListener("contextmenu", block);
    document.removeEventListener("dragover", block);
    document.removeEventListener("drop", block);
    document.removeEventListener("keydown", keys, { capture: true });
  });
  createEffect(() => {
    document.documentElement.lang = lang();
  });

  /** Runs a device-code sign-in approving `approval` (null: a worker's own); undefined when
   * it failed or was abandoned. */
  async function signIn<T>(
    approval: ApprovalPurpose | null,
    run: (onCode: (p: DeviceCodePrompt) => void) => Promise<T>,
  ): Promise<T | undefined> {
    const mine = ++generation;
    setNotice(null);
    setScreen({ kind: "code", approval, prompt: null });
    try {
      const result = await run((prompt) => {
        if (mine === generation) setScreen({ kind: "code", approval, prompt });
      });
      return mine === generation ? result : undefined;
    } catch (e) {
      if (mine === generation) home(kioskMessage(t(), e));
      return undefined;
    }
  }

  // Microsoft asked for a fresh MFA sign-in: the worker signs in again, the same change is
  // sent once more (a second refusal means the worker has no second factor it accepts).
  const stepUp = async (retry: () => Promise<PinChange>) => {
    const person = await signIn(null, (cb) => props.backend.workerStepUp(cb));
    if (!person) return;
    const mine = generation;
    try {
      const r = await track(retry());
      if (mine !== generation) return;
      if (r.kind === "changed") setScreen({ kind: "changed" });
      else if (r.kind === "locked") home(t().locked(r.minutes));
      else if (r.kind === "wrongPin") home(t().wrongPin(r.triesLeft));
      else home(t().mfaUnavailable);
    } catch (e) {
      if (mine === generation) home(kioskMessage(t(), e));
    }
  };
  const changeMine = async () => {
    const person = await signIn(null, (cb) => props.backend.workerSignIn(cb));
    if (person) setScreen({ kind: "pin", person });
  };
  // The worker is resolved to one person before any manager is asked.
  const [finding, setFinding] = createSignal(false);
  const find = async (typed: string, badge = false) => {
    const mine = generation;
    setFinding(true);
    try {
      const people = await props.backend.findWorker(typed);
      if (mine !== generation) return;
      if (people.length === 0) setScreen({ kind: "forgot", problem: t().noMatch, badge });
      else if (people.length === 1) void (badge ? approveBadge : approve)(people[0] as Person);
      else setScreen({ kind: "choose", people, badge });
    } catch (e) {
      if (mine !== generation) return;
      const code = toErrorPayload(e).code;
      setScreen({
        kind: "forgot",
        badge,
        problem:
          code === "kiosk.name_too_short" || code === "kiosk.partial_upn"
            ? t().typeMore
            : kioskMessage(t(), e),
      });
    } finally {
      setFinding(false);
    }
  };
  const approve = async (worker: Person) => {
    const key = worker.id || worker.upn;
    const approval = await signIn({ kind: "resetPin", worker }, (cb) =>
      props.backend.managerApprove(key, cb),
    );
    if (approval) setScreen({ kind: "confirm", approval });
  };
  const approveBadge = async (worker: Person) => {
    const key = worker.id || worker.upn;
    const approval = await signIn({ kind: "temporaryCode", worker }, (cb) =>
      props.backend.approveTemporaryCode(key, cb),
    );
    if (approval) setScreen({ kind: "badge", approval });
  };
  const exit = async () => {
    await signIn({ kind: "leaveKiosk" }, (cb) => props.backend.exit(cb));
  };

  return (
    <main class="kiosk" aria-live="polite">
      <Switch>
        <Match when={screen().kind === "start"}>
          <section class="k-start">
            <h1>{t().title}</h1>
            <p class="k-lead">{t().subtitle}</p>
            <Show when={notice()}>
              <p class="k-notice" role="status">
                {notice()}
              </p>
            </Show>
            <div class="k-choices">
              <button class="k-big" data-testid="change-pin" onClick={() => void changeMine()}>
                <span>{t().changePin}</span>
                <small>{t().changePinHint}</small>
              </button>
              <button
                class="k-big k-second"
                data-testid="forgot-pin"
                onClick={() => {
                  setNotice(null);
                  setScreen({ kind: "forgot", problem: null });
                }}
              >
                <span>{t().forgotPin}</span>
                <small>{t().forgotPinHint}</small>
              </button>
              <button
                class="k-big k-second"
                data-testid="forgot-badge"
                onClick={() => {
                  setNotice(null);
                  setScreen({ kind: "forgot", problem: null, badge: true });
                }}
              >
                <span>{t().forgotBadge}</span>
                <small>{t().forgotBadgeHint}</small>
              </button>
            </div>
            <div class="k-footer">
              <button
                class="k-link"
                aria-label={t().languageLabel}
                data-testid="language"
                onClick={() => setLang(lang() === "en" ? "es" : "en")}
              >
                {t().language}
              </button>
              <Show when={info()?.demo}>
                <span class="k-demo">{t().demoTenant}</span>
              </Show>
              <button class="k-link" data-testid="exit" onClick={() => void exit()}>
                {t().managerExit}
              </button>
            </div>
          </section>
        </Match>
        <Match when={screen().kind === "code" && (screen() as Extract<Screen, { kind: "code" }>)}>
          {(s) => <DeviceCode t={t()} approval={s().approval} prompt={s().prompt} onCancel={() => home()} />}
        </Match>
        <Match when={screen().kind === "pin" && (screen() as Extract<Screen, { kind: "pin" }>)}>
          {(s) => (
            <PinPad
              t={t()}
              person={s().person}
              pinLength={info()?.pinLength ?? 8}
              backend={backend}
              onChanged={current(() => setScreen({ kind: "changed" }))}
              onLocked={current((minutes: number) => home(t().locked(minutes)))}
              onMfaRequired={current((retry: () => Promise<PinChange>) => setScreen({ kind: "mfa", retry }))}
              onMfaUnavailable={current(() => home(t().mfaUnavailable))}
              onCancel={() => home()}
              onFailed={current((e: unknown) => home(kioskMessage(t(), e)))}
            />
          )}
        </Match>
        <Match when={screen().kind === "mfa" && (screen() as Extract<Screen, { kind: "mfa" }>)}>
          {(s) => (
            <section class="k-done" role="status" data-testid="mfa">
              <h1>{t().mfaTitle}</h1>
              <p class="k-lead">{t().mfaBody}</p>
              <button class="k-big" data-testid="mfa-again" onClick={() => void stepUp(s().retry)}>
                {t().mfaAgain}
              </button>
              <button class="k-big k-second" data-testid="mfa-cancel" onClick={() => home()}>
                {t().cancel}
              </button>
            </section>
          )}
        </Match>
        <Match when={screen().kind === "changed"}>
          <section class="k-done" role="status">
            <div class="k-check" aria-hidden="true">
              ✓
            </div>
            <h1>{t().changedTitle}</h1>
            <p class="k-lead">{t().changedBody}</p>
            <button class="k-big" data-testid="done" onClick={() => home()}>
              {t().done}
            </button>
          </section>
        </Match>
        <Match when={screen().kind === "forgot" && (screen() as Extract<Screen, { kind: "forgot" }>)}>
          {(s) => (
            <NameEntry
              t={t()}
              problem={s().problem}
              intro={s().badge ? t().forgotBadgeIntro : undefined}
              busy={finding()}
              onNext={(name) => void find(name, s().badge ?? false)}
              onCancel={() => home()}
            />
          )}
        </Match>
        <Match when={screen().kind === "choose" && (screen() as Extract<Screen, { kind: "choose" }>)}>
          {(s) => (
            <ChooseWorker
              t={t()}
              people={s().people}
              onPick={(p) => void (s().badge ? approveBadge : approve)(p)}
              onCancel={() => home()}
            />
          )}
        </Match>
        <Match when={screen().kind === "confirm" && (screen() as Extract<Screen, { kind: "confirm" }>)}>
          {(s) => (
            <ConfirmReset
              t={t()}
              approval={s().approval}
              backend={backend}
              onReset={current((temp: TemporaryPin) => setScreen({ kind: "temp", temp }))}
              onCancel={() => home()}
              onFailed={current((e: unknown) => home(kioskMessage(t(), e)))}
            />
          )}
        </Match>
        <Match when={screen().kind === "badge" && (screen() as Extract<Screen, { kind: "badge" }>)}>
          {(s) => (
            <ConfirmTemporaryCode
              t={t()}
              approval={s().approval}
              backend={backend}
              onIssued={current((badge: TemporaryBadge) => setScreen({ kind: "tempCode", badge }))}
              onCancel={() => home()}
              onFailed={current((e: unknown) => home(kioskMessage(t(), e)))}
            />
          )}
        </Match>
        <Match when={screen().kind === "tempCode" && (screen() as Extract<Screen, { kind: "tempCode" }>)}>
          {(s) => <TemporaryCodeShown t={t()} badge={s().badge} onHide={() => home()} />}
        </Match>
        <Match when={screen().kind === "temp" && (screen() as Extract<Screen, { kind: "temp" }>)}>
          {(s) => <TemporaryPinShown t={t()} temp={s().temp} onDone={() => home()} />}
        </Match>
      </Switch>
    </main>
  );
}
