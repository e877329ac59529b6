//! The set-up the bulk and renewal tests share: the demo tenant (the emulator over real HTTP on
//! 127.0.0.1) with extra seeded workers `worker0001…`, a [`Station`] signed in to it as the demo
//! admin on a real SQLite file, and the emulator's hooks.
#![allow(dead_code)] // each test binary uses its own part of it

use std::path::Path;
use std::sync::Arc;

use qrstation_core::demo::DEMO_ADMIN;
use qrstation_core::scopes::OPERATOR_SCOPES;
use qrstation_core::{Station, Store};
use qrstation_emulator::{seed, Emulator, EmulatorConfig};
use qrstation_emulator_hooks::Hooks;
use qrstation_graph::{auth::StaticToken, ApiVersion, Endpoints, GraphClient, TransportConfig};
use serde_json::Value;

/// The test emulator's configuration with `users` extra workers.
pub fn with_workers(users: usize) -> EmulatorConfig {
    EmulatorConfig {
        extra_users: users,
        ..EmulatorConfig::for_tests()
    }
}

/// Starts the emulator with `cfg` and opens a station on it with its store in `dir`.
pub async fn start(dir: &Path, cfg: EmulatorConfig) -> (Emulator, Station) {
    let emu = Emulator::start(cfg).await.unwrap();
    let st = station_on(&emu, dir).await;
    (emu, st)
}

/// A station signed in to `emu` as the demo admin (operator scopes), its store in `dir`.
pub async fn station_on(emu: &Emulator, dir: &Path) -> Station {
    let token = emu.mint_access_token(DEMO_ADMIN, OPERATOR_SCOPES).unwrap();
    let endpoints = Endpoints::custom(&emu.authority(seed::TENANT_ID), &emu.base_url()).unwrap();
    let graph = GraphClient::new(
        &endpoints,
        ApiVersion::V1,
        TransportConfig::default(),
        Arc::new(StaticToken::new(token)),
    )
    .unwrap();
    let (store, _) = Store::open(dir).await.unwrap();
    Station::new(graph, store, DEMO_ADMIN)
}

/// The sign-in name of extra worker `n` (from 1).
pub fn upn(n: usize) -> String {
    format!("worker{n:04}@{}", seed::DOMAIN)
}

/// The hooks of `emu`.
pub fn hooks(emu: &Emulator) -> Hooks {
    Hooks::new(emu.base_url())
}

/// The emulator's books (`/_emulator/state`).
pub async fn state(emu: &Emulator) -> Value {
    hooks(emu).state().await
}

/// POSTs a hook (`Some` body) or reads the emulator's state (`None`).
pub async fn hook(emu: &Emulator, path: &str, body: Option<Value>) -> Value {
    match body {
        Some(b) => hooks(emu).post(path, b).await,
        None => {
            assert_eq!(path, "state", "the only GET hook");
            state(emu).await
        }
    }
}
