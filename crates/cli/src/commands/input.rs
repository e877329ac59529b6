//! Reading a command's input: times on the command line, secrets on standard input.

use std::io::BufRead;

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::CliError;

/// `2027-03-12` (midnight UTC) or RFC 3339.
pub fn parse_time(s: &str) -> Result<DateTime<Utc>, CliError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(|d| d.and_hms_opt(0, 0, 0).expect("midnight exists").and_utc())
        .map_err(|_| {
            CliError::Usage(format!(
                "{s:?} is not a date (YYYY-MM-DD) or an RFC 3339 time"
            ))
        })
}

/// One line from standard input, without its line break; never echoed, never logged.
pub fn read_line(what: &str) -> Result<String, CliError> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CliError::Io(format!("read the {what} from standard input: {e}")))?;
    let line = line.trim_end_matches(['\r', '\n']).to_owned();
    if line.is_empty() {
        return Err(CliError::Usage(format!(
            "expected the {what} on standard input"
        )));
    }
    Ok(line)
}
