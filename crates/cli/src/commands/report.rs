//! `qrstation report expiring --within N [--office O|--department D|--unit U] [--json|--csv]`:
//! every worker of a store with their badge status (issue #16 §3), read with `$batch` at the
//! adaptive pace and cached; text, JSON or CSV (no secret in any of them).

use std::io::Write;

use clap::{Args, Subcommand};
use qrstation_core::renewals::{self, BadgeState, Report, Scope, WorkerStatus};
use qrstation_core::Station;

use crate::args::Global;
use crate::error::CliError;
use crate::output::json;

#[derive(Subcommand, Debug, Clone)]
pub enum ReportCommand {
    /// Every worker of a store: no method, expired, expiring within N days, valid; temporary
    /// code active, never used, PIN change pending.
    Expiring {
        /// Days ahead that count as "expiring".
        #[arg(long, value_name = "N", default_value_t = renewals::DEFAULT_WITHIN_DAYS)]
        within: u32,
        #[command(flatten)]
        scope: ScopeArgs,
        /// Write CSV (the same columns as the app's export) instead of text.
        #[arg(long)]
        csv: bool,
        /// Show the last scan from the cache (with its age) instead of reading Graph.
        #[arg(long)]
        cached: bool,
    },
}

/// The store: one of office, department or administrative unit.
#[derive(Args, Debug, Clone)]
#[group(required = true, multiple = false)]
pub struct ScopeArgs {
    /// Everyone whose office location (store) is O.
    #[arg(long, value_name = "O")]
    pub office: Option<String>,
    /// Everyone whose department is D.
    #[arg(long, value_name = "D")]
    pub department: Option<String>,
    /// The members of the administrative unit with id U.
    #[arg(long, value_name = "U")]
    pub unit: Option<String>,
}

impl ScopeArgs {
    /// The core scope.
    pub fn scope(&self) -> Scope {
        match (&self.office, &self.department, &self.unit) {
            (Some(o), _, _) => Scope::Office(o.clone()),
            (_, Some(d), _) => Scope::Department(d.clone()),
            (_, _, Some(u)) => Scope::Unit(u.clone()),
            // clap's group makes one of them required.
            _ => Scope::Office(String::new()),
        }
    }
}

pub async fn run(g: &Global, st: &Station, cmd: ReportCommand) -> Result<(), CliError> {
    let ReportCommand::Expiring {
        within,
        scope,
        csv,
        cached,
    } = cmd;
    let scope = scope.scope();
    let report = if cached {
        renewals::cached(st.store(), &scope, Some(within))
            .await?
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "{} was never scanned: run without --cached",
                    scope.label()
                ))
            })?
    } else {
        let show = !g.json && !csv;
        renewals::scan(st, &scope, within, |p| {
            if show {
                eprint!("\rreading {}/{} workers", p.done, p.total);
            }
        })
        .await?
    };
    if !g.json && !csv && !cached {
        eprintln!();
    }
    if g.json {
        return json(&report);
    }
    if csv {
        let out = std::io::stdout().lock();
        renewals::write_csv(&report, out)
            .and_then(|mut o| o.flush())
            .map_err(|e| CliError::Io(format!("write the CSV: {e}")))?;
        return Ok(());
    }
    print_text(&report);
    Ok(())
}

fn print_text(r: &Report) {
    println!(
        "{}: {} workers; {} expired, {} expiring within {} days, {} without a method, {} valid, {} unreadable (data {} old)",
        r.scope_label,
        r.rows.len(),
        r.count(BadgeState::Expired),
        r.count(BadgeState::Expiring),
        r.within_days,
        r.count(BadgeState::NoMethod),
        r.count(BadgeState::Valid),
        r.count(BadgeState::Unreadable),
        age(r.age_ms)
    );
    let now = chrono::Utc::now().timestamp_millis();
    for w in &r.rows {
        println!(
            "  {:<40} {:<10} {}{}",
            w.upn,
            w.state.as_str(),
            expiry(w, now),
            notes(w)
        );
    }
}

fn expiry(w: &WorkerStatus, now_ms: i64) -> String {
    match w.dates.expires_ms {
        Some(t) => {
            let date = chrono::DateTime::from_timestamp_millis(t)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default();
            let days = (t - now_ms).div_euclid(86_400_000);
            format!("expires {date} ({days} days)")
        }
        None => String::new(),
    }
}

fn notes(w: &WorkerStatus) -> String {
    let mut n = Vec::new();
    if w.temporary_active {
        n.push("temporary code active".to_owned());
    }
    if w.never_used {
        n.push("never used".to_owned());
    }
    if w.dates.pin_change_pending {
        n.push("PIN change pending".to_owned());
    }
    if let Some(c) = &w.error_code {
        n.push(format!("[{c}]"));
    }
    if n.is_empty() {
        String::new()
    } else {
        format!("  · {}", n.join(", "))
    }
}

fn age(ms: i64) -> String {
    match ms / 1000 {
        s if s < 60 => format!("{s} s"),
        s if s < 3600 => format!("{} min", s / 60),
        s if s < 86_400 => format!("{} h", s / 3600),
        s => format!("{} days", s / 86_400),
    }
}
