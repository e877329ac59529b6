//! The kiosk over real HTTP against the embedded demo tenant, with a real SQLite file: a
//! worker's own PIN change (device code approved through the emulator's hook), the wrong-PIN
//! limit (also across a restart, and with a check dropped mid-flight), the manager-approved
//! reset bound to one worker, approvals failing closed, leaving the kiosk, a reset mid-flow,
//! the idle backstop, the fail-closed start decision, and that no token or PIN is left
//! anywhere after each flow.

use std::sync::Arc;
use std::time::{Duration, Instant};

use qrstation_core::kiosk::start::{marker_path, start_as_kiosk};
use qrstation_core::kiosk::{ApprovalPurpose, DeviceCodePrompt, Kiosk, KioskSettings, PinChange};
use qrstation_core::store::audit::Outcome;
use qrstation_core::store::recent_users::RecentUser;
use qrstation_core::Store;
use qrstation_emulator::{seed, Emulator, EmulatorConfig};
use qrstation_emulator_hooks::Hooks;
use serde_json::{json, Value};
use tokio::sync::mpsc;

const MANAGER: &str = "megan.bowen@contoso-retail.onmicrosoft.com";
const DEMO_PIN: &str = "48302917";
/// A client the demo tenant knows whose ID tokens carry no `wids` (no role claims).
const NO_ROLE_CLAIMS_CLIENT: &str = "14d82eec-204b-4c2f-b7e8-296a70dab67e";

struct Fixture {
    dir: tempfile::TempDir,
    kiosk: Arc<Kiosk>,
    store: Store,
    http: reqwest::Client,
    tenant: Emulator,
}

/// A kiosk on a local tenant with test hooks, named in settings.json as an Entra tenant.
async fn fixture(settings: KioskSettings) -> Fixture {
    fixture_for(settings, seed::QRSTATION_CLIENT_ID).await
}

/// [`fixture`] signing in with the app registration `client`.
async fn fixture_for(settings: KioskSettings, client: &str) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let tenant = Emulator::start(EmulatorConfig {
        device_code_interval: 1,
        ..EmulatorConfig::for_tests()
    })
    .await
    .unwrap();
    let (base, t, c) = (tenant.base_url(), seed::TENANT_ID, client);
    std::fs::write(
        dir.path().join("settings.json"),
        format!(
            r#"{{"mode":{{"kind":"entra","tenant":"{t}","clientId":"{c}"}},"authority":"{base}/{t}","graphUrl":"{base}"}}"#
        ),
    )
    .unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    let kiosk = Kiosk::open_with(dir.path(), store.clone(), settings)
        .await
        .unwrap();
    assert!(!kiosk.info().demo);
    Fixture {
        dir,
        kiosk: Arc::new(kiosk),
        store,
        http: reqwest::Client::new(),
        tenant,
    }
}

/// The emulator's base URL, from the verification page's address.
fn base(p: &DeviceCodePrompt) -> String {
    p.verification_uri
        .trim_end_matches("/devicelogin")
        .to_owned()
}

impl Fixture {
    fn base(&self) -> String {
        self.tenant.base_url()
    }

    async fn hook(&self, base: &str, path: &str, body: Value) -> Value {
        Hooks::with_client(self.http.clone(), base)
            .post(path, body)
            .await
    }

    async fn state(&self, base: &str) -> Value {
        Hooks::with_client(self.http.clone(), base).state().await
    }

    /// A seeded worker whose method says the PIN must be changed (seeded with the demo PIN).
    async fn worker_with_temporary_pin(&self, base: &str) -> (String, String) {
        let s = self.state(base).await;
        let (uid, _) = s["methods"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(_, m)| m["pin"]["forceChangePinNextSignIn"] == true)
            .expect("a seeded method with a temporary PIN");
        let user = s["users"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| &u["id"] == uid)
            .unwrap();
        (
            user["userPrincipalName"].as_str().unwrap().to_owned(),
            user["displayName"].as_str().unwrap().to_owned(),
        )
    }

    async fn pin_matches(&self, base: &str, user: &str, pin: &str) -> bool {
        self.hook(base, "verify-pin", json!({"user": user, "pin": pin}))
            .await["matches"]
            == true
    }

