//! Fuzz target: `Printer::parse` on any text, and `cups::check_media_name`. Invariants: no
//! panic; an accepted spec has clean parts (a queue without spaces, control characters, `/`,
//! `@` or a leading `-`; a raw-TCP address with a port from 1 to 65535; a file path without
//! control characters) and parses back to itself; a refused one is `label.printer_unreachable`
//! with a short message free of control characters; an accepted media name is a plain keyword.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qrstation_label::{cups, Printer};

fn spec_of(p: &Printer) -> String {
    match p {
        Printer::Cups {
            server: Some(s),
            queue,
        } => format!("cups:{queue}@{s}"),
        Printer::Cups {
            server: None,
            queue,
        } => format!("cups:{queue}"),
        Printer::RawTcp { addr } => format!("tcp:{addr}"),
        Printer::File { path } => format!("file:{}", path.display()),
    }
}

fn clean(s: &str) -> bool {
    !s.is_empty() && !s.starts_with('-') && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

fuzz_target!(|data: &[u8]| {
    let spec = String::from_utf8_lossy(data);
    match Printer::parse(&spec) {
        Ok(p) => {
            match &p {
                Printer::Cups { server, queue } => {
                    assert!(clean(queue), "queue {queue:?}");
                    assert!(!queue.contains(['/', '@', '#']), "queue {queue:?}");
                    assert!(queue.chars().count() <= 127);
                    if let Some(s) = server {
                        assert!(clean(s), "server {s:?}");
                    }
                }
                Printer::RawTcp { addr } => {
                    assert!(clean(addr), "addr {addr:?}");
                    let port = addr.rsplit(':').next().unwrap_or("");
                    assert!(port.parse::<u16>().is_ok_and(|n| n > 0), "addr {addr:?}");
                }
                Printer::File { path } => {
                    let path = path.to_string_lossy();
                    assert!(!path.is_empty() && !path.chars().any(char::is_control));
                }
            }
            assert_eq!(Printer::parse(&spec_of(&p)), Ok(p.clone()), "round trip");
        }
        Err(e) => {
            assert_eq!(e.code(), "label.printer_unreachable");
            let text = e.to_string();
            assert!(text.chars().count() < 400, "{} chars", text.chars().count());
            assert!(!text.chars().any(char::is_control));
        }
    }
    // The same bytes as a media name for `lp -o media=…`.
    match cups::check_media_name(&spec) {
        Ok(()) => {
            assert!(spec.len() <= 64);
            assert!(spec
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)));
        }
        Err(e) => {
            assert_eq!(e.code(), "label.invalid_media");
            assert!(e.to_string().chars().count() < 200);
        }
    }
});
