//! The user card: the method in plain words, the actions that make sense for its state, a
//! confirmation naming the worker before anything that cannot be undone, and a success line after.
import "./panel.css";
import { createEffect, createResource, createSignal, For, Show, type Component } from "solid-js";
import { dialogKeys } from "./focus";
import { toErrorPayload, type Backend } from "./api";
import { CreateForm } from "./CreateForm";
import { humanError, methodLines } from "./format";
import { localDate } from "./CreateForm";
import type { ErrorPayload, Issued, UserCard } from "./generated/bindings";
import { IssuedDialog } from "./IssuedDialog";

export const UserPanel: Component<{ backend: Backend; upn: string }> = (props) => {
  const [card, { mutate }] = createResource(
    () => props.upn,
    (upn) => props.backend.userCard(upn),
  );
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<ErrorPayload | null>(null);
  const [issued, setIssued] = createSignal<Issued | null>(null);
  const [confirm, setConfirm] = createSignal<Confirming | null>(null);
  // The last action's outcome in words, read out by screen readers (the aria-live region below).
  const [done, setDone] = createSignal("");
  const [hours, setHours] = createSignal(3);
  const [until, setUntil] = createSignal("");
  // A rotation keeps the old expiry unless the operator picks another day here.
  const [rotateUntil, setRotateUntil] = createSignal("");
  const current = () => (card.state === "ready" || card.state === "refreshing" ? card.latest : undefined);

  let cardBox: HTMLDivElement | undefined;
  // Keyboard users land back on the worker card, not at the top of the window (<body>).
  const focusCard = () => queueMicrotask(() => cardBox?.focus());
  const name = () => current()?.user.displayName ?? props.upn;
  /** Runs one action; `said` words its success for the worker's name (read before the card changes). */
  const run = async (work: () => Promise<Issued>, said: (who: string) => string) => {
    const who = name();
    setBusy(true);
    setError(null);
    setDone("");
    setConfirm(null);
    try {
      const out = await work();
      mutate(out.card);
      setDone(said(who));
      if (out.pin || out.qr) setIssued(out);
      else focusCard();
    } catch (e) {
      setError(toErrorPayload(e));
      focusCard();
    } finally {
      setBusy(false);
    }
  };
  const closeConfirm = () => {
    setConfirm(null);
    setRotateUntil("");
    focusCard();
  };
  const upn = () => props.upn;
  let confirmBox: HTMLDivElement | undefined;
  let cancel: HTMLButtonElement | undefined;
  // A confirmation takes the focus on its safe button; Escape cancels it.
  createEffect(() => {
    if (confirm()) cancel?.focus();
  });

  return (
    <section class="panel" data-testid="user-panel">
      <Show when={card.state === "errored"}>
        <p class="error" role="alert">
          {toErrorPayload(card.error).message}
        </p>
      </Show>
      <Show when={current()} fallback={<p class="muted">Loading…</p>}>
        {(c) => (
          <div class="worker-card" tabindex="-1" ref={cardBox} data-testid="worker-card">
            <CardHead card={c()} />
            <ul class="status" data-testid="status">
              <For each={methodLines(c().method, Date.now())}>{(line) => <li>{line}</li>}</For>
            </ul>
            <Show when={error()}>
              {(e) => (
                <div class="error" role="alert" data-testid="action-error">
                  <p>{humanError(e().code) ?? e().message}</p>
                  <details>
                    <summary>Details for support</summary>
                    <p>
                      {e().message} <code>{e().code}</code>
                      <Show when={e().requestId}>
                        {(id) => (
                          <>
                            {" "}
                            Request id: <code>{id()}</code>
                          </>
                        )}
                      </Show>
                    </p>
                  </details>
                </div>
              )}
            </Show>
            <Show
              when={c().method.hasMethod}
              fallback={
                <CreateForm
                  backend={props.backend}
                  upn={upn()}
                  busy={busy()}
                  onCreate={(req) =>
                    void run(
                      () => props.backend.createMethod(req),
                      (who) => `Badge and PIN created for ${who}.`,
                    )
                  }
                />
              }
            >
              <div class="actions wrap">
                <button
                  type="button"
                  data-testid="reset-pin"
                  disabled={busy()}
                  onClick={() => setConfirm("reset")}
                >
                  Reset PIN…
                </button>
                <span class="group">
                  <button
                    type="button"
                    data-testid="add-temp"
                    disabled={busy()}
                    onClick={() => {
                      const h = hours();
                      void run(
                        () => props.backend.addTemporaryCode(upn(), h),
                        (who) => `Temporary code for ${who} added: it works for ${h} h.`,
                      );
                    }}
                  >
                    Temporary code
                  </button>
                  <select
                    aria-label="Temporary code lasts"
                    value={hours()}
                    onChange={(e) => setHours(Number(e.currentTarget.value))}
                  >
                    <For each={[1, 2, 3, 4, 6, 8, 12]}>{(h) => <option value={h}>{h} h</option>}</For>
                  </select>
                </span>
                <Show when={c().method.temporaryActive}>
                  <button
                    type="button"
                    class="secondary"
                    data-testid="delete-temp"
                    disabled={busy()}
                    onClick={() =>
                      void run(
                        () => props.backend.deleteTemporaryCode(upn()),
                        (who) => `Temporary code removed for ${who}.`,
                      )
                    }
                  >
                    Remove temporary code
                  </button>
                </Show>
                <Show when={!c().method.usable}>
                  <p class="warn" data-testid="unusable-note">
                    {c().method.standardExpires !== null && c().method.standardExpires! <= Date.now()
                      ? "This badge has expired, so the worker cannot sign in with it. Renew gives a new badge and a new PIN."
                      : "This method has no working badge code. Renew gives a new badge and a new PIN."}
                  </p>
                  <button
                    type="button"
                    data-testid="renew"
                    disabled={busy()}
                    onClick={() =>
                      void run(
                        () => props.backend.renewMethod(upn(), null),
                        (who) => `New badge and PIN created for ${who}.`,
                      )
                    }
                  >
                    Renew: new badge and PIN
                  </button>
                </Show>
                <Show when={c().method.standardActive}>
                  <span class="group">
                    <label class="date-field">
                      New expiry date{" "}
                      <input
                        type="date"
                        value={until()}
                        onInput={(e) => setUntil(e.currentTarget.value)}
                        data-testid="extend-date"
                      />
                      <span class="muted" data-testid="extend-date-shown">
                        {localDate(until())}
                      </span>
                    </label>
                    <button
                      type="button"
                      class="secondary"
                      data-testid="extend"
                      disabled={busy() || until() === ""}
                      // The end of the chosen day in this computer's time zone.
                      onClick={() => {
                        const day = until();
                        void run(
                          () =>
                            props.backend.extendStandardCode(upn(), new Date(`${day}T23:59:59`).getTime()),
                          (who) => `${who}'s badge now expires on ${localDate(day)}.`,
                        );
                      }}
                    >
                      Set expiry
                    </button>
                  </span>
                </Show>
                <button
                  type="button"
                  class="secondary"
                  data-testid="rotate"
                  disabled={busy()}
                  onClick={() => setConfirm("rotate")}
                >
                  New badge…
                </button>
                <button
                  type="button"
                  class="danger"
                  data-testid="delete-method"
                  disabled={busy()}
                  onClick={() => setConfirm("delete")}
                >
                  Delete method…
                </button>
              </div>
              <Show when={confirm()}>
                {(what) => (
                  <div
                    class="confirm"
                    role="alertdialog"
                    aria-label="Confirm"
                    ref={confirmBox}
                    onKeyDown={dialogKeys(() => confirmBox, closeConfirm)}
                  >
                    <p class="confirm-title" data-testid="confirm-title">
                      {confirmTitle(what(), c().user.displayName)}
                    </p>
                    <p>{confirmBody(what())}</p>
                    <Show when={what() === "rotate"}>
                      <label class="muted date-field" data-testid="rotate-expiry">
                        {c().method.standardActive && c().method.standardExpires !== null
                          ? `The new badge expires on ${new Date(c().method.standardExpires!).toLocaleDateString()}, like the old one, unless you pick another day:`
                          : "The old badge has expired: the new one lasts the tenant's full lifetime, unless you pick a day:"}{" "}
                        <input
                          type="date"
                          value={rotateUntil()}
                          onInput={(e) => setRotateUntil(e.currentTarget.value)}
                          data-testid="rotate-date"
                        />{" "}
                        <span>{localDate(rotateUntil())}</span>
                      </label>
                    </Show>
                    <button
                      type="button"
                      class={what() === "delete" ? "danger" : ""}
                      data-testid="confirm"
                      disabled={busy()}
                      onClick={() => {
                        // Read the choice now: the confirm box (and its accessor) goes away while the action runs.
                        const kind = what();
                        const user = upn();
                        // The end of the chosen day in this computer's time zone; none keeps the old expiry.
                        const expires =
                          rotateUntil() === "" ? null : new Date(`${rotateUntil()}T23:59:59`).getTime();
                        setRotateUntil("");
                        if (kind === "reset")
                          void run(
                            () => props.backend.resetPin(user),
                            (who) => `New PIN made for ${who}.`,
                          );
                        else if (kind === "rotate")
                          void run(
                            () => props.backend.rotateStandardCode(user, expires),
                            (who) => `New badge created for ${who}: the old badge no longer works.`,
                          );
                        else
                          void run(
                            () => props.backend.deleteMethod(user),
                            (who) => `QR code method deleted for ${who}.`,
                          );
                      }}
                    >
                      {what() === "rotate" ? "Make a new badge" : what() === "reset" ? "Reset PIN" : "Delete"}
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      data-testid="confirm-cancel"
                      ref={cancel}
                      onClick={closeConfirm}
                    >
                      Cancel
                    </button>
                  </div>
                )}
              </Show>
            </Show>
          </div>
        )}
      </Show>
      <p class="done" role="status" aria-live="polite" data-testid="action-done">
        {done()}
      </p>
      <Show when={issued()}>
        {(i) => (
          <IssuedDialog
            backend={props.backend}
            issued={i()}
            onClose={() => {
              setIssued(null);
              focusCard();
            }}
            onRotate={() => {
              setIssued(null);
              setConfirm("rotate");
            }}
          />
        )}
      </Show>
    </section>
  );
};

