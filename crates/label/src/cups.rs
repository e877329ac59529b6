//! CUPS through its command-line clients (`lpstat`, `lpoptions`, `lp`): list queues and their
//! media, and submit jobs, PDF to driver queues and raw bytes to ZPL and Brother queues.
//! Job data goes through standard input, never on a command line. Every client runs with a
//! time-out ([`Clients`]) and is killed when it passes (`label.cups_timeout`).

use crate::{child, spec, LabelError};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// One CUPS queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queue {
    /// The queue name.
    pub name: String,
    /// Its device URI (`socket://…`, `usb://…`, `file:…`).
    pub device: String,
}

/// The environment variable that replaces both default time-outs, in milliseconds (for tests
/// and for slow print servers).
pub const TIMEOUT_ENV: &str = "QRSTATION_CUPS_TIMEOUT_MS";

/// How the CUPS clients are run: where they are found and how long each may take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clients {
    /// The directory holding `lp`, `lpstat` and `lpoptions`; `None` searches `PATH`.
    pub dir: Option<PathBuf>,
    /// How long `lpstat` and `lpoptions` may take.
    pub query_timeout: Duration,
    /// How long `lp` may take, sending the job data included.
    pub submit_timeout: Duration,
}

impl Default for Clients {
    /// `PATH`, 15 s per query and 120 s per job (a large sheet PDF to a remote server), or
    /// both time-outs from [`TIMEOUT_ENV`] when it holds a number of milliseconds.
    fn default() -> Clients {
        let from_env = std::env::var(TIMEOUT_ENV)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|ms| *ms > 0)
            .map(Duration::from_millis);
        Clients {
            dir: None,
            query_timeout: from_env.unwrap_or(Duration::from_secs(15)),
            submit_timeout: from_env.unwrap_or(Duration::from_secs(120)),
        }
    }
}

impl Clients {
    pub(crate) fn command(
        &self,
        program: &str,
        server: Option<&str>,
    ) -> Result<Command, LabelError> {
        let mut c = match &self.dir {
            Some(d) => Command::new(d.join(program)),
            None => Command::new(program),
        };
        c.env("LC_ALL", "C");
        if let Some(s) = server {
            spec::check_server(s).map_err(LabelError::Cups)?;
            c.arg("-h").arg(s);
        }
        Ok(c)
    }

    /// Runs a query client: its standard output, or `label.cups` with its standard error.
    pub(crate) fn query(&self, c: Command, what: &str) -> Result<String, LabelError> {
        let out = child::run(c, what, None, self.query_timeout)?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            return Err(LabelError::Cups(format!("{what} failed: {}", short(&err))));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// The queues of the CUPS server (`server` as `host:port`, or the default server).
    pub fn queues(&self, server: Option<&str>) -> Result<Vec<Queue>, LabelError> {
        let mut c = self.command("lpstat", server)?;
        c.arg("-v");
        let out = match self.query(c, "lpstat -v") {
            Ok(out) => out,
            // lpstat says "No destinations added." and exits non-zero on an empty server.
            Err(LabelError::Cups(msg)) if msg.contains("No destinations") => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        Ok(parse_lpstat_v(&out))
    }

    /// The media `queue` offers (empty for a raw queue without a driver) and its default,
    /// from one `lpoptions -p QUEUE -l`.
    pub fn media_with_default(
        &self,
        server: Option<&str>,
        queue: &str,
    ) -> Result<(Vec<String>, Option<String>), LabelError> {
        spec::check_queue(queue).map_err(LabelError::Cups)?;
        let mut c = self.command("lpoptions", server)?;
        c.arg("-p").arg(queue).arg("-l");
        let out = self.query(c, "lpoptions -l")?;
        Ok((parse_page_sizes(&out), parse_default_page_size(&out)))
    }

    /// Submits `data` to `queue`; `raw` sends it unfiltered (ZPL, Brother QL). `media` must
    /// pass [`check_media_name`]. Returns the job id CUPS gives (`queue-42`).
    pub fn submit(
        &self,
        server: Option<&str>,
        queue: &str,
        data: &[u8],
        raw: bool,
        media: Option<&str>,
    ) -> Result<String, LabelError> {
        spec::check_queue(queue).map_err(LabelError::Cups)?;
        if let Some(m) = media {
            check_media_name(m)?;
        }
        let mut c = self.command("lp", server)?;
        c.arg("-d").arg(queue).arg("-t").arg("qrstation badge");
        if raw {
            c.arg("-o").arg("raw");
        }
        if let Some(m) = media {
            c.arg("-o").arg(format!("media={m}"));
        }
        c.arg("--").arg("-");
        let out = child::run(c, "lp", Some(data), self.submit_timeout)?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            return Err(LabelError::Cups(format!("lp failed: {}", short(&err))));
        }
        if let Some(e) = out.stdin_error {
            return Err(LabelError::io("sending the job to lp", &e));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        Ok(text
            .split_whitespace()
            .skip_while(|w| *w != "is")
            .nth(1)
            .unwrap_or("")
            .to_string())
    }
}

/// A client's message, trimmed and cut to 300 characters.
fn short(text: &str) -> String {
    let t = text.trim();
    match t.char_indices().nth(300) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t.to_string(),
    }
}

/// Refuses a media name that is not a plain CUPS keyword: 1 to 64 of `A-Z a-z 0-9 . _ -`.
/// `-o media=A4 x=y` would let CUPS read a second option, so a space or `=` never reaches
/// `lp`, wherever the name came from (a profile edited by hand included).
pub fn check_media_name(media: &str) -> Result<(), LabelError> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "._-".contains(c);
    if media.is_empty() || media.len() > 64 || !media.chars().all(plain) {
        return Err(LabelError::InvalidMedia(spec::snippet(media, 32)));
    }
    Ok(())
}

