//! The plan (a dry run): every row checked before anything is sent — the user exists, appears
//! once, has a PIN the policy accepts, a lifetime the tenant allows, a known template and
//! printer — and what it will do: create, skip (already has a method) or rotate. Then
//! [`start`](super::start) writes the plan to the journal as a job. Users whose method cannot
//! be used are planned by [`super::unusable`].

use std::collections::HashMap;

use chrono::{Duration, Utc};
use qrstation_graph::models::{QrCodePinMethod, User};
use qrstation_graph::{BatchItem, Subject};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use super::csv_input::{self, InputRow};
use super::pace::get_many;
use super::unusable::{self, Unusable};
use super::{Problem, RowAction};
use crate::printer_profiles::PrinterProfile;
use crate::station::summary::MethodSummary;
use crate::{PinPolicy, Result, Station};

/// Choices that change what rows do.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PlanOptions {
    /// Give users who already have a method a new badge (standard QR code; the PIN stays).
    pub rotate_existing: bool,
    /// What to do with users whose method cannot be used (default: ask, i.e. report them).
    pub unusable: Unusable,
    /// Directory of the user's own label templates (checked with the built-in ones). Filled
    /// in by the caller (the data directory's `templates/`), never by the window: a directory
    /// named over IPC could make the app read any folder.
    #[serde(skip)]
    #[ts(skip)]
    pub template_dir: Option<String>,
    /// The configured printer profiles (from the settings, filled in by the caller, never by
    /// the window): a row's `printer` column may only name one of these.
    #[serde(skip)]
    #[ts(skip)]
    pub profiles: Vec<PrinterProfile>,
}

/// Where a row's badge goes, as the plan shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Destination {
    /// The job's own choice: the template and printer profile picked for the run.
    Job,
    /// The CSV named a printer profile and/or a template for this row (a profile's own
    /// template when the row names a profile and no template).
    Row {
        /// The printer profile the row named.
        profile: Option<String>,
        /// The template the row named (or its profile's).
        template: Option<String>,
    },
}

/// What the plan saw of a user's method before anything was sent, in Graph's own time: the
/// reconcile compares it with what a later GET sees (never with this machine's clock).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Seen {
    /// The method's id, `None` when the user had no method.
    pub method_id: Option<String>,
    /// The method's `createdDateTime` (unix ms, Graph's clock).
    pub created_ms: Option<i64>,
}

/// Users picked from Graph instead of a CSV.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "by", content = "value")]
pub enum Selection {
    /// Everyone whose `department` is this.
    Department(String),
    /// Everyone whose `officeLocation` is this.
    OfficeLocation(String),
}

