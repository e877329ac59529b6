//! A job's files as the window sees them: its badge sheets and PIN slips, each with its name in
//! the exports folder (what "Open" and "Show in folder" take) when it is there.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::JobStatus;
use crate::{export_files::SavedFile, DataDir};

/// The files a job wrote (only those still on disk have an exports name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct JobFiles {
    /// The badge sheets, once each, in row order.
    pub badges: Vec<SavedFile>,
    /// The PIN slips: beside each sheet (`-pins` added), or in the slips folder named after
    /// the job when there is no sheet; only the slips that exist.
    pub slips: Vec<SavedFile>,
}

/// The files of `status` against the exports folder of `dirs`.
pub fn of(dirs: &DataDir, status: &JobStatus) -> JobFiles {
    let mut sheets: Vec<&str> = Vec::new();
    for o in status.rows.iter().filter_map(|r| r.output.as_deref()) {
        if !sheets.contains(&o) {
            sheets.push(o);
        }
    }
    let badges: Vec<SavedFile> = sheets
        .iter()
        .map(|s| SavedFile::of(dirs, Path::new(s)))
        .collect();
    let o = &status.job.options;
    let mut slips = Vec::new();
    if o.pin_slips {
        for s in sheets.iter().filter_map(|s| s.strip_suffix(".pdf")) {
            let p = format!("{s}-pins.pdf");
            if Path::new(&p).is_file() {
                slips.push(SavedFile::of(dirs, Path::new(&p)));
            }
        }
        if sheets.is_empty() {
            if let Some(dir) = &o.pin_slips_dir {
                slips = slips_in(dirs, Path::new(dir), &status.job.id);
            }
        }
    }
    JobFiles { badges, slips }
}

/// The slips `job-<id>-NNNN-pins.pdf` of job `id` in `dir`, by name.
fn slips_in(dirs: &DataDir, dir: &Path, id: &str) -> Vec<SavedFile> {
    let prefix = format!("job-{id}-");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with("-pins.pdf"))
        })
        .collect();
    paths.sort();
    paths.iter().map(|p| SavedFile::of(dirs, p)).collect()
}
