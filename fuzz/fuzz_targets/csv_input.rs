//! Fuzzes the bulk CSV parser (`qrstation_core::bulk::parse_csv`) with arbitrary bytes and
//! checks its invariants, not just that it does not panic: every row and problem carries a
//! line within the file, rows come in increasing line order and problems in non-decreasing
//! order, a row always has a non-blank UPN, no row problem's message repeats a row's PIN, and a row's
//! `Debug` never shows its PIN.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrstation_core::bulk::parse_csv;

fuzz_target!(|data: &[u8]| {
    let parsed = parse_csv(data);
    let lines = 1 + data.iter().filter(|b| **b == b'\n').count() as u32;
    for w in parsed.rows.windows(2) {
        assert!(w[0].line < w[1].line, "rows out of order");
    }
    for w in parsed.problems.windows(2) {
        assert!(w[0].line <= w[1].line, "problems out of order");
    }
    for r in &parsed.rows {
        assert!(r.line >= 2 && r.line <= lines, "row line {} of {lines}", r.line);
        assert!(!r.upn.trim().is_empty(), "a row without a UPN");
        // PIN-like values (six digits or more) only: shorter text can occur in any message.
        let pin_like = |p: &&str| p.len() >= 6 && p.bytes().all(|b| b.is_ascii_digit());
        if let Some(pin) = r.pin.as_deref().filter(pin_like) {
            // `Debug` does not depend on the PIN at all: the same row with another PIN prints
            // the same. (A substring test is fooled by the same digits in the UPN, or by the
            // escapes Debug writes for control characters, "\0" then "00000".)
            let mut other = r.clone();
            other.pin = Some(format!("{pin}\u{1}other"));
            assert_eq!(format!("{r:?}"), format!("{other:?}"), "PIN in Debug");
            // Line 1's problems may quote header names; a row's problems never quote values.
            for p in parsed.problems.iter().filter(|p| p.line > 1) {
                assert!(!p.message.contains(pin), "PIN in a problem message");
            }
        }
    }
    for p in &parsed.problems {
        assert!(p.line >= 1 && p.line <= lines, "problem line {} of {lines}", p.line);
        assert!(p.code.starts_with("bulk."), "code {}", p.code);
    }
    // A file over the cap is refused whole, with its own code.
    if data.len() > qrstation_core::bulk::MAX_CSV_BYTES {
        assert!(parsed.rows.is_empty());
    }
});
