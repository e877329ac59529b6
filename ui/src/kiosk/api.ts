// The kiosk window's only way to Rust: its own commands, generated from the IPC contract (the
// kiosk capability allows no other).
import { Channel } from "@tauri-apps/api/core";
import * as cmd from "../generated/kioskCommands";
import type {
  BadgeApproval,
  DeviceCodePrompt,
  KioskInfo,
  Person,
  PinChange,
  ResetApproval,
  TemporaryBadge,
  TemporaryPin,
} from "../generated/bindings";

/** What the kiosk screens need from the desktop shell; tests pass their own. */
export interface KioskBackend {
  info(): Promise<KioskInfo>;
  touch(): Promise<null>;
  reset(): Promise<null>;
  checkPin(pin: string): Promise<null>;
  workerSignIn(onCode: (p: DeviceCodePrompt) => void): Promise<Person>;
  changePin(current: string, next: string): Promise<PinChange>;
  /** The worker signs in again when Microsoft asks for a fresh MFA sign-in (`mfaRequired`). */
  workerStepUp(onCode: (p: DeviceCodePrompt) => void): Promise<Person>;
  /** The people a typed name or UPN may mean, before any manager is asked. */
  findWorker(typed: string): Promise<Person[]>;
  /** A manager approves the reset of one worker: a person's id from findWorker, or a UPN. */
  managerApprove(worker: string, onCode: (p: DeviceCodePrompt) => void): Promise<ResetApproval>;
  /** The manager confirms the reset of the approved worker (that worker's id only). */
  resetPin(workerId: string): Promise<TemporaryPin>;
  exit(onCode: (p: DeviceCodePrompt) => void): Promise<Person>;
  /** A manager approves a temporary QR code for one worker ("I forgot my badge"). */
  approveTemporaryCode(worker: string, onCode: (p: DeviceCodePrompt) => void): Promise<BadgeApproval>;
  /** The manager confirms the approved worker's temporary code for `hours` (replace: an active one). */
  issueTemporaryCode(workerId: string, hours: number, replace: boolean): Promise<TemporaryBadge>;
}

function channel(onCode: (p: DeviceCodePrompt) => void): Channel<DeviceCodePrompt> {
  const c = new Channel<DeviceCodePrompt>();
  c.onmessage = onCode;
  return c;
}

export const tauriKioskBackend: KioskBackend = {
  info: () => cmd.kioskInfo(),
  touch: () => cmd.kioskTouch(),
  reset: () => cmd.kioskReset(),
  checkPin: (pin) => cmd.kioskCheckPin({ pin }),
  workerSignIn: (onCode) => cmd.kioskWorkerSignIn({ onCode: channel(onCode) }),
  changePin: (current, next) => cmd.kioskChangePin({ current, new: next }),
  workerStepUp: (onCode) => cmd.kioskWorkerStepUp({ onCode: channel(onCode) }),
  findWorker: (typed) => cmd.kioskFindWorker({ typed }),
  managerApprove: (worker, onCode) => cmd.kioskManagerApprove({ worker, onCode: channel(onCode) }),
  resetPin: (workerId) => cmd.kioskResetPin({ workerId }),
  exit: (onCode) => cmd.kioskExit({ onCode: channel(onCode) }),
  approveTemporaryCode: (worker, onCode) =>
    cmd.kioskApproveTemporaryCode({ worker, onCode: channel(onCode) }),
  issueTemporaryCode: (workerId, hours, replace) => cmd.kioskIssueTemporaryCode({ workerId, hours, replace }),
};
