//! The kiosk's own limit on wrong current PINs per worker, so it cannot be used to guess
//! PINs: Microsoft's lockout is not configurable and counts sign-ins, not kiosk attempts.
//! One check at a time per worker (a second one is refused as busy), so parallel requests
//! cannot slip past the limit. Wrong PINs older than the cool-down are forgotten.
//!
//! The counts survive a restart: every change is marked dirty and the kiosk writes it to
//! SQLite (`store::kiosk_limits`), and the rows are read back on start. A check is counted as
//! wrong *before* it is sent (fail closed: a crash or power cut mid-check costs a try) and
//! put back when Graph's answer says nothing about the PIN.
//!
//! Times are unix ms on the kiosk's own clock: the wall clock read once when the kiosk starts,
//! then advanced by the monotonic clock (see `Kiosk::now_ms`), so a wall clock changed while
//! the kiosk runs changes nothing. Across a restart the stored times are wall-clock times of
//! the earlier run, with guards: a clock set back meanwhile (times "in the future") never
//! leaves a lock-out more than one cool-down from the restart; a clock set forward ends a
//! lock-out early at most.

use std::collections::{HashMap, HashSet};

/// What the store keeps per worker (by [`super::Person::limit_key`]): the row type lives in
/// the store, below the kiosk.
pub use crate::store::kiosk_limits::Record;

/// Wrong-PIN counts and cool-downs per worker (object id, or lower-cased UPN).
#[derive(Debug)]
pub struct Limiter {
    max: u32,
    cooldown_ms: i64,
    entries: HashMap<String, Record>,
    checking: HashSet<String>,
    /// Keys whose record changed since [`Limiter::take_dirty`]; `None` in the map: deleted.
    dirty: HashSet<String>,
}

/// Whether a PIN may be checked now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// Go ahead: the check is already counted as wrong; end it with [`Limiter::wrong`],
    /// [`Limiter::right`] or [`Limiter::neutral`] (handing back `previous`).
    Go {
        /// The worker's record before this check was counted.
        previous: Option<Record>,
    },
    /// Locked for this many more milliseconds (never more than the cool-down).
    Locked(i64),
    /// Another check for this worker is under way.
    Busy,
}

/// What a wrong PIN leaves the worker with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterWrong {
    /// This many tries before the cool-down.
    TriesLeft(u32),
    /// Locked for this many milliseconds.
    Locked(i64),
}

impl Limiter {
    /// A limiter allowing `max` wrong PINs, then a cool-down of `cooldown_ms`.
    pub fn new(max: u32, cooldown_ms: i64) -> Limiter {
        Limiter {
            max: max.max(1),
            cooldown_ms: cooldown_ms.max(1),
            entries: HashMap::new(),
            checking: HashSet::new(),
            dirty: HashSet::new(),
        }
    }

    /// A limiter holding the records read back from the store.
    pub fn with_records(
        max: u32,
        cooldown_ms: i64,
        records: impl IntoIterator<Item = (String, Record)>,
    ) -> Limiter {
        let mut l = Limiter::new(max, cooldown_ms);
        l.entries = records
            .into_iter()
            .map(|(k, r)| (k.to_lowercase(), r))
            .collect();
        l
    }

    /// The record of `who` now, after expiry and the clock guards (the change is dirty).
    fn settle(&mut self, who: &str, now: i64) -> Option<Record> {
        let cooldown = self.cooldown_ms;
        let mut r = *self.entries.get(who)?;
        let before = r;
        let mut gone = false;
        match r.locked_until_ms {
            // A clock set forward (or the cool-down served): the lock-out is over.
            Some(until) if until <= now => gone = true,
            // A clock set back: at most one cool-down from now.
            Some(until) if until - now > cooldown => r.locked_until_ms = Some(now + cooldown),
            Some(_) => {}
            None if now.saturating_sub(r.last_wrong_ms) >= cooldown => gone = true,
            None => {}
        }
        if !gone && r.last_wrong_ms > now {
            // The last wrong PIN "in the future": the clock went back; count from now.
            r.last_wrong_ms = now;
        }
        if gone {
            self.entries.remove(who);
            self.dirty.insert(who.to_owned());
            return None;
        }
        if r != before {
            self.entries.insert(who.to_owned(), r);
            self.dirty.insert(who.to_owned());
        }
        Some(r)
    }

