// The organisation's policy as this window sees it (`config_effective`): loaded once at start,
// then `isLocked(key)` for read-only fields and `allows(key)` for the policy's yes/no keys.
// Rust enforces every rule itself; this only keeps people from trying what will be refused.
import { createSignal } from "solid-js";
import { configEffective } from "./generated/managerCommands";
import type { EffectiveConfig } from "./generated/bindings";

const [config, setConfig] = createSignal<EffectiveConfig | null>(null);
let loading: Promise<void> | null = null;

/** Loads the effective configuration once; a failure leaves nothing locked (Rust still refuses). */
export function loadLocks(load: () => Promise<EffectiveConfig> = configEffective): Promise<void> {
  loading ??= load().then(
    (c) => void setConfig(c),
    () => {
      loading = null;
    },
  );
  return loading;
}

/** Replaces the loaded configuration (tests; `null`: none). */
export function setLocks(c: EffectiveConfig | null): void {
  loading = null;
  setConfig(c);
}

/** Whether the organisation's policy locks `key` (a policy key such as `signIn.idleMinutes`). */
export function isLocked(key: string): boolean {
  return config()?.values.some((v) => v.key === key && v.locked) ?? false;
}

/** The effective value of `key` (parsed JSON), `undefined` when not loaded or unknown. */
export function effective(key: string): unknown {
  const v = config()?.values.find((x) => x.key === key);
  if (!v) return undefined;
  try {
    return JSON.parse(v.value) as unknown;
  } catch {
    return undefined;
  }
}

/** A yes/no key of the policy (`demoTenant.offered`, `pins.customAllowed`, …): only `false` says no. */
export function allows(key: string): boolean {
  return effective(key) !== false;
}