    /// Every file under the data directory, as bytes, must contain none of `secrets`.
    fn assert_no_secret_in_files(&self, secrets: &[&str]) {
        let mut stack = vec![self.dir.path().to_path_buf()];
        let mut files = 0;
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(&p).unwrap() {
                let path = e.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                files += 1;
                let bytes = std::fs::read(&path).unwrap();
                let text = String::from_utf8_lossy(&bytes);
                for s in secrets {
                    assert!(!text.contains(s), "{} holds a secret", path.display());
                }
                // Any JWT (an access or ID token) starts with `{"typ":` or `{"alg":` in base64url.
                for jwt in ["eyJ0eXAi", "eyJhbGci"] {
                    assert!(!text.contains(jwt), "{} holds a token", path.display());
                }
            }
        }
        assert!(files >= 2, "the database and the settings were scanned");
    }
}

/// Starts a sign-in with `start`, approves its device code as `user`, and returns the prompt
/// and what the sign-in returned.
macro_rules! approved {
    ($fx:expr, $user:expr, |$k:ident, $show:ident| $start:expr) => {{
        let (tx, mut rx) = mpsc::unbounded_channel::<DeviceCodePrompt>();
        let $k = $fx.kiosk.clone();
        let task = tokio::spawn(async move {
            let $show = move |p: DeviceCodePrompt| {
                let _ = tx.send(p);
            };
            $start.await
        });
        let prompt = rx.recv().await.expect("a device code is shown");
        assert!(prompt.qr_svg.contains("<svg"));
        assert_eq!(prompt.user_code.len(), 8);
        let b = base(&prompt);
        $fx.hook(
            &b,
            "device/approve",
            json!({"userCode": prompt.user_code, "user": $user}),
        )
        .await;
        (prompt, task.await.unwrap())
    }};
}

#[tokio::test]
async fn a_worker_changes_their_pin_and_nothing_of_theirs_stays() {
    let fx = fixture(KioskSettings::default()).await;
    // Learn the demo tenant's address from a first prompt, then cancel it.
    let (tx, mut rx) = mpsc::unbounded_channel();
    let k = fx.kiosk.clone();
    let first = tokio::spawn(async move {
        k.worker_sign_in(move |p| {
            let _ = tx.send(p);
        })
        .await
    });
    let b = base(&rx.recv().await.unwrap());
    fx.kiosk.reset();
    let ended = first.await.unwrap().unwrap_err();
    assert_eq!(ended.code(), "kiosk.flow_ended");
    let (upn, name) = fx.worker_with_temporary_pin(&b).await;

    let (_, person) = approved!(fx, &upn, |k, show| k.worker_sign_in(show));
    let person = person.unwrap();
    assert_eq!(
        (person.upn.as_str(), person.name.as_str()),
        (upn.as_str(), name.as_str())
    );
    assert!(fx.kiosk.holds_token());

    // A new PIN that breaks the policy is refused before Graph, with the reason.
    let weak = fx.kiosk.change_pin(DEMO_PIN, "12121212").await.unwrap_err();
    assert!(weak.code().starts_with("pin."), "{}", weak.code());
    // A wrong current PIN counts.
    let wrong = fx.kiosk.change_pin("99999999", "57391824").await.unwrap();
    assert_eq!(wrong, PinChange::WrongPin { tries_left: 2 });
    assert!(fx.kiosk.holds_token(), "the worker may try again");

    let done = fx.kiosk.change_pin(DEMO_PIN, "57391824").await.unwrap();
    assert_eq!(done, PinChange::Changed);
    assert!(
        !fx.kiosk.holds_token(),
        "the worker's token is dropped at once"
    );
    assert!(fx.pin_matches(&b, &upn, "57391824").await);
    let state = fx.state(&b).await;
    let uid = state["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["userPrincipalName"] == upn.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        state["methods"][&uid]["pin"]["forceChangePinNextSignIn"],
        false
    );
    assert_eq!(
        state["refreshTokens"], 0,
        "the kiosk never asks for a refresh token"
    );

    let again = fx
        .kiosk
        .change_pin("57391824", "68402935")
        .await
        .unwrap_err();
    assert_eq!(again.code(), "kiosk.flow_ended");

    let audit = fx.store.list_audit(None, 50).await.unwrap();
    let changes: Vec<_> = audit
        .iter()
        .filter(|a| a.action == "kiosk.pin_change")
        .map(|a| (a.operator_upn.as_str(), a.outcome))
        .collect();
    assert_eq!(changes.len(), 2, "{audit:?}");
    assert!(changes.contains(&(upn.as_str(), Outcome::Success)));
    assert!(changes.contains(&(upn.as_str(), Outcome::Failure)));
    fx.assert_no_secret_in_files(&[DEMO_PIN, "57391824", "99999999"]);
}

