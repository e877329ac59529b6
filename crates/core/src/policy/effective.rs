//! Precedence, in one place: a locked policy value, then the user's setting, then a policy
//! value that is not locked (an organisation's default), then qrstation's default. The app,
//! the kiosk and the CLI all read their settings through here ([`crate::Settings::load`]),
//! and every settings write passes [`to_save`], which refuses to change a locked value.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

use super::keys::{self, KEYS};
use super::read::Policy;
use crate::{CoreError, Result, Settings};

/// Where an effective value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Source {
    /// The machine's policy file.
    Policy,
    /// The user's `settings.json`.
    User,
    /// qrstation's own default.
    Default,
}

/// One key's effective value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveValue {
    /// The policy key, e.g. `kiosk.idleSeconds`.
    pub key: String,
    /// The value as JSON text (`null`: none).
    pub value: String,
    /// Where it came from.
    pub source: Source,
    /// Set by the policy and locked: read-only ("Set by your organisation").
    pub locked: bool,
}

/// The effective configuration, as `config show` and the app's `config_effective` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveConfig {
    /// The policy file in force, if any.
    pub policy_file: Option<String>,
    /// Every policy key, in the schema's order.
    pub values: Vec<EffectiveValue>,
}

/// The settings with the policy applied, the policy, and each value's source.
#[derive(Debug, Clone)]
pub struct Effective {
    /// The settings every part of qrstation uses.
    pub settings: Settings,
    /// The machine's policy (empty when there is none).
    pub policy: Policy,
    config: EffectiveConfig,
}

impl Effective {
    /// The effective configuration of `data_dir` under the machine's policy.
    pub fn load(data_dir: &Path) -> Result<Effective> {
        let policy = super::file::load()?;
        let user = Settings::load_user(data_dir)?;
        let raw = raw_user(data_dir)?;
        Effective::resolve(policy, user, &raw)
    }

    /// The effective configuration of the user's settings `user` (whose file says `raw`)
    /// under `policy`.
    pub fn resolve(policy: Policy, user: Settings, raw: &Value) -> Result<Effective> {
        let settings = apply(&policy, user, raw)?;
        let s = to_value(&settings);
        let values = KEYS
            .iter()
            .map(|def| {
                let entry = policy.entry(def.key);
                let by_user = def.settings.iter().any(|p| user_set(raw, p));
                let (source, locked) = match entry {
                    Some(e) if e.locked => (Source::Policy, true),
                    _ if by_user => (Source::User, false),
                    Some(_) => (Source::Policy, false),
                    None => (Source::Default, false),
                };
                let value = match (def.key, def.settings.first()) {
                    ("cloud", _) => cloud_of(&settings, entry.map(|e| &e.value)),
                    (_, Some(ptr)) => s.pointer(ptr).cloned().unwrap_or(Value::Null),
                    (_, None) => entry.map_or_else(
                        || serde_json::from_str(def.default).unwrap_or(Value::Null),
                        |e| e.value.clone(),
                    ),
                };
                let value = match (&value, source) {
                    (Value::Null, Source::Default) => {
                        serde_json::from_str(def.default).unwrap_or(Value::Null)
                    }
                    _ => value,
                };
                EffectiveValue {
                    key: def.key.to_owned(),
                    value: value.to_string(),
                    source,
                    locked,
                }
            })
            .collect();
        Ok(Effective {
            config: EffectiveConfig {
                policy_file: policy.path().map(|p| p.display().to_string()),
                values,
            },
            settings,
            policy,
        })
    }

    /// Every key's value and source.
    pub fn config(&self) -> &EffectiveConfig {
        &self.config
    }

    /// The effective value of `key`.
    pub fn value(&self, key: &str) -> Option<&EffectiveValue> {
        self.config.values.iter().find(|v| v.key == key)
    }

    /// Whether the policy locks `key`.
    pub fn locked(&self, key: &str) -> bool {
        self.policy.entry(key).is_some_and(|e| e.locked)
    }
}

/// [`crate::Settings::load`]: the user's settings with the machine's policy applied.
pub fn load_settings(data_dir: &Path) -> Result<Settings> {
    let policy = super::file::load()?;
    let user = Settings::load_user(data_dir)?;
    if policy.is_empty() {
        return Ok(user);
    }
    apply(&policy, user, &raw_user(data_dir)?)
}

/// What [`crate::Settings::save`] writes for `new`: refused (`policy.locked`, naming the key)
/// when it changes a locked value; values the policy set and the user never did are left out
/// of the file, so they keep following the policy.
pub fn to_save(new: &Settings, data_dir: &Path) -> Result<Value> {
    let policy = super::file::load()?;
    let mut out = to_value(new);
    if policy.is_empty() {
        return Ok(out);
    }
    let raw = raw_user(data_dir)?;
    let now = to_value(&apply(&policy, Settings::load_user(data_dir)?, &raw)?);
    for (key, entry) in policy.entries() {
        let Some(def) = keys::def(key) else { continue };
        for ptr in def.settings {
            if entry.locked && out.pointer(ptr) != now.pointer(ptr) {
                return Err(CoreError::PolicyLocked(key.to_owned()));
            }
        }
        for ptr in def.settings {
            let untouched = !user_set(&raw, ptr) && out.pointer(ptr) == now.pointer(ptr);
            if untouched && !ptr.starts_with("/mode/") {
                remove(&mut out, ptr);
            }
        }
    }
    Ok(out)
}

