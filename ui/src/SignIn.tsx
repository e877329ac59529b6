// Sign-in: the demo tenant (as its admin or as a store manager), or a real Microsoft Entra tenant.
import { createSignal, Show, type Component } from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import { EntraSignIn } from "./EntraSignIn";
import { ErrorDetails } from "./ErrorDetails";
import { allows } from "./locks";
import type { ErrorPayload, SessionInfo } from "./generated/bindings";

/** The demo store manager: Lee Gu, whose role is scoped to Store 102 only (#16 §5). */
const MANAGER = "lee.gu@contoso-retail.onmicrosoft.com";

export const SignIn: Component<{ backend: Backend; onSignedIn: (s: SessionInfo) => void }> = (props) => {
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<ErrorPayload | null>(null);
  const demo = async (user?: string) => {
    setBusy(true);
    setError(null);
    try {
      props.onSignedIn(await props.backend.signInDemo(user));
    } catch (e) {
      setError(toErrorPayload(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card signin" aria-labelledby="signin-title">
      <h1 id="signin-title">Badge station</h1>
      <p class="lead">
        Issue, reset and print Microsoft Entra QR code + PIN sign-in badges for frontline workers.
      </p>
      <Show when={allows("demoTenant.offered")}>
        <div class="actions">
          <button type="button" data-testid="demo-admin" disabled={busy()} onClick={() => void demo()}>
            Demo as IT admin
          </button>
          <button
            type="button"
            class="secondary"
            data-testid="demo-manager"
            aria-describedby="demo-manager-who"
            disabled={busy()}
            onClick={() => void demo(MANAGER)}
          >
            Demo as store manager
          </button>
        </div>
        <p class="hint" id="demo-manager-who" data-testid="demo-manager-who">
          Lee Gu, store manager of Store 102 - Tacoma: sees only that store.
        </p>
        <p class="hint" data-testid="demo-explained">
          Try it without an account: "Demo as IT admin" signs you in as a Global Administrator in a made-up
          tenant; "Demo as store manager" as Lee Gu, who looks after the workers of one store. The demo tenant
          is a local copy of Microsoft Graph with 50 made-up workers: nothing leaves this computer.
        </p>
      </Show>
      <EntraSignIn backend={props.backend} onSignedIn={props.onSignedIn} />
      <Show when={error()}>
        {(e) => (
          <div class="error" role="alert">
            <ErrorDetails error={e()} />
          </div>
        )}
      </Show>
    </section>
  );
};
