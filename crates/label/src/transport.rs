//! Where a badge goes: a CUPS queue, a raw TCP port (9100), or a file.

use crate::{cups, spec, Format, LabelError};
use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::time::Duration;

/// A print destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Printer {
    /// A CUPS queue; `server` is `host:port` or the default server (`CUPS_SERVER`, local).
    Cups {
        /// Server, or `None` for the default.
        server: Option<String>,
        /// Queue name.
        queue: String,
    },
    /// A printer's raw port (JetDirect, usually 9100): ZPL or Brother QL bytes only.
    RawTcp {
        /// `host:port`.
        addr: String,
    },
    /// A file (or a device such as `/dev/usb/lp0`).
    File {
        /// The path written.
        path: PathBuf,
    },
}

/// A printer the user can pick, with the media it reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterInfo {
    /// Where to send jobs.
    pub printer: Printer,
    /// The device URI (CUPS) or address.
    pub device: String,
    /// Page sizes the queue offers (empty for raw queues), as CUPS names them (`A4`,
    /// `w175h288`, `Custom.62x100mm`).
    pub media: Vec<String>,
    /// The queue's default page size.
    pub default_media: Option<String>,
    /// Whether the queue has a driver (send PDF) or is raw (send ZPL or Brother QL).
    pub has_driver: bool,
}

impl Printer {
    /// Parses `cups:QUEUE`, `cups:QUEUE@HOST:PORT`, `tcp:HOST[:PORT]` (or `socket://HOST:PORT`),
    /// or `file:PATH`. A bare name is a CUPS queue on the default server. Every part is
    /// checked: queue names as `lpadmin` allows them, hosts as names or addresses, ports as
    /// numbers, paths without control characters; the spec is at most 4096 bytes. A refused
    /// spec is `label.printer_unreachable` (the code callers already branch on), with a reason
    /// and at most 80 characters of the spec (unprintable ones as `?`).
    pub fn parse(spec: &str) -> Result<Printer, LabelError> {
        let bad = |why: &str| LabelError::PrinterUnreachable {
            printer: spec::snippet(spec, 80),
            message: format!("not a printer: use cups:QUEUE, tcp:HOST:PORT or file:PATH ({why})"),
        };
        if spec.len() > spec::MAX_SPEC {
            return Err(bad("too long"));
        }
        if let Some(rest) = spec.strip_prefix("cups:") {
            let (queue, server) = match rest.split_once('@') {
                Some((q, s)) => (q, Some(s)),
                None => (rest, None),
            };
            spec::check_queue(queue).map_err(|w| bad(&w))?;
            if let Some(s) = server {
                spec::check_server(s).map_err(|w| bad(&w))?;
            }
            return Ok(Printer::Cups {
                server: server.map(String::from),
                queue: queue.into(),
            });
        }
        if let Some(addr) = spec
            .strip_prefix("tcp:")
            .or_else(|| spec.strip_prefix("socket://"))
        {
            let addr = if spec::has_port(addr) {
                addr.to_string()
            } else {
                format!("{addr}:9100")
            };
            spec::check_tcp(&addr).map_err(|w| bad(&w))?;
            return Ok(Printer::RawTcp { addr });
        }
        if let Some(path) = spec.strip_prefix("file:") {
            spec::check_path(path).map_err(|w| bad(&w))?;
            return Ok(Printer::File { path: path.into() });
        }
        if spec.contains(['/', ':']) {
            return Err(bad("unknown kind of destination"));
        }
        spec::check_queue(spec).map_err(|w| bad(&w))?;
        Ok(Printer::Cups {
            server: None,
            queue: spec.into(),
        })
    }

    /// Sends one rendered badge. Raw TCP refuses PDF and PNG (printers on port 9100 expect
    /// their own language). CUPS gets ZPL and Brother QL as raw jobs, PDF and PNG through the
    /// queue's filters.
    pub fn send(&self, bytes: &[u8], format: Format) -> Result<(), LabelError> {
        self.send_on_media(bytes, format, None)
    }

    /// Like [`Printer::send`], asking a CUPS driver queue for `media` (one of the names
    /// [`Printer::list_cups`] reports, e.g. `w162h90`). Raw jobs, files and raw TCP ignore it:
    /// their size is the label template's.
    pub fn send_on_media(
        &self,
        bytes: &[u8],
        format: Format,
        media: Option<&str>,
    ) -> Result<(), LabelError> {
        match self {
            Printer::File { path } => crate::file_out::write_private(path, bytes),
            Printer::RawTcp { addr } => {
                if !format.is_raw() {
                    return Err(LabelError::UnsupportedFormat {
                        template: "raw TCP printer".into(),
                        format: format.name().into(),
                    });
                }
                send_tcp(addr, bytes)
            }
            Printer::Cups { server, queue } => {
                let media = media.filter(|_| !format.is_raw());
                cups::submit(server.as_deref(), queue, bytes, format.is_raw(), media).map(|_| ())
            }
        }
    }

