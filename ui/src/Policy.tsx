// The tenant's QR code + PIN policy as the station applies it: PIN length, badge lifetime, and
// whether the method is on; says so when the operator may not read it (defaults shown).
import { createResource, Show, type Component } from "solid-js";
import { toErrorPayload, type Backend } from "./api";
import { ErrorDetails } from "./ErrorDetails";

export const Policy: Component<{ backend: Backend }> = (props) => {
  const [policy, { refetch }] = createResource(() => props.backend.tenantPolicy());
  const ready = () => (policy.state === "ready" ? policy() : undefined);
  const error = () => (policy.state === "errored" ? toErrorPayload(policy.error) : undefined);
  return (
    <section class="panel" data-testid="policy">
      <div class="card-head">
        <h2>Tenant policy for QR code + PIN</h2>
        <button type="button" class="secondary" onClick={() => void refetch()}>
          Refresh
        </button>
      </div>
      <Show when={error()}>
        {(e) => (
          <div class="error" role="alert">
            <ErrorDetails error={e()} />
          </div>
        )}
      </Show>
      <Show when={ready()}>
        {(p) => (
          <>
            <dl class="facts">
              <dt>QR code sign-in</dt>
              <dd data-testid="policy-state">
                {p().enabled === null
                  ? "Not known"
                  : p().enabled
                    ? "Enabled in the tenant"
                    : "Disabled in the tenant"}
              </dd>
              <dt>PIN length</dt>
              <dd data-testid="policy-pin">At least {p().pinLength} digits</dd>
              <dt>Badge lifetime</dt>
              <dd data-testid="policy-lifetime">{p().standardLifetimeDays} days by default (at most 395)</dd>
            </dl>
            <Show when={!p().readFromTenant}>
              <p class="muted" data-testid="policy-defaults">
                Your account may not read the tenant's policy (that needs the Authentication Policy
                Administrator or Global Reader role), so Microsoft's defaults are shown. Microsoft still
                applies your tenant's own rules when you create a method or reset a PIN.
              </p>
            </Show>
          </>
        )}
      </Show>
    </section>
  );
};
