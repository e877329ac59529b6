//! A store manager scoped to one store, in the real window (issue #16 §5): "Demo as store
//! manager" signs in as Lee Gu, whose role covers Store 102 only. The header names that store,
//! search finds Store 102 people and never a Store 101 one, and the Renewals tab checks the
//! store, renews the due badges and leaves a badge sheet PDF in the exports folder, with the
//! changes in Activity.

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
    tokio::time::sleep(Duration::from_millis(1500)).await;
    Ok(())
}

/// The (name, sign-in name, store) of every search result on screen.
async fn results(c: &Client) -> Result<Vec<[String; 3]>, Box<dyn std::error::Error + Send + Sync>> {
    let mut out = Vec::new();
    for r in c.find_all(css("[data-testid=\"result\"]")).await? {
        let who = r.find(css(".who")).await?.text().await?;
        let upn = r.find(css(".upn")).await?.text().await?;
        let where_ = r.find(css(".where")).await?.text().await?;
        out.push([who, upn, where_]);
    }
    Ok(out)
}

/// Waits up to `secs` for the element with `data-testid` and returns its text.
async fn text_within(
    c: &Client,
    test_id: &str,
    secs: u64,
) -> Result<String, Box<dyn std::error::Error + Send + Sync>> {
    let locator = format!("[data-testid=\"{test_id}\"]");
    let el = c
        .wait()
        .at_most(Duration::from_secs(secs))
        .for_element(css(&locator))
        .await
        .map_err(|e| format!("waiting {secs} s for [data-testid={test_id}]: {e}"))?;
    Ok(el.text().await?)
}

