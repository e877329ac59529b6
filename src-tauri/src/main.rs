//! Entry point of the qrstation desktop app; everything else is in the library.

// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    qrstation_desktop_lib::run();
}
