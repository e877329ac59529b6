//! What a job hands out: badge sheets written part by part (`FILE-0001.pdf`, …) as soon as
//! enough badges are ready, optional PIN slips in a separate file, prints, and the results CSV
//! (upn, outcome, error, request-id — never a PIN). PIN slips are their own PDF, rendered by
//! `qrstation_label::slip` with the badges' fonts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::{engine::general_purpose::STANDARD, Engine};
use qrstation_label::{BadgeInput, Ecc, Format, Printer, Template};

use super::journal::{self};
use crate::station::issued::IssuedQr;
use crate::{CoreError, Result, Store};

/// A badge ready to be written: the QR payload and PIN are secrets, held only until then.
pub(crate) struct Ready {
    pub line: u32,
    pub upn: String,
    pub display_name: String,
    pub department: Option<String>,
    pub qr: IssuedQr,
    /// The PIN to put on the slip: the CSV's, a generated one, or a reset one.
    pub pin: Option<String>,
    /// The PIN is known elsewhere (the CSV's): a slip that cannot be written loses nothing.
    pub pin_from_csv: bool,
    pub template: String,
    /// The printer address of the row's printer profile (resolved from the job's profiles,
    /// never taken from the CSV).
    pub printer: Option<String>,
    /// The row named a printer profile the job does not carry: not printed.
    pub printer_refused: bool,
}

impl std::fmt::Debug for Ready {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ready")
            .field("line", &self.line)
            .field("upn", &self.upn)
            .finish_non_exhaustive()
    }
}

impl Ready {
    fn input(&self) -> Result<BadgeInput> {
        let payload = STANDARD
            .decode(self.qr.raw_content_base64.trim())
            .map_err(|_| CoreError::BadQrPayload)?;
        let day = |ms: Option<i64>| ms.map(|ms| crate::time::iso8601(ms)[..10].to_owned());
        Ok(BadgeInput {
            payload,
            ecc: Ecc::from_graph(self.qr.error_correction_level.as_deref())?,
            reported_version: self.qr.version.and_then(|v| u8::try_from(v).ok()),
            display_name: self.display_name.clone(),
            upn: self.upn.clone(),
            department: self.department.clone(),
            valid_from: day(self.qr.starts),
            valid_until: day(self.qr.expires),
            onboarding: None,
            temporary: false,
            logo_png: None,
        })
    }
}

/// How each flushed row ended: written to `output`, printed, or lost with an error.
pub(crate) struct Flushed {
    pub line: u32,
    pub output: Option<String>,
    pub printed: bool,
    pub error: Option<(String, String)>,
    /// A badge was asked for (a sheet file or a printer); else the row ends `created`.
    pub badge_asked: bool,
    /// The PIN slip holding this row's generated (or reset) PIN could not be written.
    pub pin_lost: bool,
}

/// Where a flush writes: the badge sheet's name, the PIN slips' name (the sheet's, or one in
/// the exports folder for a printer-only run), the user templates.
pub(crate) struct Targets {
    pub out_pdf: Option<PathBuf>,
    pub slips: Option<PathBuf>,
    pub template_dir: Option<PathBuf>,
}

/// `dir/stem-NNNN.pdf` with NNNN one more than any part already there (a resumed job never
/// overwrites the badges of the run before).
pub(crate) fn next_part(out_pdf: &Path) -> (PathBuf, String, u32) {
    let dir = out_pdf
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_owned();
    let stem = out_pdf
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "badges".into());
    let prefix = format!("{stem}-");
    let last = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let n = name.strip_prefix(&prefix)?.get(..4)?.parse::<u32>().ok()?;
            Some(n)
        })
        .max()
        .unwrap_or(0);
    (dir, stem, last + 1)
}

/// Creates a missing output folder owner-only (0700); an existing folder is left as it is
/// (it may be the operator's own).
fn ensure_out_dir(dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    crate::exports::ensure_private_dir(dir)
}

