//! The seeded tenants: the demo tenant (about 50 frontline workers across four stores, a
//! store manager who is Authentication Administrator, an admin, some QR methods in
//! interesting states) and the empty one. Ids are stable across runs.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::config::Seed;
use crate::secrets::Hashed;
use crate::state::model::{
    roles, AdministrativeUnit, App, Pin, Policy, QrCode, QrMethod, ScopedRoleAssignment, Tenant,
    User,
};

/// Tenant id of both seeds.
pub const TENANT_ID: &str = "8a3d1f4e-6b2c-4e0a-9f7d-3c5b1a2e4d60";
/// Verified domain of both seeds.
pub const DOMAIN: &str = "contoso-retail.onmicrosoft.com";
/// Client id of the qrstation app registration in the seeded tenant.
pub const QRSTATION_CLIENT_ID: &str = "5e7a1c3b-2f4d-4b6e-8a9c-0d1e2f3a4b5c";
/// The PIN every seeded QR method starts with (documented for demos; stored hashed).
pub const DEMO_PIN: &str = "48302917";
/// Object id of the seeded admin (Global Administrator), `admin@…`.
pub const ADMIN_ID: &str = "0b6a2c1e-7d3f-4a5b-9c8e-1f2a3b4c5d6e";
/// Object id of the seeded store manager (Authentication Administrator).
pub const MANAGER_ID: &str = "1c7b3d2f-8e4a-4b6c-8d9f-2a3b4c5d6e7f";
/// Object id of the store manager of Store 102, `lee.gu@…`, whose Authentication
/// Administrator role is scoped to that store's administrative unit only.
pub const SCOPED_MANAGER_ID: &str = "2d8c4e3a-9f5b-4c7d-8e0a-3b4c5d6e7f80";
/// Object id of the area manager, `diego.siciliani@…`, Authentication Administrator scoped to
/// two units (Store 103 and Store 104): the station offers a store picker.
pub const AREA_MANAGER_ID: &str = "3e9d5f4b-0a6c-4d8e-9f1b-4c5d6e7f8091";
/// Administrative unit ids of the four stores, in `STORES` order.
pub const STORE_UNIT_IDS: [&str; 4] = [
    "a1010000-0000-4000-8000-000000000101",
    "a1020000-0000-4000-8000-000000000102",
    "a1030000-0000-4000-8000-000000000103",
    "a1040000-0000-4000-8000-000000000104",
];

const STORES: [(&str, &str); 4] = [
    ("Store 101 - Seattle", "+1 206 555 0101"),
    ("Store 102 - Tacoma", "+1 253 555 0102"),
    ("Store 103 - Bellevue", "+1 425 555 0103"),
    ("Store 104 - Everett", "+1 425 555 0104"),
];
const DEPARTMENTS: [(&str, &[&str]); 4] = [
    ("Sales Floor", &["Sales Associate", "Shift Lead"]),
    ("Checkout", &["Cashier", "Shift Lead"]),
    ("Warehouse", &["Stock Associate", "Forklift Operator"]),
    ("Pharmacy", &["Pharmacy Technician"]),
];
const GIVEN: [&str; 25] = [
    "Alex", "Bianca", "Carlos", "Dana", "Elif", "Farah", "Gustavo", "Hana", "Ivan", "Jamal",
    "Keiko", "Liam", "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma",
    "Viktor", "Wen", "Yusuf", "Zoe",
];
const SURNAMES: [&str; 20] = [
    "Abbott", "Becker", "Chen", "Diaz", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito", "Jensen",
    "Kowalski", "Lopez", "Mensah", "Novak", "Okafor", "Patel", "Rossi", "Silva", "Tanaka", "Walsh",
];

fn uuid_from(rng: &mut StdRng) -> String {
    let mut b = [0u8; 16];
    rng.fill(&mut b);
    uuid::Builder::from_random_bytes(b).into_uuid().to_string()
}

