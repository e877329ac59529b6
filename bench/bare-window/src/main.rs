//! A bare Tauri v2 window: one page, no commands. The page's <title> is copied to the window
//! title so `bench/startup` sees the same first-screen mark as in qrstation.
fn main() {
    tauri::Builder::default()
        .setup(|app| {
            let config = app.config().app.windows[0].clone();
            tauri::WebviewWindowBuilder::from_config(app, &config)?
                .on_document_title_changed(|window, title| {
                    let _ = window.set_title(&title);
                })
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("bare window failed");
}
