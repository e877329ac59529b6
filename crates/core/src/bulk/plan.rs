//! The plan (a dry run): every row checked before anything is sent — the user exists, appears
//! once, has a PIN the policy accepts, a lifetime the tenant allows, a known template and
//! printer — and what it will do: create, skip (already has a method) or rotate. Then
//! [`start`](super::start) writes the plan to the journal as a job. Users whose method cannot
//! be used are planned by [`super::unusable`].

use sha2::{Digest, Sha256};

use crate::bulk::csv_input::{self, InputRow};
use crate::bulk::RowAction;
use crate::{PinPolicy, Result, Station};

mod check;
mod model;

use check::check;
pub(crate) use check::find_profile;
pub use model::{Destination, Pins, Plan, PlanOptions, PlannedRow, Seen, Selection};

/// Plans a CSV (`source` names it: its path, kept to re-read custom PINs on resume).
pub async fn plan_csv(
    station: &Station,
    source: &str,
    bytes: &[u8],
    opts: &PlanOptions,
) -> Result<Plan> {
    let parsed = csv_input::parse(bytes);
    let mut file_problems = Vec::new();
    let mut rows = Vec::new();
    for p in parsed.problems {
        // The header's problems, and those that stop reading the file (bytes that are not
        // UTF-8 stop it on their line), stop the whole job.
        if p.line <= 1 || p.code == "bulk.csv_encoding" {
            file_problems.push(p);
        } else {
            rows.push(PlannedRow {
                line: p.line,
                upn: String::new(),
                user_id: None,
                display_name: None,
                department: None,
                action: RowAction::Invalid,
                start: None,
                expires: None,
                days: None,
                custom_pin: false,
                template: None,
                printer: None,
                destination: Destination::Job,
                problems: vec![p],
                seen: None,
            });
        }
    }
    let mut plan = check(station, parsed.rows, rows, opts).await?;
    plan.source = source.to_owned();
    plan.problems = file_problems;
    plan.source_sha256 = Some(sha256_hex(bytes));
    Ok(plan)
}

/// Plans every user of a department or store, from Graph.
pub async fn plan_selection(
    station: &Station,
    selection: &Selection,
    opts: &PlanOptions,
) -> Result<Plan> {
    let (prop, value, words) = match selection {
        Selection::Department(v) => ("department", v, "department"),
        Selection::OfficeLocation(v) => ("officeLocation", v, "office location"),
    };
    let mut users = station.graph().users_where(prop, value).await?;
    users.sort_by(|a, b| a.user_principal_name.cmp(&b.user_principal_name));
    let rows = users
        .iter()
        .enumerate()
        .filter_map(|(i, u)| {
            Some(InputRow {
                line: i as u32 + 1,
                upn: u.user_principal_name.clone()?,
                start: None,
                expires: None,
                days: None,
                pin: None,
                template: None,
                printer: None,
            })
        })
        .collect();
    let mut plan = check(station, rows, Vec::new(), opts).await?;
    plan.source = format!("{words} = {value}");
    Ok(plan)
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The PINs of a CSV read again (on resume), if it is still the file the job was planned from.
pub(crate) fn reread_pins(source: &str, sha256: Option<&str>) -> Option<Pins> {
    let bytes = std::fs::read(source).ok()?;
    if Some(sha256_hex(&bytes).as_str()) != sha256 {
        return None;
    }
    let parsed = csv_input::parse(&bytes);
    Some(Pins(
        parsed
            .rows
            .into_iter()
            .filter_map(|r| r.pin.map(|p| (r.line, p)))
            .collect(),
    ))
}

/// What policy the PIN check used (for the generator in the run).
pub(crate) async fn pin_policy(station: &Station) -> Result<(PinPolicy, i64)> {
    station.policy_rules().await
}
