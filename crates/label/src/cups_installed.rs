//! The installed CUPS queues as a person picks from them: name, description, location, the
//! default, whether each takes jobs and its state, from one `lpstat -l -p -a -d` (LC_ALL=C, a
//! short time-out). Its output is hostile input: read line by line, every queue name checked
//! like one `lpadmin` allows, texts cut short with control characters dropped.

use crate::{cups::Clients, spec, LabelError};
use std::time::Duration;

/// The longest a listing may take, whatever [`Clients::query_timeout`] allows: a picker must
/// not hang on a dead print server.
pub const LIST_TIMEOUT: Duration = Duration::from_secs(5);

/// What a queue is doing, as `lpstat -p` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueState {
    /// Waiting for jobs.
    Idle,
    /// Printing a job now.
    Printing,
    /// Stopped (disabled) by an administrator or by a fault.
    Stopped,
}

/// One installed CUPS queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstalledQueue {
    /// The queue name (checked as a queue name).
    pub name: String,
    /// Its description (`printer-info`), when it says more than the name.
    pub description: Option<String>,
    /// Where it is (`printer-location`), when set.
    pub location: Option<String>,
    /// Whether it is the default destination.
    pub is_default: bool,
    /// Whether it accepts jobs (`lpstat -a`).
    pub accepting: bool,
    /// Idle, printing or stopped.
    pub state: QueueState,
    /// Why it is stopped or refuses jobs, when CUPS says.
    pub reason: Option<String>,
}

impl Clients {
    /// The queues installed on the CUPS server (`server` as `host:port`, or the default
    /// server), in `lpstat`'s order. An empty server is an empty list; an unreachable one
    /// (or no CUPS clients) is `label.cups`, a hung one `label.cups_timeout` after at most
    /// [`LIST_TIMEOUT`].
    pub fn installed(&self, server: Option<&str>) -> Result<Vec<InstalledQueue>, LabelError> {
        let quick = Clients {
            query_timeout: self.query_timeout.min(LIST_TIMEOUT),
            ..self.clone()
        };
        let mut c = quick.command("lpstat", server)?;
        c.args(["-l", "-p", "-a", "-d"]);
        match quick.query(c, "lpstat -p") {
            Ok(out) => Ok(parse_installed(&out)),
            Err(LabelError::Cups(msg)) if msg.contains("No destinations") => Ok(Vec::new()),
            Err(e) => Err(e),
        }
    }
}

/// The installed queues of the default [`Clients`]; see [`Clients::installed`].
pub fn installed(server: Option<&str>) -> Result<Vec<InstalledQueue>, LabelError> {
    Clients::default().installed(server)
}

/// A text from `lpstat` made safe to show: control characters dropped, trimmed, at most 120
/// characters; `None` when nothing is left.
fn tidy(text: &str) -> Option<String> {
    let clean: String = text.chars().filter(|c| !c.is_control()).collect();
    let t = clean.trim();
    if t.is_empty() {
        return None;
    }
    Some(match t.char_indices().nth(120) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t.to_string(),
    })
}

/// A queue name as `lpstat` writes it (an instance `name/inst` reads as `name`), if valid.
fn queue_name(word: &str) -> Option<String> {
    let name = word.split('/').next().unwrap_or("");
    spec::check_queue(name).ok().map(|_| name.to_string())
}

