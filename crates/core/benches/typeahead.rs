//! The typeahead benchmark (issue #14 §5): how long one keystroke's search of the recent-users
//! cache takes (`Store::search_recent_users_for`, the query the Workers search box runs), p50
//! and p99, at the cache's cap of 5,000 users and at 100,000. A real SQLite file in a
//! temporary directory, opened and migrated as the app does; prints one table row per size.
//!
//! `cargo bench -p qrstation-core --bench typeahead` (env `TYPEAHEAD_SIZES=5000,100000`,
//! `TYPEAHEAD_ROUNDS=20`). Target: p99 ≤ 5 ms.

use std::time::{Duration, Instant};

use qrstation_core::store::recent_users::RecentOwner;
use qrstation_core::store::Store;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

const FIRST: &[&str] = &[
    "Adele", "Alex", "Ana", "Bianca", "Carlos", "Chen", "Dana", "Diego", "Elena", "Emma", "Farah",
    "Grady", "Hana", "Isaiah", "Joni", "Kenji", "Lee", "Lidia", "Lynne", "Megan", "Miriam",
    "Nestor", "Olga", "Patti", "Pradeep", "Quinn", "Raul", "Sofia", "Tomas", "Uma", "Vik", "Wei",
    "Xia", "Yusuf", "Zoe",
];
const LAST: &[&str] = &[
    "Abbott",
    "Brown",
    "Castro",
    "Davis",
    "Evans",
    "Fischer",
    "Garcia",
    "Gu",
    "Holt",
    "Ito",
    "Jones",
    "Kim",
    "Lopez",
    "Meyer",
    "Nakamura",
    "Novak",
    "Olsen",
    "Patel",
    "Quiroga",
    "Rossi",
    "Sanchez",
    "Siciliani",
    "Tanaka",
    "Ueda",
    "Varga",
    "Wilson",
    "Xu",
    "Young",
    "Zhang",
];

/// What a manager types, one keystroke at a time: each prefix is one search.
const TYPED: &[&str] = &["megan bowen", "store 101", "pat", "zhang wei", "uma a", "x"];

fn main() {
    let sizes: Vec<usize> = std::env::var("TYPEAHEAD_SIZES")
        .unwrap_or_else(|_| "5000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let rounds: usize = std::env::var("TYPEAHEAD_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!("| cached users | searches | p50 | p99 | max |");
    println!("| ---: | ---: | ---: | ---: | ---: |");
    for size in sizes {
        let mut times = rt.block_on(measure(size, rounds));
        times.sort();
        let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
        println!(
            "| {size} | {} | {} | {} | {} |",
            times.len(),
            ms(at(0.50)),
            ms(at(0.99)),
            ms(*times.last().expect("times"))
        );
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Fills a fresh cache with `size` users, all looked up by one manager, then times every
/// prefix of every typed query `rounds` times.
async fn measure(size: usize, rounds: usize) -> Vec<Duration> {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, _) = Store::open(dir.path()).await.expect("open store");
    let owner = RecentOwner {
        tenant_id: "tenant".into(),
        account_id: "manager".into(),
    };
    fill(&dir.path().join("qrstation.db"), size, &owner).await;
    let mut times = Vec::new();
    for _ in 0..rounds {
        for typed in TYPED {
            for end in 1..=typed.len() {
                let query = &typed[..end];
                let start = Instant::now();
                let hits = store
                    .search_recent_users_for(&owner, query, 8)
                    .await
                    .expect("search");
                times.push(start.elapsed());
                std::hint::black_box(hits);
            }
        }
    }
    times
}

/// Inserts the users in one transaction (the app inserts them one look-up at a time, which
/// would take minutes at 100,000 and is not what is measured here).
async fn fill(db: &std::path::Path, size: usize, owner: &RecentOwner) {
    let mut conn = SqliteConnectOptions::new()
        .filename(db)
        .connect()
        .await
        .expect("connect");
    let mut tx = conn.begin().await.expect("begin");
    for i in 0..size {
        let first = FIRST[i % FIRST.len()];
        let last = LAST[(i / FIRST.len()) % LAST.len()];
        let id = format!("00000000-0000-4000-8000-{i:012}");
        let upn = format!(
            "{}.{}{i}@contoso.example",
            first.to_lowercase(),
            last.to_lowercase()
        );
        let store_no = 100 + i % 400;
        sqlx::query(
            "INSERT INTO recent_users (id, upn, display_name, office_location, department, \
             last_seen, print_count) VALUES (?1, ?2, ?3, ?4, 'Retail', ?5, 0)",
        )
        .bind(&id)
        .bind(&upn)
        .bind(format!("{first} {last}"))
        .bind(format!("Store {store_no}"))
        .bind(i as i64)
        .execute(&mut *tx)
        .await
        .expect("insert user");
        sqlx::query(
            "INSERT INTO recent_user_views (tenant_id, account_id, user_id, last_seen) \
             VALUES (?1, ?2, ?3, ?4)",
        )
        .bind(&owner.tenant_id)
        .bind(&owner.account_id)
        .bind(&id)
        .bind(i as i64)
        .execute(&mut *tx)
        .await
        .expect("insert view");
    }
    tx.commit().await.expect("commit");
}
