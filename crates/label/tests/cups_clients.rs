//! The CUPS clients run with time-outs: fake `lp`, `lpstat` and `lpoptions` scripts in a
//! directory of their own stand in for cups-client, so no CUPS server is needed.
#![cfg(unix)]

use qrstation_label::cups::Clients;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Writing an executable while another test thread forks can make its exec fail with "text
/// file busy"; the tests of this file take turns.
static TURN: Mutex<()> = Mutex::new(());

fn fake(dir: &Path, program: &str, body: &str) {
    let path = dir.join(program);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn clients(dir: &Path, timeout: Duration) -> Clients {
    Clients {
        dir: Some(dir.to_path_buf()),
        query_timeout: timeout,
        submit_timeout: timeout,
    }
}

/// Whether process `pid` is gone (or only a zombie waiting for its parent), within 3 s.
fn gone(pid: u32) -> bool {
    let stat = PathBuf::from(format!("/proc/{pid}/stat"));
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) {
        match std::fs::read_to_string(&stat) {
            Err(_) => return true,
            Ok(s)
                if s.rsplit(')')
                    .next()
                    .is_some_and(|r| r.trim_start().starts_with('Z')) =>
            {
                return true
            }
            Ok(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    false
}

#[test]
fn an_lp_that_hangs_is_killed_with_what_it_started() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    // Reads nothing (1 MiB of job data fills the pipe) and waits on a child of its own.
    fake(
        dir.path(),
        "lp",
        r#"sleep 30 &
echo $! > "$(dirname "$0")/sleep.pid"
wait"#,
    );
    let data = vec![0x5Au8; 1 << 20];
    let start = Instant::now();
    let err = clients(dir.path(), Duration::from_millis(700))
        .submit(None, "zebra", &data, true, None)
        .unwrap_err();
    let took = start.elapsed();
    assert_eq!(err.code(), "label.cups_timeout", "{err}");
    assert!(err.to_string().contains("lp"), "{err}");
    assert!(took >= Duration::from_millis(700), "{took:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    let pid: u32 = std::fs::read_to_string(dir.path().join("sleep.pid"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(gone(pid), "the fake lp's sleep {pid} still runs");
}

#[test]
fn lpstat_and_lpoptions_that_hang_time_out() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    fake(dir.path(), "lpstat", "exec sleep 30");
    fake(dir.path(), "lpoptions", "exec sleep 30");
    let c = clients(dir.path(), Duration::from_millis(300));
    let start = Instant::now();
    let err = c.queues(Some("127.0.0.1:631")).unwrap_err();
    assert_eq!(err.code(), "label.cups_timeout", "{err}");
    assert!(err.to_string().contains("lpstat"), "{err}");
    let err = c.media_with_default(None, "office").unwrap_err();
    assert_eq!(err.code(), "label.cups_timeout", "{err}");
    assert!(err.to_string().contains("lpoptions"), "{err}");
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn lp_gets_the_job_on_stdin_and_its_id_is_read() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    fake(
        dir.path(),
        "lp",
        r#"d="$(dirname "$0")"
printf '%s\n' "$@" > "$d/args"
cat > "$d/job"
echo "request id is office-7 (1 file(s))""#,
    );
    fake(
        dir.path(),
        "lpoptions",
        r#"echo "PageSize/Media Size: Letter *A4 w162h90""#,
    );
    let c = clients(dir.path(), Duration::from_secs(20));
    let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let id = c
        .submit(
            Some("10.0.0.9:631"),
            "office",
            &data,
            false,
            Some("w162h90"),
        )
        .unwrap();
    assert_eq!(id, "office-7");
    assert_eq!(std::fs::read(dir.path().join("job")).unwrap(), data);
    let args = std::fs::read_to_string(dir.path().join("args")).unwrap();
    let args: Vec<&str> = args.lines().collect();
    assert_eq!(
        args,
        [
            "-h",
            "10.0.0.9:631",
            "-d",
            "office",
            "-t",
            "qrstation badge",
            "-o",
            "media=w162h90",
            "--",
            "-"
        ]
    );
    let (media, default) = c.media_with_default(None, "office").unwrap();
    assert_eq!(media, ["Letter", "A4", "w162h90"]);
    assert_eq!(default.as_deref(), Some("A4"));
}

#[test]
fn media_with_spaces_or_equals_never_reaches_lp() {
    let _turn = TURN.lock().unwrap_or_else(|e| e.into_inner());
    let dir = tempfile::tempdir().unwrap();
    fake(dir.path(), "lp", r#"touch "$(dirname "$0")/ran""#);
    let c = clients(dir.path(), Duration::from_secs(20));
    for media in ["A4 job-hold-until=indefinite", "A4=x", "", "A4\n", "A4,x"] {
        let err = c
            .submit(None, "office", b"%PDF", false, Some(media))
            .unwrap_err();
        assert_eq!(err.code(), "label.invalid_media", "{media:?}: {err}");
        assert!(!dir.path().join("ran").exists(), "{media:?} reached lp");
    }
    // Hostile queue and server names are refused before anything runs, too.
    for (server, queue) in [(None, "-x"), (None, "a b"), (Some("-h"), "office")] {
        let err = c.submit(server, queue, b"%PDF", false, None).unwrap_err();
        assert_eq!(err.code(), "label.cups", "{server:?} {queue:?}: {err}");
    }
    assert!(!dir.path().join("ran").exists());
}
