//! Opening the Entra sign-in page in the person's own browser (never inside the app).

/// Opens `url` with the desktop's handler; prints it as well, for when no browser opens.
pub fn open(url: &url::Url) -> Result<(), String> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    tracing::info!("opening the sign-in page in the browser");
    std::process::Command::new(program)
        .arg(url.as_str())
        .spawn()
        .map(|_| ())
        .map_err(|e| format!("cannot open a browser ({program}): {e}"))
}
