//! The exports folder (`<data dir>/exports`): badge sheets, PIN slips and single badge PDFs
//! hold QR secrets and first PINs, so the folder is owner-only (0700, files 0600) and those
//! files are deleted after a retention period ([`sweep`]); and the one rule every CSV export
//! writes with, which keeps spreadsheets from running a cell as a formula ([`CsvExport`],
//! [`defuse`]).

use std::path::{Path, PathBuf};

use crate::{CoreError, Result, Settings};

/// How long badge sheets, PIN slips and badge PDFs stay in the exports folder when the
/// settings do not say (`exportRetentionHours`).
pub const DEFAULT_RETENTION_HOURS: u32 = 24;

/// The exports folder of a data directory.
pub fn exports_dir(data_dir: &Path) -> PathBuf {
    crate::DataDir::new(data_dir).exports()
}

/// The retention the settings of `data_dir` ask for, in hours (the default when unset, zero,
/// or when the settings cannot be read).
pub fn retention_hours(data_dir: &Path) -> u32 {
    Settings::load(data_dir)
        .ok()
        .and_then(|s| s.export_retention_hours)
        .filter(|h| *h > 0)
        .unwrap_or(DEFAULT_RETENTION_HOURS)
}

/// What people are told where such a file is written, e.g. "deleted after 24 h".
pub fn retention_note(hours: u32) -> String {
    format!("deleted after {hours} h")
}

/// Creates `dir` (and its parents) when missing and makes it owner-only (0700 on Unix).
pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    crate::files::ensure_private_dir(dir)
}

/// Whether a file in the exports folder holds secrets (a badge, a QR image, PIN slips) and
/// so is swept. Results and audit CSVs (no secrets) are left alone.
fn holds_secrets(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".pdf", ".png", ".zpl", ".bin"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Deletes the secret-holding files of `<data_dir>/exports` older than the configured
/// retention, at `now_ms` (unix ms; a parameter so tests can move time). Returns the files
/// deleted. Call it at start (and after a bulk job). A missing folder is not an error.
pub fn sweep(data_dir: &Path, now_ms: i64) -> Result<Vec<PathBuf>> {
    sweep_dir(&exports_dir(data_dir), now_ms, retention_hours(data_dir))
}

/// [`sweep`] for one folder and retention. Only plain files directly in `dir` are looked at
/// (no links followed, no sub-folders); a file that cannot be removed stays and is reported
/// in the log (by name: names hold no secret).
pub fn sweep_dir(dir: &Path, now_ms: i64, hours: u32) -> Result<Vec<PathBuf>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(CoreError::Io {
                action: "read",
                path: dir.to_owned(),
                source,
            })
        }
    };
    let cutoff = now_ms - i64::from(hours) * 3_600_000;
    let mut deleted = Vec::new();
    for entry in entries.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.file_type().is_file() || !holds_secrets(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let modified = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0);
        if modified > cutoff {
            continue;
        }
        let path = entry.path();
        match std::fs::remove_file(&path) {
            Ok(()) => deleted.push(path),
            Err(e) => tracing::warn!(file = %path.display(), error = %e, "export not deleted"),
        }
    }
    deleted.sort();
    Ok(deleted)
}

/// A CSV export being written (RFC 4180 by the `csv` crate, `\n` line ends): every cell goes
/// through [`defuse`], and is quoted when it holds a comma, quote or line break. The results
/// CSV of a bulk job and the audit export are written with it, so they share one rule.
pub struct CsvExport<W: std::io::Write> {
    inner: csv::Writer<W>,
}

impl<W: std::io::Write> CsvExport<W> {
    /// Starts an export into `out` (nothing is written yet).
    pub fn new(out: W) -> Self {
        let inner = csv::WriterBuilder::new()
            .quote_style(csv::QuoteStyle::Necessary)
            .terminator(csv::Terminator::Any(b'\n'))
            .flexible(true)
            .from_writer(out);
        Self { inner }
    }

    /// Writes one line of cells, each [`defuse`]d.
    pub fn row<I, S>(&mut self, cells: I) -> std::io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| defuse(c.as_ref()).into_owned())
            .collect();
        self.inner.write_record(&cells).map_err(csv_io)
    }

    /// Flushes what is buffered and gives the writer back.
    pub fn finish(self) -> std::io::Result<W> {
        self.inner
            .into_inner()
            .map_err(|e| std::io::Error::new(e.error().kind(), e.error().to_string()))
    }
}

/// A writing error of the `csv` crate as the I/O error it is (a writer has no other kind).
fn csv_io(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => std::io::Error::other(format!("{other:?}")),
    }
}

