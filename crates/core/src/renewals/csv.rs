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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::renewals::{BadgeDates, BadgeState, WorkerStatus};

    #[test]
    fn a_hostile_name_is_text_in_a_spreadsheet() {
        let report = Report {
            scope_key: "office:S".into(),
            scope_label: "office S".into(),
            within_days: 30,
            scanned_at: 0,
            age_ms: 0,
            rows: vec![WorkerStatus {
                upn: "a@b.c".into(),
                user_id: None,
                display_name: Some("=HYPERLINK(\"http://x\",\"y\")".into()),
                office: Some("+1 Store".into()),
                department: None,
                state: BadgeState::NoMethod,
                dates: BadgeDates::default(),
                temporary_active: false,
                never_used: false,
                error_code: None,
                seen: None,
            }],
        };
        let out = String::from_utf8(write_csv(&report, Vec::new()).unwrap()).unwrap();
        let line = out.lines().nth(1).unwrap();
        assert!(!line.contains(",=HYPERLINK"), "{line}");
        assert!(!line.contains(",+1 Store"), "{line}");
        assert!(line.contains("noMethod"));
    }
}
