//! Actions on the worker card in the real window (issue #15, "Actions and feedback"): Reset PIN
//! asks first and names the worker, Cancel changes nothing, and after the action and its one-time
//! dialog a success line names the worker and the keyboard focus is back on the worker card.

use std::time::Duration;

use fantoccini::{key::Key, Client, Locator};
use qrstation_e2e::{click, run_app_test, shot, text_of, TestResult};

fn css(s: &str) -> Locator<'_> {
    Locator::Css(s)
}

/// The `data-testid` of the focused element ("" when it has none, e.g. `<body>`).
async fn focused(c: &Client) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let v = c
        .execute(
            "const el = document.activeElement; return (el && el.dataset && el.dataset.testid) || el.tagName;",
            vec![],
        )
        .await?;
    Ok(v.as_str().unwrap_or_default().to_owned())
}

/// Waits (up to 5 s) until the focused element has `data-testid` `want`.
async fn wait_focus(c: &Client, want: &str) -> TestResult {
    let mut last = String::new();
    for _ in 0..50 {
        last = focused(c).await?;
        if last == want {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Err(format!("focus is on {last:?}, not on [data-testid={want}]").into())
}

#[test]
fn reset_pin_asks_first_names_the_worker_and_keeps_the_focus_on_the_card() {
    run_app_test(
        "issuing_ux_reset",
        |_| {},
        |ctx| {
            Box::pin(async move {
                let c = &ctx.client;
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
                let name = text_of(c, "card-name").await?;

                // A worker without a method gets one first (its success line names them too).
                if text_of(c, "status").await?.contains("No QR code method") {
                    click(c, "create").await?;
                    text_of(c, "issued-pin").await?;
                    click(c, "close-issued").await?;
                    click(c, "close-confirm").await?;
                    assert_eq!(
                        text_of(c, "action-done").await?,
                        format!("Badge and PIN created for {name}.")
                    );
                    wait_focus(c, "worker-card").await?;
                }

                // Reset PIN asks, naming the worker, with the focus on the safe choice.
                click(c, "reset-pin").await?;
                assert_eq!(
                    text_of(c, "confirm-title").await?,
                    format!("Reset {name}'s PIN?")
                );
                wait_focus(c, "confirm-cancel").await?;
                shot(c, "reset-pin-confirm").await?;
                // Cancel: no new PIN, the confirmation is gone, the focus is on the card.
                click(c, "confirm-cancel").await?;
                wait_focus(c, "worker-card").await?;
                assert!(c
                    .find_all(css(
                        "[data-testid=\"confirm\"], [data-testid=\"issued-pin\"]"
                    ))
                    .await?
                    .is_empty());

                // Confirm: the new PIN once, then a success line and the focus back on the card.
                click(c, "reset-pin").await?;
                click(c, "confirm").await?;
                let pin = text_of(c, "issued-pin").await?;
                assert!(pin.bytes().all(|b| b.is_ascii_digit()), "a PIN of digits");
                click(c, "close-issued").await?;
                click(c, "close-confirm").await?;
                let done = c
                    .wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(css("[data-testid=\"action-done\"]"))
                    .await?;
                assert_eq!(done.text().await?, format!("New PIN made for {name}."));
                assert_eq!(done.attr("aria-live").await?.as_deref(), Some("polite"));
                wait_focus(c, "worker-card").await?;
                shot(c, "reset-pin-done").await?;
                Ok(())
            })
        },
    );
}