/// The queues of the default [`Clients`]; see [`Clients::queues`].
pub fn queues(server: Option<&str>) -> Result<Vec<Queue>, LabelError> {
    Clients::default().queues(server)
}

/// The media `queue` offers (empty for a raw queue), with the default [`Clients`].
pub fn media(server: Option<&str>, queue: &str) -> Result<Vec<String>, LabelError> {
    Ok(Clients::default().media_with_default(server, queue)?.0)
}

/// The media `queue` offers and its default, with the default [`Clients`].
pub fn media_with_default(
    server: Option<&str>,
    queue: &str,
) -> Result<(Vec<String>, Option<String>), LabelError> {
    Clients::default().media_with_default(server, queue)
}

/// Submits `data` to `queue` with the default [`Clients`]; see [`Clients::submit`].
pub fn submit(
    server: Option<&str>,
    queue: &str,
    data: &[u8],
    raw: bool,
    media: Option<&str>,
) -> Result<String, LabelError> {
    Clients::default().submit(server, queue, data, raw, media)
}

/// Parses `lpstat -v` lines such as `device for zebra: socket://10.0.0.5:9100`.
pub fn parse_lpstat_v(out: &str) -> Vec<Queue> {
    out.lines()
        .filter_map(|l| l.strip_prefix("device for "))
        .filter_map(|l| l.split_once(": "))
        .map(|(n, d)| Queue {
            name: n.trim().to_string(),
            device: d.trim().to_string(),
        })
        .collect()
}

/// Parses the `PageSize` line of `lpoptions -l`; the default is marked with `*` there and is
/// returned plain.
pub fn parse_page_sizes(out: &str) -> Vec<String> {
    page_size_choices(out).into_iter().map(|(s, _)| s).collect()
}

/// The queue's default page size: the choice `lpoptions -l` marks with `*`.
pub fn parse_default_page_size(out: &str) -> Option<String> {
    page_size_choices(out)
        .into_iter()
        .find_map(|(s, default)| default.then_some(s))
}

fn page_size_choices(out: &str) -> Vec<(String, bool)> {
    out.lines()
        .find(|l| l.starts_with("PageSize/") || l.starts_with("media/"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, sizes)| {
            sizes
                .split_whitespace()
                .map(|s| (s.trim_start_matches('*').to_string(), s.starts_with('*')))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lpstat_and_lpoptions() {
        let q = parse_lpstat_v(
            "device for zebra: socket://10.0.0.5:9100\ndevice for ql: usb://Brother/QL-820NWB\n",
        );
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].name, "zebra");
        assert_eq!(q[1].device, "usb://Brother/QL-820NWB");
        let sizes = parse_page_sizes(
            "ColorModel/Color Mode: *Gray\nPageSize/Media Size: Letter *A4 w175h288\n",
        );
        assert_eq!(sizes, vec!["Letter", "A4", "w175h288"]);
        assert_eq!(
            parse_default_page_size("PageSize/Media Size: Letter *A4 w175h288\n").as_deref(),
            Some("A4")
        );
        assert_eq!(
            parse_default_page_size("ColorModel/Color Mode: *Gray\n"),
            None
        );
    }

    #[test]
    fn a_refused_media_name_is_quoted_short_and_printable() {
        // Found by the printer_spec fuzzer: control characters grew sixfold in the message.
        let err = check_media_name(&"\u{16}".repeat(64)).unwrap_err();
        assert_eq!(err.code(), "label.invalid_media");
        let text = err.to_string();
        assert!(text.chars().count() < 120, "{text}");
        assert!(!text.contains("\\u"), "{text}");
        assert!(check_media_name("Custom.62x100mm").is_ok());
        for bad in ["A4 x=y", "A4=x", "", "A4\t", &"a".repeat(65)] {
            assert!(check_media_name(bad).is_err(), "{bad:?}");
        }
    }
}
