//! Short property tests of hostile policy files (the reader never panics; every problem has a
//! key and a reason; a file that parses resolves into settings).

use proptest::prelude::*;
use serde_json::{json, Value};

use super::keys::KEYS;
use super::{Effective, Policy};

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|n| json!(n)),
        "\\PC{0,12}".prop_map(Value::String),
        (0u64..2000).prop_map(|n| json!(n)),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z.$]{0,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A policy object over real keys with arbitrary values, nested at each dot.
fn keyed_policy() -> impl Strategy<Value = Value> {
    prop::collection::vec((0..KEYS.len(), any_json(), any::<bool>()), 0..8).prop_map(|items| {
        let mut top = Value::Object(Default::default());
        for (i, v, wrap) in items {
            let v = if wrap {
                json!({"value": v, "locked": false})
            } else {
                v
            };
            let mut at = &mut top;
            let parts: Vec<&str> = KEYS[i].key.split('.').collect();
            for (n, part) in parts.iter().enumerate() {
                let map = at.as_object_mut().unwrap();
                if n + 1 == parts.len() {
                    map.insert((*part).into(), v.clone());
                    break;
                }
                at = map.entry((*part).to_owned()).or_insert(json!({}));
                if !at.is_object() {
                    *at = json!({});
                }
            }
        }
        top
    })
}

fn check(text: &str) -> Result<(), TestCaseError> {
    match Policy::parse(text) {
        Ok(p) => {
            let raw = json!({});
            prop_assert!(Effective::resolve(p, crate::Settings::default(), &raw).is_ok());
        }
        Err(problems) => {
            prop_assert!(!problems.is_empty());
            for p in problems {
                prop_assert!(!p.key.is_empty() && !p.reason.is_empty());
                prop_assert!(!p.key.chars().any(char::is_control));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        check(&text)?;
    }

    #[test]
    fn arbitrary_json_never_panics(v in any_json()) {
        check(&v.to_string())?;
    }

    #[test]
    fn real_keys_with_arbitrary_values_never_panic(v in keyed_policy()) {
        check(&v.to_string())?;
    }
}
