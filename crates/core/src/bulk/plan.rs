//! The plan (a dry run): every row checked before anything is sent — the user exists, appears
//! once, has a PIN the policy accepts, a lifetime the tenant allows, a known template and
//! printer — and what it will do: create, skip (already has a method) or rotate. Then
//! [`start`] writes the plan to the journal as a job.

use std::collections::HashMap;

use chrono::{Duration, Utc};
use qrstation_graph::models::{QrCodePinMethod, User};
use qrstation_graph::{BatchItem, Subject};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::csv_input::{self, InputRow};
use super::journal::{self, JobInfo};
use super::pace::get_many;
use super::{Problem, RowAction, RunOptions};
use crate::station::summary::MethodSummary;
use crate::{PinPolicy, Result, Station};

/// Choices that change what rows do.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PlanOptions {
    /// Give users who already have a method a new badge (standard QR code; the PIN stays).
    pub rotate_existing: bool,
    /// Directory of the user's own label templates (checked with the built-in ones).
    pub template_dir: Option<String>,
}

/// Users picked from Graph instead of a CSV.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "by", content = "value")]
pub enum Selection {
    Department(String),
    OfficeLocation(String),
}

/// One row of the plan. Times are unix ms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlannedRow {
    pub line: u32,
    pub upn: String,
    pub user_id: Option<String>,
    pub display_name: Option<String>,
    pub department: Option<String>,
    pub action: RowAction,
    pub start: Option<i64>,
    pub expires: Option<i64>,
    pub days: Option<i64>,
    /// The CSV gave this row's PIN (else one is generated).
    pub custom_pin: bool,
    pub template: Option<String>,
    pub printer: Option<String>,
    pub problems: Vec<Problem>,
}

/// The PINs the CSV gave, by line; only ever in memory. `Debug` shows how many.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Pins(pub(crate) HashMap<u32, String>);

impl std::fmt::Debug for Pins {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pins({} redacted)", self.0.len())
    }
}

/// What a job would do, row by row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    /// The CSV's path, or the selection in words.
    pub source: String,
    pub rows: Vec<PlannedRow>,
    /// Problems of the file as a whole (line 1: the header).
    pub problems: Vec<Problem>,
    pub create: u32,
    pub rotate: u32,
    pub skip: u32,
    pub invalid: u32,
    /// Rows whose PIN will be generated (shown only on PIN slips, if asked for).
    pub generated_pins: u32,
    #[serde(skip)]
    #[ts(skip)]
    pub source_sha256: Option<String>,
    #[serde(skip)]
    #[ts(skip)]
    pub pins: Pins,
}

