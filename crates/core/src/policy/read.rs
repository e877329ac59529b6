//! The validating reader of policy files: hostile input is expected (a size cap, unknown keys
//! are errors, wrong types say which key and why), every problem is listed rather than the
//! first one, and nothing in here panics.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};
use ts_rs::TS;

use super::keys::{self, KeyDef, Kind, MAX_PROFILES};

/// The largest policy file read (256 KiB); real ones are a few hundred bytes.
pub const MAX_POLICY_BYTES: usize = 256 * 1024;

/// The most problems listed for one file; the rest are counted in one last problem.
pub const MAX_PROBLEMS: usize = 200;

/// The key that problems with the file as a whole are reported under.
pub const FILE_KEY: &str = "(file)";

/// One thing wrong with a policy file: the dotted key (`kiosk.idleSeconds`,
/// `printing.profiles[1].copies`, or `(file)`) and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PolicyProblem {
    /// The dotted key, as written in the file.
    pub key: String,
    /// What is wrong with its value.
    pub reason: String,
}

impl std::fmt::Display for PolicyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.reason)
    }
}

/// One key's value in a policy, and whether the user may change it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The value, checked against the key's kind (texts trimmed).
    pub value: Value,
    /// `true`: enforced, read-only in the app. `false`: a default the user may change.
    pub locked: bool,
}

/// A checked policy: the keys it names. [`Policy::default`] is "no policy".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    entries: BTreeMap<&'static str, Entry>,
    path: Option<std::path::PathBuf>,
}

impl Policy {
    /// Reads a policy from the text of a file; every problem when it is not a valid one.
    pub fn parse(text: &str) -> Result<Policy, Vec<PolicyProblem>> {
        let mut problems = Problems::default();
        if text.len() > MAX_POLICY_BYTES {
            problems.add(
                FILE_KEY,
                format!("is larger than {} KiB", MAX_POLICY_BYTES / 1024),
            );
            return Err(problems.done());
        }
        let top = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(top)) => top,
            Ok(_) => {
                problems.add(FILE_KEY, "must be a JSON object".into());
                return Err(problems.done());
            }
            Err(e) => {
                problems.add(FILE_KEY, format!("is not JSON ({e})"));
                return Err(problems.done());
            }
        };
        let mut entries = BTreeMap::new();
        walk(&top, "", &mut entries, &mut problems);
        cross_checks(&entries, &mut problems);
        if problems.list.is_empty() {
            Ok(Policy {
                entries,
                path: None,
            })
        } else {
            Err(problems.done())
        }
    }

    /// The same policy, remembered as read from `path`.
    pub fn with_path(mut self, path: std::path::PathBuf) -> Policy {
        self.path = Some(path);
        self
    }

    /// The file it was read from; `None` for no policy.
    pub fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }

    /// Whether it names no key at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry for `key`, if the policy names it.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries.get(key)
    }

    /// Every key it names, with its entry, in key order.
    pub fn entries(&self) -> impl Iterator<Item = (&'static str, &Entry)> {
        self.entries.iter().map(|(k, e)| (*k, e))
    }

    /// The flag `key` (a policy-only key: locked or not, the policy's word is final), else
    /// `default`.
    pub fn flag(&self, key: &str, default: bool) -> bool {
        self.entry(key)
            .and_then(|e| e.value.as_bool())
            .unwrap_or(default)
    }

    /// The text `key`, if named.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.entry(key).and_then(|e| e.value.as_str())
    }

    /// The list of texts `key`, if named.
    pub fn texts(&self, key: &str) -> Option<Vec<String>> {
        let list = self.entry(key)?.value.as_array()?;
        Some(
            list.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
        )
    }
}

#[derive(Default)]
struct Problems {
    list: Vec<PolicyProblem>,
    more: usize,
}

impl Problems {
    fn add(&mut self, key: &str, reason: String) {
        if self.list.len() < MAX_PROBLEMS {
            self.list.push(PolicyProblem {
                key: shown(key),
                reason,
            });
        } else {
            self.more += 1;
        }
    }

    fn done(mut self) -> Vec<PolicyProblem> {
        if self.more > 0 {
            self.list.push(PolicyProblem {
                key: FILE_KEY.into(),
                reason: format!("{} more problems not listed", self.more),
            });
        }
        self.list
    }
}