type Confirming = "delete" | "rotate" | "reset";

/** The question a confirmation asks, naming the worker. */
export const confirmTitle = (what: Confirming, who: string): string =>
  what === "reset"
    ? `Reset ${who}'s PIN?`
    : what === "rotate"
      ? `Make a new badge for ${who}?`
      : `Delete ${who}'s QR code method?`;

const confirmBody = (what: Confirming): string =>
  what === "reset"
    ? "The current PIN stops working at once. You get a new PIN to give to the worker; the badge stays."
    : what === "rotate"
      ? "A new badge code replaces the old one: the old badge stops working at once. The PIN stays."
      : "This deletes the badge, any temporary code and the PIN. The worker can no longer sign in with a QR code.";

const CardHead: Component<{ card: UserCard }> = (props) => (
  <header class="card-head">
    <div>
      <h2 data-testid="card-name">{props.card.user.displayName}</h2>
      <p class="muted">{props.card.user.upn}</p>
      <p class="muted">
        {[props.card.user.officeLocation, props.card.user.department, props.card.user.jobTitle]
          .filter(Boolean)
          .join(" · ")}
      </p>
    </div>
    <span class={props.card.method.usable ? "badge ok" : "badge off"} data-testid="usable">
      {props.card.method.usable ? "Can sign in" : props.card.method.hasMethod ? "Not usable" : "No method"}
    </span>
  </header>
);
