//! What a job hands out: badge sheets written part by part (`FILE-0001.pdf`, …) as soon as
//! enough badges are ready, optional PIN slips in a separate file, prints, and the results CSV
//! (upn, outcome, error, request-id — never a PIN). PIN slips are their own PDF.

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
    pub template: String,
    pub printer: Option<String>,
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
            .map_err(|_| CoreError::InvalidInput("the QR payload is not base64".into()))?;
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

/// Writes `ready` as badge sheets (one PDF per template) and PIN slips, prints, and drops the
/// secrets. Blocking (rendering is CPU work): run it on a blocking thread.
pub(crate) fn flush(
    ready: Vec<Ready>,
    out_pdf: Option<&Path>,
    pin_slips: bool,
    template_dir: Option<&Path>,
) -> Vec<Flushed> {
    let mut results: BTreeMap<u32, Flushed> = ready
        .iter()
        .map(|r| {
            (
                r.line,
                Flushed {
                    line: r.line,
                    output: None,
                    printed: false,
                    error: None,
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
            let written = crate::settings::ensure_dir(dir)
                .and_then(|()| crate::files::write_private(&path, &bytes));
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
    if pin_slips {
        if let Some((dir, stem, n)) = &part {
            let slips: Vec<super::slips::Slip<'_>> = ready
                .iter()
                .map(|r| super::slips::Slip {
                    name: &r.display_name,
                    upn: &r.upn,
                    pin: r.pin.as_deref(),
                })
                .collect();
            let path = dir.join(format!("{stem}-{n:04}-pins.pdf"));
            if let Err(e) = crate::files::write_private(&path, &super::slips::pdf(&slips)) {
                tracing::error!(code = e.code(), "PIN slips not written");
            }
        }
    }
    results.into_values().collect()
}

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
    writeln!(out, "line,upn,outcome,error,message,request_id,badge_file").map_err(io)?;
    for r in &status.rows {
        let cells = [
            r.line.to_string(),
            r.upn.clone(),
            r.state.outcome().to_owned(),
            r.error_code.clone().unwrap_or_default(),
            r.error_message.clone().unwrap_or_default(),
            r.request_id.clone().unwrap_or_default(),
            r.output.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        writeln!(out, "{}", line.join(",")).map_err(io)?;
    }
    Ok(status.rows.len())
}

/// A CSV cell: quoted when needed, and a leading `=`, `+`, `-` or `@` defused for spreadsheets.
fn csv_cell(v: &str) -> String {
    let v = if v.starts_with(['=', '+', '-', '@']) {
        format!("'{v}")
    } else {
        v.to_owned()
    };
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}
