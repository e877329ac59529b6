import { cleanup, fireEvent, render, screen, waitFor } from "@solidjs/testing-library";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ApprovalPurpose, DeviceCodePrompt, Person, PinChange } from "../generated/bindings";
import type { KioskBackend } from "./api";
import { Kiosk } from "./Kiosk";
import { en, es, pickLanguage } from "./strings";

const prompt: DeviceCodePrompt = {
  userCode: "HJKL2345",
  verificationUri: "https://microsoft.com/devicelogin",
  qrSvg: "<svg xmlns='http://www.w3.org/2000/svg'></svg>",
  expiresInSeconds: 900,
  approval: null,
};
const ana = { id: "u1", name: "Ana Lima", upn: "ana.lima@contoso.com" };
const ana2 = { id: "u2", name: "Ana Lima", upn: "ana.lima2@contoso.com" };

/** A kiosk back end whose sign-ins finish when the test says so. */
function fakeKiosk(answers: PinChange[] = [{ kind: "changed" }], people: Person[] = [ana]) {
  const calls: string[] = [];
  let approve: (() => void) | undefined;
  const signIn =
    <T,>(name: string, value: T, approval: ApprovalPurpose | null = null) =>
    (onCode: (p: DeviceCodePrompt) => void) =>
      new Promise<T>((resolve, reject) => {
        calls.push(name);
        // As Rust does: the prompt carries what the sign-in approves.
        onCode({ ...prompt, approval });
        approve = () => resolve(value);
        // A reset from the screen cancels the wait, as Rust does.
        const before = calls.filter((c) => c === "reset").length;
        const check = setInterval(() => {
          if (calls.filter((c) => c === "reset").length > before) {
            clearInterval(check);
            reject({ code: "kiosk.flow_ended", message: "this step has ended" });
          }
        }, 5);
      });
  const backend: KioskBackend = {
    info: async () => ({ demo: true, idleSeconds: 60, pinLength: 8, maxWrongPins: 3, language: "en" }),
    touch: async () => (calls.push("touch"), null),
    reset: async () => (calls.push("reset"), null),
    checkPin: async (pin) =>
      /^\d{8,20}$/.test(pin)
        ? null
        : Promise.reject({ code: "pin.too_short", message: "the PIN must have at least 8 digits" }),
    workerSignIn: signIn("worker", ana),
    workerStepUp: signIn("stepUp", ana),
    changePin: async (current, next) => {
      calls.push(`change:${current}:${next}`);
      return answers.shift() ?? { kind: "changed" };
    },
    findWorker: async (typed) => (calls.push(`find:${typed}`), people),
    managerApprove: (worker, onCode) => {
      const bound = people.find((p) => p.id === worker || p.upn === worker) ?? ana;
      return signIn(
        "manager:" + worker,
        { manager: { id: "m1", name: "Megan Bowen", upn: "megan@contoso.com" }, worker: bound },
        { kind: "resetPin", worker: bound },
      )(onCode);
    },
    resetPin: async (id) => {
      calls.push(`resetPin:${id}`);
      const worker = people.find((p) => p.id === id) ?? ana;
      return { worker, pin: "40917352" };
    },
    exit: signIn("exit", { id: "m1", name: "Megan Bowen", upn: "megan@contoso.com" }, { kind: "leaveKiosk" }),
    approveTemporaryCode: (worker, onCode) => {
      const bound = people.find((p) => p.id === worker || p.upn === worker) ?? ana;
      return signIn(
        "badge:" + worker,
        {
          manager: { id: "m1", name: "Megan Bowen", upn: "megan@contoso.com" },
          worker: bound,
          hasMethod: true,
          activeUntil: null,
          defaultHours: 8,
          minHours: 1,
          maxHours: 12,
        },
        { kind: "temporaryCode", worker: bound },
      )(onCode);
    },
    issueTemporaryCode: async (id, hours, replace) => {
      calls.push(`issue:${id}:${hours}:${replace}`);
      const worker = people.find((p) => p.id === id) ?? ana;
      return {
        worker,
        qrSvg: "<svg xmlns='http://www.w3.org/2000/svg'></svg>",
        starts: 0,
        expires: hours * 3_600_000,
        showSeconds: 60,
        replaced: replace,
      };
    },
  };
  return { backend, calls, approve: () => approve?.() };
}

