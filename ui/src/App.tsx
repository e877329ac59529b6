// The main window's shell: header with tenant, operator and version; sign-in or the station.
import { ErrorDetails } from "./ErrorDetails";
import { createResource, createSignal, onCleanup, onMount, Show, type Component } from "solid-js";
import type { Backend } from "./api";
import { toErrorPayload } from "./api";
import type { SessionInfo } from "./generated/bindings";
import { InstallCard } from "./InstallCard";
import { SignIn } from "./SignIn";
import { Station } from "./Station";
import { StorePicker } from "./StorePicker";

export const App: Component<{ backend: Backend }> = (props) => {
  const [info, { refetch }] = createResource(() => props.backend.appInfo());
  const [session, setSession] = createSignal<SessionInfo | null>(null);
  // A resource in error throws when read, so read it only when it is not in error.
  const latest = () => (info.state === "errored" ? undefined : info.latest);
  const error = () => (info.state === "errored" ? toErrorPayload(info.error) : undefined);
  const [notice, setNotice] = createSignal<string | null>(null);
  // The store chosen in the header; the search asks again when it changes.
  const [store, setStore] = createSignal<string | null>(null);
  const signOut = async () => {
    setNotice(null);
    setStore(null);
    setSession(await props.backend.signOut());
  };
  // Idle sign-out: a station left signed in at a shared PC signs out after `idleMinutes`
  // without a key press, click or touch, and says why. Rust has its own backstop a minute later,
  // fed by a touch at most once a minute while someone is using the window.
  let lastInput = Date.now();
  let lastTouch = 0;
  // Read once per sign-in (the settings file), not on every check.
  let idleMinutes = 15;
  const onInput = () => {
    lastInput = Date.now();
    if (session()?.signedIn && lastInput - lastTouch > 60_000) {
      lastTouch = lastInput;
      props.backend.sessionTouch().catch(() => undefined);
    }
  };
  const idleCheck = async () => {
    if (!session()?.signedIn) return;
    const minutes = idleMinutes;
    if (Date.now() - lastInput < minutes * 60_000) return;
    try {
      setSession(await props.backend.signOut());
    } catch {
      setSession(await props.backend.sessionStatus().catch(() => null));
    }
    setNotice(
      `Signed out after ${minutes} minutes without use, so that nobody else at this computer acts as you.`,
    );
  };
  onMount(() => {
    for (const ev of ["keydown", "pointerdown", "wheel", "touchstart"])
      window.addEventListener(ev, onInput, true);
    const timer = window.setInterval(() => void idleCheck(), 15_000);
    onCleanup(() => {
      window.clearInterval(timer);
      for (const ev of ["keydown", "pointerdown", "wheel", "touchstart"])
        window.removeEventListener(ev, onInput, true);
    });
  });
  const signedIn = (s: SessionInfo) => {
    lastInput = Date.now();
    props.backend.idleMinutes().then(
      (m) => (idleMinutes = m),
      () => undefined,
    );
    setNotice(null);
    setStore(null);
    setSession(s);
  };
  // A saved Entra sign-in (refresh token in the OS keyring) signs in silently; no tenant or no
  // saved sign-in simply leaves the sign-in screen.
  onMount(() => {
    props.backend.restoreSession().then(
      (s) => session()?.signedIn || signedIn(s),
      () => undefined,
    );
  });

  return (
    <div class="app">
      <header class="topbar">
        <div class="brand">
          <span class="logo" aria-hidden="true" />
          <span class="name">qrstation</span>
        </div>
        <div class="meta">
          <Show when={session()?.signedIn ? session() : null}>
            {(s) => (
              <>
                <span data-testid="operator">{s().operator}</span>
                <span class="role" data-testid="role" title="Directory role, from the sign-in">
                  {s().role ?? "Role not reported by the sign-in"}
                </span>
                <StorePicker backend={props.backend} onChange={(v) => setStore(v.chosen?.id ?? "")} />
                <button type="button" class="link" onClick={() => void signOut()} data-testid="sign-out">
                  Sign out
                </button>
              </>
            )}
          </Show>
          <Show when={latest()}>
            {(i) => (
              <>
                <span class="pill" data-testid="mode">
                  {session()?.tenantLabel ?? i().modeLabel}
                </span>
                <span class="version" data-testid="version">
                  v{i().version}
                </span>
              </>
            )}
          </Show>
        </div>
      </header>
      <main class="content">
        <Show when={error()}>
          {(e) => (
            <div class="error" role="alert" data-testid="error">
              <ErrorDetails error={e()} />
            </div>
          )}
        </Show>
        <Show when={notice()}>
          {(n) => (
            <div class="notice" role="status" data-testid="signed-out-notice">
              {n()}
            </div>
          )}
        </Show>
        <Show when={session()?.signedIn ? session()?.cloudWarning : null}>
          {(w) => (
            <div class="warn" role="alert" data-testid="cloud-warning">
              {w()}
            </div>
          )}
        </Show>
        <Show
          when={session()?.signedIn}
          fallback={
            <>
              <SignIn backend={props.backend} onSignedIn={signedIn} />
              <Show when={latest()}>
                {(i) => <InstallCard info={i()} loading={info.loading} onRefresh={() => void refetch()} />}
              </Show>
            </>
          }
        >
          <Station backend={props.backend} store={store()} />
        </Show>
      </main>
    </div>
  );
};