/// Parses `LC_ALL=C lpstat -l -p -a -d`. A `printer NAME …` line starts a queue; its indented
/// lines give the reason (right after a header ending in ` -`), `Description:` and
/// `Location:`. `NAME accepting requests …` / `NAME not accepting requests …` and `system
/// default destination: NAME` mark queues already seen; anything else is ignored.
pub fn parse_installed(out: &str) -> Vec<InstalledQueue> {
    let mut list: Vec<InstalledQueue> = Vec::new();
    // Whether indented lines belong to the last queue, and whether a reason may come next.
    let mut in_block = false;
    let mut reason_next = false;
    let mut default = None;
    for line in out.lines() {
        if let Some(inner) = line.strip_prefix('\t') {
            if !in_block {
                continue;
            }
            let Some(q) = list.last_mut() else { continue };
            let inner = inner.trim_start();
            if reason_next {
                reason_next = false;
                if !inner.contains(": ") && !inner.ends_with(':') {
                    q.reason = q.reason.take().or_else(|| tidy(inner));
                    continue;
                }
            }
            if let Some(d) = inner.strip_prefix("Description:") {
                q.description = tidy(d).filter(|d| *d != q.name);
            } else if let Some(l) = inner.strip_prefix("Location:") {
                q.location = tidy(l);
            }
            continue;
        }
        in_block = false;
        reason_next = false;
        if let Some(rest) = line.strip_prefix("printer ") {
            let (word, state) = rest.split_once(' ').unwrap_or((rest, ""));
            let Some(name) = queue_name(word) else {
                continue;
            };
            if list.iter().any(|q| q.name == name) {
                continue;
            }
            let state = if state.starts_with("disabled") {
                QueueState::Stopped
            } else if state.starts_with("now printing") {
                QueueState::Printing
            } else {
                QueueState::Idle
            };
            list.push(InstalledQueue {
                name,
                description: None,
                location: None,
                is_default: false,
                accepting: false,
                state,
                reason: None,
            });
            in_block = true;
            reason_next = line.trim_end().ends_with(" -");
        } else if let Some(name) = line.strip_prefix("system default destination: ") {
            default = queue_name(name.trim());
        } else if let Some((word, rest)) = line.split_once(' ') {
            let accepting = rest.starts_with("accepting requests");
            if !accepting && !rest.starts_with("not accepting requests") {
                continue;
            }
            if let Some(q) = list.iter_mut().find(|q| q.name == word) {
                q.accepting = accepting;
            }
        }
    }
    if let Some(d) = default {
        for q in list.iter_mut() {
            q.is_default = q.name == d;
        }
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_state_description_default_and_acceptance() {
        let out = "printer front is idle.  enabled since Thu Dec  3 10:53:42 2026\n\
\tForm mounted:\n\tDescription: Front desk Zebra\n\tLocation: Lobby\n\tConnection: direct\n\
printer back disabled since Thu Dec  3 10:53:49 2026 -\n\tpaper jam\n\tForm mounted:\n\
\tDescription: back\n\tLocation: \n\
printer busy now printing busy-12.  enabled since Thu Dec  3 10:54:00 2026\n\
front accepting requests since Thu Dec  3 10:53:42 2026\n\
back not accepting requests since Thu Dec  3 10:53:49 2026 -\n\tfull\n\
busy accepting requests since Thu Dec  3 10:54:00 2026\n\
system default destination: front\n";
        let q = parse_installed(out);
        assert_eq!(q.len(), 3);
        assert_eq!(q[0].name, "front");
        assert_eq!(q[0].description.as_deref(), Some("Front desk Zebra"));
        assert_eq!(q[0].location.as_deref(), Some("Lobby"));
        assert!(q[0].is_default && q[0].accepting);
        assert_eq!(q[0].state, QueueState::Idle);
        assert_eq!(q[1].state, QueueState::Stopped);
        assert_eq!(q[1].reason.as_deref(), Some("paper jam"));
        assert_eq!(
            q[1].description, None,
            "a description that is the name says nothing"
        );
        assert_eq!(q[1].location, None);
        assert!(!q[1].is_default && !q[1].accepting);
        assert_eq!(q[2].state, QueueState::Printing);
        assert!(q[2].accepting);
    }

    #[test]
    fn hostile_output_gives_only_valid_names_and_short_clean_texts() {
        let long = "x".repeat(500);
        let out = format!(
            "printer -h is idle.\nprinter a/b is idle.\nprinter ok is idle.\n\
\tDescription: bell\u{7}{long}\nprinter ok is idle.\nprinter  is idle.\nprinter\n\
ghost accepting requests since now\nok accepting requests\n\
system default destination: bad name\n\u{0}\u{1b}[2J\n"
        );
        let q = parse_installed(&out);
        let names: Vec<&str> = q.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(names, ["a", "ok"]);
        let d = q[1].description.as_deref().unwrap();
        assert!(d.starts_with("bellxxx") && d.chars().count() == 121, "{d}");
        assert!(q[1].accepting && !q[1].is_default);
        assert!(parse_installed("").is_empty());
        assert!(parse_installed("no system default destination\n").is_empty());
    }
}