#[tokio::test]
async fn wrong_pins_lock_a_worker_out_for_the_cooldown_without_asking_graph() {
    let fx = fixture(KioskSettings {
        max_wrong_pins: 2,
        ..KioskSettings::default()
    })
    .await;
    let (upn, _) = fx.worker_with_temporary_pin(&fx.base()).await;
    let (_, person) = approved!(fx, &upn, |k, show| k.worker_sign_in(show));
    person.unwrap();
    let first = fx.kiosk.change_pin("11112222", "57391824").await.unwrap();
    assert_eq!(first, PinChange::WrongPin { tries_left: 1 });
    let second = fx.kiosk.change_pin("11113333", "57391824").await.unwrap();
    assert_eq!(second, PinChange::Locked { minutes: 15 });
    // Even the right PIN is not tried while locked: Graph never sees it.
    let locked = fx.kiosk.change_pin(DEMO_PIN, "57391824").await.unwrap();
    assert_eq!(locked, PinChange::Locked { minutes: 15 });
    assert!(!fx.pin_matches(&fx.base(), &upn, "57391824").await);
    assert!(fx.pin_matches(&fx.base(), &upn, DEMO_PIN).await);
}

#[tokio::test]
async fn a_manager_approves_a_reset_and_the_temporary_pin_is_shown_once() {
    let fx = fixture(KioskSettings::default()).await;
    let b = fx.base();
    let (upn, name) = fx.worker_with_temporary_pin(&b).await;
    // A UPN the kiosk has never seen is bound as typed; the prompt names it.
    let found = fx.kiosk.find_worker(&upn.to_uppercase()).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].id, "",
        "not known here before the manager signs in"
    );
    let typed = found[0].upn.clone();
    let (prompt, approval) = approved!(fx, MANAGER, |k, show| k.manager_approve(&typed, show));
    assert_eq!(
        prompt.approval,
        Some(ApprovalPurpose::ResetPin {
            worker: found[0].clone()
        })
    );
    let approval = approval.unwrap();
    assert_eq!(approval.manager.upn, MANAGER);
    let worker = approval.worker.clone();
    assert_eq!(
        (worker.upn.as_str(), worker.name.as_str()),
        (upn.as_str(), name.as_str()),
        "Graph confirmed the bound person"
    );
    assert!(!worker.id.is_empty());
    assert!(fx.kiosk.holds_token());

    let temp = fx.kiosk.reset_pin(&worker.id).await.unwrap();
    assert!(!fx.kiosk.holds_token(), "the manager's token is dropped");
    assert!(
        !format!("{temp:?}").contains(&temp.pin),
        "Debug hides the PIN"
    );
    assert!(fx.pin_matches(&b, &upn, &temp.pin).await);
    let again = fx.kiosk.reset_pin(&worker.id).await.unwrap_err();
    assert_eq!(again.code(), "kiosk.flow_ended");

    let audit = fx.store.list_audit(None, 50).await.unwrap();
    let reset = audit
        .iter()
        .find(|a| a.action == "kiosk.pin_reset")
        .unwrap();
    assert_eq!(reset.operator_upn, MANAGER);
    assert_eq!(reset.target_upn.as_deref(), Some(upn.as_str()));
    assert_eq!(reset.outcome, Outcome::Success);
    fx.assert_no_secret_in_files(&[&temp.pin, DEMO_PIN]);
    // The worker is now in the kiosk's directory cache: their name finds them next time.
    let first = name.split(' ').next().unwrap().to_lowercase();
    let found = fx.kiosk.find_worker(&first).await.unwrap();
    assert!(found.iter().any(|p| p.id == worker.id), "{found:?}");
}

