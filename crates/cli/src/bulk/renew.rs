//! `qrstation bulk renew plan|run|resume`: a store's renewal as a bulk job (core's
//! `renewals` plan, `bulk::run_renewal` / `bulk::resume_renewal`).

use qrstation_core::bulk::{self, Plan};
use qrstation_core::Station;

use super::{finish, print_plan, run_options, where_files_go};
use crate::args::{BulkOut, Global};
use crate::error::CliError;
use crate::output::json;

/// `qrstation bulk renew plan|run|resume`: a store's renewal (issue #16 §3) as a resumable
/// bulk job — extend (no reprint), rotate (new badge) or re-create (expired).
#[derive(clap::Subcommand, Debug, Clone)]
pub enum RenewCommand {
    /// Read the store and show what each worker's renewal will do; changes nothing.
    Plan {
        #[command(flatten)]
        input: RenewInput,
    },
    /// Plan, then extend, rotate and re-create; the new badges go to the sheets or printer.
    Run {
        #[command(flatten)]
        input: RenewInput,
        #[command(flatten)]
        out: BulkOut,
    },
    /// Finish a renewal job after a crash, kill or Ctrl-C (extensions first, then the rest;
    /// `bulk resume JOB` does the same for a renewal job).
    Resume { job: String },
}

/// Whose badges a renewal covers.
#[derive(clap::Args, Debug, Clone)]
pub struct RenewInput {
    #[command(flatten)]
    pub scope: crate::commands::report::ScopeArgs,
    /// Days ahead that count as "expiring" (renewed); later expiries are skipped.
    #[arg(long, value_name = "N", default_value_t = qrstation_core::renewals::DEFAULT_WITHIN_DAYS)]
    pub within: u32,
}

pub(super) async fn renew(g: &Global, st: &Station, cmd: RenewCommand) -> Result<(), CliError> {
    match cmd {
        RenewCommand::Plan { input } => {
            let plan = renew_plan(st, &input).await?;
            if g.json {
                return json(&plan);
            }
            print_plan(&plan, true);
            Ok(())
        }
        RenewCommand::Run { input, out } => {
            let plan = renew_plan(st, &input).await?;
            if !g.json {
                print_plan(&plan, false);
            }
            let options = run_options(&out)?;
            bulk::check_pin_record(&plan, &options).map_err(|_| {
                CliError::Usage(format!(
                    "{} methods are created or re-created with generated PINs shown nowhere: add --pin-slips, or --no-pin-record to confirm that nobody will know them",
                    plan.generated_pins
                ))
            })?;
            let job = bulk::start(st, &plan, &options).await?;
            eprintln!("job {job}");
            where_files_go(&options, &job);
            finish(g, st, &job, |p, c| bulk::run_renewal(st, &job, p, c)).await
        }
        RenewCommand::Resume { job } => {
            finish(g, st, &job, |p, c| bulk::resume_renewal(st, &job, p, c)).await
        }
    }
}

/// The store's workers (read from Graph), then their renewal plan.
async fn renew_plan(st: &Station, input: &RenewInput) -> Result<Plan, CliError> {
    use qrstation_core::renewals::{self, Worker};
    let scope = input.scope.scope();
    let report = renewals::scan(st, &scope, input.within, |_| {}).await?;
    let workers: Vec<Worker> = report
        .rows
        .iter()
        .map(|r| Worker {
            upn: r.upn.clone(),
            user_id: r.user_id.clone(),
            display_name: r.display_name.clone(),
            office: r.office.clone(),
            department: r.department.clone(),
        })
        .collect();
    let source = format!("renewal of {}", scope.label());
    Ok(renewals::plan_renewal(st, &source, &workers, input.within).await?)
}
