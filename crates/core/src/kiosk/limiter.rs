//! The kiosk's own limit on wrong current PINs per worker, so it cannot be used to guess
//! PINs: Microsoft's lockout is not configurable and counts sign-ins, not kiosk attempts.
//! One check at a time per worker (a second one waits), so parallel requests cannot slip past
//! the limit. Wrong PINs older than the cool-down are forgotten. Kept in memory: a restart
//! needs a manager (leaving the kiosk needs one), and a worker who is locked out here can
//! still get help through the assisted reset.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Wrong-PIN counts and cool-downs per worker (object id, or lower-cased UPN).
#[derive(Debug)]
pub struct Limiter {
    max: u32,
    cooldown: Duration,
    entries: HashMap<String, Entry>,
}

#[derive(Debug, Default)]
struct Entry {
    wrong: u32,
    last_wrong: Option<Instant>,
    locked_until: Option<Instant>,
    checking: bool,
}

/// Whether a PIN may be checked now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Go ahead; end with [`Limiter::wrong`], [`Limiter::right`] or [`Limiter::neutral`].
    Go,
    /// Locked for this long.
    Locked(Duration),
    /// Another check for this worker is under way.
    Busy,
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

    fn entry(&mut self, who: &str, now: Instant) -> &mut Entry {
        let cooldown = self.cooldown;
        let e = self.entries.entry(who.to_lowercase()).or_default();
        let expired_lock = e.locked_until.is_some_and(|u| u <= now);
        let stale = e.locked_until.is_none()
            && e.last_wrong
                .is_some_and(|t| now.saturating_duration_since(t) >= cooldown);
        if expired_lock || stale {
            let checking = e.checking;
            *e = Entry {
                checking,
                ..Entry::default()
            };
        }
        e
    }

    /// Asks to check a PIN for `who` now.
    pub fn begin(&mut self, who: &str, now: Instant) -> Gate {
        let e = self.entry(who, now);
        if let Some(until) = e.locked_until {
            return Gate::Locked(until - now);
        }
        if e.checking {
            return Gate::Busy;
        }
        e.checking = true;
        Gate::Go
    }

    /// The check found the current PIN wrong.
    pub fn wrong(&mut self, who: &str, now: Instant) -> AfterWrong {
        let (max, cooldown) = (self.max, self.cooldown);
        let e = self.entry(who, now);
        e.checking = false;
        e.wrong += 1;
        e.last_wrong = Some(now);
        if e.wrong >= max {
            e.locked_until = Some(now + cooldown);
            AfterWrong::Locked(cooldown)
        } else {
            AfterWrong::TriesLeft(max - e.wrong)
        }
    }

    /// The check found the current PIN right: the count starts again.
    pub fn right(&mut self, who: &str) {
        self.entries.remove(&who.to_lowercase());
    }

    /// The check said nothing about the PIN (a network error, a refused new PIN).
    pub fn neutral(&mut self, who: &str) {
        if let Some(e) = self.entries.get_mut(&who.to_lowercase()) {
            e.checking = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrong_once(l: &mut Limiter, who: &str, at: Instant) -> AfterWrong {
        assert_eq!(l.begin(who, at), Gate::Go);
        l.wrong(who, at)
    }

    #[test]
    fn three_wrong_pins_lock_for_the_cooldown_then_free_again() {
        let t0 = Instant::now();
        let mut l = Limiter::new(3, Duration::from_secs(600));
        assert_eq!(wrong_once(&mut l, "Ana@x", t0), AfterWrong::TriesLeft(2));
        assert_eq!(wrong_once(&mut l, "ANA@x", t0), AfterWrong::TriesLeft(1));
        assert_eq!(
            wrong_once(&mut l, "ana@x", t0),
            AfterWrong::Locked(Duration::from_secs(600))
        );
        assert_eq!(
            l.begin("ana@x", t0 + Duration::from_secs(100)),
            Gate::Locked(Duration::from_secs(500))
        );
        assert_eq!(l.begin("bo@x", t0), Gate::Go, "others are not affected");
        let later = t0 + Duration::from_secs(601);
        assert_eq!(wrong_once(&mut l, "ana@x", later), AfterWrong::TriesLeft(2));
    }

    #[test]
    fn one_check_at_a_time_and_a_right_pin_clears_the_count() {
        let t0 = Instant::now();
        let mut l = Limiter::new(2, Duration::from_secs(60));
        assert_eq!(l.begin("a@x", t0), Gate::Go);
        assert_eq!(l.begin("a@x", t0), Gate::Busy, "a parallel check waits");
        l.neutral("a@x");
        assert_eq!(wrong_once(&mut l, "a@x", t0), AfterWrong::TriesLeft(1));
        assert_eq!(l.begin("a@x", t0), Gate::Go);
        l.right("a@x");
        assert_eq!(wrong_once(&mut l, "a@x", t0), AfterWrong::TriesLeft(1));
    }

    #[test]
    fn old_wrong_pins_are_forgotten_after_the_cooldown() {
        let t0 = Instant::now();
        let mut l = Limiter::new(3, Duration::from_secs(60));
        wrong_once(&mut l, "a@x", t0);
        wrong_once(&mut l, "a@x", t0);
        let much_later = t0 + Duration::from_secs(61);
        assert_eq!(
            wrong_once(&mut l, "a@x", much_later),
            AfterWrong::TriesLeft(2)
        );
    }
}
