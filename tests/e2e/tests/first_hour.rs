//! A store manager's first hour in the real window (issue #15): the first-start screen says
//! what each demo button gives and keeps the IT set-up collapsed, search finds people by store
//! number and says "N of M — keep typing", the empty state says what search matches, and at
//! 800×600 the header keeps its words whole.

use std::time::Duration;

use fantoccini::{Client, Locator};
use qrstation_e2e::{click, run_app_test, shot, text_of, TestResult};

fn css(s: &str) -> Locator<'_> {
    Locator::Css(s)
}

/// Types `q` into the search box (cleared first) and waits for Graph's answer to settle.
async fn search(c: &Client, q: &str) -> TestResult {
    let input = c.find(css("[data-testid=\"search\"]")).await?;
    input.clear().await?;
    input.send_keys(q).await?;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    Ok(())
}

#[test]
fn a_managers_first_hour_is_in_plain_words() {
    run_app_test(
        "first_hour",
        |_| {},
        |ctx| {
            Box::pin(async move {
                let c = &ctx.client;
                c.wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(css("[data-testid=\"demo-admin\"]"))
                    .await?;
                // First start: what the demo buttons give, and the IT set-up apart.
                assert_eq!(text_of(c, "demo-admin").await?, "Demo as IT admin");
                assert_eq!(text_of(c, "demo-manager").await?, "Demo as store manager");
                assert!(text_of(c, "demo-explained")
                    .await?
                    .contains("Global Administrator in a made-up tenant"));
                let entra = c.find(css("details[data-testid=\"entra\"]")).await?;
                assert_eq!(entra.attr("open").await?, None, "IT set-up collapsed");
                assert_eq!(
                    text_of(c, "connect-org").await?,
                    "Connect your organisation (IT)"
                );
                shot(c, "first-hour-start").await?;

                click(c, "demo-admin").await?;
                c.wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(css("[data-testid=\"search\"]"))
                    .await?;

                // A store number finds that store's people.
                for q in ["101", "Store 101"] {
                    search(c, q).await?;
                    let rows = c.find_all(css("[data-testid=\"result\"] .where")).await?;
                    assert!(!rows.is_empty(), "{q}: nobody found");
                    for r in rows {
                        let where_ = r.text().await?;
                        assert!(where_.starts_with("Store 101"), "{q}: {where_}");
                    }
                    assert!(!c
                        .find_all(css("[data-testid=\"badge-hint\"]"))
                        .await?
                        .is_empty());
                }
                // More matches than rows: "N of M — keep typing".
                search(c, "S").await?;
                let line = text_of(c, "result-count").await?;
                assert!(
                    line.contains(" of ") && line.ends_with("keep typing"),
                    "{line}"
                );
                // Nothing found: the empty state says what search matches.
                search(c, "zzqxw").await?;
                let empty = c.find(css("#results .empty")).await?.text().await?;
                assert_eq!(
                    empty,
                    "No one found. Search by name, e-mail or store number."
                );

                // 800×600: the sign-out button and the role stay on one line each.
                c.set_window_size(800, 600).await?;
                tokio::time::sleep(Duration::from_millis(500)).await;
                let out = c
                    .execute(
                        "const one = (el) => { const s = getComputedStyle(el); \
                         const lh = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.3; \
                         return el.getBoundingClientRect().height < lh * 1.8 + \
                         parseFloat(s.paddingTop) + parseFloat(s.paddingBottom) + 2; }; \
                         return [...document.querySelectorAll('.topbar button, .topbar .role, .topbar .pill')] \
                         .map(el => [el.textContent, one(el)]);",
                        vec![],
                    )
                    .await?;
                let items = out.as_array().cloned().unwrap_or_default();
                assert!(!items.is_empty(), "header items found");
                for item in items {
                    assert_eq!(item[1], serde_json::json!(true), "wraps at 800×600: {item}");
                }
                shot(c, "first-hour-800x600").await?;
                Ok(())
            })
        },
    );
}
