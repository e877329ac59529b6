//! Badges from what Graph issued: the label crate's rendering and printing, fed from an
//! [`Issued`](crate::station::issued::Issued) QR code (or a payload given by hand), with the
//! print recorded in the audit log and the user's print count.

use std::path::Path;

use base64::{engine::general_purpose::STANDARD, Engine};
use qrstation_label::{render_badge, BadgeInput, Ecc, Format, Printer, Template};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::station::issued::IssuedQr;
use crate::station::summary::UserSummary;
use crate::store::audit::{AuditEntry, Outcome};
use crate::{CoreError, Result, Store};

/// What goes on one badge. The payload is a secret: `Debug` hides it.
#[derive(Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BadgeRequest {
    /// `rawContent` as Graph returned it, base64.
    pub payload_base64: String,
    /// Graph's `errorCorrectionLevel` (H when absent).
    pub error_correction_level: Option<String>,
    /// Graph's `image.version`.
    pub version: Option<i32>,
    /// The name printed large on the badge.
    pub display_name: String,
    /// The sign-in name printed under it.
    pub upn: String,
    /// The department line, when the template has one.
    pub department: Option<String>,
    /// Unix ms.
    pub valid_from: Option<i64>,
    /// Unix ms.
    pub valid_until: Option<i64>,
    /// The onboarding hint line, e.g. "First sign-in: use your password once, then scan".
    pub onboarding: Option<String>,
    /// A temporary code's badge: it says TEMPORARY and until when, with the time (a temporary
    /// code lasts hours, not days). Absent means a standard badge.
    #[serde(default)]
    #[ts(optional)]
    pub temporary: Option<bool>,
}

impl std::fmt::Debug for BadgeRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BadgeRequest")
            .field("upn", &self.upn)
            .finish_non_exhaustive()
    }
}

impl BadgeRequest {
    /// The badge of a code Graph just issued to `user`; `None` when its image was lost.
    pub fn from_issued(qr: &IssuedQr, user: &UserSummary) -> Option<BadgeRequest> {
        (!qr.image_lost).then(|| BadgeRequest {
            payload_base64: qr.raw_content_base64.clone(),
            error_correction_level: qr.error_correction_level.clone(),
            version: qr.version,
            display_name: user.display_name.clone(),
            upn: user.upn.clone(),
            department: user.office_location.clone().or(user.department.clone()),
            valid_from: qr.starts,
            valid_until: qr.expires,
            onboarding: None,
            temporary: Some(matches!(
                qr.kind,
                crate::station::issued::QrKindName::Temporary
            )),
        })
    }
}

/// A rendered badge and what to tell the person before printing.
#[derive(Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RenderedBadge {
    /// The rendered file (PNG, PDF, ZPL or Brother QL raster), never sent to the UI.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// For previews: the PNG, base64 (empty for other formats).
    pub png_base64: String,
    /// What the person should know before printing (a small QR code, a shortened name).
    pub warnings: Vec<String>,
    /// The QR code's printed width in inches.
    pub qr_width_in: f64,
    /// The format this badge prints in, as Rust decides it (`printing::output_format`): the
    /// printer profile's when rendered for one, else the template's own (`zpl` for Zebra
    /// labels, `brother-ql` for Brother QL labels, `pdf` otherwise). The UI shows this; it
    /// never guesses a format from a template's name.
    pub print_format: String,
}

impl std::fmt::Debug for RenderedBadge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderedBadge")
            .field("bytes", &self.bytes.len())
            .field("warnings", &self.warnings)
            .finish_non_exhaustive()
    }
}

/// The label templates: built in, plus `*.json` in `user_dir` (same name replaces).
pub fn templates(user_dir: Option<&Path>) -> Result<Vec<String>> {
    Ok(Template::all(user_dir)?
        .into_iter()
        .map(|t| t.name)
        .collect())
}

