//! The app's windows: the manager window (from `tauri.conf.json`), or in kiosk mode the locked
//! kiosk window: full screen, no decorations, no navigation away, no closing without a
//! manager, no devtools in release builds.

use std::sync::atomic::{AtomicBool, Ordering};

use tauri::{Manager, Runtime, Url, WebviewUrl, WebviewWindowBuilder, WindowEvent};

/// The kiosk window's label; `capabilities/kiosk.json` grants the kiosk commands to it alone.
pub const KIOSK: &str = "kiosk";

/// Set once a manager approved leaving the kiosk: only then may its window close.
static LEAVING: AtomicBool = AtomicBool::new(false);

/// Whether the launcher asks for a kiosk: `--kiosk` or `QRSTATION_KIOSK=1` (the settings and
/// the kiosk marker are weighed by `qrstation_core::kiosk::start::start_as_kiosk`).
pub fn kiosk_requested() -> bool {
    std::env::args().any(|a| a == "--kiosk")
        || std::env::var("QRSTATION_KIOSK").is_ok_and(|v| v == "1")
}

/// Opens the manager window, or the kiosk window when `kiosk`.
pub fn open<R: Runtime, M: Manager<R>>(app: &M, kiosk: bool) -> tauri::Result<()> {
    if kiosk {
        return open_kiosk(app);
    }
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == "main")
        .cloned()
        .ok_or_else(|| tauri::Error::WindowNotFound)?;
    WebviewWindowBuilder::from_config(app, &config)?
        // The window title follows the page's <title>: `bench/startup` sees the UI's
        // first-screen mark (see ui/src/main.tsx) from outside the process with xprop.
        .on_document_title_changed(|window, title| {
            let _ = window.set_title(&title);
        })
        .build()?;
    Ok(())
}

fn open_kiosk<R: Runtime, M: Manager<R>>(app: &M) -> tauri::Result<()> {
    let window = WebviewWindowBuilder::new(app, KIOSK, WebviewUrl::App("kiosk.html".into()))
        .title("qrstation kiosk")
        .fullscreen(true)
        .decorations(false)
        .resizable(false)
        .always_on_top(true)
        .focused(true)
        .devtools(cfg!(debug_assertions))
        .on_new_window(|_, _| tauri::webview::NewWindowResponse::Deny)
        .on_navigation(|url| {
            let ok = is_kiosk_url(url);
            if !ok {
                tracing::warn!(scheme = url.scheme(), "kiosk: navigation away refused");
            }
            ok
        })
        .build()?;
    // Without a window manager (a bare X session, a common kiosk set-up) a full-screen request
    // does nothing: cover the monitor by hand.
    if let Ok(Some(monitor)) = window.current_monitor() {
        let _ = window.set_position(*monitor.position());
        let _ = window.set_size(*monitor.size());
    }
    window.on_window_event(|event| {
        if let WindowEvent::CloseRequested { api, .. } = event {
            if !LEAVING.load(Ordering::SeqCst) {
                tracing::info!("kiosk: close refused (a manager must sign in to leave)");
                api.prevent_close();
            }
        }
    });
    Ok(())
}

/// The kiosk's own page and its assets only (Tauri serves them as `tauri://localhost` on
/// Linux and macOS, `http(s)://tauri.localhost` on Windows; no port, no other page).
pub fn is_kiosk_url(url: &Url) -> bool {
    let host_ok = match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    };
    let path = url.path();
    host_ok && url.port().is_none() && (path == "/kiosk.html" || path.starts_with("/assets/"))
}

/// Whether a manager approved leaving the kiosk.
pub fn leaving() -> bool {
    LEAVING.load(Ordering::SeqCst)
}

/// A manager approved: the kiosk may close, and the app ends.
pub fn leave_kiosk<R: Runtime>(app: &tauri::AppHandle<R>) {
    LEAVING.store(true, Ordering::SeqCst);
    tracing::info!("kiosk: a manager approved leaving; exiting");
    app.exit(0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_kiosks_own_page_may_load_in_the_kiosk() {
        for ok in [
            "tauri://localhost/kiosk.html",
            "http://tauri.localhost/kiosk.html",
            "tauri://localhost/assets/kiosk-1a2b.js",
        ] {
            assert!(is_kiosk_url(&Url::parse(ok).unwrap()), "{ok}");
        }
        for bad in [
            "https://example.com/",
            "file:///etc/passwd",
            "https://tauri.localhost.evil.com/",
            "http://tauri.localhost:8080/kiosk.html",
            "tauri://localhost/index.html",
            "tauri://evil/kiosk.html",
            "about:blank",
        ] {
            assert!(!is_kiosk_url(&Url::parse(bad).unwrap()), "{bad}");
        }
    }
}
