//! Fuzzes the `/devicecode` answer: never a panic; a parsed code has its three fields,
//! an interval of 1-60 s, a lifetime of at most an hour, and `Debug` hides the device code.
#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use qrstation_graph::auth::DeviceCode;

fuzz_target!(|data: &[u8]| {
    let Ok(c) = DeviceCode::parse(data) else {
        return;
    };
    assert!(!c.device_code.trim().is_empty() && !c.user_code.trim().is_empty());
    assert!(!c.verification_uri.trim().is_empty());
    assert!((Duration::from_secs(1)..=Duration::from_secs(60)).contains(&c.interval));
    assert!(c.expires_at.saturating_duration_since(Instant::now()) <= Duration::from_secs(3600));
    // `Debug` does not depend on the device code at all: the same answer with another code
    // prints the same. (A substring test is fooled by codes like "interval", a field name.)
    let mut other = c.clone();
    other.device_code = format!("{}\u{1}other", c.device_code);
    assert_eq!(format!("{c:?}"), format!("{other:?}"), "Debug shows the device code");
});
