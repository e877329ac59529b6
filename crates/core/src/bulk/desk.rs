//! The desktop app's bulk desk: holds the plan the person is looking at (with the CSV's PINs,
//! in memory only) and the controls of the one job running, so each Tauri command is one line.

mod renewal;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{
    jobs, plan_csv, plan_selection, results_csv, start, status, BulkControl, JobInfo, JobStatus,
    Plan, PlanOptions, Progress, RunOptions, Selection,
};
use crate::{CoreError, Result, Settings, Station, Store};

pub use renewal::RenewalDesk;

/// What a run writes where, chosen in the window. The files go to the exports folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RunChoice {
    /// Label template of the badges (a sheet template by default).
    pub template: Option<String>,
    /// Also print the badges with this printer profile (its name, as configured; never a
    /// printer address).
    pub printer: Option<String>,
    /// Write a badge sheet PDF into the exports folder.
    pub pdf: bool,
    /// PIN slips in a separate file in the exports folder (beside the badges, if any).
    pub pin_slips: bool,
    /// The operator confirmed that the generated PINs are recorded nowhere (no slips).
    #[serde(default)]
    pub no_pin_record: bool,
}

/// The plan on screen and the running job's controls.
#[derive(Debug)]
pub struct BulkDesk {
    exports: PathBuf,
    plan: Mutex<Option<Plan>>,
    control: Mutex<Option<BulkControl>>,
}

impl BulkDesk {
    /// A desk writing badges and reports into `exports` (the data directory's `exports`
    /// folder: the settings, with the printer profiles, are read from its parent).
    pub fn new(exports: PathBuf) -> BulkDesk {
        BulkDesk {
            exports,
            plan: Mutex::new(None),
            control: Mutex::new(None),
        }
    }

    /// Plans a CSV the person picked (`name` is the file's name; its PINs stay in memory).
    pub async fn plan_csv(
        &self,
        station: &Station,
        name: &str,
        bytes: &[u8],
        opts: &PlanOptions,
    ) -> Result<Plan> {
        let plan = plan_csv(station, name, bytes, &self.with_profiles(opts)?).await?;
        *self.plan.lock().unwrap_or_else(|p| p.into_inner()) = Some(plan.clone());
        Ok(plan)
    }

    /// Plans everyone of a department or store.
    pub async fn plan_selection(
        &self,
        station: &Station,
        selection: &Selection,
        opts: &PlanOptions,
    ) -> Result<Plan> {
        let plan = plan_selection(station, selection, &self.with_profiles(opts)?).await?;
        *self.plan.lock().unwrap_or_else(|p| p.into_inner()) = Some(plan.clone());
        Ok(plan)
    }

    /// Starts the plan on screen as a job and runs it; `progress` gets the counts after every
    /// answer. The plan (and its PINs) is consumed.
    pub async fn run(
        &self,
        station: &Station,
        choice: &RunChoice,
        progress: impl Fn(Progress) + Send + Sync,
    ) -> Result<Progress> {
        let control = self.claim()?;
        let out = async {
            let plan = self
                .plan
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .take()
                .ok_or(CoreError::BulkPlanStale)?;
            let options = self.options(choice)?;
            let job = start(station, &plan, &options).await?;
            let pins = plan.pins.clone();
            drop(plan);
            super::run(station, &job, pins, progress, &control).await
        }
        .await;
        self.release();
        self.sweep();
        out
    }

    /// Continues job `job` (after a crash, a cancel, or with its failed or lost rows queued
    /// again by `then`).
    pub async fn resume(
        &self,
        station: &Station,
        job: &str,
        then: Again,
        progress: impl Fn(Progress) + Send + Sync,
    ) -> Result<Progress> {
        let control = self.claim()?;
        let out = match then {
            Again::Resume => super::resume(station, job, progress, &control).await,
            Again::RetryFailed => super::retry_failed(station, job, progress, &control).await,
            Again::RotateLost => super::rotate_lost(station, job, progress, &control).await,
        };
        self.release();
        self.sweep();
        out
    }