const type = (testid: string, value: string) =>
  fireEvent.input(screen.getByTestId(testid), { target: { value } });

describe("Kiosk", () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it("has every string in Spanish, and picks the language from the setting or the system", () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(es)) {
      const text = typeof v === "function" ? (v as (x: never) => string)(2 as never) : v;
      expect(text.length, k).toBeGreaterThan(0);
    }
    expect(es.changePin).not.toBe(en.changePin);
    expect(es.approveExit).toBe("Aprobación del gerente: salir del modo quiosco");
    expect(es.approveReset("Ana Ruiz", "ana@contoso.com")).toBe(
      "Aprobación del gerente: restablecer el PIN de Ana Ruiz (ana@contoso.com)",
    );
    expect(en.approveReset("Ana Ruiz", "ana@contoso.com")).toBe(
      "Manager approval: reset the PIN of Ana Ruiz (ana@contoso.com)",
    );
    expect(pickLanguage(null, "es-MX")).toBe("es");
    expect(pickLanguage("en", "es-MX")).toBe("en");
    expect(pickLanguage(undefined, "de-DE")).toBe("en");
  });

  it("lets a worker change their PIN: device code, PIN pad with live checks, wrong PIN, success", async () => {
    const k = fakeKiosk([{ kind: "wrongPin", triesLeft: 2 }, { kind: "changed" }]);
    render(() => <Kiosk backend={k.backend} />);
    fireEvent.click(await screen.findByTestId("change-pin"));
    expect((await screen.findByTestId("user-code")).textContent).toBe("HJKL2345");
    k.approve();
    expect((await screen.findByTestId("hello")).textContent).toBe("Hello, Ana Lima");
    const current = screen.getByTestId("pin-current") as HTMLInputElement;
    expect(current.type).toBe("password");
    fireEvent.click(screen.getByTestId("show"));
    expect(current.type).toBe("text");
    type("pin-current", "11112222");
    type("pin-next", "5739");
    expect((await screen.findByTestId("pin-rule")).textContent).toBe(en.pinTooShort(8));
    type("pin-next", "57391824");
    await waitFor(() => expect(screen.getByTestId("pin-rule").textContent).toBe(en.pinOk));
    type("pin-again", "57391825");
    fireEvent.click(screen.getByTestId("save-pin"));
    expect((await screen.findByTestId("pin-error")).textContent).toBe(en.mismatch);
    type("pin-again", "57391824");
    fireEvent.click(screen.getByTestId("save-pin"));
    expect((await screen.findByTestId("pin-error")).textContent).toBe(en.wrongPin(2));
    expect(current.value, "a wrong current PIN is cleared").toBe("");
    type("pin-current", "48302917");
    fireEvent.click(screen.getByTestId("save-pin"));
    expect(await screen.findByText(en.changedTitle)).toBeTruthy();
    fireEvent.click(screen.getByTestId("done"));
    expect(await screen.findByTestId("change-pin")).toBeTruthy();
    expect(k.calls).toContain("change:11112222:57391824");
    expect(k.calls).toContain("change:48302917:57391824");
    expect(k.calls.filter((c) => c === "reset").length).toBeGreaterThanOrEqual(2);
  });

  it("signs the worker in again when Microsoft asks for MFA, then sends the same change once more", async () => {
    const k = fakeKiosk([{ kind: "mfaRequired" }, { kind: "changed" }]);
    render(() => <Kiosk backend={k.backend} />);
    fireEvent.click(await screen.findByTestId("change-pin"));
    k.approve();
    await screen.findByTestId("hello");
    type("pin-current", "48302917");
    type("pin-next", "57391824");
    await waitFor(() => expect(screen.getByTestId("pin-rule").textContent).toBe(en.pinOk));
    type("pin-again", "57391824");
    fireEvent.click(screen.getByTestId("save-pin"));
    expect((await screen.findByTestId("mfa")).textContent).toContain(en.mfaTitle);
    fireEvent.click(screen.getByTestId("mfa-again"));
    expect(await screen.findByTestId("user-code")).toBeTruthy();
    k.approve();
    expect(await screen.findByText(en.changedTitle)).toBeTruthy();
    expect(k.calls.filter((c) => c === "change:48302917:57391824").length).toBe(2);
    expect(k.calls).toContain("stepUp");
  });

  it("sends a worker Microsoft still refuses to a manager", async () => {
    const k = fakeKiosk([{ kind: "mfaRequired" }, { kind: "mfaUnavailable" }]);
    render(() => <Kiosk backend={k.backend} />);
    fireEvent.click(await screen.findByTestId("change-pin"));
    k.approve();
    await screen.findByTestId("hello");
    type("pin-current", "48302917");
    type("pin-next", "57391824");
    await waitFor(() => expect(screen.getByTestId("pin-rule").textContent).toBe(en.pinOk));
    type("pin-again", "57391824");
    fireEvent.click(screen.getByTestId("save-pin"));
    fireEvent.click(await screen.findByTestId("mfa-again"));
    await screen.findByTestId("user-code");
    k.approve();
    expect(await screen.findByText(en.mfaUnavailable)).toBeTruthy();
    expect(screen.getByTestId("change-pin")).toBeTruthy();
  });

  it("makes a temporary QR code for a worker who forgot their badge, then hides it", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const k = fakeKiosk();
    render(() => <Kiosk backend={k.backend} />);
    fireEvent.click(await screen.findByTestId("forgot-badge"));
    expect(screen.getByText(en.forgotBadgeIntro)).toBeTruthy();
    type("name", "ana.lima@contoso.com");
    fireEvent.click(screen.getByTestId("name-next"));
    expect((await screen.findByTestId("code-title")).textContent).toBe(
      en.approveBadge("Ana Lima", "ana.lima@contoso.com"),
    );
    k.approve();
    expect((await screen.findByTestId("hours")).textContent).toBe("8 hours");
    fireEvent.click(screen.getByTestId("hours-more"));
    fireEvent.click(screen.getByTestId("issue-code"));
    expect(await screen.findByTestId("temp-qr")).toBeTruthy();
    expect(k.calls).toContain("issue:u1:9:false");
    vi.advanceTimersByTime(60_000);
    expect(await screen.findByTestId("forgot-badge")).toBeTruthy();
    expect(screen.queryByTestId("temp-qr")).toBeNull();
  });

  it("goes back to the start and drops the flow after the idle timeout, mid-flow", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const k = fakeKiosk();
    render(() => <Kiosk backend={k.backend} />);
    fireEvent.click(await screen.findByTestId("change-pin"));
    await screen.findByTestId("user-code");
    k.approve();
    await screen.findByTestId("hello");
    type("pin-current", "4830");
    const resets = k.calls.filter((c) => c === "reset").length;
    vi.advanceTimersByTime(59_000);
    expect(screen.queryByTestId("hello")).toBeTruthy();
    vi.advanceTimersByTime(2_000);
    expect(await screen.findByText(en.timedOut)).toBeTruthy();
    expect(screen.queryByTestId("pin-current")).toBeNull();
    expect(k.calls.filter((c) => c === "reset").length).toBe(resets + 1);
  });

  it("runs an assisted reset bound to one worker: name, approval naming them, confirm, PIN once", async () => {
    const k = fakeKiosk();
    render(() => <Kiosk backend={k.backend} />);
    fireEvent.click(await screen.findByTestId("forgot-pin"));
    type("name", "ana");
    fireEvent.click(screen.getByTestId("name-next"));
    // The screen the manager reads the code from says what is approved, and for whom.
    expect((await screen.findByTestId("code-title")).textContent).toBe(
      "Manager approval: reset the PIN of Ana Lima (ana.lima@contoso.com)",
    );
    expect(screen.getByTestId("approve-hint").textContent).toBe(en.approveHint);
    expect(k.calls).toContain("find:ana");
    expect(k.calls).toContain("manager:u1");
    k.approve();
    // After sign-in the manager confirms that one worker; there is nobody else to pick.
    expect((await screen.findByTestId("confirm-text")).textContent).toBe(
      en.confirmIntro("Megan Bowen", "Ana Lima", "ana.lima@contoso.com"),
    );
    expect(screen.queryAllByTestId("confirm-reset")).toHaveLength(1);
    fireEvent.click(screen.getByTestId("confirm-reset"));
    expect((await screen.findByTestId("temp-pin")).textContent).toBe("40917352");
    fireEvent.click(screen.getByTestId("done"));
    await screen.findByTestId("forgot-pin");
    expect(document.body.textContent).not.toContain("40917352");
    expect(k.calls.filter((c) => c.startsWith("resetPin:"))).toEqual(["resetPin:u1"]);
  });

  it("narrows several matches to one person before any manager is asked", async () => {
    const k = fakeKiosk([], [ana, ana2]);
    render(() => <Kiosk backend={k.backend} />);
    fireEvent.click(await screen.findByTestId("forgot-pin"));
    type("name", "ana lima");
    fireEvent.click(screen.getByTestId("name-next"));
    expect(await screen.findByText(en.whoTitle)).toBeTruthy();
    expect(
      k.calls.some((c) => c.startsWith("manager:")),
      "no approval yet",
    ).toBe(false);
    const picks = screen.getAllByTestId("pick-worker");
    expect(picks).toHaveLength(2);
    fireEvent.click(picks[1] as HTMLElement);
    expect((await screen.findByTestId("code-title")).textContent).toBe(
      en.approveReset("Ana Lima", "ana.lima2@contoso.com"),
    );
    expect(k.calls).toContain("manager:u2");
    k.approve();
    fireEvent.click(await screen.findByTestId("confirm-reset"));
    await screen.findByTestId("temp-pin");
    expect(k.calls).toContain("resetPin:u2");
    expect(k.calls).not.toContain("resetPin:u1");
  });

  it("says when nobody matches, and asks no manager", async () => {
    const k = fakeKiosk([], []);
    render(() => <Kiosk backend={k.backend} />);
    fireEvent.click(await screen.findByTestId("forgot-pin"));
    type("name", "zed");
    fireEvent.click(screen.getByTestId("name-next"));
    expect((await screen.findByTestId("name-problem")).textContent).toBe(en.noMatch);
    expect(k.calls.some((c) => c.startsWith("manager:"))).toBe(false);
  });

  it("goes back to the start when the directory does not confirm the worker", async () => {
    const k = fakeKiosk();
    k.backend.managerApprove = (_w, onCode) => {
      onCode({ ...prompt, approval: { kind: "resetPin", worker: ana } });
      return Promise.reject({ code: "kiosk.worker_not_found", message: "not found" });
    };
    render(() => <Kiosk backend={k.backend} />);
    fireEvent.click(await screen.findByTestId("forgot-pin"));
    type("name", "ana.lima@contoso.com");
    fireEvent.click(screen.getByTestId("name-next"));
    expect(await screen.findByText(en.workerNotFound)).toBeTruthy();
    expect(screen.queryByTestId("confirm-reset")).toBeNull();
  });

  it("names an exit approval as such, and cancelling it goes back to the start", async () => {
    const k = fakeKiosk();
    render(() => <Kiosk backend={k.backend} />);
    fireEvent.click(await screen.findByTestId("exit"));
    await screen.findByTestId("user-code");
    expect(screen.getByTestId("code-title").textContent).toBe("Manager approval: leave kiosk mode");
    expect(screen.getByTestId("approve-hint")).toBeTruthy();
    fireEvent.click(screen.getByTestId("cancel"));
    expect(await screen.findByTestId("change-pin")).toBeTruthy();
    expect(screen.queryByText(en.timedOut)).toBeNull();
  });

  it("says when a worker is locked out, and switches to Spanish", async () => {
    const k = fakeKiosk([{ kind: "locked", minutes: 15 }]);
    render(() => <Kiosk backend={k.backend} />);
    fireEvent.click(await screen.findByTestId("language"));
    expect(screen.getByTestId("change-pin").textContent).toContain(es.changePin);
    fireEvent.click(screen.getByTestId("change-pin"));
    await screen.findByTestId("user-code");
    k.approve();
    await screen.findByTestId("hello");
    type("pin-current", "11112222");
    type("pin-next", "57391824");
    type("pin-again", "57391824");
    await waitFor(() => expect(screen.getByTestId("pin-rule").textContent).toBe(es.pinOk));
    fireEvent.click(screen.getByTestId("save-pin"));
    expect(await screen.findByText(es.locked(15))).toBeTruthy();
  });
});

