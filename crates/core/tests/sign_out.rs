//! A shared store PC: "Sign out" really signs out (the saved sign-in leaves the keyring and
//! `lastAccount` the settings, so a restart finds nobody signed in), "stay signed in" is a
//! choice, a second account's sign-in replaces the first's saved one, and the idle sign-out.
//! Over real HTTP against the demo tenant, with a secret store that outlives the "restart".

use std::sync::Arc;
use std::time::Duration;

use qrstation_core::session::{EntraSignIn, StationSession};
use qrstation_core::{Settings, Store};
use qrstation_emulator::{seed, Emulator, EmulatorConfig};
use qrstation_graph::auth::{Cancel, MemoryStore};
use tokio::sync::mpsc;

const MANAGER: &str = "megan.bowen@contoso-retail.onmicrosoft.com";
const ADMIN: &str = "admin@contoso-retail.onmicrosoft.com";
/// A frontline worker: an Authentication Administrator may read their methods (not an admin's).
const WORKER: &str = "dana.becker@contoso-retail.onmicrosoft.com";

struct Fixture {
    dir: tempfile::TempDir,
    keyring: Arc<MemoryStore>,
    tenant: Emulator,
}

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let tenant = Emulator::start(EmulatorConfig {
        device_code_interval: 1,
        ..EmulatorConfig::for_tests()
    })
    .await
    .unwrap();
    let (base, t, c) = (
        tenant.base_url(),
        seed::TENANT_ID,
        seed::QRSTATION_CLIENT_ID,
    );
    std::fs::write(
        dir.path().join("settings.json"),
        format!(
            r#"{{"mode":{{"kind":"entra","tenant":"{t}","clientId":"{c}"}},"authority":"{base}/{t}","graphUrl":"{base}"}}"#
        ),
    )
    .unwrap();
    Fixture {
        dir,
        keyring: Arc::new(MemoryStore::new()),
        tenant,
    }
}

impl Fixture {
    /// The app as it starts: a new session over the same data directory and keyring.
    async fn start_app(&self) -> StationSession {
        let (store, _) = Store::open(self.dir.path()).await.unwrap();
        StationSession::new(self.dir.path().to_owned(), store)
            .with_secret_store(self.keyring.clone())
    }

    /// Signs in as `user` with a device code approved through the demo tenant's hook.
    async fn sign_in(&self, app: &StationSession, user: &str, stay: bool) {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let show = EntraSignIn::DeviceCode(Box::new(move |c| {
            let _ = tx.send(c.user_code.clone());
        }));
        let hooks = qrstation_emulator_hooks::Hooks::new(self.tenant.base_url());
        let user = user.to_owned();
        let approve = async move {
            let code = rx.recv().await.unwrap();
            // The hook's default: the person signs in with MFA.
            hooks.approve_device(&code, &user, true).await;
        };
        let cancel = Cancel::new();
        let (info, ()) = tokio::join!(app.sign_in_entra(show, stay, &cancel), approve);
        assert!(info.unwrap().signed_in);
    }

    fn last_account(&self) -> Option<String> {
        Settings::load(self.dir.path()).unwrap().last_account
    }
}

#[tokio::test]
async fn sign_out_deletes_the_saved_sign_in_and_a_restart_finds_nobody() {
    let fx = fixture().await;
    let app = fx.start_app().await;
    fx.sign_in(&app, MANAGER, true).await;
    assert_eq!(fx.keyring.len(), 1, "stay signed in: saved in the keyring");
    assert_eq!(fx.last_account().as_deref(), Some(MANAGER));

    // A restart restores the manager silently: that is what "stay signed in" asked for.
    let again = fx.start_app().await;
    let info = again.restore_entra().await.unwrap();
    assert_eq!(info.operator.as_deref(), Some(MANAGER));

    // Sign out: nothing is left to restore from.
    again.sign_out().await.unwrap();
    assert!(!again.info().await.signed_in);
    assert!(fx.keyring.is_empty(), "the keyring entry is gone");
    assert_eq!(fx.last_account(), None);
    let next = fx.start_app().await;
    assert_eq!(
        next.restore_entra().await.unwrap_err().code(),
        "core.not_signed_in",
        "the next person at this PC is not signed in as the manager"
    );
    assert_eq!(
        next.station().await.unwrap_err().code(),
        "core.not_signed_in"
    );
}

#[tokio::test]
async fn without_stay_signed_in_nothing_is_saved_and_the_session_ends_with_the_app() {
    let fx = fixture().await;
    let app = fx.start_app().await;
    fx.sign_in(&app, MANAGER, false).await;
    assert!(fx.keyring.is_empty(), "the refresh token stays in memory");
    assert_eq!(fx.last_account(), None);
    // The signed-in station works (a Graph call with the in-memory tokens).
    let card = app
        .station()
        .await
        .unwrap()
        .user_card(WORKER)
        .await
        .unwrap();
    assert_eq!(card.user.upn, WORKER);
    drop(app);
    let next = fx.start_app().await;
    assert_eq!(
        next.restore_entra().await.unwrap_err().code(),
        "core.not_signed_in"
    );
}

#[tokio::test]
async fn another_accounts_sign_in_replaces_the_saved_one() {
    let fx = fixture().await;
    let app = fx.start_app().await;
    fx.sign_in(&app, ADMIN, true).await;
    let first = fx.keyring.values();
    assert!(
        first[0].starts_with(ADMIN),
        "the saved sign-in is the admin's"
    );
    fx.sign_in(&app, MANAGER, true).await;
    let saved = fx.keyring.values();
    assert_eq!(
        saved.len(),
        1,
        "one saved sign-in per tenant and app: {}",
        saved.len()
    );
    assert!(saved[0].starts_with(MANAGER));
    // The admin's refresh token is not anywhere in the store any more.
    let admin_rt = first[0].split_once('\n').unwrap().1;
    assert!(!saved[0].contains(admin_rt));
    // And the saved one belongs to whoever settings name; a mismatch never signs in.
    let mut s = Settings::load(fx.dir.path()).unwrap();
    s.last_account = Some(ADMIN.into());
    s.save(fx.dir.path()).unwrap();
    let next = fx.start_app().await;
    assert_eq!(
        next.restore_entra().await.unwrap_err().code(),
        "graph.sign_in_required"
    );
}

#[tokio::test]
async fn an_idle_station_signs_out_and_a_touched_one_does_not() {
    let fx = fixture().await;
    let app = fx.start_app().await;
    fx.sign_in(&app, MANAGER, true).await;
    assert!(!app.sign_out_if_idle(Duration::from_secs(60)).await.unwrap());
    app.touch();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert!(app
        .sign_out_if_idle(Duration::from_millis(20))
        .await
        .unwrap());
    assert!(!app.info().await.signed_in);
    assert!(fx.keyring.is_empty(), "an idle sign-out is a real sign-out");
    assert_eq!(fx.last_account(), None);
    assert!(
        !app.sign_out_if_idle(Duration::ZERO).await.unwrap(),
        "nobody left to sign out"
    );
}

#[tokio::test]
async fn idle_minutes_default_to_15_and_are_bounded() {
    let mut s = Settings::default();
    assert_eq!(s.idle_timeout(), Duration::from_secs(15 * 60));
    s.idle_minutes = Some(0);
    assert_eq!(s.idle_timeout(), Duration::from_secs(60));
    s.idle_minutes = Some(5);
    assert_eq!(s.idle_timeout(), Duration::from_secs(300));
}
