//! The bulk import wizard in the real window on the demo tenant: a CSV picked in the file
//! field, the plan with a problem on its line, a run to the end with the badge sheet written,
//! and the results CSV without a PIN; PIN slips on by default and the results listing every row
//! (successes too) with what happened and the days each badge works.

use std::time::Duration;

use fantoccini::Locator;
use qrstation_e2e::{click, run_app_test, shot, text_of};
use qrstation_emulator::{Emulator, EmulatorConfig};
use qrstation_emulator_hooks::Hooks;

/// Three demo workers without a method (the demo seed is the same every time).
fn workers_without_method() -> Vec<String> {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let emulator = rt
        .block_on(Emulator::start(EmulatorConfig::for_tests()))
        .unwrap();
    let state = rt.block_on(Hooks::new(emulator.base_url()).tenant());
    rt.block_on(emulator.shutdown());
    state
        .users
        .iter()
        .filter(|u| !state.methods.contains_key(&u.id))
        .filter(|u| u.roles.is_empty())
        .map(|u| u.user_principal_name.clone())
        .take(3)
        .collect()
}

#[test]
fn a_csv_becomes_a_job_with_a_badge_sheet_in_the_real_window() {
    let upns = workers_without_method();
    assert_eq!(upns.len(), 3);
    let csv_dir = tempfile::tempdir().unwrap();
    let csv = csv_dir.path().join("store-101.csv");
    std::fs::write(
        &csv,
        format!(
            "upn;days;pin\n{};30;\n{};30;\n{};30;12121212\n",
            upns[0], upns[1], upns[2]
        ),
    )
    .unwrap();
    let csv_path = csv.display().to_string();
    run_app_test(
        "bulk_import",
        |_| {},
        move |ctx| {
            Box::pin(async move {
                let c = &ctx.client;
                click(c, "demo-admin").await?;
                click(c, "tab-import").await?;
                c.wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(Locator::Css("[data-testid=\"csv-file\"]"))
                    .await?
                    .send_keys(&csv_path)
                    .await?;
                let summary = text_of(c, "plan-summary").await?;
                assert!(summary.contains("2 to create"), "{summary}");
                assert!(summary.contains("1 with problems"), "{summary}");
                let rows = text_of(c, "plan-rows").await?;
                assert!(rows.contains("repeat"), "{rows}");
                shot(c, "bulk-plan").await?;
                click(c, "bulk-run").await?;
                let done = text_of(c, "bulk-done").await?;
                assert!(done.contains("2 of 2 done"), "{done}");
                assert!(done.contains("2 badges"), "{done}");
                shot(c, "bulk-done").await?;
                click(c, "bulk-export").await?;
                c.wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(Locator::XPath("//*[contains(., '-results.csv')]"))
                    .await?;
                let exports = ctx.data_dir.join("exports");
                let files: Vec<_> = std::fs::read_dir(&exports)?
                    .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
                    .collect::<Result<_, _>>()?;
                assert!(
                    files
                        .iter()
                        .any(|f| f.starts_with("badges-") && f.ends_with(".pdf")),
                    "{files:?}"
                );
                let results = files
                    .iter()
                    .find(|f| f.ends_with("-results.csv"))
                    .ok_or("no results CSV")?;
                let text = std::fs::read_to_string(exports.join(results))?;
                assert!(text.contains("created, badge written"), "{text}");
                assert!(!text.contains("12121212"), "no PIN in the results");
                Ok(())
            })
        },
    );
}

#[test]
fn pin_slips_are_on_by_default_and_the_results_list_every_row() {
    let upns = workers_without_method();
    assert_eq!(upns.len(), 3);
    let csv_dir = tempfile::tempdir().unwrap();
    let csv = csv_dir.path().join("store-102.csv");
    std::fs::write(
        &csv,
        format!(
            "upn;days;pin\n{};30;\n{};45;\n{};30;12121212\n",
            upns[0], upns[1], upns[2]
        ),
    )
    .unwrap();
    let csv_path = csv.display().to_string();
    run_app_test(
        "bulk_results",
        |_| {},
        move |ctx| {
            Box::pin(async move {
                let c = &ctx.client;
                click(c, "demo-admin").await?;
                click(c, "tab-import").await?;
                c.wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(Locator::Css("[data-testid=\"csv-file\"]"))
                    .await?
                    .send_keys(&csv_path)
                    .await?;
                text_of(c, "plan-summary").await?;
                let slips = c.find(Locator::Css("[data-testid=\"bulk-slips\"]")).await?;
                assert!(slips.is_selected().await?, "PIN slips are on by default");
                let none = c
                    .find_all(Locator::Css("[data-testid=\"bulk-no-pins\"]"))
                    .await?;
                assert!(
                    none.is_empty(),
                    "no 'I will reset these PINs later' with slips on"
                );
                click(c, "bulk-run").await?;
                let done = text_of(c, "bulk-done").await?;
                assert!(done.contains("2 of 2 done"), "{done}");
                let rows = c
                    .find_all(Locator::Css("[data-testid=\"result-row\"]"))
                    .await?;
                let mut lines = Vec::new();
                for r in &rows {
                    lines.push(r.text().await?);
                }
                assert_eq!(lines.len(), 3, "every row, successes too: {lines:?}");
                assert!(lines[0].contains(&upns[0]), "{lines:?}");
                assert!(lines[0].contains("Badge created"), "{lines:?}");
                assert!(lines[0].trim_end().ends_with("30"), "{lines:?}");
                assert!(lines[1].contains(&upns[1]), "{lines:?}");
                assert!(lines[1].contains("Badge created"), "{lines:?}");
                assert!(lines[1].trim_end().ends_with("45"), "{lines:?}");
                assert!(lines[2].contains(&upns[2]), "{lines:?}");
                assert!(
                    lines[2].contains("Not run: a problem in the file"),
                    "{lines:?}"
                );
                assert!(!lines.iter().any(|l| l.contains("12121212")), "no PIN");
                let files = text_of(c, "bulk-files").await?;
                assert!(files.contains("Badges: "), "{files}");
                assert!(files.contains("PIN slips: "), "{files}");
                let slip = files
                    .split_whitespace()
                    .find(|w| w.ends_with("-pins.pdf"))
                    .ok_or_else(|| format!("no PIN slips file named: {files}"))?;
                assert!(
                    std::path::Path::new(slip).is_file(),
                    "the named PIN slips file exists: {slip}"
                );
                shot(c, "bulk-results").await?;
                Ok(())
            })
        },
    );
}