describe("Kiosk in Spanish", () => {
  afterEach(() => cleanup());

  it("names the purpose and the worker on the approval screen and the confirm step", async () => {
    const k = fakeKiosk();
    render(() => <Kiosk backend={k.backend} />);
    fireEvent.click(await screen.findByTestId("language"));
    fireEvent.click(screen.getByTestId("forgot-pin"));
    type("name", "ana");
    fireEvent.click(screen.getByTestId("name-next"));
    expect((await screen.findByTestId("code-title")).textContent).toBe(
      "Aprobación del gerente: restablecer el PIN de Ana Lima (ana.lima@contoso.com)",
    );
    expect(screen.getByTestId("approve-hint").textContent).toBe(es.approveHint);
    k.approve();
    expect((await screen.findByTestId("confirm-text")).textContent).toBe(
      es.confirmIntro("Megan Bowen", "Ana Lima", "ana.lima@contoso.com"),
    );
    expect(screen.getByTestId("confirm-reset").textContent).toContain(es.resetFor("Ana Lima"));
  });
});

describe("Kiosk while Rust is busy", () => {
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it("does not time out under a PIN change still being checked, and shows its answer", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const k = fakeKiosk();
    let answer: ((c: PinChange) => void) | undefined;
    k.backend.changePin = () => new Promise<PinChange>((resolve) => (answer = resolve));
    render(() => <Kiosk backend={k.backend} />);
    fireEvent.click(await screen.findByTestId("change-pin"));
    await screen.findByTestId("user-code");
    k.approve();
    await screen.findByTestId("hello");
    type("pin-current", "48302917");
    type("pin-next", "57391824");
    type("pin-again", "57391824");
    await waitFor(() => expect(screen.getByTestId("pin-rule").textContent).toBe(en.pinOk));
    fireEvent.click(screen.getByTestId("save-pin"));
    vi.advanceTimersByTime(125_000);
    expect(screen.queryByTestId("hello")).toBeTruthy();
    answer?.({ kind: "changed" });
    expect(await screen.findByText(en.changedTitle)).toBeTruthy();
  });

  it("keeps Cancel off while a reset is under way", async () => {
    const k = fakeKiosk();
    k.backend.resetPin = () => new Promise(() => undefined);
    render(() => <Kiosk backend={k.backend} />);
    fireEvent.click(await screen.findByTestId("forgot-pin"));
    type("name", "ana");
    fireEvent.click(screen.getByTestId("name-next"));
    await screen.findByTestId("user-code");
    k.approve();
    fireEvent.click(await screen.findByTestId("confirm-reset"));
    await waitFor(() => expect((screen.getByText(en.cancel) as HTMLButtonElement).disabled).toBe(true));
  });
});