#[tokio::test]
async fn only_a_manager_may_approve_or_leave_the_kiosk() {
    let fx = fixture(KioskSettings::default()).await;
    // A first prompt tells the tenant's address; find a worker without an admin role.
    let (prompt, exit) = approved!(fx, MANAGER, |k, show| k.approve_exit(show));
    assert_eq!(exit.unwrap().upn, MANAGER);
    assert!(!fx.kiosk.holds_token());
    let s = fx.state(&base(&prompt)).await;
    let worker = s["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["roles"].as_array().unwrap().is_empty())
        .unwrap()["userPrincipalName"]
        .as_str()
        .unwrap()
        .to_owned();

    let (_, refused) = approved!(fx, &worker, |k, show| k.approve_exit(show));
    assert_eq!(refused.unwrap_err().code(), "kiosk.not_manager");
    let (_, refused) = approved!(fx, &worker, |k, show| k.manager_approve(MANAGER, show));
    assert_eq!(refused.unwrap_err().code(), "kiosk.not_manager");
    assert!(!fx.kiosk.holds_token());
    let audit = fx.store.list_audit(None, 50).await.unwrap();
    let exits: Vec<_> = audit
        .iter()
        .filter(|a| a.action == "kiosk.exit")
        .map(|a| (a.operator_upn.clone(), a.outcome))
        .collect();
    assert!(exits.contains(&(MANAGER.to_owned(), Outcome::Success)));
    assert!(exits.contains(&(worker, Outcome::Failure)));
}

#[tokio::test]
async fn the_idle_backstop_drops_a_signed_in_worker() {
    let fx = fixture(KioskSettings {
        idle_seconds: 30,
        ..KioskSettings::default()
    })
    .await;
    let (_, person) = approved!(fx, MANAGER, |k, show| k.worker_sign_in(show));
    person.unwrap();
    assert!(!fx
        .kiosk
        .expire_idle_at(Instant::now() + Duration::from_secs(20)));
    assert!(fx.kiosk.holds_token());
    assert!(fx
        .kiosk
        .expire_idle_at(Instant::now() + Duration::from_secs(46)));
    assert!(!fx.kiosk.holds_token());
    let gone = fx.kiosk.change_pin(DEMO_PIN, "57391824").await.unwrap_err();
    assert_eq!(gone.code(), "kiosk.flow_ended");
}

#[tokio::test]
async fn on_the_demo_tenant_a_person_approves_on_its_sign_in_page() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    let kiosk = Arc::new(Kiosk::open(dir.path(), store).await.unwrap());
    assert!(kiosk.info().demo);
    assert_eq!(kiosk.info().idle_seconds, 60);
    let (tx, mut rx) = mpsc::unbounded_channel();
    let k = kiosk.clone();
    let task = tokio::spawn(async move {
        k.worker_sign_in(move |p| {
            let _ = tx.send(p);
        })
        .await
    });
    let prompt = rx.recv().await.unwrap();
    // What a person does on the demo tenant's page: type the code, pick the account.
    let page = reqwest::Client::new()
        .post(&prompt.verification_uri)
        .form(&[
            ("user_code", prompt.user_code.as_str()),
            ("user", MANAGER),
            ("action", "approve"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("signed in"), "{page}");
    let person = task.await.unwrap().unwrap();
    assert_eq!(person.upn, MANAGER);
    kiosk.reset();
    assert!(!kiosk.holds_token());
}

#[tokio::test]
async fn one_approval_resets_one_pin_even_when_asked_twice_at_once() {
    let fx = fixture(KioskSettings::default()).await;
    let (upn, _) = fx.worker_with_temporary_pin(&fx.base()).await;
    let (_, approval) = approved!(fx, MANAGER, |k, show| k.manager_approve(&upn, show));
    let worker = approval.unwrap().worker;
    let (a, b) = tokio::join!(
        fx.kiosk.reset_pin(&worker.id),
        fx.kiosk.reset_pin(&worker.id)
    );
    let oks = [a.is_ok(), b.is_ok()].iter().filter(|x| **x).count();
    assert_eq!(oks, 1, "exactly one reset: {a:?} {b:?}");
    let refused = if a.is_ok() { b } else { a };
    assert_eq!(refused.unwrap_err().code(), "kiosk.flow_ended");
    let audit = fx.store.list_audit(None, 50).await.unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|r| r.action == "kiosk.pin_reset")
            .count(),
        1
    );
    assert!(audit
        .iter()
        .any(|r| r.action == "kiosk.approve" && r.outcome == Outcome::Success));
}

