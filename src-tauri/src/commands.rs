//! The Tauri commands: each one line, delegating to qrstation-core. Errors reach the UI as
//! `{code, message}`. A command that reads or writes a file is `async` (`#[tauri::command(async)]`
//! for a plain function): a plain one runs on the main thread, which also paints the window.

use qrstation_core::connect::Cancel;
use qrstation_core::{
    badge::{self, BadgeRequest, PrinterChoice, RenderedBadge},
    entra::TenantSettings,
    export_files::SavedFile,
    session::SessionInfo,
    session::{DeviceCodeShown, EntraSignIn},
    station::{issued::Issued, summary::UserCard, CreateRequest, SearchResult, TenantPolicy},
    store::{audit::AuditEntry, recent_users::RecentUser},
    AppInfo, PinPolicy,
};
use tauri::{ipc::Channel, State};

use crate::{error::AppError, state::AppState};

type Res<T> = Result<T, AppError>;

/// The data directory's paths: every file and folder name comes from `core::DataDir`.
fn dirs(state: &AppState) -> qrstation_core::DataDir {
    qrstation_core::DataDir::new(&state.data_dir)
}

/// Version, mode and data directory of this installation.
#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> Res<AppInfo> {
    Ok(AppInfo::gather(env!("CARGO_PKG_VERSION"), &state.data_dir)?)
}

/// Who is signed in.
#[tauri::command]
pub async fn session_status(state: State<'_, AppState>) -> Res<SessionInfo> {
    Ok(state.session.info().await)
}

/// Signs in to the embedded demo tenant as `user` (its admin by default).
#[tauri::command]
pub async fn sign_in_demo(state: State<'_, AppState>, user: Option<String>) -> Res<SessionInfo> {
    Ok(state.session.sign_in_demo(user.as_deref()).await?)
}

/// Signs out: the saved sign-in leaves the keyring and the settings.
#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> Res<SessionInfo> {
    state.session.sign_out().await?;
    Ok(state.session.info().await)
}

/// The person at the window did something (the idle sign-out counts from the last one).
#[tauri::command]
pub fn session_touch(state: State<'_, AppState>) {
    state.session.touch()
}

/// Minutes without input before the window signs out (settings `idleMinutes`, default 15).
#[tauri::command(async)]
pub fn idle_minutes(state: State<'_, AppState>) -> Res<u64> {
    Ok(qrstation_core::Settings::load(&state.data_dir)?
        .idle_timeout()
        .as_secs()
        / 60)
}

/// Recent users first (sent over `on_cached` at once), then Graph; merged.
#[tauri::command]
pub async fn search_users(
    state: State<'_, AppState>,
    query: String,
    on_cached: Channel<SearchResult>,
) -> Res<SearchResult> {
    Ok(state
        .session
        .station()
        .await?
        .search_users_progressive(&query, 20, |r| drop(on_cached.send(r.clone())))
        .await?)
}

/// The signed-in person's most recently seen users, from the local cache (works offline).
#[tauri::command]
pub async fn recent_users(state: State<'_, AppState>) -> Res<Vec<RecentUser>> {
    Ok(state.session.station().await?.recent_users(30).await?)
}

/// A user and the state of their method.
#[tauri::command]
pub async fn user_card(state: State<'_, AppState>, user: String) -> Res<UserCard> {
    Ok(state.session.station().await?.user_card(&user).await?)
}

/// The tenant's minimum PIN length (8 when the policy cannot be read).
#[tauri::command]
pub async fn pin_min_length(state: State<'_, AppState>) -> Res<usize> {
    Ok(state
        .session
        .station()
        .await?
        .pin_policy()
        .await?
        .min_length)
}

/// Checks a PIN against the policy; the error says why it is refused.
#[tauri::command]
pub fn check_pin(pin: String, min_length: usize) -> Res<()> {
    Ok(PinPolicy::with_min_length(min_length)
        .check(&pin)
        .map_err(qrstation_core::CoreError::from)?)
}

/// Creates the method; the PIN and QR code come back once.
#[tauri::command]
pub async fn create_method(state: State<'_, AppState>, request: CreateRequest) -> Res<Issued> {
    Ok(state
        .session
        .station()
        .await?
        .create_method(&request.user, request.options()?)
        .await?)
}

/// Resets the PIN (a temporary PIN, shown once).
#[tauri::command]
pub async fn reset_pin(state: State<'_, AppState>, user: String) -> Res<Issued> {
    Ok(state.session.station().await?.reset_pin(&user).await?)
}

/// Adds a temporary code for `hours`.
#[tauri::command]
pub async fn add_temporary_code(
    state: State<'_, AppState>,
    user: String,
    hours: i64,
) -> Res<Issued> {
    Ok(state
        .session
        .station()
        .await?
        .add_temporary_code(&user, hours)
        .await?)
}

/// Deletes the temporary code.
#[tauri::command]
pub async fn delete_temporary_code(state: State<'_, AppState>, user: String) -> Res<Issued> {
    Ok(state
        .session
        .station()
        .await?
        .delete_temporary_code(&user)
        .await?)
}

