//! Errors in words, in the real window (#15): a badge sent to a printer that does not answer
//! says so in plain sentences, and the code is kept under "Details for support".

use std::time::Duration;

use fantoccini::{Client, Locator};
use qrstation_e2e::{click, run_app_test, text_of};

fn css(s: &str) -> Locator<'_> {
    Locator::Css(s)
}

/// A loopback port nobody listens on (bound, then let go), so a print to it is refused.
fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    l.local_addr().expect("its address").port()
}

/// Signs in to the demo tenant, opens the first "Bi…" worker and creates their method: the
/// one-time dialog, with its print preview, is then open.
async fn issue_a_badge(c: &Client) -> qrstation_e2e::TestResult {
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
        .await?
        .click()
        .await?;
    text_of(c, "card-name").await?;
    if !text_of(c, "status").await?.contains("No QR code method") {
        click(c, "delete-method").await?;
        click(c, "confirm").await?;
        c.wait()
            .at_most(Duration::from_secs(20))
            .for_element(css("[data-testid=\"create-form\"]"))
            .await?;
    }
    click(c, "create").await?;
    text_of(c, "issued-pin").await?;
    Ok(())
}

#[test]
fn a_printer_that_does_not_answer_is_reported_in_words_with_the_code_for_support() {
    let port = closed_port();
    run_app_test(
        "errors_in_words",
        move |dir| {
            std::fs::write(
                dir.join("settings.json"),
                serde_json::json!({
                    "printerProfiles": [{
                        "name": "Till Zebra",
                        "printer": format!("tcp:127.0.0.1:{port}"),
                        "template": "zebra-4x3-203",
                    }],
                    "defaultProfile": "Till Zebra",
                })
                .to_string(),
            )
            .unwrap();
        },
        |ctx| {
            Box::pin(async move {
                let c = &ctx.client;
                issue_a_badge(c).await?;
                click(c, "print").await?;
                let alert = c
                    .wait()
                    .at_most(Duration::from_secs(30))
                    .for_element(css("[data-testid=\"print-error\"]"))
                    .await?;
                let message = alert.find(css(".error-text")).await?.text().await?;
                assert!(message.contains("cannot be reached"), "{message}");
                assert!(
                    message.starts_with(char::is_uppercase) && message.ends_with('.'),
                    "{message}"
                );
                assert!(!message.contains('`'), "{message}");
                assert!(!message.contains("label."), "{message}");
                // Closed, the details show no code; opened, they hold it.
                // (WebDriver's element text counts a closed <details>' content as shown, so
                // the closed state is read from the element itself.)
                let open = c
                    .execute(
                        "return arguments[0].querySelector('details').open",
                        vec![serde_json::to_value(&alert)?],
                    )
                    .await?;
                assert_eq!(open, serde_json::json!(false), "the details start closed");
                alert.find(css("summary")).await?.click().await?;
                let code = text_of(c, "error-code").await?;
                assert!(code.contains("label.printer_unreachable"), "{code}");
                assert!(!message.contains(&code), "{message}");
                Ok(())
            })
        },
    );
}
