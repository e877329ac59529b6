//! `qrstation bulk plan|run|resume|status|rotate-lost|retry-failed` and `bulk renew
//! plan|run|resume`: the bulk engine of core with a progress line on standard error, Ctrl-C to
//! stop cleanly (resume later), and the plan and results in words or JSON.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use qrstation_core::bulk::{
    self, BulkControl, Plan, PlanOptions, Progress, RowAction, RunOptions, Selection, Unusable,
};
use qrstation_core::{Station, Store};

use crate::args::{BulkCommand, BulkInput, BulkOut, Global};
use crate::error::CliError;
use crate::output::json;

mod renew;
pub use renew::RenewCommand;

pub async fn command(g: &Global, st: &Station, cmd: BulkCommand) -> Result<(), CliError> {
    match cmd {
        BulkCommand::Plan { input } => {
            let plan = plan(st, &input).await?;
            if g.json {
                return json(&plan);
            }
            print_plan(&plan, true);
            Ok(())
        }
        BulkCommand::Run {
            input,
            out,
            skip_invalid,
        } => {
            let plan = plan(st, &input).await?;
            if !g.json {
                print_plan(&plan, false);
            }
            if plan.is_blocked() {
                return Err(CliError::Usage(
                    "the input cannot be used (see above)".into(),
                ));
            }
            if plan.invalid > 0 && !skip_invalid {
                let unusable = plan
                    .rows
                    .iter()
                    .filter(|r| r.problems.iter().any(|p| p.code == "bulk.unusable_method"))
                    .count();
                let choose = if unusable > 0 {
                    format!(
                        " ({unusable} of them have a method that cannot be used: choose                          --renew-unusable, --replace-unusable or --skip-unusable)"
                    )
                } else {
                    String::new()
                };
                return Err(CliError::Usage(format!(
                    "{} rows have problems{choose}: fix them, or run the others with --skip-invalid",
                    plan.invalid
                )));
            }
            let options = run_options(&out)?;
            bulk::check_pin_record(&plan, &options).map_err(|_| {
                CliError::Usage(format!(
                    "{} PINs will be generated and shown nowhere: add --pin-slips, or --no-pin-record to confirm that nobody will know them",
                    plan.generated_pins
                ))
            })?;
            if plan.generated_pins > 0 && options.no_pin_record {
                eprintln!(
                    "warning: {} generated PINs are recorded nowhere (--no-pin-record): reset them before first use",
                    plan.generated_pins
                );
            }
            let job = bulk::start(st, &plan, &options).await?;
            eprintln!("job {job}");
            where_files_go(&options, &job);
            let pins = plan.pins.clone();
            finish(g, st, &job, |p, c| bulk::run(st, &job, pins, p, c)).await
        }
        BulkCommand::Resume { job } => {
            finish(g, st, &job, |p, c| bulk::resume(st, &job, p, c)).await
        }
        BulkCommand::RotateLost { job } => {
            finish(g, st, &job, |p, c| bulk::rotate_lost(st, &job, p, c)).await
        }
        BulkCommand::RetryFailed { job } => {
            finish(g, st, &job, |p, c| bulk::retry_failed(st, &job, p, c)).await
        }
        BulkCommand::Status { job } => status_of(g, st.store(), job.as_deref()).await,
        BulkCommand::Renew(cmd) => renew::renew(g, st, cmd).await,
    }
}

/// `bulk status` without Graph: only the journal.
pub async fn status(g: &Global, data_dir: &Path, job: Option<&str>) -> Result<(), CliError> {
    let (store, _) = Store::open(data_dir).await?;
    let result = status_of(g, &store, job).await;
    store.close().await;
    result
}

