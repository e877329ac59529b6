//! Build script: Tauri's code generation, with a permission per app command so each window's
//! capability grants exactly the commands it calls.

/// Every `#[tauri::command]` of this app. A command missing here cannot be granted.
const COMMANDS: &[&str] = &["app_info"];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build step failed");
}