#[tokio::test]
async fn parallel_pin_checks_cannot_slip_past_the_limit() {
    let fx = fixture(KioskSettings {
        max_wrong_pins: 1,
        ..KioskSettings::default()
    })
    .await;
    let (upn, _) = fx.worker_with_temporary_pin(&fx.base()).await;
    let (_, person) = approved!(fx, &upn, |k, show| k.worker_sign_in(show));
    person.unwrap();
    let (a, b, c) = tokio::join!(
        fx.kiosk.change_pin("11112222", "57391824"),
        fx.kiosk.change_pin("11113333", "57391824"),
        fx.kiosk.change_pin("11114444", "57391824"),
    );
    let results = [a, b, c];
    let judged = results
        .iter()
        .filter(|r| matches!(r, Ok(PinChange::Locked { .. })))
        .count();
    let waited = results
        .iter()
        .filter(|r| matches!(r, Err(e) if e.code() == "kiosk.pin_busy"))
        .count();
    assert_eq!(
        (judged, waited),
        (1, 2),
        "one guess reached Graph: {results:?}"
    );
    let same = fx
        .kiosk
        .change_pin("57391824", "57391824")
        .await
        .unwrap_err();
    assert_eq!(
        same.code(),
        "kiosk.pin_unchanged",
        "same PIN is refused locally"
    );
}

#[tokio::test]
async fn a_kiosk_names_one_tenant_and_checks_it_by_its_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let tenant = Emulator::start(EmulatorConfig {
        device_code_interval: 1,
        ..EmulatorConfig::for_tests()
    })
    .await
    .unwrap();
    let base = tenant.base_url();
    let c = seed::QRSTATION_CLIENT_ID;
    let write = |t: &str| {
        std::fs::write(
            dir.path().join("settings.json"),
            format!(
                r#"{{"mode":{{"kind":"entra","tenant":"{t}","clientId":"{c}"}},"authority":"{base}/{t}","graphUrl":"{base}"}}"#
            ),
        )
        .unwrap()
    };
    let (store, _) = Store::open(dir.path()).await.unwrap();
    write("organizations");
    let err = Kiosk::open(dir.path(), store.clone()).await.err().unwrap();
    assert_eq!(err.code(), "kiosk.needs_one_tenant");
    // By domain: the tenant id comes from the authority's OpenID metadata.
    write(seed::DOMAIN);
    let kiosk = Arc::new(Kiosk::open(dir.path(), store).await.unwrap());
    let fx = Fixture {
        dir,
        kiosk,
        store: Store::open(tempfile::tempdir().unwrap().path())
            .await
            .unwrap()
            .0,
        http: reqwest::Client::new(),
        tenant,
    };
    let (_, exit) = approved!(fx, MANAGER, |k, show| k.approve_exit(show));
    assert_eq!(exit.unwrap().upn, MANAGER);
}