async fn status_of(g: &Global, store: &Store, job: Option<&str>) -> Result<(), CliError> {
    match job {
        None => {
            let jobs = bulk::jobs(store).await?;
            if g.json {
                return json(&jobs);
            }
            for j in &jobs {
                let c = bulk::status(store, &j.id).await?.counts;
                println!(
                    "{}  {:<9} {:>5}/{:<5} done  {}",
                    j.id, j.state, c.done, c.total, j.source
                );
            }
            Ok(())
        }
        Some(id) => {
            let s = bulk::status(store, id).await?;
            if g.json {
                return json(&s);
            }
            println!("job {} ({}) from {}", s.job.id, s.job.state, s.job.source);
            print_counts(&s.counts);
            for r in s.rows.iter().filter(|r| r.error_code.is_some()) {
                println!(
                    "  line {:>5}  {:<40} {:<12} [{}] {}{}",
                    r.line,
                    r.upn,
                    r.state.outcome(),
                    r.error_code.as_deref().unwrap_or(""),
                    r.error_message.as_deref().unwrap_or(""),
                    r.request_id
                        .as_deref()
                        .map(|id| format!(" (request-id {id})"))
                        .unwrap_or_default()
                );
            }
            Ok(())
        }
    }
}

async fn plan(st: &Station, input: &BulkInput) -> Result<Plan, CliError> {
    let opts = PlanOptions {
        rotate_existing: input.rotate_existing,
        unusable: if input.renew_unusable {
            Unusable::Renew
        } else if input.replace_unusable {
            Unusable::Replace
        } else if input.skip_unusable {
            Unusable::Skip
        } else {
            Unusable::Ask
        },
        template_dir: None,
        profiles: settings()?.printer_profiles,
    };
    if let Some(d) = &input.department {
        return Ok(bulk::plan_selection(st, &Selection::Department(d.clone()), &opts).await?);
    }
    if let Some(o) = &input.office {
        return Ok(bulk::plan_selection(st, &Selection::OfficeLocation(o.clone()), &opts).await?);
    }
    let file = input
        .file
        .as_ref()
        .ok_or_else(|| CliError::Usage("give a CSV file, --department or --office".into()))?;
    let read = |e: std::io::Error| CliError::Io(format!("read {}: {e}", file.display()));
    // At most one byte over the cap is read: the plan refuses the file (`bulk.csv_too_large`).
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .map_err(read)?
        .take(bulk::MAX_CSV_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(read)?;
    let source = std::fs::canonicalize(file)
        .unwrap_or_else(|_| file.clone())
        .display()
        .to_string();
    Ok(bulk::plan_csv(st, &source, &bytes, &opts).await?)
}

fn run_options(out: &BulkOut) -> Result<RunOptions, CliError> {
    if out.out_pdf.is_none() && out.print.is_none() && !out.no_badges {
        return Err(CliError::Usage(
            "say where the badges go: --out-pdf FILE and/or --print PRINTER (or --no-badges)"
                .into(),
        ));
    }
    let abs = |p: &Path| {
        std::path::absolute(p)
            .unwrap_or_else(|_| p.to_owned())
            .display()
            .to_string()
    };
    let data_dir = qrstation_core::settings::data_dir()?;
    let exports = qrstation_core::exports::exports_dir(&data_dir);
    let slips_dir = (out.pin_slips && out.out_pdf.is_none()).then(|| exports.clone());
    if let Some(d) = &slips_dir {
        qrstation_core::exports::ensure_private_dir(d)?;
    }
    Ok(RunOptions {
        concurrency: out.concurrency.clamp(1, 16),
        out_pdf: out.out_pdf.as_deref().map(abs),
        template: out.template.clone(),
        printer: out.print.clone(),
        profiles: settings()?.printer_profiles,
        pin_slips: out.pin_slips,
        pin_slips_dir: slips_dir.map(|d| d.display().to_string()),
        no_pin_record: out.no_pin_record,
        retention_hours: Some(qrstation_core::exports::retention_hours(&data_dir)),
        flush_every: out.flush_every.max(1),
        results_csv: out.results.as_deref().map(abs),
        ..RunOptions::default()
    })
}

/// The settings of the data directory (the printer profiles a job may print to).
fn settings() -> Result<qrstation_core::Settings, CliError> {
    Ok(qrstation_core::Settings::load(
        &qrstation_core::settings::data_dir()?,
    )?)
}

/// Says where badge sheets and PIN slips go, and whether they are deleted by themselves.
fn where_files_go(options: &RunOptions, job: &str) {
    let data_dir = qrstation_core::settings::data_dir().ok();
    let exports = data_dir
        .as_deref()
        .map(qrstation_core::exports::exports_dir);
    let note = |path: &Path| -> String {
        let swept = exports
            .as_deref()
            .is_some_and(|e| path.parent().is_some_and(|p| p == e));
        if swept {
            qrstation_core::exports::retention_note(
                options
                    .retention_hours
                    .unwrap_or(qrstation_core::exports::DEFAULT_RETENTION_HOURS),
            )
        } else {
            "not deleted automatically: destroy them once handed out".into()
        }
    };
    if let Some(p) = &options.out_pdf {
        eprintln!("badge sheets: {p} ({})", note(Path::new(p)));
    }
    if let Some(base) = options.slips_base(job) {
        // One slip file per badge sheet: `badges.pdf` gets `badges-0001-pins.pdf`, …
        let stem = base.file_stem().and_then(|s| s.to_str()).unwrap_or("job");
        eprintln!(
            "PIN slips: {} ({})",
            base.with_file_name(format!("{stem}-NNNN-pins.pdf"))
                .display(),
            note(&base)
        );
    }
}

/// Runs `work` with a progress line and Ctrl-C, then reports; exit status 1 when rows failed
/// or lost their badge (each is in the results), 6 when rows are still unsettled.
async fn finish<F, Fut>(g: &Global, st: &Station, job: &str, work: F) -> Result<(), CliError>
where
    F: FnOnce(Box<dyn Fn(Progress) + Send + Sync>, &'static BulkControl) -> Fut,
    Fut: std::future::Future<Output = qrstation_core::Result<Progress>>,
{
    let control: &'static BulkControl = Box::leak(Box::new(BulkControl::new()));
    let stop = control.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!("\nstopping after the batches in flight; `qrstation bulk resume` continues");
            stop.cancel();
        }
    });
    let bar = Bar::new(!g.json);
    let shown = move |p: Progress| bar.show(&p);
    let done = work(Box::new(shown), control).await?;
    if std::io::stderr().is_terminal() && !g.json {
        eprintln!();
    }
    let mut status = bulk::status(st.store(), job).await?;
    // This run's counts, with its pace, time and throttling (the journal has only the counts).
    status.counts = done.clone();
    if g.json {
        json(&status)?;
    } else {
        println!("job {job}: {}", done.phase);
        print_counts(&done);
        if done.single_requests {
            println!(
                "  Graph refused sign-in method writes inside $batch: this run sent them one request at a time"
            );
        }
        if let Some(path) = &status.job.options.results_csv {
            println!("results: {path}");
        }
        for r in status.rows.iter().filter(|r| {
            matches!(
                r.state,
                bulk::RowState::Failed | bulk::RowState::BadgeLost | bulk::RowState::Sent
            )
        }) {
            println!(
                "  line {:>5}  {:<40} {} [{}]",
                r.line,
                r.upn,
                r.state.outcome(),
                r.error_code.as_deref().unwrap_or("")
            );
        }
        if done.badge_lost > 0 {
            println!("run `qrstation bulk rotate-lost {job}` to give those users a new badge");
        }
    }
    if done.pending + done.sent > 0 {
        return Err(CliError::BulkIncomplete(format!(
            "{} rows are not settled yet: run `qrstation bulk resume {job}`",
            done.pending + done.sent
        )));
    }
    if done.failed + done.badge_lost > 0 {
        return Err(CliError::BulkRowsFailed(format!(
            "{} rows failed and {} lost their badge (see the results)",
            done.failed, done.badge_lost
        )));
    }
    Ok(())
}

