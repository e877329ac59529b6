//! Fuzzes the token endpoint's success body: never a panic, a parsed answer has a non-empty
//! access token and a clamped lifetime, no account before validation, and `Debug` never
//! shows the access token.
#![no_main]

use std::time::{Duration, Instant};

use libfuzzer_sys::fuzz_target;
use qrstation_graph::auth::tokens::TOKEN_LIFETIME_BOUNDS;
use qrstation_graph::auth::TokenSet;

fuzz_target!(|data: &[u8]| {
    let Ok(t) = TokenSet::parse(data) else {
        return;
    };
    assert!(!t.access_token.trim().is_empty());
    assert!(t.account.is_none(), "claims are read only after validation");
    let left = t.expires_at.saturating_duration_since(Instant::now());
    assert!(left <= Duration::from_secs(TOKEN_LIFETIME_BOUNDS.1));
    let dbg = format!("{t:?}");
    if t.access_token.len() >= 12 && !t.scope.contains(&t.access_token) {
        assert!(!dbg.contains(&t.access_token), "Debug shows the access token");
    }
});
