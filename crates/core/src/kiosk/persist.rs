//! The kiosk's own clock and what it keeps on disk between flows: the wrong-PIN records (in
//! order, one writer at a time) and the people it saw, for naming a worker before approval.

use super::{Kiosk, Person};
use crate::store::kiosk_people::CachedPerson;
use crate::Result;

impl Kiosk {
    /// The limiter's time: the wall clock at start advanced by the monotonic clock, so a
    /// wall clock changed while the kiosk runs neither lengthens nor shortens a lock-out.
    pub(super) fn now_ms(&self) -> i64 {
        let elapsed = i64::try_from(self.clock.1.elapsed().as_millis()).unwrap_or(i64::MAX);
        self.clock.0.saturating_add(elapsed)
    }

    /// Writes the limiter's changes to the store; the first failure is returned (the change
    /// stays in memory, and is written again with the next change of that worker).
    pub(super) async fn persist_or_fail(&self) -> Result<()> {
        let _one_at_a_time = self.persisting.lock().await;
        let dirty = self.limiter().take_dirty();
        let mut first = None;
        for (key, record) in dirty {
            if let Err(e) = self.store.save_kiosk_wrong_pins(&key, record).await {
                self.limiter().mark_dirty(&key);
                first.get_or_insert(e);
            }
        }
        first.map_or(Ok(()), Err)
    }

    /// [`Kiosk::persist_or_fail`], logging a failure (the answer on screen stands).
    pub(super) async fn persist(&self) {
        if let Err(e) = self.persist_or_fail().await {
            tracing::error!(code = e.code(), "kiosk: wrong-PIN count not saved");
        }
    }

    /// Keeps `p` in the local directory cache, so the next reset can name them before a
    /// manager signs in. A failure is only logged.
    pub(super) async fn remember(&self, p: &Person) {
        if p.id.is_empty() || p.upn.is_empty() {
            return;
        }
        let cached = CachedPerson {
            id: p.id.clone(),
            upn: p.upn.clone(),
            display_name: p.name.clone(),
        };
        if let Err(e) = self
            .store
            .remember_person(&cached, crate::time::now_ms())
            .await
        {
            tracing::warn!(code = e.code(), "kiosk: person not cached");
        }
    }
}
