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
    /// The `upn` column: who the row is for.
    pub upn: String,
    /// The `start` column: when the badge code starts to work.
    pub start: Option<DateTime<Utc>>,
    /// The `expires` column: when it stops working.
    pub expires: Option<DateTime<Utc>>,
    /// The `days` column: the code's lifetime, instead of `expires`.
    pub days: Option<i64>,
    /// The `pin` column: the PIN to set (else one is generated).
    pub pin: Option<String>,
    /// The `template` column: the label template for this row.
    pub template: Option<String>,
    /// The `printer` column: the printer profile for this row.
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
    /// The data lines that parsed.
    pub rows: Vec<InputRow>,
    /// Every problem found, each with its line.
    pub problems: Vec<Problem>,
}

/// The largest CSV one job takes (bytes); a bigger file is refused with `bulk.csv_too_large`.
pub const MAX_CSV_BYTES: usize = 20 << 20;

/// The most data lines one job takes; more is refused with `bulk.too_many_rows`.
pub const MAX_CSV_ROWS: usize = 100_000;

const KNOWN: [&str; 7] = [
    "upn", "start", "expires", "days", "pin", "template", "printer",
];

/// Parses `bytes`. A missing `upn` column is one problem on line 1 and no rows.
pub fn parse(bytes: &[u8]) -> ParsedCsv {
    let mut out = ParsedCsv::default();
    if bytes.len() > MAX_CSV_BYTES {
        out.problems.push(Problem::new(
            1,
            "bulk.csv_too_large",
            &format!(
                "the file is {} MB; at most {} MB fit in one job (split it)",
                bytes.len().div_ceil(1 << 20),
                MAX_CSV_BYTES >> 20
            ),
        ));
        return out;
    }
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
    let (records, quote_problems) = split_records(text, sep);
    if let Some(p) = quote_problems.iter().find(|p| p.line <= 1) {
        // The header itself is broken: nothing below it can be read.
        out.problems.push(p.clone());
        return out;
    }
    if records.len() > MAX_CSV_ROWS + 1 {
        out.problems.push(Problem::new(
            1,
            "bulk.too_many_rows",
            &format!(
                "the file has {} lines of data; at most {MAX_CSV_ROWS} fit in one job (split it)",
                records.len() - 1
            ),
        ));
        return out;
    }
    let mut quote_problems = quote_problems.into_iter().peekable();
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
        // Unterminated quotes before this record, in line order.
        while let Some(p) = quote_problems.next_if(|p| p.line < *line) {
            out.problems.push(p);
        }
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
    out.problems.extend(quote_problems);
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

/// Splits the text into records of fields (the `csv` crate, RFC 4180: quotes at the start of a
/// field may hold separators, doubled quotes and line breaks), each with the line it starts on.
/// A quote still open at the end of the file is reported on the line where it opened
/// (`bulk.unterminated_quote`); that record is dropped and the lines after that line are read
/// again as records, so the rest of the file is not swallowed into one field. Lines end at
/// `\n`; the `\r` of `\r\n` stays in the last field, which the caller trims.
fn split_records(text: &str, sep: char) -> (Vec<(u32, Vec<String>)>, Vec<Problem>) {
    let mut records = Vec::new();
    let mut problems = Vec::new();
    let mut rest = text;
    let mut first_line = 1u32;
    while let Some((open_line, open_at)) = split_from(rest, sep, first_line, &mut records) {
        problems.push(Problem::new(
            open_line,
            "bulk.unterminated_quote",
            "a quote (\") opened on this line is never closed: the line is not used",
        ));
        // Go on after the line the quote opened on.
        match rest[open_at..].find('\n') {
            Some(i) => {
                rest = &rest[open_at + i + 1..];
                first_line = open_line + 1;
            }
            None => break,
        }
    }
    (records, problems)
}

/// Splits `text` (whose first line is `first_line`) into `records`; `Some((line, byte))` when
/// a quote opened on `line`, at least at `byte` of `text` on that line, is still open at the
/// end (the record it is in is not added).
fn split_from(
    text: &str,
    sep: char,
    first_line: u32,
    records: &mut Vec<(u32, Vec<String>)>,
) -> Option<(u32, usize)> {
    // A sentinel line after the text: it is a record of its own unless a quote is still open,
    // which then swallows it (the `csv` crate reads an open quote to the end without a word).
    let mut data = Vec::with_capacity(text.len() + 2);
    data.extend_from_slice(text.as_bytes());
    data.extend_from_slice(b"\n\0");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(sep as u8)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_reader(data.as_slice());
    let mut record = csv::ByteRecord::new();
    let mut pending: Option<(u32, usize, Vec<String>)> = None;
    // Reading a byte slice cannot fail (the text is UTF-8; fields split at ASCII bytes).
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        let pos = record.position().expect("the csv reader gives positions");
        // The position is where the previous record ended: blank lines are skipped after it.
        let mut at = pos.byte() as usize;
        let mut line = first_line as u64 + pos.line() - 1;
        while data.get(at) == Some(&b'\n') {
            at += 1;
            line += 1;
        }
        if at > text.len() {
            // The sentinel: every quote was closed.
            if let Some((line, _, fields)) = pending.take() {
                records.push((line, fields));
            }
            return None;
        }
        let fields = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
            .collect();
        if let Some((line, _, fields)) = pending.replace((line as u32, at, fields)) {
            records.push((line, fields));
        }
    }
    // The last record swallowed the sentinel: its last field holds the open quote, which
    // opened as many lines below the record's start as the fields before it hold line breaks.
    let (line, at, fields) = pending?;
    let breaks: usize = fields[..fields.len().saturating_sub(1)]
        .iter()
        .map(|f| f.matches('\n').count())
        .sum();
    let open_at = match breaks {
        0 => at,
        n => text[at..]
            .match_indices('\n')
            .nth(n - 1)
            .map_or(text.len(), |(i, _)| at + i + 1),
    };
    Some((line + breaks as u32, open_at))
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

    #[test]
    fn an_unterminated_quote_is_reported_where_it_opened_and_the_rest_is_read() {
        let csv = "upn,pin\na@x.com,\n\"b@x.com,12121212\nc@x.com,\nd@x.com,\n";
        let p = parse(csv.as_bytes());
        let codes: Vec<(u32, &str)> = p
            .problems
            .iter()
            .map(|x| (x.line, x.code.as_str()))
            .collect();
        assert_eq!(codes, vec![(3, "bulk.unterminated_quote")]);
        let rows: Vec<(u32, &str)> = p.rows.iter().map(|r| (r.line, r.upn.as_str())).collect();
        assert_eq!(rows, vec![(2, "a@x.com"), (4, "c@x.com"), (5, "d@x.com")]);
        assert!(!p.problems[0].message.contains("12121212"));
        // In the header: nothing can be read.
        let p = parse(b"\"upn,pin\na,1\n");
        assert_eq!(p.problems[0].code, "bulk.unterminated_quote");
        assert_eq!(p.problems[0].line, 1);
        assert!(p.rows.is_empty());
    }

    #[test]
    fn a_quote_left_open_after_a_quoted_line_break_is_reported_on_its_own_line() {
        // Line 2's record goes on to line 3 inside quotes; its second quote opens on line 3
        // and is never closed: line 3 is reported and reading goes on at line 4.
        let csv = "upn,template\n\"a@x.com\",\"two\r\nlines\",\"open\nb@x.com,t 1\r\n";
        let p = parse(csv.as_bytes());
        let codes: Vec<(u32, &str)> = p
            .problems
            .iter()
            .map(|x| (x.line, x.code.as_str()))
            .collect();
        assert_eq!(codes, vec![(3, "bulk.unterminated_quote")]);
        let rows: Vec<(u32, &str, Option<&str>)> = p
            .rows
            .iter()
            .map(|r| (r.line, r.upn.as_str(), r.template.as_deref()))
            .collect();
        assert_eq!(rows, vec![(4, "b@x.com", Some("t 1"))]);
        // Without the open quote the record spanning two lines is one row, on line 2.
        let p = parse(b"upn,template\n\"a@x.com\",\"two\r\nlines\"\n\n\nb@x.com\n");
        let rows: Vec<(u32, &str)> = p.rows.iter().map(|r| (r.line, r.upn.as_str())).collect();
        assert_eq!(rows, vec![(2, "a@x.com"), (6, "b@x.com")]);
        assert_eq!(p.rows[0].template.as_deref(), Some("two\r\nlines"));
        // As in Excel (RFC 4180), a quote opens a quoted value only as a field's first
        // character: after a space it is text, and the comma inside splits the value.
        let p = parse(b"upn,template\na@x.com,\"t, 1\"\nb@x.com, \"t, 1\"\n");
        assert_eq!(p.rows.len(), 1);
        assert_eq!(p.rows[0].template.as_deref(), Some("t, 1"));
        assert_eq!(
            (p.problems[0].line, p.problems[0].code.as_str()),
            (3, "bulk.extra_fields")
        );
        // A quote open on the last line, without a line end.
        let p = parse(b"upn\na@x.com\n\"b");
        assert_eq!(p.rows.len(), 1);
        assert_eq!(
            (p.problems[0].line, p.problems[0].code.as_str()),
            (3, "bulk.unterminated_quote")
        );
    }

    #[test]
    fn invalid_utf8_and_the_caps_have_their_own_codes() {
        let p = parse(b"upn\na@x.com\nb\xff@x.com\n");
        assert_eq!(
            (p.problems[0].line, p.problems[0].code.as_str()),
            (3, "bulk.csv_encoding")
        );
        let big = vec![b'a'; MAX_CSV_BYTES + 1];
        assert_eq!(parse(&big).problems[0].code, "bulk.csv_too_large");
        let mut many = String::from("upn\n");
        for n in 0..=MAX_CSV_ROWS {
            many.push_str(&format!("u{n}\n"));
        }
        let p = parse(many.as_bytes());
        assert_eq!(p.problems[0].code, "bulk.too_many_rows");
        assert!(p.rows.is_empty());
    }

    use proptest::prelude::*;

    /// Fields drawn from the characters that matter to the parser.
    fn field() -> impl Strategy<Value = String> {
        proptest::string::string_regex("[a-c0-9 ;,\"\r\n@=]{0,8}").unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Every non-blank data record becomes a row or a problem; lines only increase; no PIN
        /// text appears in a problem message.
        #[test]
        fn every_record_is_a_row_or_a_problem(
            lines in proptest::collection::vec(proptest::collection::vec(field(), 1..5), 0..12),
            pin in "[0-9]{8}",
        ) {
            let mut csv = String::from("upn,days,pin\n");
            for fields in &lines {
                csv.push_str(&fields.join(","));
                csv.push_str(&format!(",{pin}\n"));
            }
            let p = parse(csv.as_bytes());
            let mut lines_seen: Vec<u32> = p.rows.iter().map(|r| r.line).collect();
            lines_seen.extend(p.problems.iter().filter(|x| x.line > 1).map(|x| x.line));
            lines_seen.sort_unstable();
            // Records as the splitter sees them: each non-blank one is a row or a problem.
            let (records, _) = split_records(&csv, ',');
            for (line, fields) in records.iter().skip(1) {
                if fields.iter().all(|f| f.trim().is_empty()) {
                    continue;
                }
                prop_assert!(lines_seen.binary_search(line).is_ok(), "line {} lost: {:?}", line, p);
            }
            // Rows in increasing line order, problems too.
            prop_assert!(p.rows.windows(2).all(|w| w[0].line < w[1].line));
            prop_assert!(p.problems.windows(2).all(|w| w[0].line <= w[1].line), "{:?}", p.problems);
            for x in &p.problems {
                prop_assert!(!x.message.contains(&pin), "PIN in {:?}", x);
            }
        }
    }
}
