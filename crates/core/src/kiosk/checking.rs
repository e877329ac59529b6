//! One PIN check under way for one worker, as a guard: however the check ends (an answer,
//! an error, or its future dropped mid-flight when the screen gives up), the worker's "busy"
//! mark is cleared, so nobody is stuck waiting for a check that will never finish.

use std::sync::Mutex;

use super::limiter::{AfterWrong, Limiter, Record};

/// Clears the busy mark on drop; the answer methods end the check on purpose.
pub(crate) struct Checking<'a> {
    limiter: &'a Mutex<Limiter>,
    key: String,
    previous: Option<Record>,
    done: bool,
}

impl<'a> Checking<'a> {
    /// A check of `key` that [`Limiter::begin`] let go, with the record before it counted.
    pub(crate) fn new(limiter: &'a Mutex<Limiter>, key: &str, previous: Option<Record>) -> Self {
        Checking {
            limiter,
            key: key.to_owned(),
            previous,
            done: false,
        }
    }

    fn with<T>(&self, f: impl FnOnce(&mut Limiter) -> T) -> T {
        let mut l = self.limiter.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut l)
    }

    /// Graph judged the current PIN wrong.
    pub(crate) fn wrong(mut self) -> AfterWrong {
        self.done = true;
        self.with(|l| l.wrong(&self.key))
    }

    /// Graph accepted the current PIN.
    pub(crate) fn right(mut self) {
        self.done = true;
        self.with(|l| l.right(&self.key));
    }

    /// Graph's answer said nothing about the current PIN.
    pub(crate) fn neutral(mut self) {
        self.done = true;
        self.with(|l| l.neutral(&self.key, self.previous));
    }
}

impl Drop for Checking<'_> {
    fn drop(&mut self) {
        if !self.done {
            // Nobody knows whether Graph judged this PIN: the try stays counted.
            self.with(|l| l.abandon(&self.key));
        }
    }
}