/// The progress line: redrawn in place on a terminal, a line every few seconds otherwise.
struct Bar {
    on: bool,
    tty: bool,
    last: Mutex<Option<Instant>>,
}

impl Bar {
    fn new(on: bool) -> Bar {
        Bar {
            on,
            tty: std::io::stderr().is_terminal(),
            last: Mutex::new(None),
        }
    }

    fn show(&self, p: &Progress) {
        if !self.on {
            return;
        }
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let every = if self.tty {
            Duration::from_millis(100)
        } else {
            Duration::from_secs(5)
        };
        if last.is_some_and(|t| t.elapsed() < every)
            && p.phase == qrstation_core::bulk::Phase::Sending
        {
            return;
        }
        *last = Some(Instant::now());
        let width = 30usize;
        let filled = (p.done as usize * width)
            .checked_div(p.total as usize)
            .unwrap_or(width);
        let secs = p.elapsed_ms as f64 / 1000.0;
        let line = format!(
            "[{}{}] {}/{} done, {} lost, {} failed · {} in flight (limit {}), {} throttled · {:.1}s",
            "#".repeat(filled),
            "-".repeat(width - filled),
            p.done,
            p.total,
            p.badge_lost,
            p.failed,
            p.in_flight,
            p.concurrency,
            p.throttled,
            secs
        );
        let mut err = std::io::stderr().lock();
        if self.tty {
            let _ = write!(err, "\r{line}");
        } else {
            let _ = writeln!(err, "{line}");
        }
        let _ = err.flush();
    }
}

