//! The badge station in the real window against the embedded demo tenant, the whole day of a
//! store manager: sign in, find a worker by typing, create their method and read the PIN once,
//! see the print preview, reset the PIN, add a temporary code, make a new badge, delete the
//! method, hit an error, restart and find the worker among the recent users — then check that
//! no PIN or QR payload the scenario saw is in any file of the data directory.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use fantoccini::{key::Key, Client, Locator};
use qrstation_e2e::{click, run_app_test_in, shot, text_of, walk, TestResult};

fn css(s: &str) -> Locator<'_> {
    Locator::Css(s)
}

/// Closes the one-time dialog through its "shown once" warning.
async fn close_issued(c: &Client) -> TestResult {
    click(c, "close-issued").await?;
    click(c, "close-confirm").await?;
    Ok(())
}

#[test]
fn a_store_managers_day_in_the_real_window() {
    let data = tempfile::tempdir().unwrap();
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let worker: Arc<Mutex<String>> = Arc::default();

    // A printer profile that prints ZPL into a file: the one-time dialog prints with it.
    let spool = data.path().join("spool-badge.zpl");
    std::fs::write(
        data.path().join("settings.json"),
        serde_json::json!({
            "printerProfiles": [{
                "name": "Back office Zebra",
                "printer": format!("file:{}", spool.display()),
                "template": "zebra-4x3-203",
            }],
            "defaultProfile": "Back office Zebra",
        })
        .to_string(),
    )
    .unwrap();
    let (seen1, worker1) = (seen.clone(), worker.clone());
    let spool1 = spool.clone();
    run_app_test_in("station_day", data.path(), move |ctx| {
        Box::pin(async move {
            let c = &ctx.client;
            let keep = |s: String| seen1.lock().unwrap().push(s);
            c.wait()
                .at_most(Duration::from_secs(20))
                .for_element(css("[data-testid=\"demo-admin\"]"))
                .await?;
            shot(c, "sign-in").await?;
            click(c, "demo-admin").await?;
            assert_eq!(
                text_of(c, "operator").await?,
                "admin@contoso-retail.onmicrosoft.com"
            );
            assert_eq!(text_of(c, "role").await?, "Global Administrator");
            // The tenant policy, as the station applies it.
            click(c, "tab-policy").await?;
            assert_eq!(text_of(c, "policy-pin").await?, "At least 8 digits");
            assert!(text_of(c, "policy-state").await?.contains("Enabled"));
            c.find(css(".tabs .tab")).await?.click().await?;
            let search = c
                .wait()
                .at_most(Duration::from_secs(20))
                .for_element(css("[data-testid=\"search\"]"))
                .await?;
            search.send_keys("Bi").await?;
            let first = c
                .wait()
                .at_most(Duration::from_secs(20))
                .for_element(css("[data-testid=\"result\"]"))
                .await?;
            let name = first.find(css(".who")).await?.text().await?;
            let upn = first.find(css(".upn")).await?.text().await?;
            assert!(name.starts_with("Bi"), "{name}");
            shot(c, "home").await?;
            // Keyboard only: the first match, then Enter.
            search.send_keys(&Key::Enter.to_string()).await?;
            assert_eq!(text_of(c, "card-name").await?, name);
            *worker1.lock().unwrap() = name.clone();

            // Whatever the seed gave this worker, start from no method.
            if !text_of(c, "status").await?.contains("No QR code method") {
                click(c, "delete-method").await?;
                click(c, "confirm").await?;
                c.wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(css("[data-testid=\"create-form\"]"))
                    .await?;
            }
            shot(c, "user-card").await?;

            // Create: the PIN and QR once, and the print preview Rust rendered.
            click(c, "create").await?;
            let pin = text_of(c, "issued-pin").await?;
            assert!(
                pin.len() >= 8 && pin.bytes().all(|b| b.is_ascii_digit()),
                "{pin}"
            );
            keep(pin.clone());
            let preview = c
                .wait()
                .at_most(Duration::from_secs(20))
                .for_element(css("[data-testid=\"badge-preview\"]"))
                .await?;
            let width: serde_json::Value = c
                .execute(
                    "return arguments[0].complete ? arguments[0].naturalWidth : -1",
                    vec![serde_json::to_value(&preview)?],
                )
                .await?;
            assert!(
                width.as_f64().unwrap_or(0.0) > 100.0,
                "preview width {width}"
            );
            shot(c, "pin-reveal").await?;
            // Print with the default printer profile: ZPL with the QR as a ^GFA bitmap.
            assert_eq!(
                c.find(css("[data-testid=\"profile\"]"))
                    .await?
                    .prop("value")
                    .await?
                    .as_deref(),
                Some("Back office Zebra")
            );
            click(c, "print").await?;
            let mut sent = text_of(c, "print-status").await?;
            for _ in 0..100 {
                if !sent.starts_with("Sending") {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
                sent = text_of(c, "print-status").await?;
            }
            assert!(sent.contains("with “Back office Zebra”"), "{sent}");
            let zpl = std::fs::read_to_string(&spool1)?;
            assert!(zpl.starts_with("^XA") && zpl.contains("^GFA"), "{zpl:.80}");
            std::fs::remove_file(&spool1)?;
            // Save as PDF: the native dialog is answered "exports" by the harness
            // (QRSTATION_SAVE_DIALOG_ANSWER, debug builds only), so it lands in the data dir's
            // exports, readable by its owner only, and Open / Show in folder are offered.
            click(c, "save-pdf").await?;
            let mut saved = text_of(c, "print-status").await?;
            for _ in 0..50 {
                if saved.starts_with("Saved to ") {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
                saved = text_of(c, "print-status").await?;
            }
            // "Saved to PATH. It holds the badge's code: … deleted … after 24 hours."
            assert!(saved.contains("after 24 hours"), "{saved}");
            let path = saved
                .strip_prefix("Saved to ")
                .and_then(|rest| rest.split(". It holds").next())
                .ok_or(saved.clone())?
                .to_owned();
            assert!(
                path.starts_with(&ctx.data_dir.display().to_string()),
                "{path}"
            );
            assert!(std::fs::read(&path)?.starts_with(b"%PDF"));
            let file = path.rsplit('/').next().unwrap_or_default().to_owned();
            let row = text_of(c, "saved-file").await?;
            assert!(row.contains(&format!("Saved ✓ {file}")), "{row}");
            assert!(
                row.contains("Open") && row.contains("Show in folder"),
                "{row}"
            );
            std::fs::remove_file(&path)?;
            close_issued(c).await?;
            assert_eq!(text_of(c, "usable").await?, "Can sign in");
            let status = text_of(c, "status").await?;
            assert!(
                status.contains("QR code valid until") && status.contains("PIN must be changed"),
                "{status}"
            );

            // Reset the PIN: it asks first, then a new one, once.
            click(c, "reset-pin").await?;
            click(c, "confirm").await?;
            let new_pin = text_of(c, "issued-pin").await?;
            assert_ne!(new_pin, pin);
            keep(new_pin);
            close_issued(c).await?;

            // A temporary code.
            click(c, "add-temp").await?;
            c.wait()
                .at_most(Duration::from_secs(20))
                .for_element(css("[data-testid=\"issued-qr\"]"))
                .await?;
            close_issued(c).await?;
            assert!(text_of(c, "status")
                .await?
                .contains("Temporary code expires in"));

            // A new badge: confirm (it keeps the old expiry), then the new code once.
            click(c, "rotate").await?;
            let expiry = text_of(c, "rotate-expiry").await?;
            assert!(expiry.contains("like the old one"), "{expiry}");
            click(c, "confirm").await?;
            c.wait()
                .at_most(Duration::from_secs(20))
                .for_element(css("[data-testid=\"issued-qr\"]"))
                .await?;
            let note = text_of(c, "issued-note").await?;
            assert!(note.contains("like the badge it replaces"), "{note}");
            close_issued(c).await?;

            // Delete the method.
            click(c, "delete-method").await?;
            click(c, "confirm").await?;
            c.wait()
                .at_most(Duration::from_secs(20))
                .for_element(css("[data-testid=\"create-form\"]"))
                .await?;
            assert!(text_of(c, "status").await?.contains("No QR code method"));

            // An error: someone else creates the method behind this screen's back; Create
            // then says, in words, what to do.
            let issued = c
                .execute_async(
                    "const done = arguments[arguments.length - 1];\
                     window.__TAURI_INTERNALS__.invoke('create_method', { request: \
                     { user: arguments[0], start: null, expires: null, pin: null } })\
                     .then(done, (e) => done({ failed: e }));",
                    vec![serde_json::json!(upn)],
                )
                .await?;
            let other_pin = issued["pin"]["pin"].as_str().ok_or("no PIN from invoke")?;
            let payload = issued["qr"]["rawContentBase64"]
                .as_str()
                .ok_or("no payload")?;
            keep(other_pin.to_owned());
            keep(payload.to_owned());
            use base64::Engine;
            let raw = base64::engine::general_purpose::STANDARD.decode(payload)?;
            keep(String::from_utf8_lossy(&raw).into_owned());
            click(c, "create").await?;
            let err = text_of(c, "action-error").await?;
            assert!(
                err.contains("This worker already has a QR code method"),
                "{err}"
            );
            Ok(())
        })
    });

    // Restart on the same data directory: the worker is among the recent users (SQLite).
    let name = worker.lock().unwrap().clone();
    run_app_test_in("station_restart", data.path(), move |ctx| {
        Box::pin(async move {
            let c = &ctx.client;
            click(c, "demo-admin").await?;
            // The list fills once the local database answers ("Looking…" until then).
            let mut recent = text_of(c, "results").await?;
            for _ in 0..50 {
                if recent.contains(&name) {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
                recent = text_of(c, "results").await?;
            }
            assert!(
                recent.contains(&name),
                "{name} not in recent users: {recent}"
            );
            Ok(())
        })
    });

    // No PIN or QR payload the scenario saw is in the database, its WAL, the logs, the settings
    // or the demo tenant's state.
    let seen = seen.lock().unwrap().clone();
    assert!(seen.len() >= 5, "{} secrets collected", seen.len());
    let files = walk(data.path());
    assert!(files.iter().any(|f| f.ends_with("qrstation.db")));
    assert!(files.iter().any(|f| f.ends_with("qrstation.log")));
    for path in files {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for s in &seen {
            assert!(
                !text.contains(s.as_str()),
                "a secret is in {}",
                path.display()
            );
        }
        for jwt in qrstation_e2e::JWT_STARTS {
            assert!(!text.contains(jwt), "a token is in {}", path.display());
        }
    }
}
