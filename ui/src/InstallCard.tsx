// "This installation": version, tenant mode and where qrstation keeps its files.
import type { Component } from "solid-js";
import type { AppInfo } from "./generated/bindings";

export const InstallCard: Component<{
  info: AppInfo;
  loading: boolean;
  onRefresh: () => void;
}> = (props) => (
  <section class="card" aria-labelledby="install-title">
    <div class="card-head">
      <h2 id="install-title">This installation</h2>
      <button type="button" data-testid="refresh" disabled={props.loading} onClick={() => props.onRefresh()}>
        {props.loading ? "Checking…" : "Check again"}
      </button>
    </div>
    <dl class="facts">
      <dt>Version</dt>
      <dd data-testid="fact-version">{props.info.version}</dd>
      <dt>Tenant</dt>
      <dd data-testid="fact-mode">{props.info.modeLabel}</dd>
      <dt>Data folder</dt>
      <dd data-testid="fact-data-dir">
        <code>{props.info.dataDir}</code>
      </dd>
      <dt>Settings file</dt>
      <dd>
        <code>{props.info.settingsFile}</code>
      </dd>
    </dl>
  </section>
);