/// One label template as the pickers show it: its id and the name a person reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TemplateName {
    /// The id a profile or a request names it by (`brother-ql-62x100`).
    pub name: String,
    /// What a person picks it by ("Brother QL 62 mm").
    pub display_name: String,
}

/// [`templates`] with their readable names, same order.
pub fn template_names(user_dir: Option<&Path>) -> Result<Vec<TemplateName>> {
    Ok(Template::all(user_dir)?
        .into_iter()
        .map(|t| TemplateName {
            display_name: t.display_name().to_owned(),
            name: t.name,
        })
        .collect())
}

/// `2026-12-01 14:30` for unix milliseconds, in this computer's time zone (what a person at
/// the station reads on a temporary badge). Out-of-range instants fall back to UTC's ISO text.
pub fn local_minute(ms: i64) -> String {
    use chrono::{DateTime, Local};
    match DateTime::from_timestamp_millis(ms) {
        Some(t) => t.with_timezone(&Local).format("%Y-%m-%d %H:%M").to_string(),
        None => crate::time::iso8601(ms),
    }
}

/// Renders `req` on `template` as `format` (`png`, `pdf`, `zpl`, `brother-ql`).
pub fn render(
    req: &BadgeRequest,
    template: &str,
    format: &str,
    user_dir: Option<&Path>,
) -> Result<RenderedBadge> {
    let format: Format = format.parse()?;
    let template = Template::find(template, user_dir)?;
    let payload = STANDARD
        .decode(req.payload_base64.trim())
        .map_err(|_| CoreError::BadQrPayload)?;
    let temporary = req.temporary == Some(true);
    let day = |ms: Option<i64>| ms.map(|ms| crate::time::iso8601(ms)[..10].to_owned());
    // A temporary code's end is a time of day: said in the station's own clock.
    let until = |ms: Option<i64>| {
        if temporary {
            ms.map(local_minute)
        } else {
            day(ms)
        }
    };
    let input = BadgeInput {
        payload,
        ecc: Ecc::from_graph(req.error_correction_level.as_deref())?,
        reported_version: req.version.and_then(|v| u8::try_from(v).ok()),
        display_name: req.display_name.clone(),
        upn: req.upn.clone(),
        department: req.department.clone(),
        valid_from: day(req.valid_from),
        valid_until: until(req.valid_until),
        onboarding: req.onboarding.clone(),
        temporary,
        logo_png: None,
    };
    let out = render_badge(&input, &template, format)?;
    Ok(RenderedBadge {
        png_base64: if format == Format::Png {
            STANDARD.encode(&out.bytes)
        } else {
            String::new()
        },
        warnings: out.warnings.iter().map(ToString::to_string).collect(),
        qr_width_in: out.qr.width_in,
        print_format: super::template_format(&template).name().to_owned(),
        bytes: out.bytes,
    })
}

/// Sends a rendered badge to `printer` (`cups:QUEUE`, `tcp:HOST[:PORT]`, `file:PATH` or a CUPS
/// queue name) and records the print: an audit row by `operator`, and the user's print count.
pub async fn print(
    store: &Store,
    operator: &str,
    user_id: Option<&str>,
    upn: &str,
    badge: &RenderedBadge,
    format: &str,
    printer: &str,
) -> Result<()> {
    print_on_media(store, operator, user_id, upn, badge, format, printer, None).await
}

