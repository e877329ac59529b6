//! [`start`]: a checked plan becomes a job in the journal, once its options are safe (printer
//! profiles only, generated PINs recorded or explicitly not).

use super::journal::{self, JobInfo};
use super::plan::{find_profile, Plan};
use super::RunOptions;
use crate::{Result, Station};

/// Writes `plan` to the journal as a new job run with `options`; returns its id. Rows to skip
/// and invalid rows are recorded as such (they appear in the results).
pub async fn start(station: &Station, plan: &Plan, options: &RunOptions) -> Result<String> {
    if plan.is_blocked() {
        return Err(crate::CoreError::BulkPlanBlocked);
    }
    let options = &with_default_slips(plan, options);
    check_options(plan, options)?;
    let now = crate::time::now_ms();
    let mut rnd = [0u8; 3];
    getrandom::fill(&mut rnd).map_err(|e| crate::CoreError::NoRandomness(e.to_string()))?;
    let stamp = crate::time::iso8601(now);
    let id = format!(
        "{}{}{}-{}{}{}-{:02x}{:02x}{:02x}",
        &stamp[0..4],
        &stamp[5..7],
        &stamp[8..10],
        &stamp[11..13],
        &stamp[14..16],
        &stamp[17..19],
        rnd[0],
        rnd[1],
        rnd[2]
    );
    let job = JobInfo {
        id: id.clone(),
        created_at: now,
        updated_at: now,
        operator_upn: station.operator().to_owned(),
        source: plan.source.clone(),
        state: super::JobState::Running,
        options: options.clone(),
        source_sha256: plan.source_sha256.clone(),
    };
    journal::insert_job(station.store(), &job, &plan.rows).await?;
    Ok(id)
}

/// PIN slips are on by default: a job that generates PINs, where the operator chose neither
/// slips nor "no record", writes slips when it has somewhere to put them (beside the badge
/// sheet or in `pin_slips_dir`). A PIN that nobody saw is a worker who must be reset.
fn with_default_slips(plan: &Plan, options: &RunOptions) -> RunOptions {
    let mut o = options.clone();
    let somewhere = o.out_pdf.is_some() || o.pin_slips_dir.is_some();
    if plan.generated_pins > 0 && !o.pin_slips && !o.no_pin_record && somewhere {
        o.pin_slips = true;
    }
    o
}

/// A job may print only to the printer profiles it carries, and must not lose generated PINs
/// without the operator saying so.
fn check_options(plan: &Plan, options: &RunOptions) -> Result<()> {
    let named = options.printer.iter().chain(
        plan.rows
            .iter()
            .filter(|r| r.action.sends())
            .filter_map(|r| r.printer.as_ref()),
    );
    for name in named {
        if find_profile(&options.profiles, name).is_none() {
            return Err(crate::CoreError::PrinterNotProfile(format!(
                "{:?} is not a printer profile: badges print only with a configured profile",
                name.chars().take(64).collect::<String>()
            )));
        }
    }
    if options.out_pdf.is_some() || options.printer.is_some() {
        // The job's own template, for rows that name none (theirs are checked in the plan).
        crate::policy::enforce::template_allowed(&options.template)?;
    }
    if options.pin_slips && options.out_pdf.is_none() && options.pin_slips_dir.is_none() {
        return Err(crate::CoreError::BulkPinSlipsNowhere);
    }
    check_pin_record(plan, options)
}

/// The generated-PIN rule the app and the CLI share: a plan that generates PINs (creates and
/// re-creations) runs only with PIN slips or the operator's explicit "no record"
/// ([`RunOptions::no_pin_record`]); else `bulk.pins_not_recorded` with the count. [`start`]
/// applies it after turning slips on by default; the CLI applies it to the flags as given
/// (it asks for `--pin-slips` or `--no-pin-record` explicitly).
pub fn check_pin_record(plan: &Plan, options: &RunOptions) -> Result<()> {
    if plan.generated_pins > 0 && !options.pin_slips && !options.no_pin_record {
        return Err(crate::CoreError::PinsNotRecorded(plan.generated_pins));
    }
    Ok(())
}
