//! The desktop app's Renewals tab on the bulk desk: the renewal plan on screen (no PINs: a
//! re-created method's PIN is generated) and its run as a bulk job with the desk's one job
//! control, badge sheets and PIN slips in the exports folder — so each command is one line.

use std::sync::Mutex;

use super::{BulkDesk, RunChoice};
use crate::bulk::{start, Plan, Progress};
use crate::renewals::{self, Report, Scope, Worker};
use crate::{CoreError, Result, Station, Store};

/// The renewal plan the person is looking at.
#[derive(Debug, Default)]
pub struct RenewalDesk {
    plan: Mutex<Option<Plan>>,
}

impl RenewalDesk {
    /// A desk with no plan.
    pub fn new() -> RenewalDesk {
        RenewalDesk::default()
    }

    /// Writes the cached report of `scope` (states decided now for `within_days`) as
    /// `renewals-<time>.csv` into `desk`'s exports folder (owner-only), returning its path;
    /// `None` when the scope was never scanned.
    pub async fn export_csv(
        &self,
        desk: &BulkDesk,
        store: &Store,
        scope: &Scope,
        within_days: Option<u32>,
    ) -> Result<Option<String>> {
        let Some(report) = renewals::cached(store, scope, within_days).await? else {
            return Ok(None);
        };
        let buf = renewals::write_csv(&report, Vec::new()).map_err(|source| CoreError::Io {
            action: "write",
            path: desk.exports.clone(),
            source,
        })?;
        crate::exports::ensure_private_dir(&desk.exports)?;
        let stamp = crate::time::iso8601(crate::time::now_ms()).replace([':', '.'], "-");
        let path = desk.exports.join(format!("renewals-{stamp}.csv"));
        crate::files::write_private(&path, &buf)?;
        Ok(Some(path.display().to_string()))
    }

    /// Plans the renewal of the workers `upns` of `scope` (each read again from Graph; a name
    /// not in the scope's cached report is planned by its sign-in name alone) and keeps the
    /// plan for [`RenewalDesk::run`].
    pub async fn plan(
        &self,
        station: &Station,
        scope: &Scope,
        upns: &[String],
        within_days: u32,
    ) -> Result<Plan> {
        let cached = renewals::cached(station.store(), scope, Some(within_days)).await?;
        let workers = selected(cached.as_ref(), upns);
        let source = format!("renewal of {}", scope.label());
        let plan = renewals::plan_renewal(station, &source, &workers, within_days).await?;
        *self.plan.lock().unwrap_or_else(|p| p.into_inner()) = Some(plan.clone());
        Ok(plan)
    }

    /// Starts the plan on screen as a job on `desk` and runs it (extensions first, then the
    /// rotations and re-creations); `progress` gets the counts after every answer.
    pub async fn run(
        &self,
        desk: &BulkDesk,
        station: &Station,
        choice: &RunChoice,
        progress: impl Fn(Progress) + Send + Sync,
    ) -> Result<Progress> {
        let control = desk.claim()?;
        let out = async {
            let plan = self
                .plan
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take()
                .ok_or(CoreError::BulkPlanStale)?;
            let options = desk.options(choice)?;
            let job = start(station, &plan, &options).await?;
            crate::bulk::run_renewal(station, &job, progress, &control).await
        }
        .await;
        desk.release();
        desk.sweep();
        out
    }

    /// Finishes renewal job `job` after a crash, a cancel or a closed window.
    pub async fn resume(
        &self,
        desk: &BulkDesk,
        station: &Station,
        job: &str,
        progress: impl Fn(Progress) + Send + Sync,
    ) -> Result<Progress> {
        let control = desk.claim()?;
        let out = crate::bulk::resume_renewal(station, job, progress, &control).await;
        desk.release();
        desk.sweep();
        out
    }
}

/// The workers named by `upns`, in that order, with what the cached report knows of them.
fn selected(report: Option<&Report>, upns: &[String]) -> Vec<Worker> {
    upns.iter()
        .map(|upn| {
            report
                .and_then(|r| r.rows.iter().find(|s| s.upn.eq_ignore_ascii_case(upn)))
                .map(Worker::from)
                .unwrap_or_else(|| Worker {
                    upn: upn.trim().to_owned(),
                    user_id: None,
                    display_name: None,
                    office: None,
                    department: None,
                })
        })
        .filter(|w| !w.upn.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::renewals::{BadgeDates, BadgeState, WorkerStatus};

    #[test]
    fn a_selection_keeps_its_order_and_what_the_cache_knows() {
        let row = |upn: &str| WorkerStatus {
            upn: upn.into(),
            user_id: Some(format!("id-{upn}")),
            display_name: Some(upn.to_uppercase()),
            office: Some("Store 501".into()),
            department: None,
            state: BadgeState::Expiring,
            dates: BadgeDates::default(),
            temporary_active: false,
            never_used: false,
            error_code: None,
            seen: None,
        };
        let report = Report {
            scope_key: "office:Store 501".into(),
            scope_label: "office Store 501".into(),
            within_days: 30,
            scanned_at: 0,
            age_ms: 0,
            rows: vec![row("a@x.com"), row("b@x.com")],
        };
        let upns = ["B@x.com".to_owned(), "new@x.com".into(), " ".into()];
        let w = selected(Some(&report), &upns);
        assert_eq!(w.len(), 2);
        assert_eq!(w[0].upn, "b@x.com");
        assert_eq!(w[0].user_id.as_deref(), Some("id-b@x.com"));
        assert_eq!(w[1].upn, "new@x.com");
        assert_eq!(w[1].user_id, None);
    }
}