/// [`print()`], asking a CUPS driver queue for `media` (a name from [`printers`]).
#[allow(clippy::too_many_arguments)] // `print`'s arguments and the media
pub async fn print_on_media(
    store: &Store,
    operator: &str,
    user_id: Option<&str>,
    upn: &str,
    badge: &RenderedBadge,
    format: &str,
    printer: &str,
    media: Option<&str>,
) -> Result<()> {
    let format: Format = format.parse()?;
    let target = Printer::parse(printer)?;
    // The audit row goes first: no row, no print (a print that happened but was never audited
    // would be a badge nobody can account for).
    let row = store
        .begin_audit(
            operator,
            crate::store::audit::AuditAction::BadgePrint,
            Some(upn),
        )
        .await?;
    let bytes = badge.bytes.clone();
    let media = media.map(str::to_owned);
    let sent =
        tokio::task::spawn_blocking(move || target.send_on_media(&bytes, format, media.as_deref()))
            .await
            .map_err(|_| CoreError::TaskStopped("printing".into()))?;
    let now = crate::time::now_ms();
    let entry = AuditEntry {
        id: row,
        at: now,
        operator_upn: operator.to_owned(),
        action: crate::store::audit::AuditAction::BadgePrint,
        target_upn: Some(upn.to_owned()),
        outcome: if sent.is_ok() {
            Outcome::Success
        } else {
            Outcome::Failure
        },
        error_code: sent.as_ref().err().map(|e| e.code().to_owned()),
        request_id: None,
        printer: Some(printer.to_owned()),
    };
    store.finish_audit(row, &entry).await;
    sent?;
    if let Some(id) = user_id {
        store.record_print(id, now).await?;
    }
    Ok(())
}

/// What the app's "Print badge" sends.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrintRequest {
    /// What to print on the badge.
    pub badge: BadgeRequest,
    /// The user's object id, for the print count.
    pub user_id: Option<String>,
    /// The label template's name.
    pub template: String,
    /// `pdf` for office printers, `zpl` for Zebra, `brother-ql` for Brother QL.
    pub format: String,
    /// `cups:QUEUE`, `tcp:HOST[:PORT]`, `file:PATH` or a CUPS queue name.
    pub printer: String,
}

impl crate::Station {
    /// Renders and prints a badge as this station's operator.
    pub async fn print_badge(&self, req: &PrintRequest, user_dir: Option<&Path>) -> Result<()> {
        let rendered = render(&req.badge, &req.template, &req.format, user_dir)?;
        print(
            self.store(),
            self.operator(),
            req.user_id.as_deref(),
            &req.badge.upn,
            &rendered,
            &req.format,
            &req.printer,
        )
        .await
    }
}

/// Printing defaults a person sets once per station: the label and the printer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrintSettings {
    /// The station's default label template, if one is set.
    pub template: Option<String>,
    /// The station's default printer, if one is set.
    pub printer: Option<String>,
}

impl PrintSettings {
    /// The default printer profile's label and printer (none when no default is set):
    /// printer profiles are the one source of print defaults.
    pub fn load(data_dir: &Path) -> Result<PrintSettings> {
        let s = crate::Settings::load(data_dir)?;
        let default = s.default_profile.as_deref().and_then(|d| {
            s.printer_profiles
                .iter()
                .find(|p| p.name.eq_ignore_ascii_case(d))
        });
        Ok(PrintSettings {
            template: default.map(|p| p.template.clone()),
            printer: default.map(|p| p.printer.clone()),
        })
    }

    /// Checks the template exists and the printer spec parses, then saves them as the default
    /// printer profile (made when there is none). Half a pair is no printer set-up: the
    /// station then has no default profile.
    pub fn save(&self, data_dir: &Path) -> Result<()> {
        let blank = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
        let (template, printer) = (blank(&self.template), blank(&self.printer));
        if let Some(t) = &template {
            Template::find(t, Some(&crate::DataDir::new(data_dir).templates()))?;
        }
        if let Some(p) = &printer {
            Printer::parse(p)?;
        }
        let mut s = crate::Settings::load(data_dir)?;
        if let (Some(template), Some(printer)) = (template, printer) {
            let name = s
                .default_profile
                .clone()
                .unwrap_or_else(|| crate::printer_profiles::MIGRATED_PROFILE.to_owned());
            let names =
                |p: &crate::printer_profiles::PrinterProfile| p.name.eq_ignore_ascii_case(&name);
            match s.printer_profiles.iter_mut().find(|p| names(p)) {
                Some(p) => {
                    if p.printer != printer {
                        p.media = None;
                    }
                    p.template = template;
                    p.printer = printer;
                    p.format = None;
                }
                None => s
                    .printer_profiles
                    .push(crate::printer_profiles::PrinterProfile::plain(
                        name.clone(),
                        printer,
                        template,
                    )),
            }
            s.default_profile = Some(name);
        } else {
            // Half a pair is no printer set-up: the station has no default profile then.
            s.default_profile = None;
        }
        s.save(data_dir)
    }
}

