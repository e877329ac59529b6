//! Signing in to a (local, emulated) Microsoft Entra tenant from the real window with a device
//! code: the tenant comes from settings.json, the code is shown in the window, a person
//! approves it elsewhere (here: the emulator's hook), and the station acts as that person.

use std::time::Duration;

use fantoccini::Locator;
use qrstation_e2e::{run_app_test, text_of};
use qrstation_emulator::{seed, Emulator, EmulatorConfig};
use qrstation_emulator_hooks::Hooks;

#[test]
fn a_manager_signs_in_to_entra_with_a_device_code_shown_in_the_window() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let emulator = rt
        .block_on(Emulator::start(EmulatorConfig::for_tests()))
        .unwrap();
    let base = emulator.base_url();
    let settings = format!(
        r#"{{"mode":{{"kind":"entra","tenant":"{t}","clientId":"{c}"}},"authority":"{base}/{t}","graphUrl":"{base}"}}"#,
        t = seed::TENANT_ID,
        c = seed::QRSTATION_CLIENT_ID,
    );
    let hooks = Hooks::new(&base);
    run_app_test(
        "entra_device_code",
        move |dir| std::fs::write(dir.join("settings.json"), &settings).unwrap(),
        move |ctx| {
            Box::pin(async move {
                let c = &ctx.client;
                c.wait()
                    .at_most(Duration::from_secs(20))
                    .for_element(Locator::Css("[data-testid=\"entra-device\"]"))
                    .await?;
                // "Stay signed in on this computer" is off until the person ticks it.
                let stay = c
                    .find(Locator::Css("[data-testid=\"stay-signed-in\"]"))
                    .await?;
                assert_eq!(stay.prop("checked").await?.as_deref(), Some("false"));
                stay.click().await?;
                c.find(Locator::Css("[data-testid=\"entra-device\"]"))
                    .await?
                    .click()
                    .await?;
                let code = text_of(c, "user-code").await?;
                assert!(code.len() >= 6, "user code {code:?}");
                hooks
                    .approve_device(&code, "megan.bowen@contoso-retail.onmicrosoft.com", true)
                    .await;
                assert_eq!(
                    text_of(c, "operator").await?,
                    "megan.bowen@contoso-retail.onmicrosoft.com"
                );
                assert!(text_of(c, "mode").await?.starts_with("Microsoft Entra ("));
                // The role comes from the ID token's `wids` (the app registration asks for it).
                assert_eq!(text_of(c, "role").await?, "Authentication Administrator");
                // The account (never a token) is remembered for the next start.
                let saved = std::fs::read_to_string(ctx.data_dir.join("settings.json"))?;
                assert!(
                    saved.contains(
                        "\"lastAccount\": \"megan.bowen@contoso-retail.onmicrosoft.com\""
                    ),
                    "{saved}"
                );
                assert!(!saved.to_lowercase().contains("token"), "{saved}");
                // Sign out: the account is forgotten, so the next start signs nobody in.
                c.find(Locator::Css("[data-testid=\"sign-out\"]"))
                    .await?
                    .click()
                    .await?;
                c.wait()
                    .at_most(Duration::from_secs(10))
                    .for_element(Locator::Css("[data-testid=\"entra-device\"]"))
                    .await?;
                let saved = std::fs::read_to_string(ctx.data_dir.join("settings.json"))?;
                assert!(!saved.contains("megan.bowen"), "{saved}");
                Ok(())
            })
        },
    );
    rt.block_on(emulator.shutdown());
}