    /// Pauses (true) or un-pauses (false) the running job.
    pub fn pause(&self, paused: bool) {
        if let Some(c) = self
            .control
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            if paused {
                c.pause()
            } else {
                c.resume()
            }
        }
    }

    /// Stops the running job after the batches in flight (their badges are written).
    pub fn cancel(&self) {
        if let Some(c) = self
            .control
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
        {
            c.cancel();
        }
    }

    /// Every job, newest first.
    pub async fn jobs(&self, store: &Store) -> Result<Vec<JobInfo>> {
        jobs(store).await
    }

    /// A job's counts and rows; its files come with their names in the exports folder.
    pub async fn status(&self, store: &Store, job: &str) -> Result<JobStatus> {
        let mut s = status(store, job).await?;
        s.files = super::job_files::of(&self.dirs(), &s);
        Ok(s)
    }

    /// Writes job `job`'s results CSV (no PIN in it) into the exports folder; returns its path.
    pub async fn export_results(&self, store: &Store, job: &str) -> Result<String> {
        let mut buf = Vec::new();
        results_csv(store, job, &mut buf).await?;
        crate::exports::ensure_private_dir(&self.exports)?;
        let path = self.exports.join(format!("bulk-{job}-results.csv"));
        crate::files::write_private(&path, &buf)?;
        Ok(path.display().to_string())
    }

    /// The data directory (the exports folder's parent).
    fn data_dir(&self) -> &Path {
        self.exports.parent().unwrap_or(Path::new("."))
    }

    /// The data directory's paths (its templates folder for the plan).
    fn dirs(&self) -> crate::DataDir {
        crate::DataDir::new(self.data_dir())
    }

    /// `opts` with the configured printer profiles and the data directory's own templates
    /// (the window supplies neither).
    fn with_profiles(&self, opts: &PlanOptions) -> Result<PlanOptions> {
        Ok(PlanOptions {
            profiles: Settings::load(self.data_dir())?.printer_profiles,
            template_dir: Some(self.dirs().templates().display().to_string()),
            ..opts.clone()
        })
    }

    /// Deletes old badge sheets and slips from the exports folder (after each job).
    fn sweep(&self) {
        let hours = crate::exports::retention_hours(self.data_dir());
        if let Err(e) = crate::exports::sweep_dir(&self.exports, crate::time::now_ms(), hours) {
            tracing::warn!(code = e.code(), "exports not swept");
        }
    }

    fn options(&self, choice: &RunChoice) -> Result<RunOptions> {
        crate::exports::ensure_private_dir(&self.exports)?;
        let settings = Settings::load(self.data_dir())?;
        let stamp = crate::time::iso8601(crate::time::now_ms())
            .replace([':', '-'], "")
            .replace('T', "-");
        let stamp = stamp.get(..15).unwrap_or(&stamp).to_owned();
        let defaults = RunOptions::default();
        let printer = match choice.printer.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(name) => Some(
                super::plan::find_profile(&settings.printer_profiles, name)
                    .ok_or_else(|| {
                        CoreError::PrinterNotProfile(format!(
                            "{:?} is not a printer profile: pick one of the profiles",
                            name.chars().take(64).collect::<String>()
                        ))
                    })?
                    .name
                    .clone(),
            ),
        };
        Ok(RunOptions {
            out_pdf: choice.pdf.then(|| {
                self.exports
                    .join(format!("badges-{stamp}.pdf"))
                    .display()
                    .to_string()
            }),
            template: choice.template.clone().unwrap_or(defaults.template.clone()),
            printer,
            profiles: settings.printer_profiles,
            pin_slips: choice.pin_slips,
            pin_slips_dir: Some(self.exports.display().to_string()),
            no_pin_record: choice.no_pin_record,
            retention_hours: Some(crate::exports::retention_hours(self.data_dir())),
            ..defaults
        })
    }

    fn claim(&self) -> Result<BulkControl> {
        let mut slot = self.control.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_some() {
            return Err(CoreError::BulkBusy);
        }
        let c = BulkControl::new();
        *slot = Some(c.clone());
        Ok(c)
    }

    fn release(&self) {
        *self.control.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

/// What a resume does first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum Again {
    /// Continue where it stopped.
    Resume,
    /// Send the failed rows again.
    RetryFailed,
    /// A new badge (and PIN if needed) for rows whose badge was lost.
    RotateLost,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::printer_profiles::PrinterProfile;

    #[test]
    fn the_window_picks_a_printer_profile_by_name_never_an_address() {
        let data = tempfile::tempdir().unwrap();
        let settings = Settings {
            printer_profiles: vec![PrinterProfile {
                name: "Front desk".into(),
                printer: "file:/tmp/never-used.pdf".into(),
                template: "sheet-a4".into(),
                format: None,
                copies: None,
                media: None,
            }],
            ..Settings::default()
        };
        settings.save(data.path()).unwrap();
        let desk = BulkDesk::new(data.path().join("exports"));
        let choice = |printer: &str| RunChoice {
            template: None,
            printer: Some(printer.into()),
            pdf: false,
            pin_slips: true,
            no_pin_record: false,
        };
        let o = desk.options(&choice("front DESK")).unwrap();
        assert_eq!(o.printer.as_deref(), Some("Front desk"));
        assert_eq!(o.profiles.len(), 1);
        assert_eq!(o.retention_hours, Some(24));
        let slips = o.slips_base("j1").unwrap();
        assert_eq!(slips, data.path().join("exports").join("job-j1.pdf"));
        for raw in [
            "file:/tmp/x.pdf",
            "tcp:203.0.113.7:9100",
            "cups:q@203.0.113.7:631",
        ] {
            let e = desk.options(&choice(raw)).unwrap_err();
            assert_eq!(e.code(), "bulk.printer_not_profile", "{raw}");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(data.path().join("exports"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o700);
        }
    }
}
