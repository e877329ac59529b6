//! The browser opener the Entra sign-in uses: the person's own browser, never a webview.

/// Opens `url` with the desktop's handler.
pub fn open(url: &url::Url) -> Result<(), String> {
    tracing::info!("opening the sign-in page in the browser");
    qrstation_core::files::open_in_browser(url.as_str())
}
