//! Running a command-line client with a deadline: its input written and its output read on
//! their own threads, and the whole process group killed when the deadline passes.

use crate::LabelError;
use std::io::{Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What a finished child left.
pub(crate) struct Finished {
    /// Its exit status.
    pub status: ExitStatus,
    /// Everything it wrote to standard output.
    pub stdout: Vec<u8>,
    /// Everything it wrote to standard error.
    pub stderr: Vec<u8>,
    /// The error writing its standard input failed with, if it did.
    pub stdin_error: Option<std::io::Error>,
}

/// Runs `c` with `input` on its standard input (none: `/dev/null`) and waits at most
/// `timeout` for it to exit and close its output. On time-out the child and everything it
/// started in its process group are killed and `label.cups_timeout` names `program`.
pub(crate) fn run(
    mut c: Command,
    program: &str,
    input: Option<&[u8]>,
    timeout: Duration,
) -> Result<Finished, LabelError> {
    let deadline = Instant::now() + timeout;
    c.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    // Its own process group, so a time-out also stops what it started (a shell's children).
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut c, 0);
    let mut child = c.spawn().map_err(|e| {
        LabelError::Cups(format!(
            "could not run {program} (is cups-client installed?): {e}"
        ))
    })?;
    // The threads own their pipe ends and are never joined past the deadline: a process
    // that keeps a pipe open cannot hold the caller. The job data is copied for the writer
    // thread (it may outlive this call by as long as the pipe stays open).
    let stdin = child.stdin.take().zip(input).map(|(mut pipe, data)| {
        let data = data.to_vec();
        spawn(move || pipe.write_all(&data).and_then(|()| pipe.flush()).err())
    });
    let stdout = child.stdout.take().map(|p| spawn(move || read_all(p)));
    let stderr = child.stderr.take().map(|p| spawn(move || read_all(p)));
    let status = match wait_until(&mut child, deadline) {
        Some(status) => status,
        None => return Err(timed_out(&mut child, program, timeout)),
    };
    let mut collect = |rx: Option<mpsc::Receiver<Vec<u8>>>| match rx {
        None => Ok(Vec::new()),
        Some(rx) => rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .map_err(|_| timed_out(&mut child, program, timeout)),
    };
    let stdout = collect(stdout)?;
    let stderr = collect(stderr)?;
    let stdin_error = match stdin {
        None => None,
        Some(rx) => rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .map_err(|_| timed_out(&mut child, program, timeout))?,
    };
    Ok(Finished {
        status,
        stdout,
        stderr,
        stdin_error,
    })
}

fn spawn<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> mpsc::Receiver<T> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx
}

fn read_all(mut pipe: impl Read) -> Vec<u8> {
    let mut out = Vec::new();
    let _ = pipe.read_to_end(&mut out);
    out
}

/// Polls the child until it exits or `deadline` passes (`None`).
fn wait_until(child: &mut Child, deadline: Instant) -> Option<ExitStatus> {
    let mut pause = Duration::from_millis(1);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) => {}
            // The status cannot be read: treat it as not finishing, which kills it.
            Err(_) => return None,
        }
        let now = Instant::now();
        if now >= deadline {
            return None;
        }
        std::thread::sleep(pause.min(deadline - now));
        pause = (pause * 2).min(Duration::from_millis(25));
    }
}

/// Kills the child's process group (and the child), reaps it, and builds the error.
fn timed_out(child: &mut Child, program: &str, timeout: Duration) -> LabelError {
    #[cfg(unix)]
    {
        let group = rustix::process::Pid::from_child(child);
        let _ = rustix::process::kill_process_group(group, rustix::process::Signal::KILL);
    }
    let _ = child.kill();
    let _ = child.wait();
    LabelError::CupsTimeout {
        program: program.to_string(),
        seconds: timeout.as_secs_f64(),
    }
}
