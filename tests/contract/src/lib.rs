//! Shared helpers for the contract tests: start the emulator, build a client for it, call its
//! test hooks, and a small TCP proxy that loses a response on purpose.

pub mod harness;
pub mod proxy;
