//! Build script: Tauri's code generation for the bare window.
fn main() {
    tauri_build::build();
}