    /// The CUPS queues of `server` (or the default server) with their media.
    pub fn list_cups(server: Option<&str>) -> Result<Vec<PrinterInfo>, LabelError> {
        cups::queues(server)?
            .into_iter()
            .map(|q| {
                // A raw queue has no PPD, so it offers no page sizes.
                let (media, default_media) =
                    cups::media_with_default(server, &q.name).unwrap_or_default();
                Ok(PrinterInfo {
                    has_driver: !media.is_empty(),
                    media,
                    default_media,
                    printer: Printer::Cups {
                        server: server.map(String::from),
                        queue: q.name,
                    },
                    device: q.device,
                })
            })
            .collect()
    }
}

fn send_tcp(addr: &str, bytes: &[u8]) -> Result<(), LabelError> {
    let unreachable = |message: String| LabelError::PrinterUnreachable {
        printer: addr.to_string(),
        message,
    };
    let target = addr
        .to_socket_addrs()
        .map_err(|e| unreachable(e.to_string()))?
        .next()
        .ok_or_else(|| unreachable("the name has no address".into()))?;
    let mut s = TcpStream::connect_timeout(&target, Duration::from_secs(5))
        .map_err(|e| unreachable(e.to_string()))?;
    s.set_write_timeout(Some(Duration::from_secs(30)))
        .map_err(|e| unreachable(e.to_string()))?;
    s.write_all(bytes).map_err(|e| unreachable(e.to_string()))?;
    s.flush().map_err(|e| unreachable(e.to_string()))?;
    s.shutdown(std::net::Shutdown::Write)
        .map_err(|e| unreachable(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_printer_specs() {
        assert_eq!(
            Printer::parse("cups:zebra@127.0.0.1:8631").unwrap(),
            Printer::Cups {
                server: Some("127.0.0.1:8631".into()),
                queue: "zebra".into()
            }
        );
        assert_eq!(
            Printer::parse("tcp:10.0.0.5").unwrap(),
            Printer::RawTcp {
                addr: "10.0.0.5:9100".into()
            }
        );
        assert_eq!(
            Printer::parse("file:/tmp/x.zpl").unwrap(),
            Printer::File {
                path: "/tmp/x.zpl".into()
            }
        );
        assert_eq!(
            Printer::parse("ql800").unwrap(),
            Printer::Cups {
                server: None,
                queue: "ql800".into()
            }
        );
        assert_eq!(
            Printer::parse("a b").unwrap_err().code(),
            "label.printer_unreachable"
        );
    }

    #[test]
    fn more_destinations_parse() {
        assert_eq!(
            Printer::parse("tcp:[::1]:9101").unwrap(),
            Printer::RawTcp {
                addr: "[::1]:9101".into()
            }
        );
        assert_eq!(
            Printer::parse("tcp:[fe80::1]").unwrap(),
            Printer::RawTcp {
                addr: "[fe80::1]:9100".into()
            }
        );
        assert_eq!(
            Printer::parse("socket://printer.local:9100").unwrap(),
            Printer::RawTcp {
                addr: "printer.local:9100".into()
            }
        );
        assert_eq!(
            Printer::parse("cups:Front-desk@/run/cups/cups.sock").unwrap(),
            Printer::Cups {
                server: Some("/run/cups/cups.sock".into()),
                queue: "Front-desk".into()
            }
        );
        assert_eq!(
            Printer::parse("cups:Büro_2").unwrap(),
            Printer::Cups {
                server: None,
                queue: "Büro_2".into()
            }
        );
    }

    #[test]
    fn hostile_specs_are_errors() {
        let long_path = format!("file:/tmp/{}", "a".repeat(5000));
        let long_queue = format!("cups:{}", "q".repeat(128));
        for spec in [
            "",
            "cups:",
            "cups:-o",
            "cups:a b",
            "cups:a\tb",
            "cups:q\n",
            "cups:a/b",
            "cups:a#b",
            "cups:q@",
            "cups:q@-h",
            "cups:q@host:0",
            "cups:q@host:99999",
            "cups:q@host:9x",
            "cups:q@ho st",
            "cups:q@a@b",
            "cups:q@/run/cups\0sock",
            "cups:q@/run/my cups.sock",
            long_queue.as_str(),
            "tcp:",
            "tcp::9100",
            "tcp:a b:9100",
            "tcp:-x:9100",
            "tcp:host:",
            "tcp:host:65536",
            "tcp:host:1:2",
            "tcp:[::1",
            "tcp:[zz]:1",
            "tcp:[::1]x",
            "socket://",
            "file:",
            "file:/tmp/a\0b",
            "file:/tmp/a\nb",
            long_path.as_str(),
            "-d",
            "q\u{7}",
            "ipp://host/printers/q",
        ] {
            let err = Printer::parse(spec).expect_err(&format!("{spec:?} was accepted"));
            assert_eq!(err.code(), "label.printer_unreachable", "{spec:?}");
            let text = err.to_string();
            assert!(text.len() < 300, "{} chars for {spec:?}", text.len());
            assert!(!text.chars().any(char::is_control), "{text:?}");
        }
    }

    #[test]
    fn raw_tcp_refuses_pdf_and_reports_closed_ports() {
        let p = Printer::RawTcp {
            addr: "127.0.0.1:1".into(),
        };
        assert_eq!(
            p.send(b"%PDF", Format::Pdf).unwrap_err().code(),
            "label.unsupported_format"
        );
        assert_eq!(
            p.send(b"^XA^XZ", Format::Zpl).unwrap_err().code(),
            "label.printer_unreachable"
        );
    }
}
