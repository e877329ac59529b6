// The main window's shell: header with mode and version, and what this installation is.
import { createResource, Show, type Component } from "solid-js";
import type { Backend } from "./api";
import { toErrorPayload } from "./api";
import { InstallCard } from "./InstallCard";

export const App: Component<{ backend: Backend }> = (props) => {
  const [info, { refetch }] = createResource(() => props.backend.appInfo());
  // A resource in error throws when read, so read it only when it is not in error.
  const latest = () => (info.state === "errored" ? undefined : info.latest);
  const error = () => (info.state === "errored" ? toErrorPayload(info.error) : undefined);

  return (
    <div class="app">
      <header class="topbar">
        <div class="brand">
          <span class="logo" aria-hidden="true" />
          <span class="name">qrstation</span>
        </div>
        <Show when={latest()}>
          {(i) => (
            <div class="meta">
              <span class="pill" data-testid="mode">{i().modeLabel}</span>
              <span class="version" data-testid="version">v{i().version}</span>
            </div>
          )}
        </Show>
      </header>
      <main class="content">
        <h1>Badge station</h1>
        <p class="lead">
          Issue, reset and print Microsoft Entra QR code + PIN sign-in badges for frontline workers.
        </p>
        <Show when={error()}>
          {(e) => (
            <div class="error" role="alert" data-testid="error">
              <strong>Something went wrong.</strong> {e().message} <code>{e().code}</code>
            </div>
          )}
        </Show>
        <Show when={latest()}>
          {(i) => <InstallCard info={i()} loading={info.loading} onRefresh={() => void refetch()} />}
        </Show>
      </main>
    </div>
  );
};