/// The user's settings file as JSON (an empty object when there is none).
fn raw_user(data_dir: &Path) -> Result<Value> {
    let path = crate::settings::settings_path(data_dir);
    match std::fs::read_to_string(&path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| CoreError::InvalidSettings {
            path,
            reason: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Value::Object(Default::default())),
        Err(source) => Err(CoreError::Io {
            action: "read",
            path,
            source,
        }),
    }
}

/// Whether the user's file gives `ptr` a value.
fn user_set(raw: &Value, ptr: &str) -> bool {
    raw.pointer(ptr).is_some_and(|v| !v.is_null())
}

fn to_value(s: &Settings) -> Value {
    serde_json::to_value(s).unwrap_or(Value::Null)
}

/// `user` with `policy` applied: locked values always, unlocked ones where the user's file
/// (`raw`) names none.
fn apply(policy: &Policy, user: Settings, raw: &Value) -> Result<Settings> {
    if policy.is_empty() {
        return Ok(user);
    }
    let mut s = to_value(&user);
    // The tenant makes the mode Entra (for the client id), and the cloud's authority names
    // the tenant: tenant first, cloud last.
    let mut order: Vec<_> = policy.entries().collect();
    order.sort_by_key(|(k, _)| match *k {
        "tenant" => 0,
        "cloud" => 2,
        _ => 1,
    });
    for (key, entry) in order {
        let Some(def) = keys::def(key) else { continue };
        if def.settings.is_empty()
            || (!entry.locked && def.settings.iter().any(|p| user_set(raw, p)))
        {
            continue;
        }
        match key {
            "tenant" | "clientId" => {
                let field = if key == "tenant" {
                    "tenant"
                } else {
                    "clientId"
                };
                let entra = s.pointer("/mode/kind").and_then(Value::as_str) == Some("entra");
                if !entra {
                    if key != "tenant" {
                        continue;
                    }
                    s["mode"] = serde_json::json!({"kind": "entra", "tenant": "", "clientId": ""});
                }
                s["mode"][field] = entry.value.clone();
            }
            "cloud" => set_cloud(&mut s, entry.value.as_str().unwrap_or("global")),
            _ => {
                for ptr in def.settings {
                    set(&mut s, ptr, entry.value.clone());
                }
            }
        }
    }
    serde_json::from_value(s).map_err(|e| CoreError::InvalidSettings {
        path: crate::settings::settings_path(Path::new(".")),
        reason: format!("the policy's values do not fit the settings: {e}"),
    })
}

fn cloud(name: &str) -> Option<qrstation_graph::Cloud> {
    use qrstation_graph::Cloud;
    keys::CLOUDS
        .iter()
        .position(|c| *c == name)
        .and_then(|i| Cloud::ALL.get(i).copied())
}

/// The authority and Graph URL of the national cloud `name` (none: the global defaults).
fn set_cloud(s: &mut Value, name: &str) {
    match cloud(name) {
        Some(c) if c != qrstation_graph::Cloud::Global => {
            s["graphUrl"] = Value::String(c.graph_host().to_owned());
            let tenant = s
                .pointer("/mode/tenant")
                .and_then(Value::as_str)
                .unwrap_or("");
            s["authority"] = if tenant.is_empty() {
                Value::Null
            } else {
                Value::String(format!("{}/{tenant}", c.authority_host()))
            };
        }
        _ => {
            s["graphUrl"] = Value::Null;
            s["authority"] = Value::Null;
        }
    }
}

/// The cloud the settings point at: the policy's word, else the one of the Graph URL.
fn cloud_of(settings: &Settings, policy: Option<&Value>) -> Value {
    if let Some(v) = policy {
        return v.clone();
    }
    let Some(url) = settings.graph_url.as_deref() else {
        return Value::String("global".into());
    };
    let found = url::Url::parse(url)
        .ok()
        .and_then(|u| qrstation_graph::Cloud::of_graph(&u))
        .and_then(|c| qrstation_graph::Cloud::ALL.iter().position(|x| *x == c))
        .and_then(|i| keys::CLOUDS.get(i));
    match found {
        Some(name) => Value::String((*name).to_owned()),
        None => Value::String(format!("custom ({url})")),
    }
}

/// Sets the JSON pointer `ptr` in `v`, making the objects on the way.
fn set(v: &mut Value, ptr: &str, value: Value) {
    let mut at = v;
    let parts: Vec<&str> = ptr.trim_start_matches('/').split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        if !at.is_object() {
            *at = Value::Object(Default::default());
        }
        let Value::Object(map) = at else { return };
        if i + 1 == parts.len() {
            map.insert((*part).to_owned(), value);
            return;
        }
        at = map.entry((*part).to_owned()).or_insert(Value::Null);
    }
}

/// Removes the JSON pointer `ptr` from `v`, if there.
fn remove(v: &mut Value, ptr: &str) {
    let Some((parent, last)) = ptr.rsplit_once('/') else {
        return;
    };
    let target = if parent.is_empty() {
        Some(v)
    } else {
        v.pointer_mut(parent)
    };
    if let Some(Value::Object(map)) = target {
        map.remove(last);
    }
}
