//! The badge station in the real window against the embedded demo tenant: sign in, find a
//! worker by typing, create their QR code + PIN method, see the PIN once.

use std::time::Duration;

use fantoccini::{key::Key, Locator};
use qrstation_e2e::{run_app_test, text_of};

fn css(s: &str) -> Locator<'_> {
    Locator::Css(s)
}

#[test]
fn a_manager_finds_a_worker_and_creates_their_qr_code_and_pin() {
    run_app_test(
        "station_create",
        |_| {},
        |ctx| {
            Box::pin(async move {
                let c = &ctx.client;
                c.wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(css("[data-testid=\"demo-admin\"]"))
                    .await?
                    .click()
                    .await?;
                assert_eq!(
                    text_of(c, "operator").await?,
                    "admin@contoso-retail.onmicrosoft.com"
                );
                let search = c
                    .wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(css("[data-testid=\"search\"]"))
                    .await?;
                search.send_keys("Bi").await?;
                // Keyboard only: the first match, then Enter.
                let first = c
                    .wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(css("[data-testid=\"result\"]"))
                    .await?;
                let name = first.find(css(".who")).await?.text().await?;
                assert!(name.starts_with("Bi"), "{name}");
                search.send_keys(&Key::Enter.to_string()).await?;
                assert_eq!(text_of(c, "card-name").await?, name);

                // Whatever the seed gave this worker, start from no method.
                let status = text_of(c, "status").await?;
                if !status.contains("No QR code method") {
                    c.find(css("[data-testid=\"delete-method\"]"))
                        .await?
                        .click()
                        .await?;
                    c.find(css("[data-testid=\"confirm\"]"))
                        .await?
                        .click()
                        .await?;
                    c.wait()
                        .at_most(Duration::from_secs(20))
                        .for_element(css("[data-testid=\"create-form\"]"))
                        .await?;
                }
                c.find(css("[data-testid=\"create\"]"))
                    .await?
                    .click()
                    .await?;
                let pin = text_of(c, "issued-pin").await?;
                assert!(
                    pin.len() >= 8 && pin.bytes().all(|b| b.is_ascii_digit()),
                    "{pin}"
                );
                let img = c.find(css("[data-testid=\"issued-qr\"]")).await?;
                let natural: serde_json::Value = c
                    .execute(
                        "return arguments[0].naturalWidth",
                        vec![serde_json::to_value(&img)?],
                    )
                    .await?;
                assert!(
                    natural.as_f64().unwrap_or(0.0) > 0.0,
                    "the QR image did not load"
                );
                // The print preview is rendered by Rust from the QR payload, at printer dots.
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
                if let Some(path) = std::env::var_os("QRSTATION_E2E_SCREENSHOT") {
                    // Let the window paint what the DOM already holds.
                    tokio::time::sleep(Duration::from_secs(2)).await;
                    std::fs::write(path, c.screenshot().await?)?;
                }
                c.find(css("[data-testid=\"close-issued\"]"))
                    .await?
                    .click()
                    .await?;
                c.find(css("[data-testid=\"close-confirm\"]"))
                    .await?
                    .click()
                    .await?;
                assert_eq!(text_of(c, "usable").await?, "Can sign in");
                let status = text_of(c, "status").await?;
                assert!(status.contains("QR code valid until"), "{status}");
                assert!(
                    status.contains("PIN must be changed at next sign-in"),
                    "{status}"
                );
                Ok(())
            })
        },
    );
}