impl Plan {
    /// True when a file-level error (no `upn` column, not UTF-8) stops the whole job.
    pub fn is_blocked(&self) -> bool {
        self.problems.iter().any(|p| !p.warning)
    }
}

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
        if p.line <= 1 {
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
                problems: vec![p],
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

/// Relative URL of a user, for a batch.
fn user_url(upn: &str) -> String {
    let enc: String = upn
        .chars()
        .map(|c| match c {
            '%' => "%25".into(),
            '#' => "%23".into(),
            '?' => "%3F".into(),
            '/' => "%2F".into(),
            ' ' => "%20".into(),
            c => c.to_string(),
        })
        .collect();
    format!("/users/{enc}?$select=id,userPrincipalName,displayName,department,officeLocation")
}

async fn check(
    station: &Station,
    input: Vec<InputRow>,
    mut rows: Vec<PlannedRow>,
    opts: &PlanOptions,
) -> Result<Plan> {
    let graph = station.graph();
    let (policy, lifetime_days) = station.policy_rules().await?;
    let now = Utc::now();
    let template_dir = opts.template_dir.as_deref().map(std::path::Path::new);
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut pins = HashMap::new();
    // Lookups: the user and their method, two GETs per row, batched.
    let mut items = Vec::with_capacity(input.len() * 2);
    for r in &input {
        items.push(BatchItem {
            method: "GET".into(),
            url: user_url(&r.upn),
            body: None,
        });
        items.push(BatchItem::get_method(graph, &Subject::user(r.upn.clone()))?);
    }
    let answers = get_many(graph, items, 6, 6).await;
    for (k, r) in input.into_iter().enumerate() {
        let mut problems = Vec::new();
        let mut row = PlannedRow {
            line: r.line,
            upn: r.upn.clone(),
            user_id: None,
            display_name: None,
            department: None,
            action: RowAction::Create,
            start: r.start.map(|t| t.timestamp_millis()),
            expires: r.expires.map(|t| t.timestamp_millis()),
            days: r.days,
            custom_pin: r.pin.is_some(),
            template: r.template.clone(),
            printer: r.printer.clone(),
            problems: Vec::new(),
        };
        if let Some(first) = seen.insert(r.upn.to_ascii_lowercase(), r.line) {
            problems.push(Problem::new(
                r.line,
                "bulk.duplicate",
                &format!("the same user as line {first}"),
            ));
            seen.insert(r.upn.to_ascii_lowercase(), first);
        }
        if let Some(pin) = &r.pin {
            match policy.check(pin) {
                Ok(()) => {
                    pins.insert(r.line, pin.clone());
                }
                Err(why) => problems.push(Problem::new(r.line, why.code(), &why.to_string())),
            }
        }
        check_lifetime(&r, &mut problems, now, lifetime_days);
        if let Some(t) = &r.template {
            if let Err(e) = qrstation_label::Template::find(t, template_dir) {
                problems.push(Problem::new(
                    r.line,
                    "bulk.unknown_template",
                    &e.to_string(),
                ));
            }
        }
        if let Some(p) = &r.printer {
            if let Err(e) = qrstation_label::Printer::parse(p) {
                problems.push(Problem::new(r.line, "bulk.bad_printer", &e.to_string()));
            }
        }
        match &answers[2 * k] {
            Ok(a) if a.is_success() => {
                let user: Option<User> =
                    a.body.clone().and_then(|b| serde_json::from_value(b).ok());
                if let Some(u) = user {
                    row.user_id = Some(u.id.clone());
                    row.display_name = u.display_name.clone();
                    row.department = u.office_location.clone().or(u.department.clone());
                }
            }
            Ok(a) if a.status == 404 => problems.push(Problem::new(
                r.line,
                "bulk.unknown_user",
                "no such user in the tenant",
            )),
            Ok(a) => problems.push(Problem::new(
                r.line,
                "bulk.lookup_failed",
                &format!("looking the user up failed (HTTP {})", a.status),
            )),
            Err(e) => problems.push(Problem::new(r.line, e.code(), &e.to_string())),
        }
        if row.user_id.is_some() {
            match &answers[2 * k + 1] {
                Ok(a) if a.is_success() => {
                    let m: Option<QrCodePinMethod> =
                        a.body.clone().and_then(|b| serde_json::from_value(b).ok());
                    let s = MethodSummary::of(m.as_ref(), now);
                    if s.usable {
                        row.action = if opts.rotate_existing {
                            RowAction::Rotate
                        } else {
                            RowAction::Skip
                        };
                        if r.pin.is_some() && opts.rotate_existing {
                            problems.push(Problem::warning(
                                r.line,
                                "bulk.pin_ignored",
                                "a rotation keeps the user's PIN: the `pin` column is not used",
                            ));
                        }
                    } else if s.has_method {
                        problems.push(Problem::warning(
                            r.line,
                            "bulk.replaces_expired",
                            "the user's method has no valid code: a new one replaces it",
                        ));
                    }
                }
                Ok(a) if a.status == 404 => {}
                Ok(a) => problems.push(Problem::new(
                    r.line,
                    "bulk.lookup_failed",
                    &format!("reading the user's method failed (HTTP {})", a.status),
                )),
                Err(e) => problems.push(Problem::new(r.line, e.code(), &e.to_string())),
            }
        }
        if problems.iter().any(|p| !p.warning) {
            row.action = RowAction::Invalid;
            pins.remove(&r.line);
        }
        row.problems = problems;
        rows.push(row);
    }
    rows.sort_by_key(|r| r.line);
    let count = |a: RowAction| rows.iter().filter(|r| r.action == a).count() as u32;
    Ok(Plan {
        source: String::new(),
        create: count(RowAction::Create),
        rotate: count(RowAction::Rotate),
        skip: count(RowAction::Skip),
        invalid: count(RowAction::Invalid),
        generated_pins: rows
            .iter()
            .filter(|r| r.action == RowAction::Create && !r.custom_pin)
            .count() as u32,
        rows,
        problems: Vec::new(),
        source_sha256: None,
        pins: Pins(pins),
    })
}

/// The lifetime within the tenant's `standardQRCodeLifetimeInDays` and in the future.
fn check_lifetime(
    r: &InputRow,
    problems: &mut Vec<Problem>,
    now: chrono::DateTime<Utc>,
    max_days: i64,
) {
    let start = r.start.unwrap_or(now);
    let expires = r
        .expires
        .or(r.days.map(|d| start + Duration::days(d)))
        .unwrap_or(start + Duration::days(max_days));
    if expires <= start {
        problems.push(Problem::new(
            r.line,
            "bulk.lifetime",
            "the code must expire after it starts",
        ));
    } else if expires <= now {
        problems.push(Problem::new(
            r.line,
            "bulk.lifetime",
            "the code would already be expired",
        ));
    } else if expires - start > Duration::days(max_days) + Duration::minutes(1) {
        problems.push(Problem::new(
            r.line,
            "bulk.lifetime",
            &format!(
                "the code would last {} days; the tenant allows at most {max_days}",
                (expires - start).num_days()
            ),
        ));
    }
}

/// Writes `plan` to the journal as a new job run with `options`; returns its id. Rows to skip
/// and invalid rows are recorded as such (they appear in the results).
pub async fn start(station: &Station, plan: &Plan, options: &RunOptions) -> Result<String> {
    if plan.is_blocked() {
        return Err(crate::CoreError::InvalidInput(
            "the file has problems that stop the whole job (see the plan)".into(),
        ));
    }
    let now = crate::time::now_ms();
    let mut rnd = [0u8; 3];
    getrandom::fill(&mut rnd).map_err(|e| crate::CoreError::InvalidInput(e.to_string()))?;
    let stamp = crate::time::iso8601(now);
    let id = format!(
        "{}{}{}-{}{}{}-{:02x}{:02x}{:02x}",
        &stamp[0..4],
        &stamp[5..7],
        &stamp[8..10],
        &stamp[11..13],
        &stamp[14..16],
        &stamp[17..19],
        rnd[0],
        rnd[1],
        rnd[2]
    );
    let job = JobInfo {
        id: id.clone(),
        created_at: now,
        updated_at: now,
        operator_upn: station.operator().to_owned(),
        source: plan.source.clone(),
        state: "running".into(),
        options: options.clone(),
        source_sha256: plan.source_sha256.clone(),
    };
    journal::insert_job(station.store(), &job, &plan.rows).await?;
    Ok(id)
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
