//! CUPS through its command-line clients (`lpstat`, `lpoptions`, `lp`): list queues and their
//! media, and submit jobs, PDF to driver queues and raw bytes to ZPL and Brother queues.
//! Job data goes through standard input, never on a command line.

use crate::LabelError;
use std::io::Write;
use std::process::{Command, Stdio};

/// One CUPS queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queue {
    /// The queue name.
    pub name: String,
    /// Its device URI (`socket://…`, `usb://…`, `file:…`).
    pub device: String,
}

fn command(program: &str, server: Option<&str>) -> Command {
    let mut c = Command::new(program);
    c.env("LC_ALL", "C");
    if let Some(s) = server {
        c.arg("-h").arg(s);
    }
    c
}

fn run(mut c: Command, what: &str) -> Result<String, LabelError> {
    let out = c.output().map_err(|e| {
        LabelError::Cups(format!(
            "could not run {what} (is cups-client installed?): {e}"
        ))
    })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(LabelError::Cups(format!("{what} failed: {}", err.trim())));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The queues of the CUPS server (`server` as `host:port`, or the default server).
pub fn queues(server: Option<&str>) -> Result<Vec<Queue>, LabelError> {
    let mut c = command("lpstat", server);
    c.arg("-v");
    let out = match run(c, "lpstat -v") {
        Ok(out) => out,
        // lpstat says "No destinations added." and exits non-zero on an empty server.
        Err(LabelError::Cups(msg)) if msg.contains("No destinations") => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    Ok(parse_lpstat_v(&out))
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

/// The media (page sizes) `queue` offers; empty for a raw queue without a driver.
pub fn media(server: Option<&str>, queue: &str) -> Result<Vec<String>, LabelError> {
    let mut c = command("lpoptions", server);
    c.arg("-p").arg(queue).arg("-l");
    Ok(parse_page_sizes(&run(c, "lpoptions -l")?))
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

/// The media `queue` offers and its default, from one `lpoptions -l`.
pub fn media_with_default(
    server: Option<&str>,
    queue: &str,
) -> Result<(Vec<String>, Option<String>), LabelError> {
    let mut c = command("lpoptions", server);
    c.arg("-p").arg(queue).arg("-l");
    let out = run(c, "lpoptions -l")?;
    Ok((parse_page_sizes(&out), parse_default_page_size(&out)))
}

/// Submits `data` to `queue`; `raw` sends it unfiltered (ZPL, Brother QL). Returns the job id
/// CUPS gives (`queue-42`).
pub fn submit(
    server: Option<&str>,
    queue: &str,
    data: &[u8],
    raw: bool,
    media: Option<&str>,
) -> Result<String, LabelError> {
    let mut c = command("lp", server);
    c.arg("-d").arg(queue).arg("-t").arg("qrstation badge");
    if raw {
        c.arg("-o").arg("raw");
    }
    if let Some(m) = media {
        c.arg("-o").arg(format!("media={m}"));
    }
    c.arg("--").arg("-");
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().map_err(|e| {
        LabelError::Cups(format!("could not run lp (is cups-client installed?): {e}"))
    })?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(data)
            .map_err(|e| LabelError::io("sending the job to lp", &e))?;
    }
    let out = child
        .wait_with_output()
        .map_err(|e| LabelError::io("waiting for lp", &e))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(LabelError::Cups(format!("lp failed: {}", err.trim())));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text
        .split_whitespace()
        .skip_while(|w| *w != "is")
        .nth(1)
        .unwrap_or("")
        .to_string())
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
}