    /// Asks to check a PIN for `who` at `now`; on `Go` the try is already counted.
    pub fn begin(&mut self, who: &str, now: i64) -> Gate {
        let who = who.to_lowercase();
        let previous = self.settle(&who, now);
        // Busy first: a check under way is already counted (perhaps as the lock-out), and
        // its own answer says how it went.
        if self.checking.contains(&who) {
            return Gate::Busy;
        }
        if let Some(until) = previous.and_then(|r| r.locked_until_ms) {
            return Gate::Locked((until - now).clamp(1, self.cooldown_ms));
        }
        self.checking.insert(who.clone());
        let wrong = previous.map_or(0, |r| r.wrong) + 1;
        let counted = Record {
            wrong,
            last_wrong_ms: now,
            locked_until_ms: (wrong >= self.max).then_some(now + self.cooldown_ms),
        };
        self.entries.insert(who.clone(), counted);
        self.dirty.insert(who);
        Gate::Go { previous }
    }

    /// The check found the current PIN wrong: the try counted at `begin` stays.
    pub fn wrong(&mut self, who: &str) -> AfterWrong {
        let who = who.to_lowercase();
        self.checking.remove(&who);
        match self.entries.get(&who) {
            Some(Record {
                locked_until_ms: Some(_),
                ..
            })
            | None => AfterWrong::Locked(self.cooldown_ms),
            Some(r) => AfterWrong::TriesLeft(self.max.saturating_sub(r.wrong).max(1)),
        }
    }

    /// The check found the current PIN right: the count starts again.
    pub fn right(&mut self, who: &str) {
        let who = who.to_lowercase();
        self.checking.remove(&who);
        self.entries.remove(&who);
        self.dirty.insert(who);
    }

    /// The check said nothing about the PIN (a network error, a refused new PIN): the count
    /// goes back to `previous`.
    pub fn neutral(&mut self, who: &str, previous: Option<Record>) {
        let who = who.to_lowercase();
        self.checking.remove(&who);
        match previous {
            Some(r) => self.entries.insert(who.clone(), r),
            None => self.entries.remove(&who),
        };
        self.dirty.insert(who);
    }

    /// Ends a check without an answer (its future was dropped): only the busy mark goes; the
    /// try counted at `begin` stays (nobody knows whether Graph judged it).
    pub fn abandon(&mut self, who: &str) {
        self.checking.remove(&who.to_lowercase());
    }

    /// Marks `who` as changed again (its last write failed).
    pub fn mark_dirty(&mut self, who: &str) {
        self.dirty.insert(who.to_lowercase());
    }

