//! The qrstation desktop shell: wiring only. Commands live in `commands` and are declared in
//! `contract` (the IPC contract), state in `state`,
//! the error shape the UI receives in `error`. Work is done by `qrstation-core`.

mod browser;
pub mod bulk_commands;
pub mod commands;
pub mod config_commands;
pub mod contract;
pub mod error;
pub mod file_commands;
pub mod kiosk_commands;
mod logging;
pub mod printer_commands;
pub mod renewal_commands;
pub mod scope_commands;
pub mod state;
mod time;
pub mod windows;

#[cfg(test)]
mod bindings;
#[cfg(test)]
mod config_tests;
#[cfg(test)]
mod contract_tests;
#[cfg(test)]
mod ipc_tests;

/// Builds the app on any runtime with its state, commands and plugins; `run` and the IPC
/// tests share it so the tests exercise the same wiring as the product.
pub fn builder<R: tauri::Runtime>(
    builder: tauri::Builder<R>,
    state: state::AppState,
) -> tauri::Builder<R> {
    // The dialog plugin is called from Rust only (`file_commands`): no capability grants its
    // own commands, so no window can show a dialog or learn a path through it. "Open" and
    // "Show in folder" use `tauri-plugin-opener`'s functions without its plugin (no commands,
    // no script in the windows).
    builder
        .manage(state)
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(contract::handler())
}

/// Starts the desktop app. Panics only when no data directory can be made or no display is
/// there, both with a message saying so.
pub fn run() {
    let data_dir = match qrstation_core::settings::data_dir()
        .and_then(|d| qrstation_core::settings::ensure_dir(&d).map(|()| d))
    {
        Ok(dir) => dir,
        Err(e) => fail(e),
    };
    // One qrstation per data directory; the lock lives as long as the process.
    let patience = std::time::Duration::from_secs(10);
    let _instance =
        match qrstation_core::instance::InstanceLock::acquire_within(&data_dir, patience) {
            Ok(lock) => lock,
            Err(e) => fail(e),
        };
    let _log_guard = logging::init(&data_dir);
    tracing::info!(
        version = env!("CARGO_PKG_VERSION"),
        data_dir = %data_dir.display(),
        "qrstation starting"
    );
    // Fails closed: a computer that was a kiosk refuses to start without readable settings.
    let kiosk =
        match qrstation_core::kiosk::start::start_as_kiosk(&data_dir, windows::kiosk_requested()) {
            Ok(kiosk) => kiosk,
            Err(e) => fail(e),
        };
    // The database is opened and migrated before anything else, on Tauri's own runtime.
    let state = match tauri::async_runtime::block_on(state::AppState::open(data_dir, kiosk)) {
        Ok(state) => state,
        Err(e) => fail(e),
    };
    let kiosk_service = state.kiosk.clone();
    builder(tauri::Builder::default(), state)
        // A kiosk has no menu (on macOS the default one has Quit and Hide).
        .enable_macos_default_menu(!kiosk)
        .setup(move |app| {
            windows::open(app, kiosk)?;
            if !kiosk {
                // The back end's own idle sign-out, a minute after the window's (which says
                // why): a station left signed in signs out even if its window cannot.
                let handle = tauri::Manager::app_handle(app).clone();
                tauri::async_runtime::spawn(async move {
                    for round in 1u64.. {
                        tokio::time::sleep(std::time::Duration::from_secs(30)).await;
                        let state = tauri::Manager::state::<state::AppState>(&handle);
                        // Every ten minutes, exports past their retention go (also at start).
                        if round.is_multiple_of(20) {
                            let dir = state.data_dir.clone();
                            let _ = tauri::async_runtime::spawn_blocking(move || {
                                state::sweep_exports(&dir)
                            })
                            .await;
                        }
                        let idle = qrstation_core::Settings::load(&state.data_dir)
                            .map(|s| s.idle_timeout())
                            .unwrap_or(std::time::Duration::from_secs(15 * 60));
                        let late = idle + std::time::Duration::from_secs(60);
                        if let Err(e) = state.session.sign_out_if_idle(late).await {
                            tracing::error!(code = e.code(), "idle sign-out failed: {e}");
                        }
                    }
                });
            }
            if let Some(k) = kiosk_service {
                // The back end's own idle check: drops a flow the screen failed to reset.
                tauri::async_runtime::spawn(async move {
                    loop {
                        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
                        k.expire_idle();
                    }
                });
            }
            tracing::info!(kiosk, "setup done");
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("error while building qrstation")
        .run(move |_, event| {
            // Cmd+Q, a session's quit: a kiosk stays until a manager lets it go.
            if let tauri::RunEvent::ExitRequested { api, .. } = event {
                if kiosk && !windows::leaving() {
                    tracing::info!("kiosk: exit refused (a manager must sign in to leave)");
                    api.prevent_exit();
                }
            }
        });
}

fn fail(e: qrstation_core::CoreError) -> ! {
    tracing::error!(code = e.code(), "cannot start: {e}");
    eprintln!("qrstation cannot start: [{}] {e}", e.code());
    std::process::exit(1);
}
