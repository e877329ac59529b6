//! Files the person keeps: "Save as PDF" through the native save dialog, and "Open" / "Show in
//! folder" of a file in the exports folder. The window sends a badge or a file *name*, never a
//! path: the save path comes from the dialog, shown by Rust, and a name is resolved under the
//! exports folder by core (`export_files::resolve`).

use std::path::{Path, PathBuf};

use qrstation_core::{
    badge::{self, BadgeRequest},
    export_files::{self, SavedFile},
    CoreError, DataDir,
};
use tauri::{Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;

use crate::{error::AppError, state::AppState};

type Res<T> = Result<T, AppError>;

/// Answers the save dialog without showing it, in debug builds only (tests: WebDriver cannot
/// drive a native dialog): a folder to save into with the default name, or `cancel`.
pub const SAVE_DIALOG_ANSWER_ENV: &str = "QRSTATION_SAVE_DIALOG_ANSWER";

/// Renders the badge as PDF, asks where to save it (the native dialog, starting in the exports
/// folder with the badge's file name) and writes it there, owner-only. `None` when cancelled.
#[tauri::command(async)] // renders, then waits for the dialog: never on the UI thread
pub fn save_badge_as<R: Runtime>(
    window: WebviewWindow<R>,
    state: State<'_, AppState>,
    badge: BadgeRequest,
    template: String,
) -> Res<Option<SavedFile>> {
    let dirs = DataDir::new(&state.data_dir);
    let pdf = badge::render_pdf(&badge, &template, Some(&dirs.templates()))?;
    qrstation_core::files::ensure_private_dir(&dirs.exports())?;
    let name = badge::pdf_file_name(&badge, &template);
    let Some(path) = ask_where(&window, &dirs.exports(), &name)? else {
        return Ok(None);
    };
    badge::write_pdf(&pdf, &path)?;
    tracing::info!(file = %path.display(), "badge saved as PDF");
    Ok(Some(SavedFile::of(&dirs, &path)))
}

/// Opens the file called `name` in the exports folder with the computer's default app.
#[tauri::command(async)]
pub fn files_open(state: State<'_, AppState>, name: String) -> Res<()> {
    let path = export_files::resolve(&DataDir::new(&state.data_dir), &name)?;
    tauri_plugin_opener::open_path(&path, None::<&str>).map_err(|e| failed("open", &name, e))
}

/// Shows the file called `name` of the exports folder in the file manager, selected.
#[tauri::command(async)]
pub fn files_reveal(state: State<'_, AppState>, name: String) -> Res<()> {
    let path = export_files::resolve(&DataDir::new(&state.data_dir), &name)?;
    tauri_plugin_opener::reveal_item_in_dir(&path)
        .map_err(|e| failed("show in its folder", &name, e))
}

fn failed(action: &'static str, name: &str, e: tauri_plugin_opener::Error) -> AppError {
    CoreError::FileOpenFailed {
        action,
        file: name.to_owned(),
        reason: e.to_string(),
    }
    .into()
}

/// Where to save: the native save dialog over `window`, or in debug builds the answer of
/// [`SAVE_DIALOG_ANSWER_ENV`] when set. `None` when the person cancelled.
fn ask_where<R: Runtime>(
    window: &WebviewWindow<R>,
    dir: &Path,
    name: &str,
) -> Res<Option<PathBuf>> {
    if let Some(answer) = test_answer(dir, name) {
        return Ok(answer);
    }
    let chosen = window
        .dialog()
        .file()
        .set_parent(window)
        .set_title("Save the badge as PDF")
        .set_directory(dir)
        .set_file_name(name)
        .add_filter("PDF", &["pdf"])
        .blocking_save_file();
    match chosen {
        None => Ok(None),
        Some(p) => p.into_path().map(Some).map_err(|e| {
            AppError::from(CoreError::FileOpenFailed {
                action: "save",
                file: name.to_owned(),
                reason: e.to_string(),
            })
        }),
    }
}

/// The test answer to the save dialog (debug builds only; a release build always asks).
fn test_answer(dir: &Path, name: &str) -> Option<Option<PathBuf>> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let answer = std::env::var_os(SAVE_DIALOG_ANSWER_ENV).filter(|v| !v.is_empty())?;
    if answer == "cancel" {
        return Some(None);
    }
    let folder = match answer.to_str() {
        Some("exports") => dir.to_owned(),
        _ => PathBuf::from(answer),
    };
    Some(Some(folder.join(name)))
}
