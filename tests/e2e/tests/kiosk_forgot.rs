//! "I forgot my badge" in the real kiosk window against a local tenant: the worker types their
//! sign-in name, the manager's device-code screen names the purpose and that worker, the manager
//! picks the hours, the temporary QR code appears on screen as a picture (and in the tenant with
//! that lifetime), any touch hides it; a second time the kiosk says a code is active and the
//! manager replaces it. Afterwards no code, PIN or token is in any file.

use std::time::Duration;

use fantoccini::{Client, Locator};
use qrstation_e2e::{click, run_app_test_in, shot, text_of, walk, TestResult, JWT_STARTS};
use qrstation_emulator::{seed, Emulator, EmulatorConfig};
use qrstation_emulator_hooks::{Hooks, TenantState};

const MANAGER: &str = "megan.bowen@contoso-retail.onmicrosoft.com";

fn sel(test_id: &str) -> String {
    format!("[data-testid=\"{test_id}\"]")
}

async fn type_into(c: &Client, test_id: &str, text: &str) -> TestResult {
    c.find(Locator::Css(&sel(test_id)))
        .await?
        .send_keys(text)
        .await?;
    Ok(())
}

/// A seeded worker (upn, id) with a method and no temporary code, not an admin.
fn worker(s: &TenantState) -> (String, String) {
    s.users
        .iter()
        .filter(|u| u.roles.is_empty())
        .find(|u| {
            s.methods
                .get(&u.id)
                .is_some_and(|m| m.temporary_qr_code.is_none())
        })
        .map(|u| (u.user_principal_name.clone(), u.id.clone()))
        .expect("a worker with a method")
}

/// Hours between the start and the expiry of the worker's temporary code, and its id.
fn temporary(s: &TenantState, uid: &str) -> (i64, String) {
    let t = s.methods[uid]
        .temporary_qr_code
        .as_ref()
        .expect("a temporary code");
    let at = |time: &str| chrono_free_parse(time);
    (
        (at(&t.expire_date_time) - at(&t.start_date_time)) / 3600,
        t.id.clone(),
    )
}

/// Seconds since the epoch of an RFC 3339 UTC time like `2026-01-30T08:00:00Z`.
fn chrono_free_parse(s: &str) -> i64 {
    let n = |r: std::ops::Range<usize>| s[r].parse::<i64>().unwrap();
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    ((days * 24 + n(11..13)) * 60 + n(14..16)) * 60 + n(17..19)
}

#[test]
fn a_manager_approves_a_temporary_code_shown_once_on_the_kiosk_screen() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let emulator = rt
        .block_on(Emulator::start(EmulatorConfig {
            device_code_interval: 1,
            ..EmulatorConfig::for_tests()
        }))
        .unwrap();
    let base = emulator.base_url();
    let hooks = Hooks::new(&base);
    let (upn, uid) = worker(&rt.block_on(hooks.tenant()));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("settings.json"),
        format!(
            r#"{{"mode":{{"kind":"entra","tenant":"{t}","clientId":"{c}"}},"authority":"{base}/{t}","graphUrl":"{base}","kiosk":{{"enabled":true,"idleSeconds":120,"language":"en"}}}}"#,
            t = seed::TENANT_ID,
            c = seed::QRSTATION_CLIENT_ID,
        ),
    )
    .unwrap();
    let svgs = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let seen = svgs.clone();
    // Its own client: the body runs on another runtime, whose connections end with it.
    let (h, u, id) = (Hooks::new(&base), upn.clone(), uid.clone());
    run_app_test_in("kiosk_forgot_badge", dir.path(), move |ctx| {
        Box::pin(async move {
            let c = &ctx.client;
            for round in 0..2 {
                click(c, "forgot-badge").await?;
                type_into(c, "name", &u).await?;
                click(c, "name-next").await?;
                let code = text_of(c, "user-code").await?;
                // The title names the worker: by sign-in name, with the display name once known.
                let title = text_of(c, "code-title").await?;
                assert!(
                    title.starts_with("Manager approval: a temporary QR code for ")
                        && title.contains(&u),
                    "{title}"
                );
                h.approve_device(&code, MANAGER, true).await;
                let confirm = text_of(c, "confirm-badge-text").await?;
                assert!(confirm.contains(&u), "{confirm}");
                assert_eq!(text_of(c, "hours").await?, "8 hours");
                if round == 0 {
                    click(c, "hours-less").await?;
                    click(c, "hours-less").await?;
                    shot(c, "kiosk-badge-confirm").await?;
                    click(c, "issue-code").await?;
                } else {
                    let active = text_of(c, "active-code").await?;
                    assert!(
                        active.contains("already has a temporary QR code"),
                        "{active}"
                    );
                    click(c, "replace-code").await?;
                }
                let img = c
                    .wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(Locator::Css(&sel("temp-qr")))
                    .await?;
                let src = img.attr("src").await?.unwrap_or_default();
                assert!(
                    src.starts_with("data:image/svg+xml"),
                    "{}",
                    &src[..40.min(src.len())]
                );
                seen.lock().unwrap().push(src);
                let (hours, _) = temporary(&h.tenant().await, &id);
                assert_eq!(hours, if round == 0 { 6 } else { 8 });
                shot(c, "kiosk-badge-code").await?;
                // The next person touches the screen: the code is gone.
                c.find(Locator::Css("main")).await?.click().await?;
                c.wait()
                    .at_most(Duration::from_secs(10))
                    .for_element(Locator::Css(&sel("forgot-badge")))
                    .await?;
                assert!(c.find(Locator::Css(&sel("temp-qr"))).await.is_err());
            }
            Ok(())
        })
    });
    let s = rt.block_on(hooks.tenant());
    let files = walk(dir.path());
    assert!(s.methods[&uid].temporary_qr_code.is_some());
    for path in files {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("ms-qrpin") && !text.contains("bXMtcXJwaW46"),
            "{}",
            path.display()
        );
        for svg in svgs.lock().unwrap().iter() {
            assert!(
                !text.contains(&svg[40..]),
                "a code is in {}",
                path.display()
            );
        }
        for jwt in JWT_STARTS {
            assert!(!text.contains(jwt), "a token is in {}", path.display());
        }
    }
    rt.block_on(emulator.shutdown());
}
