//! The renewal report as CSV, written with the app's one CSV writer
//! ([`crate::exports::CsvExport`]): every cell formula-defused, so a display name like
//! `=HYPERLINK(…)` from the directory is text in a spreadsheet. No secrets are in a report.

use super::Report;
use crate::exports::CsvExport;

/// The header line.
pub const HEADER: [&str; 12] = [
    "upn",
    "display_name",
    "office",
    "department",
    "status",
    "expires",
    "days_left",
    "temporary_code_active",
    "never_used",
    "pin_change_pending",
    "error",
    "scanned_at",
];

/// Writes `report` to `out`.
pub fn write_csv<W: std::io::Write>(report: &Report, out: W) -> std::io::Result<W> {
    let mut csv = CsvExport::new(out);
    csv.row(HEADER)?;
    let now = report.scanned_at + report.age_ms;
    let scanned = crate::time::iso8601(report.scanned_at);
    let yes = |b: bool| if b { "yes" } else { "no" };
    for r in &report.rows {
        let expires = r
            .dates
            .expires_ms
            .map(crate::time::iso8601)
            .unwrap_or_default();
        let days = r
            .dates
            .expires_ms
            .map(|e| ((e - now) as f64 / 86_400_000.0).floor().to_string())
            .unwrap_or_default();
        csv.row([
            r.upn.as_str(),
            r.display_name.as_deref().unwrap_or(""),
            r.office.as_deref().unwrap_or(""),
            r.department.as_deref().unwrap_or(""),
            r.state.as_str(),
            &expires,
            &days,
            yes(r.temporary_active),
            yes(r.never_used),
            yes(r.dates.pin_change_pending),
            r.error_code.as_deref().unwrap_or(""),
            &scanned,
        ])?;
    }
    csv.finish()
}
