//! The kiosk's own limit on wrong current PINs per worker, so it cannot be used to guess
//! PINs: Microsoft's lockout is not configurable and counts sign-ins, not kiosk attempts.
//! Kept in memory: a restart needs a manager (exiting the kiosk needs one), and a worker who
//! is locked out here can still get help through the assisted reset.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Wrong-PIN counts and cool-downs per worker (lower-cased UPN).
#[derive(Debug)]
pub struct Limiter {
    max: u32,
    cooldown: Duration,
    entries: HashMap<String, Entry>,
}

#[derive(Debug, Default)]
struct Entry {
    wrong: u32,
    locked_until: Option<Instant>,
}

/// What a wrong PIN leaves the worker with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterWrong {
    /// This many tries before the cool-down.
    TriesLeft(u32),
    /// Locked for this long.
    Locked(Duration),
}

impl Limiter {
    /// A limiter allowing `max` wrong PINs, then a `cooldown`.
    pub fn new(max: u32, cooldown: Duration) -> Limiter {
        Limiter {
            max: max.max(1),
            cooldown,
            entries: HashMap::new(),
        }
    }

    /// `Err(time left)` while `who` is cooling down; an expired cool-down starts afresh.
    pub fn check(&mut self, who: &str, now: Instant) -> Result<(), Duration> {
        let key = who.to_lowercase();
        if let Some(e) = self.entries.get(&key) {
            match e.locked_until {
                Some(until) if until > now => return Err(until - now),
                Some(_) => {
                    self.entries.remove(&key);
                }
                None => {}
            }
        }
        Ok(())
    }

    /// Counts a wrong PIN for `who`.
    pub fn wrong(&mut self, who: &str, now: Instant) -> AfterWrong {
        let e = self.entries.entry(who.to_lowercase()).or_default();
        e.wrong += 1;
        if e.wrong >= self.max {
            e.locked_until = Some(now + self.cooldown);
            AfterWrong::Locked(self.cooldown)
        } else {
            AfterWrong::TriesLeft(self.max - e.wrong)
        }
    }

    /// A right PIN clears the count.
    pub fn right(&mut self, who: &str) {
        self.entries.remove(&who.to_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_wrong_pins_lock_for_the_cooldown_then_free_again() {
        let t0 = Instant::now();
        let mut l = Limiter::new(3, Duration::from_secs(600));
        assert_eq!(l.check("Ana@x", t0), Ok(()));
        assert_eq!(l.wrong("ana@x", t0), AfterWrong::TriesLeft(2));
        assert_eq!(l.wrong("ANA@x", t0), AfterWrong::TriesLeft(1));
        assert_eq!(
            l.wrong("ana@x", t0),
            AfterWrong::Locked(Duration::from_secs(600))
        );
        assert_eq!(
            l.check("ana@x", t0 + Duration::from_secs(100)),
            Err(Duration::from_secs(500))
        );
        assert_eq!(l.check("bo@x", t0), Ok(()), "others are not affected");
        assert_eq!(l.check("ana@x", t0 + Duration::from_secs(601)), Ok(()));
        assert_eq!(
            l.wrong("ana@x", t0 + Duration::from_secs(602)),
            AfterWrong::TriesLeft(2)
        );
    }

    #[test]
    fn a_right_pin_clears_the_count() {
        let t0 = Instant::now();
        let mut l = Limiter::new(2, Duration::from_secs(60));
        l.wrong("a@x", t0);
        l.right("a@x");
        assert_eq!(l.wrong("a@x", t0), AfterWrong::TriesLeft(1));
    }
}
