//! Every key a policy file may hold: its dotted name, the kind of value it takes, and where
//! it lands in the user's settings (`settings.json`), if anywhere.

/// The kind of value a key takes, with its limits.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// `true` or `false`.
    Bool,
    /// A whole number from `min` to `max`.
    Uint {
        /// The smallest allowed.
        min: u64,
        /// The largest allowed.
        max: u64,
    },
    /// Text of 1 to `max` printable characters, none of them whitespace when `word`.
    Text {
        /// The most characters.
        max: usize,
        /// No whitespace allowed (ids, domains).
        word: bool,
    },
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// A list of at most `items` texts, each 1 to 64 printable characters.
    TextList {
        /// The most items.
        items: usize,
    },
    /// A list of printer profiles (the objects of `printerProfiles` in `settings.json`).
    Profiles,
}

/// One key of the policy file.
#[derive(Debug, Clone, Copy)]
pub struct KeyDef {
    /// Its dotted name, e.g. `kiosk.idleSeconds` (the file nests at each dot).
    pub key: &'static str,
    /// What it takes.
    pub kind: Kind,
    /// JSON pointers into the serialised [`crate::Settings`] that this key sets; empty for a
    /// key that only the policy holds (there is no user setting to override it).
    pub settings: &'static [&'static str],
    /// The value when neither the policy nor the user names one (JSON text; `null`: none).
    pub default: &'static str,
}

/// The national clouds a policy may name (`qrstation_graph::Cloud`).
pub const CLOUDS: &[&str] = &["global", "usGovL4", "usGovL5Dod", "china"];

/// The log levels a policy may name.
pub const LOG_LEVELS: &[&str] = &["error", "warn", "info", "debug", "trace"];

/// The most printer profiles a policy may hold.
pub const MAX_PROFILES: usize = 100;

const fn k(
    key: &'static str,
    kind: Kind,
    settings: &'static [&'static str],
    default: &'static str,
) -> KeyDef {
    KeyDef {
        key,
        kind,
        settings,
        default,
    }
}

const fn uint(min: u64, max: u64) -> Kind {
    Kind::Uint { min, max }
}

/// Every key, in the order `config show` lists them.
pub const KEYS: &[KeyDef] = &[
    k(
        "tenant",
        Kind::Text {
            max: 256,
            word: true,
        },
        &["/mode/tenant"],
        "null",
    ),
    k(
        "clientId",
        Kind::Text {
            max: 64,
            word: true,
        },
        &["/mode/clientId"],
        "null",
    ),
    k(
        "cloud",
        Kind::OneOf(CLOUDS),
        &["/authority", "/graphUrl"],
        "\"global\"",
    ),
    k("kiosk.enabled", Kind::Bool, &["/kiosk/enabled"], "false"),
    k(
        "kiosk.idleSeconds",
        uint(15, 600),
        &["/kiosk/idleSeconds"],
        "60",
    ),
    k(
        "kiosk.maxWrongPins",
        uint(1, 10),
        &["/kiosk/maxWrongPins"],
        "3",
    ),
    k(
        "kiosk.cooldownMinutes",
        uint(1, 1440),
        &["/kiosk/cooldownMinutes"],
        "15",
    ),
    k("kiosk.pinLength", uint(8, 20), &["/kiosk/pinLength"], "8"),
    k(
        "kiosk.language",
        Kind::OneOf(&["en", "es"]),
        &["/kiosk/language"],
        "null",
    ),
    k(
        "printing.profiles",
        Kind::Profiles,
        &["/printerProfiles"],
        "[]",
    ),
    k(
        "printing.defaultProfile",
        Kind::Text {
            max: 64,
            word: false,
        },
        &["/defaultProfile"],
        "null",
    ),
    k(
        "printing.allowedTemplates",
        Kind::TextList { items: 100 },
        &[],
        "null",
    ),
    k("demoTenant.offered", Kind::Bool, &[], "true"),
    k("pins.customAllowed", Kind::Bool, &[], "true"),
    k("signIn.staySignedInAllowed", Kind::Bool, &[], "true"),
    k("signIn.idleMinutes", uint(1, 1440), &["/idleMinutes"], "15"),
    k(
        "exports.retentionHours",
        uint(1, 8760),
        &["/exportRetentionHours"],
        "24",
    ),
    k(
        "station.administrativeUnitId",
        Kind::Text {
            max: 128,
            word: true,
        },
        &[],
        "null",
    ),
    k("logLevel", Kind::OneOf(LOG_LEVELS), &[], "\"info\""),
];

/// The definition of `key`.
pub fn def(key: &str) -> Option<&'static KeyDef> {
    KEYS.iter().find(|d| d.key == key)
}

/// Whether `prefix` is a group of keys (`kiosk`, `printing`, …): a JSON object in the file.
pub fn is_group(prefix: &str) -> bool {
    KEYS.iter().any(|d| {
        d.key
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_defaults_are_json() {
        let mut seen = std::collections::HashSet::new();
        for d in KEYS {
            assert!(seen.insert(d.key), "{} twice", d.key);
            serde_json::from_str::<serde_json::Value>(d.default).unwrap();
            assert!(!is_group(d.key), "{} is both a key and a group", d.key);
        }
        assert!(is_group("kiosk") && is_group("station") && !is_group("kio"));
    }
}
