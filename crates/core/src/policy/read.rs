//! The validating reader of policy files: hostile input is expected (a size cap, unknown keys
//! are errors, wrong types say which key and why), every problem is listed rather than the
//! first one, and nothing in here panics.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};
use ts_rs::TS;

use super::keys::{self, KeyDef};

mod values;

use values::check_value;

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
