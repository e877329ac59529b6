//! The demo tenant: a stateful local emulator of Microsoft Graph's QR code + PIN API and of the
//! Microsoft identity platform, speaking their wire format over real HTTP on loopback.
//!
//! It is written from Microsoft's documentation alone and never imports `qrstation-graph`, so
//! each of the two catches the other's misreadings. Start one with [`Emulator::start`], or run
//! it standalone with [`serve`] (`qrstation emulator serve`, or the `qrstation-emulator` bin).

pub mod cli;
pub mod clock;
pub mod config;
pub mod error;
pub mod faults;
pub mod graph;
pub mod hooks;
pub mod identity;
pub mod jwt;
pub mod knobs;
pub mod method_seed;
pub mod pin_rules;
pub mod qr_image;
pub mod secrets;
pub mod seed;
pub mod server;
pub mod state;
pub mod tls;

pub use cli::{serve, ServeArgs};
pub use config::{
    BatchMethodWrites, Compat, EmulatorConfig, ForceChangeProperty, MissingMethodCode,
    PinRepeatRule, PinResetBody, QrImageFormat, Seed,
};
pub use error::EmulatorError;
pub use identity::tokens::MintOptions;
pub use server::Emulator;
