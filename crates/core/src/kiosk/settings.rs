//! The kiosk's settings live with the other settings ([`crate::settings::kiosk`]), so the
//! settings never depend on the kiosk; this name stays for callers of `kiosk::settings`.

pub use crate::settings::kiosk::KioskSettings;
