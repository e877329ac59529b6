//! Fuzzes the matching of `$batch` answers to requests: never a panic, and every matched
//! answer is the only one in the body whose id is exactly that item's id, with its status.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrstation_graph::ops::batch::match_answers;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Some((&n, rest)) = data.split_first() else {
        return;
    };
    let chunk: Vec<usize> = (0..usize::from(n % 21)).map(|i| i * (usize::from(n) % 3 + 1)).collect();
    let Ok(body) = serde_json::from_slice::<Value>(rest) else {
        return;
    };
    let answers = match_answers(&chunk, &body);
    let responses = body["responses"].as_array().cloned().unwrap_or_default();
    for (i, (status, _, _)) in &answers {
        assert!(chunk.contains(i), "answer for an item not sent");
        let same: Vec<&Value> = responses
            .iter()
            .filter(|r| match &r["id"] {
                Value::String(s) => *s == i.to_string(),
                Value::Number(x) => x.as_u64() == Some(*i as u64),
                _ => false,
            })
            .collect();
        assert_eq!(same.len(), 1, "an id answered twice was believed");
        assert_eq!(same[0]["status"].as_u64(), Some(u64::from(*status)));
    }
});
