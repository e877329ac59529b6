//! The bulk CSV: UTF-8 with or without a BOM, comma or semicolon (whichever the header uses),
//! RFC 4180 quoting. Columns `upn` (required), `start`, `expires` or `days`, `pin`, `template`,
//! `printer`, in any order and any case; each problem is reported with its line number.
//! A PIN read here stays in memory: `Debug` hides it and it is never stored.

use chrono::{DateTime, NaiveDate, Utc};

use super::Problem;

/// One data line of the CSV, as written (checked against Graph later, in the plan).
#[derive(Clone, PartialEq, Eq)]
pub struct InputRow {
    /// 1-based line in the file (the header is line 1).
    pub line: u32,
    pub upn: String,
    pub start: Option<DateTime<Utc>>,
    pub expires: Option<DateTime<Utc>>,
    pub days: Option<i64>,
    pub pin: Option<String>,
    pub template: Option<String>,
    pub printer: Option<String>,
}

impl std::fmt::Debug for InputRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InputRow")
            .field("line", &self.line)
            .field("upn", &self.upn)
            .field("pin", &self.pin.as_ref().map(|_| "<redacted>"))
            .finish_non_exhaustive()
    }
}

/// What the file held: the rows that parsed and every problem found, by line.
#[derive(Debug, Clone, Default)]
pub struct ParsedCsv {
    pub rows: Vec<InputRow>,
    pub problems: Vec<Problem>,
}

const KNOWN: [&str; 7] = [
    "upn", "start", "expires", "days", "pin", "template", "printer",
];

/// Parses `bytes`. A missing `upn` column is one problem on line 1 and no rows.
pub fn parse(bytes: &[u8]) -> ParsedCsv {
    let mut out = ParsedCsv::default();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            out.problems.push(Problem::new(
                line as u32,
                "bulk.csv_encoding",
                "the file is not UTF-8 text (save it as CSV UTF-8)",
            ));
            return out;
        }
    };
    let header_line = text.lines().next().unwrap_or("");
    let sep = if header_line.matches(';').count() > header_line.matches(',').count() {
        ';'
    } else {
        ','
    };
    let records = split_records(text, sep);
    let Some((_, header)) = records.first() else {
        out.problems
            .push(Problem::new(1, "bulk.csv_empty", "the file is empty"));
        return out;
    };
    let header: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name);
    let Some(upn_col) = col("upn") else {
        out.problems.push(Problem::new(
            1,
            "bulk.missing_column",
            "the header has no `upn` column (columns: upn, start, expires or days, pin, template, printer)",
        ));
        return out;
    };
    for h in header.iter().filter(|h| !h.is_empty()) {
        if !KNOWN.contains(&h.as_str()) {
            out.problems.push(Problem::warning(
                1,
                "bulk.unknown_column",
                &format!("column `{h}` is not used"),
            ));
        }
    }
    if col("expires").is_some() && col("days").is_some() {
        out.problems.push(Problem::warning(
            1,
            "bulk.expires_and_days",
            "both `expires` and `days` columns: a row that fills both is refused",
        ));
    }
    for (line, fields) in records.iter().skip(1) {
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if fields.len() > header.len() {
            out.problems.push(Problem::new(
                *line,
                "bulk.extra_fields",
                &format!(
                    "{} fields, the header has {} (a {sep} inside a value needs quotes)",
                    fields.len(),
                    header.len()
                ),
            ));
            continue;
        }
        let get = |name: &str| -> Option<String> {
            col(name)
                .and_then(|i| fields.get(i))
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let Some(upn) = fields
            .get(upn_col)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
        else {
            out.problems
                .push(Problem::new(*line, "bulk.missing_upn", "the upn is empty"));
            continue;
        };
        let mut bad = false;
        let mut time = |name: &str| match get(name).map(|v| parse_time(&v)) {
            Some(None) => {
                out.problems.push(Problem::new(
                    *line,
                    "bulk.bad_time",
                    &format!("`{name}` is not a date (YYYY-MM-DD or RFC 3339)"),
                ));
                bad = true;
                None
            }
            Some(Some(t)) => Some(t),
            None => None,
        };
        let start = time("start");
        let expires = time("expires");
        let days = match get("days").map(|d| d.parse::<i64>()) {
            Some(Ok(d)) if d >= 1 => Some(d),
            Some(_) => {
                out.problems.push(Problem::new(
                    *line,
                    "bulk.bad_days",
                    "`days` must be a whole number of days, at least 1",
                ));
                bad = true;
                None
            }
            None => None,
        };
        if expires.is_some() && days.is_some() {
            out.problems.push(Problem::new(
                *line,
                "bulk.expires_and_days",
                "give `expires` or `days`, not both",
            ));
            bad = true;
        }
        if bad {
            continue;
        }
        out.rows.push(InputRow {
            line: *line,
            upn,
            start,
            expires,
            days,
            pin: get("pin"),
            template: get("template"),
            printer: get("printer"),
        });
    }
    out
}

/// `YYYY-MM-DD` (midnight UTC) or RFC 3339; `None` for anything else.
pub fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

/// Splits the text into records of fields, each with the line it starts on. Quotes may hold
/// separators, doubled quotes and line breaks.
fn split_records(text: &str, sep: char) -> Vec<(u32, Vec<String>)> {
    let mut records = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1u32;
    let mut start_line = 1u32;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            '\n' if !quoted => {
                fields.push(std::mem::take(&mut field));
                records.push((start_line, std::mem::take(&mut fields)));
                line += 1;
                start_line = line;
            }
            '\r' if !quoted && chars.peek() == Some(&'\n') => {}
            c if c == sep && !quoted => fields.push(std::mem::take(&mut field)),
            c => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
        }
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        records.push((start_line, fields));
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_semicolons_quotes_and_line_numbers() {
        let csv = "\u{feff}UPN;Days;PIN;Note\r\n\"a@x.com\";30;48271953;\"one; two\"\r\n\r\nb@x.com;;;\n;5;;\nc@x.com;0;;\n";
        let p = parse(csv.as_bytes());
        assert_eq!(p.rows.len(), 2, "{:?}", p.problems);
        assert_eq!(p.rows[0].line, 2);
        assert_eq!(p.rows[0].upn, "a@x.com");
        assert_eq!(p.rows[0].days, Some(30));
        assert_eq!(p.rows[0].pin.as_deref(), Some("48271953"));
        assert_eq!(p.rows[1].line, 4);
        assert_eq!(p.rows[1].pin, None);
        let codes: Vec<(u32, &str)> = p
            .problems
            .iter()
            .map(|x| (x.line, x.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            vec![
                (1, "bulk.unknown_column"),
                (5, "bulk.missing_upn"),
                (6, "bulk.bad_days")
            ]
        );
        assert!(!format!("{:?}", p.rows[0]).contains("48271953"));
    }

    #[test]
    fn missing_upn_column_and_bad_dates() {
        let p = parse(b"user,days\na,3\n");
        assert_eq!(p.problems[0].code, "bulk.missing_column");
        assert!(p.rows.is_empty());
        let p = parse(b"upn,start,expires\na,2027-01-01,soon\nb,2027-01-01T08:00:00Z,2027-02-01\n");
        assert_eq!(p.problems.len(), 1);
        assert_eq!(
            (p.problems[0].line, p.problems[0].code.as_str()),
            (2, "bulk.bad_time")
        );
        assert_eq!(p.rows[0].upn, "b");
        assert!(p.rows[0].expires.is_some());
    }
}