/// The plan's counts and problems; every row with `all` (the dry run), else only rows with
/// problems.
fn print_plan(plan: &Plan, all: bool) {
    println!(
        "{}: {} to create, {} to rotate, {} to skip (already have a method), {} with problems",
        plan.source, plan.create, plan.rotate, plan.skip, plan.invalid
    );
    if plan.extend > 0 {
        println!("  {} to extend (same code, no reprint)", plan.extend);
    }
    if plan.renew + plan.replace > 0 {
        println!(
            "  unusable methods: {} to renew (new code + PIN reset), {} to replace (delete, then create)",
            plan.renew, plan.replace
        );
    }
    for p in &plan.problems {
        println!(
            "  line {:>5}  {} [{}] {}",
            p.line,
            if p.warning { "warning" } else { "error  " },
            p.code,
            p.message
        );
    }
    for r in plan.rows.iter().filter(|r| all || !r.problems.is_empty()) {
        let action = match r.action {
            RowAction::Create => "create",
            RowAction::Rotate => "rotate",
            RowAction::Reissue => "reissue",
            RowAction::Renew => "renew",
            RowAction::Replace => "replace",
            RowAction::Extend => "extend",
            RowAction::Skip => "skip",
            RowAction::Invalid => "INVALID",
        };
        let destination = match &r.destination {
            bulk::Destination::Job => String::new(),
            bulk::Destination::Row { profile, template } => format!(
                "  → {}{}",
                profile
                    .as_deref()
                    .map(|p| format!("printer profile {p:?}, "))
                    .unwrap_or_default(),
                template
                    .as_deref()
                    .map(|t| format!("template {t}"))
                    .unwrap_or_default()
            ),
        };
        println!("  line {:>5}  {:<8} {}{destination}", r.line, action, r.upn);
        for p in &r.problems {
            println!(
                "               {} [{}] {}",
                if p.warning { "warning" } else { "error" },
                p.code,
                p.message
            );
        }
    }
}

fn print_counts(p: &Progress) {
    println!(
        "  {} of {} done: {} badge written, {} printed, {} created (no badge asked), {} skipped, {} failed, {} badge lost; {} pending, {} unsettled; {} invalid",
        p.done,
        p.total,
        p.badge_written,
        p.printed,
        p.created,
        p.skipped,
        p.failed,
        p.badge_lost,
        p.pending,
        p.sent,
        p.invalid
    );
}
