//! Transports: a file, raw TCP to a local listener, and a real CUPS scheduler (from
//! `tests/cups/start.sh`, found through `CUPS_SERVER`). Without `CUPS_SERVER` the CUPS tests
//! print a note and pass, unless `QRSTATION_REQUIRE_CUPS=1`, which makes them fail.

mod common;

use qrstation_label::{render_badge, Format, Printer, Template};
use std::io::Read;
use std::net::TcpListener;
use std::process::Command;
use std::time::{Duration, Instant};

fn zpl() -> Vec<u8> {
    let t = Template::find("zebra-4x3-203", None).unwrap();
    render_badge(&common::input(31), &t, Format::Zpl)
        .unwrap()
        .bytes
}

/// Accepts one connection on `listener` and reads it to the end (20 s at most).
fn receive(listener: &TcpListener) -> Vec<u8> {
    listener.set_nonblocking(true).unwrap();
    let start = Instant::now();
    loop {
        match listener.accept() {
            Ok((mut s, _)) => {
                s.set_nonblocking(false).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
                let mut got = Vec::new();
                s.read_to_end(&mut got).unwrap();
                return got;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                assert!(start.elapsed() < Duration::from_secs(20), "nothing arrived");
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("{e}"),
        }
    }
}

#[test]
fn file_transport_writes_exact_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("badge.zpl");
    let bytes = zpl();
    Printer::parse(&format!("file:{}", path.display()))
        .unwrap()
        .send(&bytes, Format::Zpl)
        .unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o077,
            0,
            "a badge file is private to its owner: {mode:o}"
        );
    }
    let err = Printer::File {
        path: dir.path().join("no/such/dir/x"),
    }
    .send(&bytes, Format::Zpl)
    .unwrap_err();
    assert_eq!(err.code(), "label.io");
}

#[test]
fn raw_tcp_delivers_exact_bytes() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let bytes = zpl();
    let sent = bytes.clone();
    let t = std::thread::spawn(move || {
        Printer::parse(&format!("tcp:{addr}"))
            .unwrap()
            .send(&sent, Format::Zpl)
    });
    assert_eq!(receive(&listener), bytes);
    t.join().unwrap().unwrap();
}

/// The test CUPS server, or `None` (with a note) when there is none and none is required.
fn cups_server() -> Option<String> {
    match std::env::var("CUPS_SERVER") {
        Ok(s) if !s.is_empty() => Some(s),
        _ => {
            assert!(
                !common::tools_required(),
                "QRSTATION_REQUIRE_CUPS=1 but CUPS_SERVER is not set: run \
                 eval \"$(crates/label/tests/cups/start.sh)\" first"
            );
            eprintln!("note: CUPS_SERVER not set; skipping the CUPS test (see crates/label/tests/cups/start.sh)");
            None
        }
    }
}

#[test]
fn cups_raw_queue_receives_the_zpl_job_byte_for_byte() {
    let Some(server) = cups_server() else { return };
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let queue = format!("qrstation-test-{port}");
    let lpadmin = ["/usr/sbin/lpadmin", "/usr/local/sbin/lpadmin"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .unwrap_or("lpadmin");
    let st = Command::new(lpadmin)
        .args([
            "-h",
            &server,
            "-p",
            &queue,
            "-E",
            "-v",
            &format!("socket://127.0.0.1:{port}"),
        ])
        .status()
        .expect("lpadmin (package cups) is needed for the CUPS test");
    assert!(st.success(), "lpadmin could not add the raw queue");
    let listed = Printer::list_cups(Some(&server)).unwrap();
    let info = listed
        .iter()
        .find(|p| matches!(&p.printer, Printer::Cups { queue: q, .. } if *q == queue))
        .expect("the new queue is listed");
    assert!(
        info.device.contains(&format!("127.0.0.1:{port}")),
        "{}",
        info.device
    );
    assert!(
        info.media.is_empty() && !info.has_driver,
        "a raw queue has no driver"
    );
    if let Ok(pdf_queue) = std::env::var("QRSTATION_CUPS_PDF_QUEUE") {
        if let Some(p) = listed
            .iter()
            .find(|p| matches!(&p.printer, Printer::Cups { queue: q, .. } if *q == pdf_queue))
        {
            assert!(p.has_driver && p.media.iter().any(|m| m == "A4"), "{p:?}");
        }
    }
    let bytes = zpl();
    let printer = Printer::Cups {
        server: Some(server.clone()),
        queue: queue.clone(),
    };
    printer.send(&bytes, Format::Zpl).unwrap();
    let got = receive(&listener);
    let _ = Command::new("lpadmin")
        .args(["-h", &server, "-x", &queue])
        .status();
    assert!(
        got == bytes,
        "CUPS changed the raw job ({} of {} bytes)",
        got.len(),
        bytes.len()
    );
    let label = {
        #[path = "common/printer_langs.rs"]
        mod langs;
        let l = langs::zpl_label(std::str::from_utf8(&got).unwrap());
        common::decode_one(l.width, l.height, |x, y| l.grey(x, y))
    };
    assert!(label == common::payload(31));
}

#[test]
fn cups_driver_queue_filters_the_pdf_and_lists_media() {
    let Some(server) = cups_server() else { return };
    let (Ok(queue), Ok(dir)) = (
        std::env::var("QRSTATION_CUPS_PDF_QUEUE"),
        std::env::var("QRSTATION_CUPS_DIR"),
    ) else {
        panic!("CUPS_SERVER is set but QRSTATION_CUPS_PDF_QUEUE/QRSTATION_CUPS_DIR are not: use start.sh");
    };
    if queue.is_empty() {
        assert!(
            !common::tools_required(),
            "start.sh could not make the PDF queue (CUPS sample driver missing)"
        );
        eprintln!("note: no PDF driver queue; skipping");
        return;
    }
    let media = qrstation_label::cups::media(Some(&server), &queue).unwrap();
    assert!(
        media.iter().any(|m| m == "A4") && media.iter().any(|m| m == "Letter"),
        "{media:?}"
    );
    let out = std::path::Path::new(&dir).join("out/pdf.ps");
    let _ = std::fs::remove_file(&out);
    let t = Template::find("sheet-a4", None).unwrap();
    let pdf = render_badge(&common::input(32), &t, Format::Pdf)
        .unwrap()
        .bytes;
    Printer::Cups {
        server: Some(server),
        queue,
    }
    .send(&pdf, Format::Pdf)
    .unwrap();
    let start = Instant::now();
    let ps = loop {
        if let Ok(b) = std::fs::read(&out) {
            // Ghostscript ends the file with %%EOF and a Ctrl-D.
            let end = b
                .iter()
                .rposition(|c| !matches!(c, 4 | b'\n' | b'\r'))
                .map_or(0, |i| i + 1);
            if b[..end].ends_with(b"%%EOF") {
                break b;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the filtered job did not arrive"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        ps.starts_with(b"%!PS"),
        "the driver queue turned the PDF into PostScript"
    );
    let text = String::from_utf8_lossy(&ps);
    assert!(text.contains("%%Pages: 1"), "one page");
}