#[allow(clippy::too_many_arguments)]
fn user(
    id: String,
    given: &str,
    surname: &str,
    upn_local: &str,
    job: &str,
    dept: Option<&str>,
    office: Option<&str>,
    phone: Option<&str>,
    created: DateTime<Utc>,
) -> User {
    let upn = format!("{upn_local}@{DOMAIN}");
    User {
        id,
        display_name: format!("{given} {surname}"),
        given_name: given.into(),
        surname: surname.into(),
        mail: Some(upn.clone()),
        user_principal_name: upn,
        job_title: Some(job.into()),
        department: dept.map(Into::into),
        office_location: office.map(Into::into),
        mobile_phone: None,
        business_phones: phone.map(|p| vec![p.to_string()]).unwrap_or_default(),
        preferred_language: Some("en-US".into()),
        employee_id: None,
        account_enabled: true,
        roles: vec![],
        created_date_time: created,
    }
}

fn admin(now: DateTime<Utc>) -> User {
    let mut u = user(
        ADMIN_ID.into(),
        "Adele",
        "Vance",
        "admin",
        "IT Administrator",
        Some("IT"),
        Some("Head Office"),
        None,
        now - Duration::days(900),
    );
    u.roles = vec![roles::GLOBAL_ADMIN.into()];
    u
}

/// Builds the tenant for `seed`, with times relative to `now`.
pub fn build(seed: Seed, now: DateTime<Utc>) -> Tenant {
    build_with(seed, 0, now)
}

/// The same plus `extra` synthetic workers (`worker0001@…`, no method) in the demo seed:
/// 20 stores (`Store 501` …) and the four departments, for bulk provisioning runs.
pub fn build_with(seed: Seed, extra: usize, now: DateTime<Utc>) -> Tenant {
    let mut tenant = build_base(seed, now);
    if seed == Seed::Demo {
        let mut rng = StdRng::seed_from_u64(0x5eed_0002);
        for n in 1..=extra {
            let (dept, jobs) = DEPARTMENTS[n % DEPARTMENTS.len()];
            let store = format!("Store {}", 500 + n % 20);
            let mut u = user(
                uuid_from(&mut rng),
                "Worker",
                &format!("{n:04}"),
                &format!("worker{n:04}"),
                jobs[0],
                Some(dept),
                Some(&store),
                None,
                now - Duration::days(10),
            );
            u.employee_id = Some(format!("W{n:05}"));
            tenant.users.push(u);
        }
    }
    tenant
}

fn build_base(seed: Seed, now: DateTime<Utc>) -> Tenant {
    let mut tenant = Tenant {
        format: 1,
        id: TENANT_ID.into(),
        display_name: "Contoso Retail (demo)".into(),
        domain: DOMAIN.into(),
        users: vec![admin(now)],
        methods: Default::default(),
        policy: Policy::default(),
        apps: vec![
            App {
                client_id: QRSTATION_CLIENT_ID.into(),
                display_name: "qrstation".into(),
                role_claims: true,
            },
            App {
                client_id: "14d82eec-204b-4c2f-b7e8-296a70dab67e".into(),
                display_name: "Microsoft Graph Command Line Tools".into(),
                role_claims: false,
            },
        ],
        administrative_units: vec![],
        scoped_roles: vec![],
    };
    if seed == Seed::Empty {
        return tenant;
    }
    tenant.policy.state = "enabled".into();
    let mut manager = user(
        MANAGER_ID.into(),
        "Megan",
        "Bowen",
        "megan.bowen",
        "Store Manager",
        Some("Store Management"),
        Some(STORES[0].0),
        Some(STORES[0].1),
        now - Duration::days(700),
    );
    manager.roles = vec![roles::AUTH_ADMIN.into()];
    tenant.users.push(manager);

    let mut rng = StdRng::seed_from_u64(0x5eed_0001);
    for i in 0..48usize {
        let given = GIVEN[i % GIVEN.len()];
        let surname = SURNAMES[(i * 7 + i / GIVEN.len()) % SURNAMES.len()];
        let (store, phone) = STORES[i % STORES.len()];
        let (dept, jobs) = DEPARTMENTS[(i / STORES.len()) % DEPARTMENTS.len()];
        let job = jobs[i % jobs.len()];
        let local = format!("{}.{}", given.to_lowercase(), surname.to_lowercase());
        let created = now - Duration::days(30 + rng.random_range(0..600));
        let mut u = user(
            uuid_from(&mut rng),
            given,
            surname,
            &local,
            job,
            Some(dept),
            Some(store),
            Some(phone),
            created,
        );
        u.employee_id = Some(format!("E{:05}", 10_000 + i * 37));
        tenant.users.push(u);
    }
    seed_methods(&mut tenant, &mut rng, now);
    seed_store_102_due(&mut tenant, &mut rng, now);
    seed_units(&mut tenant, now);
    tenant
}

