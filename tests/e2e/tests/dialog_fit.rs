//! The one-time PIN and badge dialog in the real window at its default size (issue #15): the
//! PIN, the one QR code, Print and Save as PDF are all on screen without scrolling; a failed
//! print reads in plain words with the code under "Details for support"; after "Save as PDF"
//! the dialog says "Saved ✓" and so does its close warning.

use std::time::Duration;

use fantoccini::{key::Key, Client, Locator};
use qrstation_e2e::{click, run_app_test, shot, text_of};

fn css(s: &str) -> Locator<'_> {
    Locator::Css(s)
}

/// Whether `text` holds an error code such as `label.printer_unreachable` (lower-case words
/// joined by dots; an address like `127.0.0.1` is not one).
fn has_dotted_code(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
        .any(|word| {
            let parts: Vec<&str> = word.trim_matches('.').split('.').collect();
            parts.len() >= 2
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        })
}

/// The rectangle of each `data-testid` in `ids` against the window's viewport, as
/// `[id, top, bottom, height, innerHeight]` rows (`null` rows for a missing element).
async fn rects(
    c: &Client,
    ids: &[&str],
) -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
    Ok(c.execute(
        "return arguments[0].map((id) => {
           const el = document.querySelector(`[data-testid=\"${id}\"]`);
           if (!el) return [id, null, null, null, window.innerHeight];
           const r = el.getBoundingClientRect();
           return [id, r.top, r.bottom, r.height, window.innerHeight];
         });",
        vec![serde_json::json!(ids)],
    )
    .await?)
}