/// Two seeded users (upn, id), neither the manager.
async fn two_workers(fx: &Fixture) -> [(String, String); 2] {
    let s = fx.state(&fx.base()).await;
    let users: Vec<(String, String)> = s["users"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["roles"].as_array().unwrap().is_empty())
        .take(2)
        .map(|u| {
            (
                u["userPrincipalName"].as_str().unwrap().to_owned(),
                u["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    [users[0].clone(), users[1].clone()]
}

fn cached(id: &str, upn: &str, name: &str) -> RecentUser {
    RecentUser {
        id: id.into(),
        upn: upn.into(),
        display_name: name.into(),
        department: None,
        office_location: None,
        job_title: None,
        has_method: None,
        usable: None,
        standard_expires: None,
        temporary_expires: None,
        pin_must_change: None,
        last_seen: 1,
        last_action: None,
        print_count: 0,
        last_print: None,
    }
}

#[tokio::test]
async fn an_id_token_without_role_claims_is_judged_by_role_assignments() {
    // This app registration emits no `wids`: the approver's role assignments decide (#16 §1).
    let fx = fixture_for(KioskSettings::default(), NO_ROLE_CLAIMS_CLIENT).await;
    let (upn, _) = fx.worker_with_temporary_pin(&fx.base()).await;
    // Someone holding no role (the worker themselves) approves neither a reset nor an exit.
    let typed = upn.clone();
    let approver = upn.clone();
    let (_, reset) = approved!(fx, approver, |k, show| k.manager_approve(&typed, show));
    assert_eq!(reset.unwrap_err().code(), "kiosk.not_manager");
    assert!(
        !fx.kiosk.holds_token(),
        "the refused approval holds nothing"
    );
    let gone = fx.kiosk.reset_pin("anyone").await.unwrap_err();
    assert_eq!(gone.code(), "kiosk.flow_ended");
    let approver = upn.clone();
    let (_, exit) = approved!(fx, approver, |k, show| k.approve_exit(show));
    assert_eq!(exit.unwrap_err().code(), "kiosk.not_manager");
    assert!(fx.pin_matches(&fx.base(), &upn, DEMO_PIN).await, "no reset");
    let audit = fx.store.list_audit(None, 50).await.unwrap();
    let refused: Vec<_> = audit
        .iter()
        .filter(|a| a.outcome == Outcome::Failure)
        .map(|a| a.action.as_str())
        .collect();
    assert!(refused.contains(&"kiosk.approve") && refused.contains(&"kiosk.exit"));
    assert!(!audit.iter().any(|a| a.action == "kiosk.pin_reset"));
    // The manager's token lists no roles either, but their role assignments prove one.
    let typed = upn.clone();
    let (_, reset) = approved!(fx, MANAGER, |k, show| k.manager_approve(&typed, show));
    assert_eq!(reset.unwrap().manager.upn, MANAGER);
}

#[tokio::test]
async fn a_reset_approval_is_bound_to_the_one_worker_named_before_the_sign_in() {
    let fx = fixture(KioskSettings::default()).await;
    let [(upn_a, id_a), (upn_b, id_b)] = two_workers(&fx).await;
    fx.store
        .upsert_recent_user(&cached(&id_a, &upn_a, "Ana Ruiz"), 100)
        .await
        .unwrap();
    fx.store
        .upsert_recent_user(&cached(&id_b, &upn_b, "Ana Rubio"), 100)
        .await
        .unwrap();

    // Too little, or nobody: refused before any manager is asked.
    assert_eq!(
        fx.kiosk.find_worker("an").await.unwrap_err().code(),
        "kiosk.name_too_short"
    );
    assert!(fx.kiosk.find_worker("zyx").await.unwrap().is_empty());
    let never = fx
        .kiosk
        .manager_approve("no-such-id", |_| {
            panic!("no device code for an unbound worker")
        })
        .await
        .unwrap_err();
    assert_eq!(never.code(), "kiosk.worker_not_found");

    // Two matches: the worker narrows them to one before the approval.
    let both = fx.kiosk.find_worker("ana ru").await.unwrap();
    assert_eq!(both.len(), 2, "{both:?}");
    let bob = both.iter().find(|p| p.id == id_b).unwrap().clone();
    assert_eq!(bob.name, "Ana Rubio");
    let id = bob.id.clone();
    let first = id.clone();
    let (prompt, approval) = approved!(fx, MANAGER, |k, show| k.manager_approve(&first, show));
    assert_eq!(
        prompt.approval,
        Some(ApprovalPurpose::ResetPin {
            worker: bob.clone()
        }),
        "the screen the manager reads names the worker"
    );
    let approval = approval.unwrap();
    assert_eq!(
        (approval.worker.id.as_str(), approval.worker.upn.as_str()),
        (id_b.as_str(), upn_b.as_str())
    );
    // The approval cannot reset anyone else, and it is used up by trying.
    let other = fx.kiosk.reset_pin(&id_a).await.unwrap_err();
    assert_eq!(other.code(), "kiosk.approval_mismatch");
    assert!(!fx.kiosk.holds_token());
    let later = fx.kiosk.reset_pin(&id_b).await.unwrap_err();
    assert_eq!(later.code(), "kiosk.flow_ended");

    // A reset approval cannot leave the kiosk: the exit signs in on its own, and that
    // drops the pending approval, which then resets nothing.
    let again = id.clone();
    let (_, approval) = approved!(fx, MANAGER, |k, show| k.manager_approve(&again, show));
    approval.unwrap();
    let (prompt, exit) = approved!(fx, MANAGER, |k, show| k.approve_exit(show));
    assert_eq!(prompt.approval, Some(ApprovalPurpose::LeaveKiosk));
    exit.unwrap();
    assert_eq!(
        fx.kiosk.reset_pin(&id_b).await.unwrap_err().code(),
        "kiosk.flow_ended",
        "an exit approval cannot reset"
    );

    // A UPN the directory does not know: the approval ends after the sign-in.
    let ghost = "nobody.here@contoso-retail.onmicrosoft.com";
    let (_, refused) = approved!(fx, MANAGER, |k, show| k.manager_approve(ghost, show));
    assert_eq!(refused.unwrap_err().code(), "kiosk.worker_not_found");
    assert!(!fx.kiosk.holds_token());

    // A cache entry whose UPN no longer matches the directory is not followed.
    fx.store
        .upsert_recent_user(
            &cached(&id_a, "renamed@contoso-retail.onmicrosoft.com", "Ana Ruiz"),
            100,
        )
        .await
        .unwrap();
    let stale = id_a.clone();
    let (_, refused) = approved!(fx, MANAGER, |k, show| k.manager_approve(&stale, show));
    assert_eq!(refused.unwrap_err().code(), "kiosk.worker_not_found");

    let resets = fx.store.list_audit(None, 50).await.unwrap();
    let resets: Vec<_> = resets
        .iter()
        .filter(|a| a.action == "kiosk.pin_reset")
        .collect();
    assert_eq!(resets.len(), 1, "only the refused attempt");
    assert_eq!(resets[0].outcome, Outcome::Failure);
    assert_eq!(resets[0].target_upn.as_deref(), Some(upn_b.as_str()));
}

#[tokio::test]
async fn the_wrong_pin_limit_survives_a_restart_on_the_same_data_dir() {
    let settings = KioskSettings {
        max_wrong_pins: 2,
        ..KioskSettings::default()
    };
    let fx = fixture(settings.clone()).await;
    let (upn, _) = fx.worker_with_temporary_pin(&fx.base()).await;
    let (_, person) = approved!(fx, &upn, |k, show| k.worker_sign_in(show));
    person.unwrap();
    fx.kiosk.change_pin("11112222", "57391824").await.unwrap();
    let locked = fx.kiosk.change_pin("11113333", "57391824").await.unwrap();
    assert_eq!(locked, PinChange::Locked { minutes: 15 });
    fx.kiosk.reset();

    // A crash or power cut: a new kiosk on the same data directory and database file.
    let (store, _) = Store::open(fx.dir.path()).await.unwrap();
    let kiosk = Kiosk::open_with(fx.dir.path(), store.clone(), settings)
        .await
        .unwrap();
    let fx = Fixture {
        kiosk: Arc::new(kiosk),
        store,
        ..fx
    };
    let rows = fx.store.kiosk_wrong_pins().await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].1.wrong, 2);
    let (_, person) = approved!(fx, &upn, |k, show| k.worker_sign_in(show));
    person.unwrap();
    let still = fx.kiosk.change_pin(DEMO_PIN, "57391824").await.unwrap();
    assert!(
        matches!(still, PinChange::Locked { minutes } if minutes <= 15),
        "{still:?}"
    );
    assert!(
        fx.pin_matches(&fx.base(), &upn, DEMO_PIN).await,
        "Graph never saw it"
    );
    fx.assert_no_secret_in_files(&[DEMO_PIN, "11112222", "11113333", "57391824"]);
}

#[tokio::test]
async fn a_pin_check_dropped_mid_flight_leaves_the_worker_free_and_the_try_counted() {
    let fx = fixture(KioskSettings::default()).await;
    let (upn, _) = fx.worker_with_temporary_pin(&fx.base()).await;
    let (_, person) = approved!(fx, &upn, |k, show| k.worker_sign_in(show));
    person.unwrap();
    fx.hook(&fx.base(), "faults", json!({"latencyMs": 3000}))
        .await;
    let slow = fx.kiosk.change_pin("11112222", "57391824");
    let dropped = tokio::time::timeout(Duration::from_millis(500), slow).await;
    assert!(
        dropped.is_err(),
        "the check was still under way when dropped"
    );
    fx.hook(&fx.base(), "faults", json!({"latencyMs": 0})).await;
    let rows = fx.store.kiosk_wrong_pins().await.unwrap();
    assert_eq!(
        rows.len(),
        1,
        "the dropped try was written before it was sent"
    );
    assert_eq!(rows[0].1.wrong, 1);
    // Not "still being checked": the next check goes through.
    let done = fx.kiosk.change_pin(DEMO_PIN, "57391824").await.unwrap();
    assert_eq!(done, PinChange::Changed);
    assert!(fx.store.kiosk_wrong_pins().await.unwrap().is_empty());
}

#[test]
fn a_computer_that_was_a_kiosk_refuses_to_start_without_readable_settings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let settings = d.join("settings.json");
    let write = |text: &str| std::fs::write(&settings, text).unwrap();

    // Never a kiosk: no settings opens the manager window, `--kiosk` a kiosk.
    assert!(!start_as_kiosk(d, false).unwrap());
    assert!(!marker_path(d).exists());
    write("{\"mode\": {\"kind\": \"en");
    assert!(
        !start_as_kiosk(d, false).unwrap(),
        "a broken file of a station"
    );
    assert_eq!(
        start_as_kiosk(d, true).unwrap_err().code(),
        "core.invalid_settings"
    );

    // A kiosk by its settings leaves the marker.
    write(r#"{"kiosk": {"enabled": true, "idleSeconds": 30}}"#);
    assert!(start_as_kiosk(d, false).unwrap());
    assert!(marker_path(d).exists());

    // Then missing, empty, truncated or unreadable settings refuse to start, with or without
    // `--kiosk`.
    for (what, text) in [
        ("empty", Some("")),
        ("blank", Some("  \n")),
        ("truncated", Some(r#"{"kiosk": {"enab"#)),
        ("not JSON", Some("kiosk")),
        ("missing", None),
    ] {
        match text {
            Some(t) => write(t),
            None => std::fs::remove_file(&settings).unwrap(),
        }
        for flag in [false, true] {
            let err = start_as_kiosk(d, flag).unwrap_err();
            assert_eq!(err.code(), "kiosk.settings_lost", "{what}, --kiosk {flag}");
            let text = err.to_string();
            assert!(text.contains("kiosk") && text.contains("marker"), "{text}");
        }
    }
    // Valid settings that do not mention the kiosk (a rewritten file) keep it a kiosk.
    write(r#"{"mode": {"kind": "demoTenant"}}"#);
    assert!(start_as_kiosk(d, false).unwrap());

    // Only an explicit "enabled": false turns it back into a station, and removes the marker.
    write(r#"{"kiosk": {"enabled": false}}"#);
    assert!(!start_as_kiosk(d, false).unwrap());
    assert!(!marker_path(d).exists());
    std::fs::remove_file(&settings).unwrap();
    assert!(!start_as_kiosk(d, false).unwrap());

    // `--kiosk` on a fresh computer makes it a kiosk, marker and all.
    assert!(start_as_kiosk(d, true).unwrap());
    assert!(marker_path(d).exists());
    assert_eq!(
        start_as_kiosk(d, false).unwrap_err().code(),
        "kiosk.settings_lost"
    );
}