/// One administrative unit per store (members: the users whose office is that store) and two
/// managers whose Authentication Administrator role is scoped to units, not the tenant.
fn seed_units(tenant: &mut Tenant, now: DateTime<Utc>) {
    let scoped = [
        (
            SCOPED_MANAGER_ID,
            "Lee",
            "Gu",
            "lee.gu",
            "Store Manager",
            1,
            vec![1],
        ),
        (
            AREA_MANAGER_ID,
            "Diego",
            "Siciliani",
            "diego.siciliani",
            "Area Manager",
            2,
            vec![2, 3],
        ),
    ];
    for (id, given, surname, local, job, home, units) in scoped {
        let (store, phone) = STORES[home];
        tenant.users.push(user(
            id.into(),
            given,
            surname,
            local,
            job,
            Some("Store Management"),
            Some(store),
            Some(phone),
            now - Duration::days(400),
        ));
        for n in units {
            tenant.scoped_roles.push(ScopedRoleAssignment {
                // Entra's assignment ids are opaque strings; any stable one will do.
                id: format!("scoped-{}-{n}", &id[..8]),
                principal_id: id.into(),
                role_definition_id: roles::AUTH_ADMIN.into(),
                directory_scope_id: format!("/administrativeUnits/{}", STORE_UNIT_IDS[n]),
            });
        }
    }
    for (n, (store, _)) in STORES.iter().enumerate() {
        let members = tenant
            .users
            .iter()
            .filter(|u| u.office_location.as_deref() == Some(*store))
            .map(|u| u.id.clone())
            .collect();
        tenant.administrative_units.push(AdministrativeUnit {
            id: STORE_UNIT_IDS[n].into(),
            display_name: (*store).into(),
            description: Some(format!("Everyone who works at {store}")),
            members,
        });
    }
}

/// Gives some workers a QR method: most healthy, one expired, one with an active temporary
/// code, one whose PIN must be changed at next sign-in.
fn seed_methods(tenant: &mut Tenant, rng: &mut StdRng, now: DateTime<Utc>) {
    let workers: Vec<String> = tenant.users.iter().skip(2).map(|u| u.id.clone()).collect();
    for (n, uid) in workers.iter().take(10).enumerate() {
        let created = now - Duration::days(20 + n as i64 * 9);
        let mut standard = code(rng, created, created, created + Duration::days(365));
        let mut temporary = None;
        let mut force = false;
        match n {
            // Expired: the standard code ran out 35 days ago.
            0 => {
                standard = code(
                    rng,
                    now - Duration::days(400),
                    now - Duration::days(400),
                    now - Duration::days(35),
                );
            }
            // Forgot the badge today: a temporary code valid for 8 hours.
            1 => {
                let start = now - Duration::hours(1);
                temporary = Some(code(rng, start, start, start + Duration::hours(8)));
            }
            // The admin just created it: the PIN must be changed at next sign-in.
            2 => force = true,
            _ => standard.last_used_date_time = Some(now - Duration::hours(n as i64 * 5)),
        }
        let pin_created = standard.created_date_time;
        tenant.methods.insert(
            uid.clone(),
            QrMethod {
                id: uuid_from(rng),
                created_date_time: standard.created_date_time,
                standard: Some(standard),
                temporary,
                pin: Pin {
                    id: uuid_from(rng),
                    hash: Hashed::new(DEMO_PIN),
                    force_change_pin_next_sign_in: force,
                    created_date_time: pin_created,
                    updated_date_time: pin_created,
                },
            },
        );
    }
}

