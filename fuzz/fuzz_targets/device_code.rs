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
    let dbg = format!("{c:?}");
    let shown = format!("{}{}", c.user_code, c.verification_uri);
    if c.device_code.len() >= 8 && !shown.contains(&c.device_code) {
        assert!(!dbg.contains(&c.device_code), "Debug shows the device code");
    }
});
