//! Fuzzes the scrubbing of server text: redaction is idempotent and leaves no run of six or
//! more ASCII digits and no `eyJ` (a JWT's start) in its output.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrstation_graph::redact::redact;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = redact(&text);
    assert_eq!(redact(&once), once, "not idempotent");
    assert!(!once.contains("eyJ"), "a JWT survived");
    assert!(
        !once
            .as_bytes()
            .split(|b| !b.is_ascii_digit())
            .any(|run| run.len() >= 6),
        "a PIN-like digit run survived"
    );
});
