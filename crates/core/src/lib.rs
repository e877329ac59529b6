//! qrstation's domain and services, independent of any user interface.
//!
//! What belongs here: settings, the workflows a store manager or a kiosk runs (create a method,
//! reset a PIN, rotate a badge, bulk jobs), the PIN policy, the SQLite store and the audit log.
//! What does not: Tauri (the desktop shell depends on this crate, never the reverse), HTTP
//! details of Microsoft Graph (`qrstation-graph`) and label rendering (`qrstation-label`).

pub mod app_info;
pub mod bulk;
pub mod connect;
pub mod data_dir;
#[cfg(feature = "demo-tenant")]
pub mod demo;
pub mod entra;
pub mod error;
pub mod export_files;
pub mod exports;
pub mod files;
pub mod instance;
pub mod kiosk;
pub mod pin;
pub mod policy;
pub mod printing;
pub mod renewals;
pub mod roles;
pub mod scopes;
pub mod scoping;
pub mod session;
pub mod settings;
pub mod station;
pub mod store;
pub mod time;

pub use app_info::AppInfo;
pub use connect::{Connected, Target};
pub use data_dir::DataDir;
pub use error::{CoreError, Result};
pub use pin::{PinPolicy, PinRejection};
// The printing modules' paths of before `printing/`: the shells and the CLI still use them.
pub use printing::{badge, printer_profiles, profile_print};
pub use settings::{Mode, Settings};
pub use station::Station;
pub use store::Store;