/// A printer the station can see, for the printer field's suggestions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrinterChoice {
    /// What to put in the printer field, e.g. `cups:Front-desk`.
    pub spec: String,
    /// The CUPS queue name.
    pub queue: String,
    /// Whether it takes PDF (a driver) or raw ZPL / Brother QL.
    pub has_driver: bool,
    /// The media (page sizes) the queue offers, as CUPS names them (`A4`, `w175h288`,
    /// `Custom.62x100mm`); empty for raw queues, whose size the label template sets.
    pub media: Vec<String>,
    /// The queue's default media.
    pub default_media: Option<String>,
}

/// The CUPS queues of this machine (or `$CUPS_SERVER`, which the CUPS clients read) with their
/// media; none when CUPS is not there.
pub fn printers() -> Vec<PrinterChoice> {
    match try_printers(None) {
        Ok(list) => list,
        Err(e) => {
            tracing::info!(code = e.code(), "no CUPS printers listed");
            Vec::new()
        }
    }
}

/// The queues of the CUPS server `server` (`host:port`; the default server, or
/// `$CUPS_SERVER`, when `None`) with their media; an error when CUPS cannot be asked (the CLI's
/// `printer list` shows it). With a server named, specs name it too (`cups:QUEUE@HOST:PORT`).
pub fn try_printers(server: Option<&str>) -> Result<Vec<PrinterChoice>> {
    let at = server.map(|s| format!("@{s}")).unwrap_or_default();
    Ok(Printer::list_cups(server)?
        .into_iter()
        .filter_map(|p| match p.printer {
            Printer::Cups { queue, .. } => Some(PrinterChoice {
                spec: format!("cups:{queue}{at}"),
                queue,
                has_driver: p.has_driver,
                media: p.media,
                default_media: p.default_media,
            }),
            _ => None,
        })
        .collect())
}

/// Writes the badge as PDF into `dir` (created, file readable by its owner only) and returns
/// the path. The file holds the QR secret: it is the person's to print and delete.
pub fn save_pdf(
    req: &BadgeRequest,
    template: &str,
    dir: &Path,
    user_dir: Option<&Path>,
) -> Result<String> {
    let pdf = render(req, template, "pdf", user_dir)?;
    crate::settings::ensure_dir(dir)?;
    let path = dir.join(pdf_file_name(req, template));
    crate::files::write_private(&path, &pdf.bytes)?;
    Ok(path.display().to_string())
}

/// The name a badge's PDF gets: `badge-<upn>-<template>.pdf`, anything but ASCII letters,
/// digits, `.` and `-` turned into `_` (the save dialog's default and [`save_pdf`]'s file).
pub fn pdf_file_name(req: &BadgeRequest, template: &str) -> String {
    let safe = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    };
    format!("badge-{}-{}.pdf", safe(&req.upn), safe(template))
}

/// Renders the badge as PDF, ready for [`write_pdf`] (render first, so a template error shows
/// before anyone is asked where to save).
pub fn render_pdf(req: &BadgeRequest, template: &str, user_dir: Option<&Path>) -> Result<Vec<u8>> {
    Ok(render(req, template, "pdf", user_dir)?.bytes)
}

/// Writes a rendered badge PDF at `path`, a place the person chose in the native save dialog
/// (never one the window named): owner-only (0600), never through a symlink.
pub fn write_pdf(pdf: &[u8], path: &Path) -> Result<()> {
    crate::files::write_private(path, pdf)
}