/// One row of the plan. Times are unix ms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlannedRow {
    /// The row's line in the CSV (or its place in the selection).
    pub line: u32,
    /// Who the row is for, as written.
    pub upn: String,
    /// The user's object id, when Graph found them.
    pub user_id: Option<String>,
    /// The user's name, when Graph found them.
    pub display_name: Option<String>,
    /// The user's department, when Graph found them.
    pub department: Option<String>,
    /// What the row will do.
    pub action: RowAction,
    /// When the badge code starts (unix ms); `None`: when it is sent.
    pub start: Option<i64>,
    /// When it expires (unix ms); `None`: from `days` or the policy.
    pub expires: Option<i64>,
    /// The code's lifetime in days, when the CSV gave one.
    pub days: Option<i64>,
    /// The CSV gave this row's PIN (else one is generated).
    pub custom_pin: bool,
    /// The row's template (the CSV's, or its printer profile's); `None`: the job's.
    pub template: Option<String>,
    /// The printer profile the CSV named for this row (its name as configured); `None`: the
    /// job's choice. Never a printer address.
    pub printer: Option<String>,
    /// Where the badge goes, in one value for the plan table.
    pub destination: Destination,
    /// Why the row cannot be sent as written (empty when it can).
    pub problems: Vec<Problem>,
    /// What the plan saw of the user's method (`None` when it could not look).
    #[serde(skip)]
    #[ts(skip)]
    pub seen: Option<Seen>,
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
    /// Every row, in line order.
    pub rows: Vec<PlannedRow>,
    /// Problems of the file as a whole (line 1: the header).
    pub problems: Vec<Problem>,
    /// Rows that create a method.
    pub create: u32,
    /// Rows that rotate an existing standard code.
    pub rotate: u32,
    /// Rows with nothing to do.
    pub skip: u32,
    /// Rows that cannot be sent as written.
    pub invalid: u32,
    /// Rows whose unusable method is renewed (new code, PIN reset) or replaced.
    pub renew: u32,
    /// Of those, the rows whose method is replaced (deleted, then created).
    pub replace: u32,
    /// Renewals: rows whose still-valid code only gets a later expiry (no reprint).
    pub extend: u32,
    /// Rows whose PIN will be generated (shown only on PIN slips, if asked for).
    pub generated_pins: u32,
    /// SHA-256 of the CSV, kept with the job for a resume.
    #[serde(skip)]
    #[ts(skip)]
    pub source_sha256: Option<String>,
    /// The PINs the CSV gave (in memory only).
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
    let managed = crate::policy::load()?; // the machine's policy: allowed templates, typed PINs
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
            printer: None,
            destination: Destination::Job,
            problems: Vec::new(),
            seen: None,
        };
        if let Some(first) = seen.insert(r.upn.to_ascii_lowercase(), r.line) {
            problems.push(Problem::new(
                r.line,
                "bulk.duplicate",
                &format!("the same user as line {first}"),
            ));
            seen.insert(r.upn.to_ascii_lowercase(), first);
        }
        if r.pin.is_some() && !managed.flag("pins.customAllowed", true) {
            let e = crate::CoreError::CustomPinNotAllowed;
            problems.push(Problem::new(r.line, e.code(), &e.to_string()));
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
        if let Some(p) = &r.printer {
            // Only a configured profile: a file must never decide where QR secrets go.
            match find_profile(&opts.profiles, p) {
                Some(profile) => {
                    row.printer = Some(profile.name.clone());
                    if row.template.is_none() {
                        row.template = Some(profile.template.clone());
                    }
                }
                None => problems.push(Problem::new(
                    r.line,
                    "bulk.printer_not_profile",
                    &not_a_profile(&opts.profiles),
                )),
            }
        }
        if let Some(t) = &row.template {
            if let Err(e) = qrstation_label::Template::find(t, template_dir) {
                problems.push(Problem::new(
                    r.line,
                    "bulk.unknown_template",
                    &e.to_string(),
                ));
            }
            if let Err(e) = crate::policy::enforce::template_allowed_by(&managed, t) {
                problems.push(Problem::new(r.line, e.code(), &e.to_string()));
            }
        }
        if row.printer.is_some() || row.template.is_some() {
            row.destination = Destination::Row {
                profile: row.printer.clone(),
                template: row.template.clone(),
            };
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
                    row.seen = m.as_ref().map(|m| Seen {
                        method_id: Some(m.id.clone()),
                        created_ms: m.created_date_time.map(|t| t.timestamp_millis()),
                    });
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
                        let why = unusable::why(&s, now);
                        row.action = unusable::decide(
                            opts.unusable,
                            r.line,
                            why,
                            r.pin.is_some(),
                            &mut problems,
                        );
                        if row.action == RowAction::Renew {
                            // Graph generates the reset PIN: the CSV's is not used.
                            pins.remove(&r.line);
                            row.custom_pin = false;
                        }
                    }
                }
                Ok(a) if a.status == 404 => row.seen = Some(Seen::default()),
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
        renew: count(RowAction::Renew),
        replace: count(RowAction::Replace),
        extend: 0,
        generated_pins: rows.iter().filter(|r| generates_pin(r)).count() as u32,
        rows,
        problems: Vec::new(),
        source_sha256: None,
        pins: Pins(pins),
    })
}

/// Whether the row's PIN is generated (by this app, or by Graph's reset for a renewal).
pub(crate) fn generates_pin(r: &PlannedRow) -> bool {
    match r.action {
        RowAction::Create | RowAction::Replace => !r.custom_pin,
        RowAction::Renew => true,
        _ => false,
    }
}

/// The profile named `name` (ignoring case and surrounding spaces).
pub(crate) fn find_profile<'a>(
    profiles: &'a [PrinterProfile],
    name: &str,
) -> Option<&'a PrinterProfile> {
    let name = name.trim();
    profiles.iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

/// Why a row's `printer` was refused (the value itself is not repeated).
fn not_a_profile(profiles: &[PrinterProfile]) -> String {
    let names: Vec<&str> = profiles.iter().take(6).map(|p| p.name.as_str()).collect();
    let known = if names.is_empty() {
        "no printer profiles are set up (Printers)".to_owned()
    } else {
        format!("the profiles are: {}", names.join(", "))
    };
    format!(
        "`printer` must name a printer profile; printer addresses (cups:, tcp:, file:) are not \
         taken from a file — {known}"
    )
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