/// The one rule that keeps a spreadsheet from running a CSV cell as a formula: a cell that
/// could start one gets a leading `'` (shown as text) — a leading `=`, `+`, `-`, `@`, tab or
/// carriage return, also after leading spaces, and the fullwidth `＝ ＋ － ＠` that some
/// spreadsheets fold to their ASCII forms. Every CSV export applies it ([`CsvExport`]).
pub fn defuse(value: &str) -> std::borrow::Cow<'_, str> {
    let first = value.trim_start_matches(' ').chars().next();
    let risky = matches!(
        first,
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠')
    );
    if risky {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One cell as an export writes it (a second cell keeps a lone empty cell unquoted).
    fn csv_cell(value: &str) -> String {
        let mut out = CsvExport::new(Vec::new());
        out.row([value, "x"]).unwrap();
        let line = String::from_utf8(out.finish().unwrap()).unwrap();
        line.strip_suffix(",x\n").unwrap().to_owned()
    }

    #[test]
    fn cells_are_quoted_and_every_formula_start_is_defused() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a@b.com"), "a@b.com");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        for bad in [
            "=1+1",
            "+1",
            "-1",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "  =HYPERLINK(1)",
        ] {
            let c = csv_cell(bad);
            assert!(
                c.starts_with('\'') || c.starts_with("\"'"),
                "{bad:?} → {c:?}"
            );
        }
        assert_eq!(csv_cell("\rx"), "\"'\rx\"");
        for bad in ["＝1+1", "＋1", "－1", "＠x", " ＝x"] {
            assert!(csv_cell(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(csv_cell("-1,2"), "\"'-1,2\"");
        assert_eq!(csv_cell(" a=b"), " a=b");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_cell("  =1+1"), "'  =1+1");
        assert_eq!(csv_cell("＝1+1"), "'＝1+1");
        assert_eq!(csv_cell(""), "");
    }

    #[test]
    fn an_export_reads_back_as_written_with_formulas_as_text() {
        let rows = [
            vec!["line", "upn", "message"],
            vec!["2", "a@x.com", "one, \"two\"\nthree"],
            vec!["3", "=cmd|' /C calc'!A0", "@SUM(1)"],
        ];
        let mut out = CsvExport::new(Vec::new());
        for r in &rows {
            out.row(r).unwrap();
        }
        let bytes = out.finish().unwrap();
        let mut back = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(bytes.as_slice());
        let read: Vec<Vec<String>> = back
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(read[0], rows[0]);
        assert_eq!(read[1], rows[1]);
        assert_eq!(read[2], ["3", "'=cmd|' /C calc'!A0", "'@SUM(1)"]);
    }

    fn age(path: &Path, hours: i64) -> i64 {
        let m = std::fs::metadata(path).unwrap().modified().unwrap();
        m.duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as i64 + hours * 3_600_000
    }

    #[test]
    fn the_sweep_deletes_old_secret_files_only() {
        let data = tempfile::tempdir().unwrap();
        let dir = exports_dir(data.path());
        ensure_private_dir(&dir).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700);
        }
        let sheet = dir.join("badges-0001.pdf");
        let slips = dir.join("badges-0001-pins.pdf");
        let report = dir.join("bulk-x-results.csv");
        for f in [&sheet, &slips, &report] {
            crate::files::write_private(f, b"x").unwrap();
        }
        std::fs::create_dir(dir.join("sub.pdf")).unwrap();
        // 23 h later nothing goes; 25 h later the sheet and the slips go, the CSV stays.
        assert!(sweep(data.path(), age(&sheet, 23)).unwrap().is_empty());
        assert!(sheet.exists());
        let gone = sweep(data.path(), age(&sheet, 25)).unwrap();
        assert_eq!(gone, vec![slips.clone(), sheet.clone()]);
        assert!(!sheet.exists() && !slips.exists() && report.exists());
        assert!(dir.join("sub.pdf").is_dir());
        // A missing folder is fine.
        assert!(sweep(&data.path().join("nope"), 0).unwrap().is_empty());
    }

    #[test]
    fn the_retention_comes_from_the_settings() {
        let data = tempfile::tempdir().unwrap();
        assert_eq!(retention_hours(data.path()), DEFAULT_RETENTION_HOURS);
        let s = Settings {
            export_retention_hours: Some(2),
            ..Settings::default()
        };
        s.save(data.path()).unwrap();
        assert_eq!(retention_hours(data.path()), 2);
        let dir = exports_dir(data.path());
        ensure_private_dir(&dir).unwrap();
        let f = dir.join("badge.pdf");
        crate::files::write_private(&f, b"x").unwrap();
        assert!(sweep(data.path(), age(&f, 1)).unwrap().is_empty());
        assert_eq!(sweep(data.path(), age(&f, 3)).unwrap(), vec![f]);
        assert_eq!(retention_note(24), "deleted after 24 h");
    }
}