/// Writes `ready` as badge sheets (one PDF per template) and PIN slips, prints, and drops the
/// secrets. Blocking (rendering is CPU work): run it on a blocking thread.
pub(crate) fn flush(ready: Vec<Ready>, to: &Targets) -> Vec<Flushed> {
    let out_pdf = to.out_pdf.as_deref();
    let template_dir = to.template_dir.as_deref();
    let mut results: BTreeMap<u32, Flushed> = ready
        .iter()
        .map(|r| {
            (
                r.line,
                Flushed {
                    line: r.line,
                    output: None,
                    printed: false,
                    error: r.printer_refused.then(|| {
                        (
                            "bulk.printer_not_profile".to_owned(),
                            "the row's printer is not one of the job's printer profiles: not printed"
                                .to_owned(),
                        )
                    }),
                    badge_asked: out_pdf.is_some() || r.printer.is_some() || r.printer_refused,
                    pin_lost: false,
                },
            )
        })
        .collect();
    let mut by_template: BTreeMap<&str, Vec<&Ready>> = BTreeMap::new();
    for r in &ready {
        by_template.entry(r.template.as_str()).or_default().push(r);
    }
    let fail = |results: &mut BTreeMap<u32, Flushed>, rows: &[&Ready], e: &CoreError| {
        for r in rows {
            if let Some(f) = results.get_mut(&r.line) {
                f.error = Some((e.code().to_owned(), e.to_string()));
            }
        }
    };
    let part = out_pdf.map(next_part);
    for (k, (template, rows)) in by_template.iter().enumerate() {
        if part.is_none() && rows.iter().all(|r| r.printer.is_none()) {
            // Slips only: no badge is asked for.
            continue;
        }
        let rendered = (|| -> Result<Vec<u8>> {
            let t = Template::find(template, template_dir)?;
            let inputs = rows.iter().map(|r| r.input()).collect::<Result<Vec<_>>>()?;
            Ok(qrstation_label::render_pdf_batch(&inputs, &t)?.bytes)
        })();
        let bytes = match rendered {
            Ok(b) => b,
            Err(e) => {
                fail(&mut results, rows, &e);
                continue;
            }
        };
        if let Some((dir, stem, n)) = &part {
            let suffix = if k == 0 {
                String::new()
            } else {
                format!("-{template}")
            };
            let path = dir.join(format!("{stem}-{n:04}{suffix}.pdf"));
            let written =
                ensure_out_dir(dir).and_then(|()| crate::files::write_private(&path, &bytes));
            match written {
                Ok(()) => {
                    let name = path.display().to_string();
                    for r in rows.iter() {
                        if let Some(f) = results.get_mut(&r.line) {
                            f.output = Some(name.clone());
                        }
                    }
                }
                Err(e) => fail(&mut results, rows, &e),
            }
        }
        let mut by_printer: BTreeMap<&str, Vec<&Ready>> = BTreeMap::new();
        for r in rows.iter() {
            if let Some(p) = &r.printer {
                by_printer.entry(p.as_str()).or_default().push(r);
            }
        }
        for (printer, group) in by_printer {
            let sent = (|| -> Result<()> {
                let bytes = if group.len() == rows.len() {
                    bytes.clone()
                } else {
                    let t = Template::find(template, template_dir)?;
                    let inputs = group
                        .iter()
                        .map(|r| r.input())
                        .collect::<Result<Vec<_>>>()?;
                    qrstation_label::render_pdf_batch(&inputs, &t)?.bytes
                };
                Printer::parse(printer)?.send(&bytes, Format::Pdf)?;
                Ok(())
            })();
            for r in group {
                if let Some(f) = results.get_mut(&r.line) {
                    match &sent {
                        Ok(()) => f.printed = true,
                        Err(e) if f.output.is_none() => {
                            f.error = Some((e.code().to_owned(), e.to_string()))
                        }
                        Err(_) => {}
                    }
                }
            }
        }
    }
    if let Some(base) = &to.slips {
        // The slips take the sheet's part number when there is a sheet.
        let (dir, stem, n) = match &part {
            Some(p) if to.out_pdf.as_deref() == Some(base.as_path()) => p.clone(),
            _ => next_part(base),
        };
        let slips: Vec<qrstation_label::slip::Slip<'_>> = ready
            .iter()
            .map(|r| qrstation_label::slip::Slip {
                name: &r.display_name,
                upn: &r.upn,
                pin: r.pin.as_deref(),
            })
            .collect();
        let path = dir.join(format!("{stem}-{n:04}-pins.pdf"));
        let written = ensure_out_dir(&dir).and_then(|()| {
            let bytes = qrstation_label::slip::pdf(&slips)?;
            crate::files::write_private(&path, &bytes)
        });
        if let Err(e) = written {
            // Loud: every row whose PIN only this slip held has lost it.
            tracing::error!(code = e.code(), "PIN slips not written");
            for r in ready.iter().filter(|r| r.pin.is_some() && !r.pin_from_csv) {
                if let Some(f) = results.get_mut(&r.line) {
                    f.pin_lost = true;
                }
            }
        }
    }
    results.into_values().collect()
}

/// The columns of the results CSV.
const RESULTS_HEADER: [&str; 7] = [
    "line",
    "upn",
    "outcome",
    "error",
    "message",
    "request_id",
    "badge_file",
];

/// The results CSV of a job: `line,upn,outcome,error,message,request_id,badge_file`. Never a
/// PIN. Returns how many rows were written.
pub async fn results_csv(
    store: &Store,
    job_id: &str,
    out: &mut impl std::io::Write,
) -> Result<usize> {
    let status = journal::status(store, job_id).await?;
    let io = |source| CoreError::Io {
        action: "write",
        path: "results CSV".into(),
        source,
    };
    let mut csv = crate::exports::CsvExport::new(out);
    csv.row(RESULTS_HEADER).map_err(io)?;
    for r in &status.rows {
        csv.row([
            r.line.to_string().as_str(),
            &r.upn,
            r.state.outcome(),
            r.error_code.as_deref().unwrap_or_default(),
            r.error_message.as_deref().unwrap_or_default(),
            r.request_id.as_deref().unwrap_or_default(),
            r.output.as_deref().unwrap_or_default(),
        ])
        .map_err(io)?;
    }
    csv.finish().map_err(io)?;
    Ok(status.rows.len())
}
