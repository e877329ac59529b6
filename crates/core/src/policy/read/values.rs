//! The checks of one value against its key's kind: texts, lists, numbers, tenant ids and
//! printer profiles, each problem said with its key (part of the policy reader).

use serde_json::{Map, Value};

use super::Problems;
use crate::policy::keys::{KeyDef, Kind, MAX_PROFILES};

/// The value checked against the key's kind (texts trimmed); `None` after adding problems.
pub(super) fn check_value(def: &KeyDef, v: &Value, problems: &mut Problems) -> Option<Value> {
    let key = def.key;
    if v.is_null() {
        problems.add(key, "must not be null (leave the key out instead)".into());
        return None;
    }
    let before = problems.list.len() + problems.more;
    let out = match def.kind {
        Kind::Bool => match v {
            Value::Bool(_) => Some(v.clone()),
            _ => fail(
                problems,
                key,
                format!("must be true or false, not {}", kind_of(v)),
            ),
        },
        Kind::Uint { min, max } => match v.as_u64() {
            Some(n) if (min..=max).contains(&n) => Some(v.clone()),
            _ => fail(
                problems,
                key,
                format!(
                    "must be a whole number from {min} to {max}, not {}",
                    brief(v)
                ),
            ),
        },
        Kind::Text { max, word } => text(v, max, word)
            .map_or_else(|why| fail(problems, key, why), |t| Some(Value::String(t))),
        Kind::OneOf(words) => match v.as_str() {
            Some(s) if words.contains(&s) => Some(v.clone()),
            _ => fail(
                problems,
                key,
                format!("must be one of {}, not {}", words.join(", "), brief(v)),
            ),
        },
        Kind::TextList { items } => text_list(key, v, items, problems),
        Kind::Profiles => profiles(key, v, problems),
    };
    let out = out?;
    let extra = match key {
        "tenant" => tenant_problem(out.as_str().unwrap_or_default()),
        "clientId" => (!is_guid(out.as_str().unwrap_or_default()))
            .then(|| "must be the app registration's client id (a GUID)".to_owned()),
        _ => None,
    };
    if let Some(why) = extra {
        problems.add(key, why);
    }
    (problems.list.len() + problems.more == before).then_some(out)
}

fn fail(problems: &mut Problems, key: &str, why: String) -> Option<Value> {
    problems.add(key, why);
    None
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A short description of a value from the file for a reason: numbers and short words as
/// written, anything else by its kind.
fn brief(v: &Value) -> String {
    match v {
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.chars().count() <= 32 && !s.chars().any(char::is_control) => {
            format!("{s:?}")
        }
        other => kind_of(other).to_owned(),
    }
}

fn text(v: &Value, max: usize, word: bool) -> Result<String, String> {
    let Some(s) = v.as_str() else {
        return Err(format!("must be text, not {}", kind_of(v)));
    };
    let t = s.trim();
    if t.is_empty() {
        return Err("must not be empty".into());
    }
    if t.chars().count() > max {
        return Err(format!("must be at most {max} characters"));
    }
    if t.chars().any(char::is_control) {
        return Err("must not hold control characters".into());
    }
    if word && t.chars().any(char::is_whitespace) {
        return Err("must not hold spaces".into());
    }
    Ok(t.to_owned())
}

fn text_list(key: &str, v: &Value, items: usize, problems: &mut Problems) -> Option<Value> {
    let Some(list) = v.as_array() else {
        return fail(
            problems,
            key,
            format!("must be a list of names, not {}", kind_of(v)),
        );
    };
    if list.len() > items {
        return fail(problems, key, format!("must hold at most {items} names"));
    }
    let mut out = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        match text(item, 64, false) {
            Ok(t) => out.push(Value::String(t)),
            Err(why) => problems.add(&format!("{key}[{i}]"), why),
        }
    }
    (out.len() == list.len()).then_some(Value::Array(out))
}

const PROFILE_FIELDS: &[&str] = &["name", "printer", "template", "format", "copies", "media"];

fn profiles(key: &str, v: &Value, problems: &mut Problems) -> Option<Value> {
    let Some(list) = v.as_array() else {
        return fail(
            problems,
            key,
            format!("must be a list of printer profiles, not {}", kind_of(v)),
        );
    };
    if list.len() > MAX_PROFILES {
        return fail(
            problems,
            key,
            format!("must hold at most {MAX_PROFILES} profiles"),
        );
    }
    let before = problems.list.len() + problems.more;
    let mut out = Vec::with_capacity(list.len());
    let mut names = std::collections::HashSet::new();
    for (i, item) in list.iter().enumerate() {
        let at = |f: &str| format!("{key}[{i}].{f}");
        let Some(o) = item.as_object() else {
            problems.add(
                &format!("{key}[{i}]"),
                format!("must be an object, not {}", kind_of(item)),
            );
            continue;
        };
        for f in o.keys().filter(|f| !PROFILE_FIELDS.contains(&f.as_str())) {
            problems.add(&at(f), "unknown key".into());
        }
        let mut p = Map::new();
        for f in ["name", "printer", "template"] {
            match o.get(f).map(|v| text(v, 256, false)) {
                None => problems.add(&at(f), "is required".into()),
                Some(Err(why)) => problems.add(&at(f), why),
                Some(Ok(t)) => {
                    p.insert(f.into(), Value::String(t));
                }
            }
        }
        if let Some(name) = p.get("name").and_then(Value::as_str) {
            if name.chars().count() > 64 {
                problems.add(&at("name"), "must be at most 64 characters".into());
            } else if !names.insert(name.to_lowercase()) {
                problems.add(
                    &at("name"),
                    format!("{name:?} is the name of an earlier profile"),
                );
            }
        }
        if let Some(printer) = p.get("printer").and_then(Value::as_str) {
            if let Err(e) = qrstation_label::Printer::parse(printer) {
                problems.add(&at("printer"), e.to_string());
            }
        }
        if let Some(f) = o.get("format") {
            match f.as_str().map(str::parse::<qrstation_label::Format>) {
                Some(Ok(_)) => {
                    p.insert("format".into(), f.clone());
                }
                _ => problems.add(&at("format"), "must be pdf, png, zpl or brother-ql".into()),
            }
        }
        if let Some(c) = o.get("copies") {
            let max = crate::printer_profiles::MAX_COPIES;
            match c.as_u64() {
                Some(n) if (1..=u64::from(max)).contains(&n) => {
                    p.insert("copies".into(), c.clone());
                }
                _ => problems.add(
                    &at("copies"),
                    format!("must be a whole number from 1 to {max}"),
                ),
            }
        }
        if let Some(m) = o.get("media") {
            match text(m, 128, false) {
                Ok(t) => {
                    p.insert("media".into(), Value::String(t));
                }
                Err(why) => problems.add(&at("media"), why),
            }
        }
        out.push(Value::Object(p));
    }
    (problems.list.len() + problems.more == before).then_some(Value::Array(out))
}

fn tenant_problem(t: &str) -> Option<String> {
    ["common", "organizations", "consumers"]
        .iter()
        .any(|m| t.eq_ignore_ascii_case(m))
        .then(|| format!("must name one tenant (its id or domain), not {t:?}"))
}

fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}
