//! The row checks of a plan: users looked up in `$batch`es, duplicates, PINs, lifetimes,
//! templates and printer profiles, and what each row will do.

use std::collections::HashMap;

use chrono::{Duration, Utc};
use qrstation_graph::models::{QrCodePinMethod, User};
use qrstation_graph::{BatchItem, Subject};

use crate::bulk::csv_input::InputRow;
use crate::bulk::pace::get_many;
use crate::bulk::unusable;
use crate::bulk::{Problem, RowAction};
use crate::printer_profiles::PrinterProfile;
use crate::station::summary::MethodSummary;
use crate::{Result, Station};

use super::model::{Destination, Pins, Plan, PlanOptions, PlannedRow, Seen};

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

pub(super) async fn check(
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
