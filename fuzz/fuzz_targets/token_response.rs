//! Fuzzes the token endpoint's success body: never a panic, a parsed answer has a non-empty
//! access token and a clamped lifetime, no account before validation, and `Debug` never
//! shows a token.
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
    // `Debug` does not depend on the tokens at all: the same answer with other tokens prints
    // the same. (A substring test is fooled by tokens like "refresh_token", a field name.)
    let mut other = t.clone();
    other.access_token = format!("{}\u{1}other", t.access_token);
    other.refresh_token = t.refresh_token.as_ref().map(|r| format!("{r}\u{1}other"));
    other.id_token = t.id_token.as_ref().map(|r| format!("{r}\u{1}other"));
    assert_eq!(format!("{t:?}"), format!("{other:?}"), "Debug shows a token");
});