#[test]
fn the_one_time_dialog_fits_the_window_says_errors_plainly_and_knows_it_was_saved() {
    run_app_test(
        "dialog_fit",
        |dir| {
            // The default printer profile points at a port nobody listens on: printing fails.
            std::fs::write(
                dir.join("settings.json"),
                serde_json::json!({
                    "printerProfiles": [{
                        "name": "Unplugged Zebra",
                        "printer": "tcp:127.0.0.1:1",
                        "template": "zebra-4x3-203",
                    }],
                    "defaultProfile": "Unplugged Zebra",
                })
                .to_string(),
            )
            .unwrap();
        },
        |ctx| {
            Box::pin(async move {
                let c = &ctx.client;
                c.set_window_size(1100, 720).await?;
                click(c, "demo-admin").await?;
                let search = c
                    .wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(css("[data-testid=\"search\"]"))
                    .await?;
                search.send_keys("Bi").await?;
                c.wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(css("[data-testid=\"result\"]"))
                    .await?;
                search.send_keys(&Key::Enter.to_string()).await?;
                text_of(c, "card-name").await?;
                // Start from no method, so that "create" shows both a PIN and a badge.
                if !text_of(c, "status").await?.contains("No QR code method") {
                    click(c, "delete-method").await?;
                    click(c, "confirm").await?;
                    c.wait()
                        .at_most(Duration::from_secs(20))
                        .for_element(css("[data-testid=\"create-form\"]"))
                        .await?;
                }
                click(c, "create").await?;
                let pin = text_of(c, "issued-pin").await?;
                assert!(pin.bytes().all(|b| b.is_ascii_digit()), "a PIN of digits");

                // Wait for the preview to load (its size moves everything below it).
                let preview = c
                    .wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(css("[data-testid=\"badge-preview\"]"))
                    .await?;
                let mut loaded = false;
                for _ in 0..100 {
                    let w = c
                        .execute(
                            "return arguments[0].complete ? arguments[0].naturalWidth : 0",
                            vec![serde_json::to_value(&preview)?],
                        )
                        .await?;
                    if w.as_f64().unwrap_or(0.0) > 0.0 {
                        loaded = true;
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                assert!(loaded, "the badge preview never loaded");
                text_of(c, "profile").await?;
                tokio::time::sleep(Duration::from_millis(300)).await;
                shot(c, "issued-dialog-1100x720").await?;

                // The viewport is the window's (1100×720 less nothing: no window manager).
                let inner = c
                    .execute("return [window.innerWidth, window.innerHeight]", vec![])
                    .await?;
                assert!(
                    inner[1].as_f64().unwrap_or(0.0) >= 600.0,
                    "window viewport {inner}"
                );
                // One QR code in the dialog: the badge preview.
                let images = c.find_all(css("[data-testid=\"issued\"] img")).await?;
                assert_eq!(images.len(), 1, "one QR code image in the dialog");
                // PIN, QR code, Print and Save: all inside the viewport and inside the dialog's
                // own box (it could scroll within), nothing scrolled.
                let ids = ["issued", "issued-pin", "badge-preview", "print", "save-pdf"];
                let got = rects(c, &ids).await?;
                let dialog_bottom = got[0][2].as_f64().expect("the dialog's rect");
                for row in &got.as_array().unwrap()[1..] {
                    let (top, bottom, height, inner_h) = (
                        row[1].as_f64(),
                        row[2].as_f64(),
                        row[3].as_f64(),
                        row[4].as_f64().unwrap(),
                    );
                    let (Some(top), Some(bottom), Some(height)) = (top, bottom, height) else {
                        panic!("{} is missing from the dialog: {got}", row[0]);
                    };
                    assert!(height > 0.0, "{} has no height: {got}", row[0]);
                    assert!(
                        top >= 0.0 && bottom <= inner_h && bottom <= dialog_bottom + 0.5,
                        "{} is not fully visible without scrolling: {got}",
                        row[0]
                    );
                }
                let scrolled = c
                    .execute(
                        "const d = document.querySelector('[data-testid=\"issued\"]');
                         return [window.scrollY, d.scrollTop, d.parentElement.scrollTop];",
                        vec![],
                    )
                    .await?;
                assert_eq!(scrolled, serde_json::json!([0, 0, 0]), "nothing scrolled");

                // A print to an unreachable printer: plain words, the code kept for support.
                let print = c.find(css("[data-testid=\"print\"]")).await?;
                for _ in 0..100 {
                    if print.is_enabled().await? {
                        break;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                print.click().await?;
                let error = c
                    .wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(css("[data-testid=\"print-error\"]"))
                    .await?;
                // The words on screen; the code sits in a closed "Details for support".
                let parts = c
                    .execute(
                        "const e = arguments[0], d = e.querySelector('details');
                         return [e.querySelector('.error-text').textContent,
                                 d.querySelector('summary').textContent, d.open, d.textContent];",
                        vec![serde_json::to_value(&error)?],
                    )
                    .await?;
                let words = parts[0].as_str().unwrap_or_default();
                assert!(words.contains("cannot be reached"), "{parts}");
                assert!(!words.contains('`'), "backticks on screen: {parts}");
                assert!(!has_dotted_code(words), "a code on screen: {parts}");
                assert_eq!(parts[1], "Details for support", "{parts}");
                assert_eq!(parts[2], false, "the details start closed: {parts}");
                assert!(
                    parts[3]
                        .as_str()
                        .unwrap_or_default()
                        .contains("label.printer_unreachable"),
                    "{parts}"
                );
                shot(c, "issued-print-error").await?;

                // Save as PDF (the harness answers the save dialog with the exports folder).
                click(c, "save-pdf").await?;
                let saved = text_of(c, "saved-file").await?;
                assert!(saved.starts_with("Saved ✓"), "{saved}");
                let name = saved
                    .split_whitespace()
                    .find(|w| w.ends_with(".pdf"))
                    .unwrap_or_default()
                    .to_owned();
                assert!(
                    ctx.data_dir.join("exports").join(&name).is_file(),
                    "{name} is not in the exports folder"
                );
                // The close warning knows: saved, not printed, so closing is safe.
                click(c, "close-issued").await?;
                let done = text_of(c, "close-done").await?;
                assert!(done.starts_with("Saved ✓"), "{done}");
                assert!(!done.contains("Printed"), "{done}");
                assert!(done.contains("closing is safe"), "{done}");
                click(c, "close-confirm").await?;
                Ok(())
            })
        },
    );
}

#[cfg(test)]
mod tests {
    use super::has_dotted_code;

    #[test]
    fn a_dotted_code_is_found_and_an_address_is_not() {
        assert!(has_dotted_code("failed (label.printer_unreachable)"));
        assert!(!has_dotted_code(
            "Printer 127.0.0.1:1 is not reachable: Connection refused (os error 111)."
        ));
        assert!(!has_dotted_code("Done. Next."));
    }
}
