//! Core's PIN policy against the demo tenant's independent reading of Microsoft's rules:
//! what core generates the emulator accepts, and what the emulator refuses core refuses first.

use qrstation_core::PinPolicy;
use qrstation_emulator::{pin_rules, PinRepeatRule};

#[test]
fn generated_pins_pass_the_emulators_check_under_both_readings() {
    // 100,000 at the default length, 10,000 each at 12 and 20 digits.
    for (len, n) in [(8usize, 100_000), (12, 10_000), (20, 10_000)] {
        let policy = PinPolicy::with_min_length(len);
        for _ in 0..n {
            let pin = policy.generate();
            for rule in [PinRepeatRule::Substring, PinRepeatRule::WholePin] {
                assert_eq!(pin_rules::check(&pin, len as u32, rule), Ok(()), "{pin}");
            }
        }
    }
}

#[test]
fn every_pin_the_emulator_refuses_core_refuses_before_the_network() {
    // Every 8-digit PIN built from four digits (65,536 of them: the dense corner where
    // sequences and repeats live), plus the documented examples.
    let digits = [b'0', b'1', b'2', b'9'];
    let policy = PinPolicy::default();
    let mut refused_by_both = 0;
    for n in 0u32..4u32.pow(8) {
        let pin: String = (0..8)
            .map(|i| char::from(digits[((n >> (2 * i)) & 3) as usize]))
            .collect();
        if pin_rules::check(&pin, 8, PinRepeatRule::Substring).is_err() {
            assert!(
                policy.check(&pin).is_err(),
                "emulator refuses {pin}, core accepts it"
            );
            refused_by_both += 1;
        }
    }
    assert!(refused_by_both > 1000, "{refused_by_both}");
    use qrstation_core::PinRejection::{Repeated, Sequence};
    for (pin, reason) in [
        ("12121290", Repeated),
        ("123123123", Repeated),
        ("34234271", Repeated),
        ("0123456789", Sequence),
        ("98765432100", Sequence),
    ] {
        assert_eq!(policy.check(pin), Err(reason), "{pin}");
    }
}
