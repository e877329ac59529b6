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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::{JobInfo, JobState, Progress, RowAction, RowState, RowStatus, RunOptions};

    fn job(options: RunOptions, outputs: &[Option<String>]) -> JobStatus {
        JobStatus {
            job: JobInfo {
                id: "j1".into(),
                created_at: 0,
                updated_at: 0,
                operator_upn: "admin@contoso.com".into(),
                source: "s.csv".into(),
                state: JobState::Finished,
                options,
                source_sha256: None,
            },
            counts: Progress::default(),
            rows: outputs
                .iter()
                .enumerate()
                .map(|(i, o)| RowStatus {
                    line: i as u32 + 2,
                    upn: format!("w{i}@contoso.com"),
                    display_name: None,
                    action: RowAction::Create,
                    state: RowState::BadgeWritten,
                    error_code: None,
                    error_message: None,
                    request_id: None,
                    attempts: 1,
                    output: o.clone(),
                    method_id: None,
                })
                .collect(),
            files: JobFiles::default(),
        }
    }

    #[test]
    fn a_jobs_sheet_and_slips_are_named_in_the_exports_folder_and_only_when_there() {
        let data = tempfile::tempdir().unwrap();
        let dirs = DataDir::new(data.path());
        let exports = dirs.exports();
        std::fs::create_dir_all(&exports).unwrap();
        let sheet = exports.join("badges-x-0001.pdf");
        std::fs::write(&sheet, b"%PDF").unwrap();
        std::fs::write(exports.join("badges-x-0001-pins.pdf"), b"%PDF").unwrap();
        let out = Some(sheet.display().to_string());
        let options = RunOptions {
            pin_slips: true,
            ..RunOptions::default()
        };
        // Two rows on one sheet: the sheet once, its slips beside it, both by exports name.
        let files = of(&dirs, &job(options.clone(), &[out.clone(), out.clone()]));
        let names = |v: &[SavedFile]| -> Vec<Option<String>> {
            v.iter().map(|f| f.exports_name.clone()).collect()
        };
        assert_eq!(names(&files.badges), [Some("badges-x-0001.pdf".into())]);
        assert_eq!(names(&files.slips), [Some("badges-x-0001-pins.pdf".into())]);
        assert_eq!(files.badges[0].path, sheet.display().to_string());
        // No slips asked for: none named.
        let off = RunOptions {
            pin_slips: false,
            ..options.clone()
        };
        assert!(of(&dirs, &job(off, std::slice::from_ref(&out)))
            .slips
            .is_empty());
        // A sheet somewhere else: shown by path, no exports name (no Open from here).
        let elsewhere = tempfile::tempdir().unwrap();
        let other = elsewhere.path().join("mine.pdf");
        std::fs::write(&other, b"%PDF").unwrap();
        let files = of(
            &dirs,
            &job(options.clone(), &[Some(other.display().to_string())]),
        );
        assert_eq!(names(&files.badges), [None]);
        assert!(files.slips.is_empty(), "no slips file beside it");
        // A printer-only job: its slips in the slips folder, named after the job, in order.
        for n in [
            "job-j1-0002-pins.pdf",
            "job-j1-0001-pins.pdf",
            "job-j2-0001-pins.pdf",
        ] {
            std::fs::write(exports.join(n), b"%PDF").unwrap();
        }
        let printed = RunOptions {
            pin_slips_dir: Some(exports.display().to_string()),
            ..options
        };
        let files = of(&dirs, &job(printed, &[None]));
        assert!(files.badges.is_empty());
        assert_eq!(
            names(&files.slips),
            [
                Some("job-j1-0001-pins.pdf".into()),
                Some("job-j1-0002-pins.pdf".into())
            ]
        );
    }
}
