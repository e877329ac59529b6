//! The kiosk window's commands: each one line, delegating to `qrstation_core::kiosk`. The
//! kiosk capability grants only these; the manager window's capability grants none of them.

use std::sync::Arc;

use qrstation_core::kiosk::{
    BadgeApproval, DeviceCodePrompt, Kiosk, KioskInfo, Person, PinChange, ResetApproval,
    TemporaryBadge, TemporaryPin,
};
use qrstation_core::CoreError;
use tauri::{ipc::Channel, AppHandle, Runtime, State};

use crate::{error::AppError, state::AppState};

type Res<T> = Result<T, AppError>;

fn kiosk(state: &AppState) -> Res<Arc<Kiosk>> {
    Ok(state.kiosk.clone().ok_or(CoreError::NotKiosk)?)
}

fn shower(on_code: Channel<DeviceCodePrompt>) -> impl FnOnce(DeviceCodePrompt) {
    move |p| drop(on_code.send(p))
}

/// Idle timeout, PIN length, language and whether this is the demo tenant.
#[tauri::command]
pub fn kiosk_info(state: State<'_, AppState>) -> Res<KioskInfo> {
    Ok(kiosk(&state)?.info())
}

/// Someone touched the screen: the back end's idle clock starts again.
#[tauri::command]
pub fn kiosk_touch(state: State<'_, AppState>) -> Res<()> {
    kiosk(&state)?.touch();
    Ok(())
}

/// Back to the start: any sign-in wait cancelled, any token dropped.
#[tauri::command]
pub fn kiosk_reset(state: State<'_, AppState>) -> Res<()> {
    kiosk(&state)?.reset();
    Ok(())
}

/// Checks a new PIN against the policy; the error says why it is refused.
#[tauri::command]
pub fn kiosk_check_pin(state: State<'_, AppState>, pin: String) -> Res<()> {
    Ok(kiosk(&state)?.check_pin(&pin)?)
}

/// A worker signs in on their phone with the device code sent over `on_code`.
#[tauri::command]
pub async fn kiosk_worker_sign_in(
    state: State<'_, AppState>,
    on_code: Channel<DeviceCodePrompt>,
) -> Res<Person> {
    Ok(kiosk(&state)?.worker_sign_in(shower(on_code)).await?)
}

/// The worker signs in again with the claims Microsoft asked for (MFA freshness).
#[tauri::command]
pub async fn kiosk_worker_step_up(
    state: State<'_, AppState>,
    on_code: Channel<DeviceCodePrompt>,
) -> Res<Person> {
    Ok(kiosk(&state)?.worker_step_up(shower(on_code)).await?)
}

/// The signed-in worker changes their PIN.
#[tauri::command]
pub async fn kiosk_change_pin(
    state: State<'_, AppState>,
    current: String,
    new: String,
) -> Res<PinChange> {
    Ok(kiosk(&state)?.change_pin(&current, &new).await?)
}

/// The people a worker's typed name or UPN may mean, before any manager signs in.
#[tauri::command]
pub async fn kiosk_find_worker(state: State<'_, AppState>, typed: String) -> Res<Vec<Person>> {
    Ok(kiosk(&state)?.find_worker(&typed).await?)
}

/// A manager approves the PIN reset of one worker (an id from `kiosk_find_worker`, or a
/// UPN); the device code sent over `on_code` names that worker.
#[tauri::command]
pub async fn kiosk_manager_approve(
    state: State<'_, AppState>,
    worker: String,
    on_code: Channel<DeviceCodePrompt>,
) -> Res<ResetApproval> {
    Ok(kiosk(&state)?
        .manager_approve(&worker, shower(on_code))
        .await?)
}

/// The manager confirms the reset of the approved worker (`worker_id` must be that worker);
/// the manager's token is dropped.
#[tauri::command]
pub async fn kiosk_reset_pin(state: State<'_, AppState>, worker_id: String) -> Res<TemporaryPin> {
    Ok(kiosk(&state)?.reset_pin(&worker_id).await?)
}

/// "I forgot my badge": a manager approves a temporary QR code for one worker (an id from
/// `kiosk_find_worker`, or a UPN); the device code sent over `on_code` names that worker.
#[tauri::command]
pub async fn kiosk_approve_temporary_code(
    state: State<'_, AppState>,
    worker: String,
    on_code: Channel<DeviceCodePrompt>,
) -> Res<BadgeApproval> {
    Ok(kiosk(&state)?
        .approve_temporary_code(&worker, shower(on_code))
        .await?)
}

/// The manager confirms the approved worker's temporary code for `hours` (replacing an active
/// one only with `replace`); its picture goes to the kiosk screen only.
#[tauri::command]
pub async fn kiosk_issue_temporary_code(
    state: State<'_, AppState>,
    worker_id: String,
    hours: u32,
    replace: bool,
) -> Res<TemporaryBadge> {
    Ok(kiosk(&state)?
        .issue_temporary_code(&worker_id, hours, replace)
        .await?)
}

/// A manager signs in to leave kiosk mode; on success the app closes.
#[tauri::command]
pub async fn kiosk_exit<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    on_code: Channel<DeviceCodePrompt>,
) -> Res<Person> {
    let manager = kiosk(&state)?.approve_exit(shower(on_code)).await?;
    crate::windows::leave_kiosk(&app);
    Ok(manager)
}