    /// What changed since the last call: each key with its record, `None` when deleted.
    pub fn take_dirty(&mut self) -> Vec<(String, Option<Record>)> {
        let keys: Vec<String> = self.dirty.drain().collect();
        keys.into_iter()
            .map(|k| {
                let r = self.entries.get(&k).copied();
                (k, r)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    fn wrong_once(l: &mut Limiter, who: &str, at: i64) -> AfterWrong {
        assert!(matches!(l.begin(who, at), Gate::Go { .. }));
        l.wrong(who)
    }

    #[test]
    fn three_wrong_pins_lock_for_the_cooldown_then_free_again() {
        let t0 = 1_800_000_000_000;
        let mut l = Limiter::new(3, 10 * MIN);
        assert_eq!(wrong_once(&mut l, "Ana@x", t0), AfterWrong::TriesLeft(2));
        assert_eq!(wrong_once(&mut l, "ANA@x", t0), AfterWrong::TriesLeft(1));
        assert_eq!(
            wrong_once(&mut l, "ana@x", t0),
            AfterWrong::Locked(10 * MIN)
        );
        assert_eq!(
            l.begin("ana@x", t0 + 100_000),
            Gate::Locked(10 * MIN - 100_000)
        );
        assert!(
            matches!(l.begin("bo@x", t0), Gate::Go { previous: None }),
            "others are not affected"
        );
        let later = t0 + 10 * MIN + 1;
        assert_eq!(wrong_once(&mut l, "ana@x", later), AfterWrong::TriesLeft(2));
    }

    #[test]
    fn one_check_at_a_time_and_a_right_pin_clears_the_count() {
        let t0 = 1_800_000_000_000;
        let mut l = Limiter::new(2, MIN);
        let Gate::Go { previous } = l.begin("a@x", t0) else {
            panic!("go")
        };
        assert_eq!(l.begin("a@x", t0), Gate::Busy, "a parallel check waits");
        l.neutral("a@x", previous);
        assert_eq!(wrong_once(&mut l, "a@x", t0), AfterWrong::TriesLeft(1));
        assert!(matches!(l.begin("a@x", t0), Gate::Go { .. }));
        l.right("a@x");
        assert_eq!(wrong_once(&mut l, "a@x", t0), AfterWrong::TriesLeft(1));
    }

    #[test]
    fn a_check_counts_before_it_is_sent_and_an_abandoned_one_stays_counted() {
        let t0 = 1_800_000_000_000;
        let mut l = Limiter::new(2, MIN);
        assert!(matches!(l.begin("a@x", t0), Gate::Go { previous: None }));
        let dirty = l.take_dirty();
        assert_eq!(dirty.len(), 1);
        assert_eq!(
            dirty[0].1.map(|r| r.wrong),
            Some(1),
            "written before the check"
        );
        l.abandon("a@x");
        // Not busy any more, and the abandoned try counted: this one locks.
        assert!(matches!(l.begin("a@x", t0), Gate::Go { previous: Some(_) }));
        assert_eq!(l.wrong("a@x"), AfterWrong::Locked(MIN));
    }

    #[test]
    fn old_wrong_pins_are_forgotten_after_the_cooldown() {
        let t0 = 1_800_000_000_000;
        let mut l = Limiter::new(3, MIN);
        wrong_once(&mut l, "a@x", t0);
        wrong_once(&mut l, "a@x", t0);
        let much_later = t0 + MIN + 1;
        assert_eq!(
            wrong_once(&mut l, "a@x", much_later),
            AfterWrong::TriesLeft(2)
        );
    }

    #[test]
    fn a_clock_set_back_never_lengthens_a_lock_out_beyond_one_cooldown() {
        let t0 = 1_800_000_000_000;
        let mut l = Limiter::new(1, 15 * MIN);
        assert_eq!(wrong_once(&mut l, "a@x", t0), AfterWrong::Locked(15 * MIN));
        // The clock jumps back a day while the worker is locked out.
        let back = t0 - 24 * 60 * MIN;
        assert_eq!(l.begin("a@x", back), Gate::Locked(15 * MIN));
        assert_eq!(l.begin("a@x", back + 10 * MIN), Gate::Locked(5 * MIN));
        assert!(matches!(
            l.begin("a@x", back + 15 * MIN),
            Gate::Go { previous: None }
        ));
    }

    #[test]
    fn a_clock_set_forward_ends_a_lock_out_and_nothing_more() {
        let t0 = 1_800_000_000_000;
        let mut l = Limiter::new(2, 15 * MIN);
        wrong_once(&mut l, "a@x", t0);
        assert_eq!(wrong_once(&mut l, "a@x", t0), AfterWrong::Locked(15 * MIN));
        let ahead = t0 + 365 * 24 * 60 * MIN;
        // The lock-out is over, and the count starts from zero (not negative, not locked).
        assert_eq!(wrong_once(&mut l, "a@x", ahead), AfterWrong::TriesLeft(1));
    }

    mod clock_jumps {
        use super::*;
        use proptest::prelude::*;

        const COOLDOWN: i64 = 15 * MIN;
        const DAY: i64 = 24 * 60 * MIN;

        /// One step: real time passes; perhaps a restart, with the wall clock moved by up to
        /// a day either way meanwhile; then an operation.
        fn step() -> impl Strategy<Value = (i64, Option<i64>, u8)> {
            (
                0..2 * COOLDOWN,
                prop_oneof![3 => Just(None), 1 => (-DAY..DAY).prop_map(Some)],
                0u8..4,
            )
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(768))]

            /// However the wall clock moves between runs, a lock-out never has more than one
            /// cool-down left, and it ends at the latest one cool-down (in real time) after the
            /// last check that could have started it or the last restart on a clock set back.
            #[test]
            fn no_clock_change_lengthens_a_lock_out(steps in proptest::collection::vec(step(), 1..60)) {
                let mut db: HashMap<String, Record> = HashMap::new();
                let mut l = Limiter::new(2, COOLDOWN);
                let (mut real, mut offset) = (0i64, 1_800_000_000_000i64);
                let mut mark = i64::MIN / 2;
                for (advance, restart, op) in steps {
                    real += advance;
                    if let Some(jump) = restart {
                        offset += jump;
                        if jump < 0 {
                            mark = real;
                        }
                        l = Limiter::with_records(2, COOLDOWN, db.clone());
                    }
                    let now = real + offset;
                    match l.begin("w", now) {
                        Gate::Go { previous } => {
                            mark = real;
                            match op {
                                0 => { l.wrong("w"); }
                                1 => l.abandon("w"),
                                2 => l.neutral("w", previous),
                                _ => l.right("w"),
                            }
                        }
                        Gate::Locked(left) => {
                            prop_assert!((1..=COOLDOWN).contains(&left), "{left}");
                            prop_assert!(real - mark < COOLDOWN, "locked {} ms on", real - mark);
                        }
                        Gate::Busy => prop_assert!(false, "nothing is under way"),
                    }
                    for (k, r) in l.take_dirty() {
                        match r {
                            Some(r) => db.insert(k, r),
                            None => db.remove(&k),
                        };
                    }
                }
            }
        }
    }
}
