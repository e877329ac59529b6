//! The kiosk's settings (in `settings.json` under `kiosk`): whether the app starts as a kiosk,
//! its idle timeout, the wrong-PIN limit and the language of its screens.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How the kiosk behaves. Missing fields take their defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default, rename_all = "camelCase")]
pub struct KioskSettings {
    /// Start the app as a kiosk (the same as `qrstation-desktop --kiosk`).
    pub enabled: bool,
    /// Seconds without a touch or key before every screen and all state go back to the start.
    pub idle_seconds: u32,
    /// Wrong current PINs per worker before the kiosk stops trying for that worker.
    pub max_wrong_pins: u32,
    /// Minutes a worker waits after too many wrong PINs.
    pub cooldown_minutes: u32,
    /// The PIN length the tenant asks for, until a manager's sign-in reads the policy.
    pub pin_length: u32,
    /// "en" or "es"; `None` follows the system.
    pub language: Option<String>,
}

impl Default for KioskSettings {
    fn default() -> Self {
        KioskSettings {
            enabled: false,
            idle_seconds: 60,
            max_wrong_pins: 3,
            cooldown_minutes: 15,
            pin_length: 8,
            language: None,
        }
    }
}

impl KioskSettings {
    /// The settings with out-of-range numbers brought into range (a hand-edited file must not
    /// make a kiosk that never times out or never limits guesses).
    pub fn sane(mut self) -> KioskSettings {
        self.idle_seconds = self.idle_seconds.clamp(15, 600);
        self.max_wrong_pins = self.max_wrong_pins.clamp(1, 10);
        self.cooldown_minutes = self.cooldown_minutes.clamp(1, 24 * 60);
        self.pin_length = self.pin_length.clamp(8, 20);
        self
    }
}