#[test]
fn a_store_manager_sees_only_the_store_and_renews_its_badges() {
    run_app_test(
        "store_manager",
        |_| {},
        |ctx| {
            Box::pin(async move {
                let c = &ctx.client;
                // The first-start screen says who the demo store manager is.
                let who = text_of(c, "demo-manager-who").await?;
                assert_eq!(
                    who,
                    "Lee Gu, store manager of Store 102 - Tacoma: sees only that store."
                );
                click(c, "demo-manager").await?;
                c.wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(css("[data-testid=\"search\"]"))
                    .await?;
                assert_eq!(
                    text_of(c, "operator").await?,
                    "lee.gu@contoso-retail.onmicrosoft.com"
                );
                // The header names the one store, as text (no picker for a single store).
                c.wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(Locator::XPath(
                        "//*[@data-testid='store-name' and normalize-space(.)='Store 102 - Tacoma']",
                    ))
                    .await
                    .map_err(|e| format!("header store: {e}"))?;
                assert!(c
                    .find_all(css("[data-testid=\"store-select\"]"))
                    .await?
                    .is_empty());
                shot(c, "store-manager-signed-in").await?;

                // A Store 101 worker is not found, whatever is typed; only Store 102 people show.
                for q in ["alex.abbott", "Alex Abbott", "Store 101"] {
                    search(c, q).await?;
                    let found = results(c).await?;
                    assert!(
                        found
                            .iter()
                            .all(|[_, upn, where_]| where_.starts_with("Store 102")
                                && !upn.starts_with("alex.abbott")),
                        "{q}: {found:?}"
                    );
                }
                search(c, "alex.abbott").await?;
                assert!(results(c).await?.is_empty(), "a Store 101 worker listed");
                // A Store 102 worker is.
                search(c, "Nadia").await?;
                let found = results(c).await?;
                assert!(
                    found.iter().any(|[who, _, where_]| who == "Nadia Lopez"
                        && where_.starts_with("Store 102 - Tacoma")),
                    "{found:?}"
                );

                // Renewals: the store is already chosen; check its badges.
                click(c, "tab-renewals").await?;
                c.wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(Locator::XPath(
                        "//*[@data-testid='renewals']//p[contains(., 'Your store: Store 102 - Tacoma')]",
                    ))
                    .await
                    .map_err(|e| format!("the renewal scope: {e}"))?;
                click(c, "renewal-scan").await?;
                let age = text_within(c, "renewal-age", 60).await?;
                // The report names the store, not its unit's id.
                assert!(age.starts_with("Store 102 - Tacoma: "), "{age}");
                assert!(age.contains("13 workers"), "{age}");
                // The seed's Store 102: 7 without a badge (Lee Gu among them), 1 expired, 2
                // expiring within 30 days (one can be extended, one needs a new code), 3 valid
                // (one on a temporary code today).
                for (key, n) in [
                    ("noMethod", 7),
                    ("expired", 1),
                    ("expiring", 2),
                    ("temporary", 1),
                    ("valid", 3),
                ] {
                    let line = text_of(c, &format!("count-{key}")).await?;
                    assert!(line.ends_with(&format!(": {n}")), "{key}: {line}");
                }
                let rows = c.find_all(css("[data-testid=\"renewal-row\"]")).await?;
                assert_eq!(rows.len(), 13);
                for r in &rows {
                    let t = r.text().await?;
                    assert!(!t.contains("Seattle"), "{t}");
                }
                shot(c, "store-manager-renewals").await?;

                // Renew the due ones (ticked already), confirm, wait for the result.
                let renew = text_of(c, "renewal-renew").await?;
                assert_eq!(renew, "Renew selected (10)");
                click(c, "renewal-renew").await?;
                let plan = text_within(c, "renewal-plan", 60).await?;
                assert!(!plan.is_empty());
                assert_eq!(text_of(c, "renewal-go").await?, "Renew 10 workers");
                click(c, "renewal-go").await?;
                let done = text_within(c, "renewal-done", 180).await?;
                assert!(done.contains("10 of 10 renewed"), "{done}");
                assert!(done.contains("1 extended"), "{done}");
                assert!(done.contains(" 0 failed"), "{done}");
                shot(c, "store-manager-renewed").await?;

                // The badge sheet named in the result is a PDF in the exports folder.
                let sheet = text_of(c, "renewal-sheet").await?;
                let named = sheet
                    .strip_prefix("Badges to print: ")
                    // The path, then its Open / Show in folder buttons and the retention.
                    .and_then(|s| s.split_whitespace().next())
                    .ok_or_else(|| format!("no file in {sheet:?}"))?;
                let name = std::path::Path::new(named)
                    .file_name()
                    .ok_or_else(|| format!("no file name in {named:?}"))?;
                let exports = ctx.data_dir.join("exports");
                let path = exports.join(name);
                if std::path::Path::new(named).is_absolute() {
                    assert_eq!(
                        std::path::Path::new(named).canonicalize()?,
                        path.canonicalize()?
                    );
                }
                let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                assert!(
                    bytes.starts_with(b"%PDF"),
                    "{} is not a PDF",
                    path.display()
                );

                // Activity: one row per change, for Store 102 people.
                click(c, "tab-activity").await?;
                c.wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(css("[data-testid=\"audit-row\"]"))
                    .await?;
                tokio::time::sleep(Duration::from_millis(800)).await;
                let mut seen = Vec::new();
                for row in c.find_all(css("[data-testid=\"audit-row\"]")).await? {
                    let cells = row.find_all(css("td")).await?;
                    let action = cells[2].attr("title").await?.unwrap_or_default();
                    let worker = cells[3].text().await?;
                    let outcome = cells[4].text().await?;
                    seen.push((action, worker, outcome));
                }
                let has = |action: &str, local: &str| {
                    seen.iter().any(|(a, w, o)| {
                        a == action && w.starts_with(&format!("{local}@")) && o == "done"
                    })
                };
                assert!(has("qr.extend", "viktor.haddad"), "{seen:?}");
                assert!(has("qr.rotate", "alex.rossi"), "{seen:?}");
                assert!(has("method.create", "rosa.walsh"), "{seen:?}");
                assert!(
                    seen.iter().any(|(_, w, _)| w.starts_with("nadia.lopez@")),
                    "{seen:?}"
                );
                assert!(
                    !seen.iter().any(|(_, w, _)| w.starts_with("alex.abbott@")),
                    "{seen:?}"
                );
                shot(c, "store-manager-activity").await?;
                Ok(())
            })
        },
    );
}
