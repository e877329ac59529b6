//! Printer profiles (which printer, which label, copies, media) and printing with one: each
//! command one line, delegating to `qrstation_core::printer_profiles`, `profile_print` and
//! `printing::{installed, test_label}`.

use qrstation_core::{
    badge::{self, BadgeRequest, TemplateName},
    printer_profiles::{self, PrinterProfile, PrinterProfiles},
    printing::{installed, installed::InstalledPrinter, test_label},
    profile_print::ProfilePrint,
};
use tauri::State;

use crate::{error::AppError, state::AppState};

type Res<T> = Result<T, AppError>;

/// The label templates with the names a person reads ("Brother QL 62 mm"), for the pickers.
#[tauri::command(async)] // reads the data directory's templates/*.json
pub fn badge_template_names(state: State<'_, AppState>) -> Res<Vec<TemplateName>> {
    let dir = qrstation_core::DataDir::new(&state.data_dir).templates();
    Ok(badge::template_names(Some(&dir))?)
}

/// The saved profiles and the default one.
#[tauri::command]
pub fn printer_profiles(state: State<'_, AppState>) -> Res<PrinterProfiles> {
    Ok(printer_profiles::profiles(&state.data_dir)?)
}

/// Saves a new profile, or changes the one called `original`; checked first.
#[tauri::command(async)] // asks CUPS for the queue's media: never on the UI thread
pub fn save_printer_profile(
    state: State<'_, AppState>,
    original: Option<String>,
    profile: PrinterProfile,
) -> Res<PrinterProfile> {
    Ok(printer_profiles::save_profile(
        &state.data_dir,
        original.as_deref(),
        &profile,
    )?)
}

/// Removes a profile.
#[tauri::command]
pub fn delete_printer_profile(state: State<'_, AppState>, name: String) -> Res<()> {
    Ok(printer_profiles::delete_profile(&state.data_dir, &name)?)
}

/// Makes a profile the default.
#[tauri::command]
pub fn set_default_printer_profile(state: State<'_, AppState>, name: String) -> Res<()> {
    Ok(printer_profiles::set_default_profile(
        &state.data_dir,
        &name,
    )?)
}

/// Prints a badge with a profile (the default when none is named); each copy is audited.
#[tauri::command]
pub async fn print_badge_with_profile(
    state: State<'_, AppState>,
    badge: BadgeRequest,
    user_id: Option<String>,
    profile: Option<String>,
) -> Res<ProfilePrint> {
    Ok(state
        .session
        .station()
        .await?
        .print_badge_with_profile(
            &badge,
            user_id.as_deref(),
            profile.as_deref(),
            &state.data_dir,
        )
        .await?)
}

/// The printers installed on this computer (CUPS queues) to pick from; none without CUPS.
#[tauri::command(async)] // runs lpstat, a few seconds at most
pub fn installed_printers() -> Vec<InstalledPrinter> {
    installed::installed_printers()
}

/// Prints one test label (a made-up person, a QR code saying it is a test) with a profile.
#[tauri::command]
pub async fn print_test_label(state: State<'_, AppState>, profile: String) -> Res<ProfilePrint> {
    state.session.station().await?; // signed in, like every print
    Ok(test_label::print_test_label_async(&state.data_dir, &profile).await?)
}
