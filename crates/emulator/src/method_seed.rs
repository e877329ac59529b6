//! The `/_emulator/seed-methods` hook: give many users a QR code + PIN method with chosen
//! dates (expired, expiring, valid) and optionally move them to a store, in one request —
//! for renewal benchmarks and tests, which cannot make an already-expired method through
//! Graph. The PIN is the demo seed's; the QR secrets are random and never returned.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::json;

use crate::clock::parse_time;
use crate::secrets::{random_digits, Hashed};
use crate::state::model::{Pin, QrCode, QrMethod};
use crate::state::Shared;

/// The hook's route (merged into the other hooks).
pub fn router() -> Router<Arc<Shared>> {
    Router::new().route("/_emulator/seed-methods", post(seed_methods))
}

/// The request: the methods to set, all or nothing.
#[derive(Deserialize)]
struct Body {
    methods: Vec<Entry>,
}

/// One user's method.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    /// Id or UPN.
    user: String,
    /// When given, the user's `officeLocation` (store) becomes this.
    office_location: Option<String>,
    /// The standard code's `startDateTime` (also the method's and PIN's creation time).
    start_date_time: String,
    /// The standard code's `expireDateTime` (may be in the past: an expired badge).
    expire_date_time: String,
    /// The code's `lastUsedDateTime`, if any.
    last_used_date_time: Option<String>,
}

/// A checked entry: the user's index and the parsed times.
struct Checked {
    index: usize,
    office: Option<String>,
    start: DateTime<Utc>,
    expire: DateTime<Utc>,
    last_used: Option<DateTime<Utc>>,
}

fn bad(msg: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({"error": msg}))).into_response()
}

/// Replaces each listed user's method (any existing one is dropped) with one whose standard
/// code has the given window. Checks every entry first: an unknown user or a bad time
/// changes nothing.
async fn seed_methods(State(shared): State<Arc<Shared>>, Json(b): Json<Body>) -> Response {
    let mut checked = Vec::with_capacity(b.methods.len());
    {
        let t = shared.tenant();
        for (n, e) in b.methods.iter().enumerate() {
            let Some(index) = t.users.iter().position(|u| {
                u.id.eq_ignore_ascii_case(&e.user)
                    || u.user_principal_name.eq_ignore_ascii_case(&e.user)
            }) else {
                return bad(format!("methods[{n}]: unknown user {}", e.user));
            };
            let time = |s: &str, what: &str| {
                parse_time(s).ok_or_else(|| format!("methods[{n}]: {what} is not a date-time"))
            };
            let parsed = (|| {
                let start = time(&e.start_date_time, "startDateTime")?;
                let expire = time(&e.expire_date_time, "expireDateTime")?;
                let last_used = match &e.last_used_date_time {
                    Some(s) => Some(time(s, "lastUsedDateTime")?),
                    None => None,
                };
                if expire <= start {
                    return Err(format!(
                        "methods[{n}]: expireDateTime must be after startDateTime"
                    ));
                }
                Ok((start, expire, last_used))
            })();
            let (start, expire, last_used) = match parsed {
                Ok(p) => p,
                Err(msg) => return bad(msg),
            };
            checked.push(Checked {
                index,
                office: e.office_location.clone(),
                start,
                expire,
                last_used,
            });
        }
    }
    let ids: Vec<(String, String, String)> = checked
        .iter()
        .map(|_| (shared.new_id(), shared.new_id(), shared.new_id()))
        .collect();
    let count = checked.len();
    {
        let mut t = shared.tenant();
        for (c, (method_id, code_id, pin_id)) in checked.into_iter().zip(ids) {
            if let Some(office) = c.office {
                t.users[c.index].office_location = Some(office);
            }
            let uid = t.users[c.index].id.clone();
            let standard = QrCode {
                id: code_id,
                created_date_time: c.start,
                start_date_time: c.start,
                expire_date_time: c.expire,
                last_used_date_time: c.last_used,
                secret: Hashed::new(&random_digits(40)),
            };
            t.methods.insert(
                uid,
                QrMethod {
                    id: method_id,
                    created_date_time: c.start,
                    standard: Some(standard),
                    temporary: None,
                    pin: Pin {
                        id: pin_id,
                        hash: Hashed::new(crate::seed::DEMO_PIN),
                        force_change_pin_next_sign_in: false,
                        created_date_time: c.start,
                        updated_date_time: c.start,
                    },
                },
            );
        }
    }
    if let Err(e) = shared.save() {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"error": e.to_string()})),
        )
            .into_response();
    }
    Json(json!({"seeded": count})).into_response()
}