/// Store 102's badges that a renewal has work for, beside its valid ones and the workers
/// without a method: `nadia.lopez@…` whose code expired 12 days ago (a new method), and two
/// expiring: `viktor.haddad@…` in 9 days (started 356 days ago: it can be extended) and
/// `alex.rossi@…` in 15 days (started 380 days ago, already near Graph's 395-day maximum: it
/// needs a new code).
fn seed_store_102_due(tenant: &mut Tenant, rng: &mut StdRng, now: DateTime<Utc>) {
    // Index in the workers (after the admin and Megan), all at Store 102 (index % 4 == 1).
    let due: [(usize, i64, i64); 3] = [(13, 400, -12), (21, 356, 9), (25, 380, 15)];
    for (i, ago, ahead) in due {
        let uid = tenant.users[2 + i].id.clone();
        let created = now - Duration::days(ago);
        let mut standard = code(rng, created, created, now + Duration::days(ahead));
        // Used on a shift two weeks ago.
        standard.last_used_date_time = Some(now - Duration::days(16));
        tenant.methods.insert(
            uid,
            QrMethod {
                id: uuid_from(rng),
                created_date_time: created,
                standard: Some(standard),
                temporary: None,
                pin: Pin {
                    id: uuid_from(rng),
                    hash: Hashed::new(DEMO_PIN),
                    force_change_pin_next_sign_in: false,
                    created_date_time: created,
                    updated_date_time: created,
                },
            },
        );
    }
}

fn code(
    rng: &mut StdRng,
    created: DateTime<Utc>,
    start: DateTime<Utc>,
    expire: DateTime<Utc>,
) -> QrCode {
    QrCode {
        id: uuid_from(rng),
        created_date_time: created,
        start_date_time: start,
        expire_date_time: expire,
        last_used_date_time: None,
        // The seeded codes' secrets were "printed" long ago and are not known to anyone.
        secret: Hashed::new(&crate::secrets::random_digits(40)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_102_has_badges_of_every_state_within_graphs_lifetime() {
        let now = Utc::now();
        let t = build(Seed::Demo, now);
        let store = STORES[1].0;
        let mut states = std::collections::BTreeMap::<&str, usize>::new();
        for u in t
            .users
            .iter()
            .filter(|u| u.office_location.as_deref() == Some(store))
        {
            let state = match t.methods.get(&u.id).and_then(|m| m.standard.as_ref()) {
                None => "none",
                Some(c) if c.expire_date_time <= now => "expired",
                Some(c) if c.expire_date_time <= now + Duration::days(30) => "expiring",
                Some(_) => "valid",
            };
            *states.entry(state).or_default() += 1;
        }
        assert_eq!(
            states.into_iter().collect::<Vec<_>>(),
            [("expired", 1), ("expiring", 2), ("none", 7), ("valid", 3)]
        );
        for (uid, m) in &t.methods {
            let c = m.standard.as_ref().unwrap();
            let days = (c.expire_date_time - c.start_date_time).num_days();
            assert!((1..=395).contains(&days), "{uid}: {days} days");
        }
        for local in ["nadia.lopez", "viktor.haddad", "alex.rossi"] {
            let u = t
                .users
                .iter()
                .find(|u| u.user_principal_name == format!("{local}@{DOMAIN}"))
                .unwrap();
            assert_eq!(u.office_location.as_deref(), Some(store), "{local}");
            assert!(t.methods.contains_key(&u.id), "{local}");
        }
    }
}