/// Replaces the badge code (the way to a new badge); `expires` (unix ms) or the old expiry.
#[tauri::command]
pub async fn rotate_standard_code(
    state: State<'_, AppState>,
    user: String,
    expires: Option<i64>,
) -> Res<Issued> {
    let expires = expires.map(crate::time::from_ms).transpose()?;
    Ok(state
        .session
        .station()
        .await?
        .rotate_standard_code(&user, expires)
        .await?)
}

/// A new badge code and a new PIN on an existing method (renewal, expired badge).
#[tauri::command]
pub async fn renew_method(
    state: State<'_, AppState>,
    user: String,
    expires: Option<i64>,
) -> Res<Issued> {
    let expires = expires.map(crate::time::from_ms).transpose()?;
    Ok(state
        .session
        .station()
        .await?
        .renew_method(&user, expires)
        .await?)
}

/// Deletes an unusable method and creates a new one (the operator agreed).
#[tauri::command]
pub async fn replace_method(state: State<'_, AppState>, request: CreateRequest) -> Res<Issued> {
    Ok(state
        .session
        .station()
        .await?
        .replace_method(&request.user, request.options()?)
        .await?)
}

/// Moves the badge code's expiry to `expires` (unix ms).
#[tauri::command]
pub async fn extend_standard_code(
    state: State<'_, AppState>,
    user: String,
    expires: i64,
) -> Res<Issued> {
    Ok(state
        .session
        .station()
        .await?
        .extend_standard_code(&user, crate::time::from_ms(expires)?)
        .await?)
}

/// Deletes the method.
#[tauri::command]
pub async fn delete_method(state: State<'_, AppState>, user: String) -> Res<Issued> {
    Ok(state.session.station().await?.delete_method(&user).await?)
}

/// The newest audit rows, optionally about one user.
#[tauri::command]
pub async fn audit_list(
    state: State<'_, AppState>,
    target: Option<String>,
) -> Res<Vec<AuditEntry>> {
    Ok(state
        .session
        .store()
        .list_audit(target.as_deref(), 200)
        .await?)
}

/// The label templates (built in, and the data directory's `templates/*.json`).
#[tauri::command(async)]
pub fn badge_templates(state: State<'_, AppState>) -> Res<Vec<String>> {
    Ok(badge::templates(Some(&dirs(&state).templates()))?)
}

/// The exact image that will print, as PNG, with the warnings to show first.
#[tauri::command(async)]
pub fn badge_preview(
    state: State<'_, AppState>,
    badge: BadgeRequest,
    template: String,
) -> Res<RenderedBadge> {
    Ok(badge::render(
        &badge,
        &template,
        "png",
        Some(&dirs(&state).templates()),
    )?)
}

/// Writes the whole audit log as CSV into `<data dir>/exports/`; the file's path and exports
/// name.
#[tauri::command]
pub async fn audit_export(state: State<'_, AppState>) -> Res<SavedFile> {
    let path = state
        .session
        .store()
        .export_audit_file(&dirs(&state).exports())
        .await?;
    Ok(SavedFile::of(&dirs(&state), std::path::Path::new(&path)))
}

/// The Entra tenant the station signs in to, if one is set.
#[tauri::command(async)]
pub fn tenant_settings(state: State<'_, AppState>) -> Res<Option<TenantSettings>> {
    Ok(TenantSettings::load(&state.data_dir)?)
}

/// Saves the Entra tenant and app registration.
#[tauri::command(async)]
pub fn save_tenant_settings(state: State<'_, AppState>, settings: TenantSettings) -> Res<()> {
    Ok(settings.save(&state.data_dir)?)
}

/// Signs in to Entra: the system browser, or a device code sent to the window over `on_code`;
/// saved in the OS keyring only with `stay_signed_in`.
#[tauri::command]
pub async fn sign_in_entra(
    state: State<'_, AppState>,
    device_code: bool,
    stay_signed_in: bool,
    on_code: Channel<DeviceCodeShown>,
) -> Res<SessionInfo> {
    let how = match device_code {
        true => EntraSignIn::DeviceCode(Box::new(move |c| {
            drop(on_code.send(DeviceCodeShown::of(c)))
        })),
        false => EntraSignIn::Browser(&crate::browser::open),
    };
    Ok(state
        .session
        .sign_in_entra(how, stay_signed_in, &Cancel::new())
        .await?)
}

/// Signs in silently with the saved account (OS keyring), when there is one.
#[tauri::command]
pub async fn restore_session(state: State<'_, AppState>) -> Res<SessionInfo> {
    Ok(state.session.restore_entra().await?)
}

/// The CUPS printers this machine knows.
#[tauri::command]
pub async fn list_printers() -> Res<Vec<PrinterChoice>> {
    Ok(tauri::async_runtime::spawn_blocking(badge::printers)
        .await
        .unwrap_or_default())
}

/// The tenant's QR code + PIN policy (Microsoft's defaults when the operator may not read it).
#[tauri::command]
pub async fn tenant_policy(state: State<'_, AppState>) -> Res<TenantPolicy> {
    Ok(state.session.station().await?.tenant_policy().await?)
}
