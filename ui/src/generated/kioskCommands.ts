// Generated from the IPC contract (src-tauri/src/contract.rs) by src-tauri/src/bindings.rs.
// Do not edit: run `./x bindings` after changing the contract.
import type { Channel } from "@tauri-apps/api/core";
import { call } from "../ipc";
import type {
  BadgeApproval,
  DeviceCodePrompt,
  KioskInfo,
  Person,
  PinChange,
  ResetApproval,
  TemporaryBadge,
  TemporaryPin,
} from "./bindings";

/** `kiosk_info` */
export function kioskInfo(): Promise<KioskInfo> {
  return call("kiosk_info");
}

/** `kiosk_touch` */
export function kioskTouch(): Promise<null> {
  return call("kiosk_touch");
}

/** `kiosk_reset` */
export function kioskReset(): Promise<null> {
  return call("kiosk_reset");
}

/** `kiosk_check_pin` */
export function kioskCheckPin(args: { pin: string }): Promise<null> {
  return call("kiosk_check_pin", args);
}

/** `kiosk_worker_sign_in` */
export function kioskWorkerSignIn(args: { onCode: Channel<DeviceCodePrompt> }): Promise<Person> {
  return call("kiosk_worker_sign_in", args);
}

/** `kiosk_worker_step_up` */
export function kioskWorkerStepUp(args: { onCode: Channel<DeviceCodePrompt> }): Promise<Person> {
  return call("kiosk_worker_step_up", args);
}

/** `kiosk_change_pin` */
export function kioskChangePin(args: { current: string; new: string }): Promise<PinChange> {
  return call("kiosk_change_pin", args);
}

/** `kiosk_find_worker` */
export function kioskFindWorker(args: { typed: string }): Promise<Array<Person>> {
  return call("kiosk_find_worker", args);
}

/** `kiosk_manager_approve` */
export function kioskManagerApprove(args: { worker: string; onCode: Channel<DeviceCodePrompt> }): Promise<ResetApproval> {
  return call("kiosk_manager_approve", args);
}

/** `kiosk_reset_pin` */
export function kioskResetPin(args: { workerId: string }): Promise<TemporaryPin> {
  return call("kiosk_reset_pin", args);
}

/** `kiosk_approve_temporary_code` */
export function kioskApproveTemporaryCode(args: { worker: string; onCode: Channel<DeviceCodePrompt> }): Promise<BadgeApproval> {
  return call("kiosk_approve_temporary_code", args);
}

/** `kiosk_issue_temporary_code` */
export function kioskIssueTemporaryCode(args: { workerId: string; hours: number; replace: boolean }): Promise<TemporaryBadge> {
  return call("kiosk_issue_temporary_code", args);
}

/** `kiosk_exit` */
export function kioskExit(args: { onCode: Channel<DeviceCodePrompt> }): Promise<Person> {
  return call("kiosk_exit", args);
}
