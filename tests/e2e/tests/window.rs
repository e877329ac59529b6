//! The real window: it opens, shows what Rust's `app_info` returned, and a click asks again.

use qrstation_e2e::{run_app_test, text_of};

#[test]
fn window_shows_the_version_and_data_dir_that_app_info_returned() {
    run_app_test(
        "window_shows_version",
        |_| {},
        |ctx| {
            Box::pin(async move {
                let c = &ctx.client;
                let version = text_of(c, "version").await?;
                assert_eq!(version, format!("v{}", env!("CARGO_PKG_VERSION")));
                assert_eq!(text_of(c, "mode").await?, "Demo tenant");
                // After the first paint the title carries bench/startup's first-screen mark, a zero-width
                // space (ui/src/main.tsx): people and screen readers see "qrstation".
                let title = c.title().await?;
                assert_eq!(title.trim_end_matches('\u{200b}'), "qrstation");
                assert!(
                    title == "qrstation" || title == "qrstation\u{200b}",
                    "{title:?}"
                );

                c.find(fantoccini::Locator::Css("[data-testid=\"refresh\"]"))
                    .await?
                    .click()
                    .await?;
                let shown = text_of(c, "fact-data-dir").await?;
                assert_eq!(shown, ctx.data_dir.display().to_string());
                let log = std::fs::read_to_string(ctx.data_dir.join("logs/qrstation.log"))?;
                assert!(log.contains("qrstation starting"), "app log: {log}");
                Ok(())
            })
        },
    );
}

#[test]
fn a_broken_settings_file_is_reported_with_its_code() {
    run_app_test(
        "broken_settings",
        |dir| std::fs::write(dir.join("settings.json"), "{ not json").unwrap(),
        |ctx| {
            Box::pin(async move {
                let alert = text_of(&ctx.client, "error").await?;
                assert!(alert.contains("core.invalid_settings"), "{alert}");
                assert!(alert.contains("settings.json"), "{alert}");
                Ok(())
            })
        },
    );
}

#[test]
fn the_content_security_policy_forbids_eval_and_inline_script() {
    run_app_test(
        "csp",
        |_| {},
        |ctx| {
            Box::pin(async move {
                let c = &ctx.client;
                text_of(c, "version").await?;
                let probe = r#"
                    let evalResult;
                    try { evalResult = String(eval("6 * 7")); } catch (e) { evalResult = e.name; }
                    const s = document.createElement("script");
                    s.textContent = "window.__inlineRan = true";
                    document.body.appendChild(s);
                    return [evalResult, window.__inlineRan === true];
                "#;
                let out = c.execute(probe, vec![]).await?;
                assert_eq!(
                    out,
                    serde_json::json!(["EvalError", false]),
                    "CSP let code run"
                );
                Ok(())
            })
        },
    );
}

#[test]
fn a_kiosk_whose_settings_cannot_be_read_refuses_to_start() {
    // Not a manager window instead: the file asks for the kiosk, but has a typo.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("settings.json"),
        r#"{"kiosk": {"enabled": true, "idleSeconds": "60"}"#,
    )
    .unwrap();
    let out = std::process::Command::new(qrstation_e2e::app_binary())
        .env("QRSTATION_DATA_DIR", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("core.invalid_settings"), "{err}");
}