/// A key from the file as it may be shown: at most 80 characters, control characters as `?`.
fn shown(key: &str) -> String {
    if key.is_empty() {
        return "(empty key)".into();
    }
    let mut out: String = key
        .chars()
        .take(80)
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    if key.chars().count() > 80 {
        out.push('…');
    }
    out
}

fn walk(
    obj: &Map<String, Value>,
    prefix: &str,
    entries: &mut BTreeMap<&'static str, Entry>,
    problems: &mut Problems,
) {
    for (name, value) in obj {
        let key = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}.{name}")
        };
        if prefix.is_empty() && name == "$schema" {
            if !value.is_string() {
                problems.add(&key, "must be text (the schema's address)".into());
            }
            continue;
        }
        if prefix.is_empty() && name == "version" {
            if value.as_u64() != Some(1) {
                problems.add(&key, "must be 1".into());
            }
            continue;
        }
        if let Some(def) = keys::def(&key) {
            if let Some(entry) = read_entry(def, value, problems) {
                entries.insert(def.key, entry);
            }
        } else if keys::is_group(&key) {
            match value {
                Value::Object(inner) => walk(inner, &key, entries, problems),
                _ => problems.add(&key, "must be an object holding its settings".into()),
            }
        } else {
            problems.add(&key, "unknown key".into());
        }
    }
}

/// `X` or `{"value": X, "locked": true|false}`; `locked` is `true` when absent.
fn read_entry(def: &KeyDef, value: &Value, problems: &mut Problems) -> Option<Entry> {
    let (value, locked) = match value {
        Value::Object(o) => {
            let mut ok = true;
            for field in o.keys() {
                if field != "value" && field != "locked" {
                    problems.add(
                        &format!("{}.{field}", def.key),
                        "unknown key (a setting is written as its value, or as {\"value\": …, \"locked\": true|false})".into(),
                    );
                    ok = false;
                }
            }
            let locked = match o.get("locked") {
                None => true,
                Some(Value::Bool(b)) => *b,
                Some(_) => {
                    problems.add(
                        &format!("{}.locked", def.key),
                        "must be true or false".into(),
                    );
                    ok = false;
                    true
                }
            };
            let Some(inner) = o.get("value") else {
                problems.add(def.key, "has no \"value\"".into());
                return None;
            };
            if !ok {
                check_value(def, inner, problems);
                return None;
            }
            (inner, locked)
        }
        v => (v, true),
    };
    check_value(def, value, problems).map(|value| Entry { value, locked })
}

/// The value checked against the key's kind (texts trimmed); `None` after adding problems.
fn check_value(def: &KeyDef, v: &Value, problems: &mut Problems) -> Option<Value> {
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

/// Problems between keys: a default profile the policy's own profiles lack, and profiles
/// whose template the policy does not allow.
fn cross_checks(entries: &BTreeMap<&'static str, Entry>, problems: &mut Problems) {
    let names = |e: &Entry, field: &str| -> Vec<String> {
        e.value
            .as_array()
            .map(|l| {
                l.iter()
                    .filter_map(|p| p.get(field)?.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    if let (Some(profiles), Some(default)) = (
        entries.get("printing.profiles"),
        entries.get("printing.defaultProfile"),
    ) {
        let default = default.value.as_str().unwrap_or_default();
        if !names(profiles, "name")
            .iter()
            .any(|n| n.eq_ignore_ascii_case(default))
        {
            problems.add(
                "printing.defaultProfile",
                format!("{default:?} is not one of printing.profiles"),
            );
        }
    }
    if let (Some(profiles), Some(allowed)) = (
        entries.get("printing.profiles"),
        entries.get("printing.allowedTemplates"),
    ) {
        let allowed: Vec<String> = allowed
            .value
            .as_array()
            .map(|l| {
                l.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        for (i, t) in names(profiles, "template").iter().enumerate() {
            if !allowed.contains(t) {
                problems.add(
                    &format!("printing.profiles[{i}].template"),
                    format!("{t:?} is not in printing.allowedTemplates"),
                );
            }
        }
    }
}
