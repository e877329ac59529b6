// Signing in to a real Microsoft Entra tenant: the tenant and app registration (saved in
// settings.json), then the system browser or a device code for another device.
import { ErrorDetails } from "./ErrorDetails";
import { createResource, createSignal, Show, type Component } from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import { Locked } from "./Locked";
import { allows, isLocked } from "./locks";
import type { DeviceCodeShown, ErrorPayload, SessionInfo, TenantSettings } from "./generated/bindings";

export const EntraSignIn: Component<{ backend: Backend; onSignedIn: (s: SessionInfo) => void }> = (props) => {
  const [saved, { refetch }] = createResource(() => props.backend.tenantSettings());
  const [editing, setEditing] = createSignal(false);
  const [form, setForm] = createSignal<TenantSettings>({
    tenant: "",
    clientId: "",
    authority: null,
    graphUrl: null,
  });
  const [code, setCode] = createSignal<DeviceCodeShown | null>(null);
  const [busy, setBusy] = createSignal(false);
  // Off by default: on a shared store PC the next person must not find the last manager's
  // session. On, the sign-in is kept in the OS keyring until "Sign out".
  const [stay, setStay] = createSignal(false);
  const [error, setError] = createSignal<ErrorPayload | null>(null);
  const current = () => (saved.state === "ready" ? saved.latest : null);
  const field = (key: keyof TenantSettings) => (e: InputEvent & { currentTarget: HTMLInputElement }) =>
    setForm({
      ...form(),
      [key]:
        e.currentTarget.value === "" && key !== "tenant" && key !== "clientId" ? null : e.currentTarget.value,
    });

  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await props.backend.saveTenantSettings(form());
      setEditing(false);
      await refetch();
    } catch (err) {
      setError(toErrorPayload(err));
    }
  };
  const signIn = async (deviceCode: boolean) => {
    setBusy(true);
    setError(null);
    setCode(null);
    try {
      props.onSignedIn(
        await props.backend.signInEntra(deviceCode, stay() && allows("signIn.staySignedInAllowed"), setCode),
      );
    } catch (err) {
      setError(toErrorPayload(err));
    } finally {
      setBusy(false);
      setCode(null);
    }
  };

  return (
    // Collapsed on a first start, so a store manager does not face IT fields; open once a
    // tenant is set up (then signing in is the next step).
    <details class="entra connect-org" data-testid="entra" open={current() !== null}>
      <summary data-testid="connect-org">Connect your organisation (IT)</summary>
      <h2>Microsoft Entra</h2>
      <Show
        when={editing() ? null : current()}
        fallback={
          <form class="create" onSubmit={save} data-testid="tenant-form">
            <label>
              Tenant (domain or id){" "}
              <input
                type="text"
                value={form().tenant}
                onInput={field("tenant")}
                data-testid="tenant"
                readOnly={isLocked("tenant")}
              />{" "}
              <Locked name="tenant" />
            </label>
            <label>
              App registration (client id){" "}
              <input
                type="text"
                value={form().clientId}
                onInput={field("clientId")}
                data-testid="client-id"
                readOnly={isLocked("clientId")}
              />{" "}
              <Locked name="clientId" />
            </label>
            <details>
              <summary>Sovereign cloud or test server</summary>
              <p class="muted">
                Microsoft documents QR code + PIN sign-in for its global cloud only (not US Government or
                China); qrstation warns after sign-in on another cloud.
              </p>
              <label>
                Authority URL{" "}
                <input
                  type="text"
                  value={form().authority ?? ""}
                  onInput={field("authority")}
                  readOnly={isLocked("cloud")}
                  data-testid="authority"
                />
              </label>
              <label>
                Graph URL{" "}
                <input
                  type="text"
                  value={form().graphUrl ?? ""}
                  onInput={field("graphUrl")}
                  data-testid="graph-url"
                  readOnly={isLocked("cloud")}
                />{" "}
                <Locked name="cloud" />
              </label>
            </details>
            <button type="submit" data-testid="save-tenant">
              Save
            </button>
          </form>
        }
      >
        {(t) => (
          <>
            <p class="muted">
              Tenant <strong>{t().tenant}</strong> · app <code>{t().clientId}</code>{" "}
              <button
                type="button"
                class="link"
                onClick={() => {
                  setForm(t());
                  setEditing(true);
                }}
              >
                Change
              </button>
            </p>
            <label class="check">
              <input
                type="checkbox"
                checked={stay() && allows("signIn.staySignedInAllowed")}
                disabled={!allows("signIn.staySignedInAllowed")}
                onChange={(e) => setStay(e.currentTarget.checked)}
                data-testid="stay-signed-in"
              />
              Stay signed in on this computer <Locked name="signIn.staySignedInAllowed" />
            </label>
            <p class="muted small">
              Leave this off on a shared PC: the sign-in then ends when the app closes.
            </p>
            <div class="actions">
              <button
                type="button"
                disabled={busy()}
                onClick={() => void signIn(false)}
                data-testid="entra-browser"
              >
                Sign in with Microsoft
              </button>
              <button
                type="button"
                class="secondary"
                disabled={busy()}
                onClick={() => void signIn(true)}
                data-testid="entra-device"
              >
                Use a code on another device
              </button>
            </div>
          </>
        )}
      </Show>
      <Show when={code()}>
        {(c) => (
          <div class="confirm" data-testid="device-code">
            <p>
              On a phone or another computer, open <strong>{c().verificationUri}</strong> and enter:
            </p>
            <p class="pin" data-testid="user-code">
              {c().userCode}
            </p>
          </div>
        )}
      </Show>
      <Show when={error()}>
        {(e) => (
          <p class="error" role="alert">
            <ErrorDetails error={e()} />
          </p>
        )}
      </Show>
    </details>
  );
};
