//! Users who already have a QR code + PIN method that cannot be used (every code expired, or
//! the standard code deleted with no temporary code): what the operator chose to do with them
//! for this job (renew, replace, skip, or — the default — ask), and how the plan shows it.
//!
//! Microsoft's docs say both that a new method "can be added if an existing one expires or is
//! deleted" and, on the v1.0 PUT page, that "you must first delete existing respective
//! objects" (Graph then answers 400 `tooManyQRCodePinMethod`). Which one a tenant does is
//! left open, so bulk never relies on a PUT replacing such a method: the operator picks an
//! explicit path, and nothing is deleted without their word.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Problem, RowAction};
use crate::station::summary::MethodSummary;

/// What a job does with users whose existing method cannot be used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Unusable {
    /// The default: such rows are not run; the plan reports each one as "needs renew or
    /// replace" (`bulk.unusable_method`, an error) until the operator chooses.
    #[default]
    Ask,
    /// Keep the method: delete the old standard code (if any), create a new one and reset the
    /// PIN (Graph generates it; it goes on the PIN slip), as for a new badge.
    Renew,
    /// Delete the method, then create a new one (badge and PIN as for a create). Needs the
    /// operator's explicit consent (`--replace-unusable`; in the app a confirmation).
    Replace,
    /// Leave such users alone; each row reports why (`bulk.unusable_skipped`).
    Skip,
}

impl Unusable {
    /// The CLI flag that picks this choice.
    pub fn flag(self) -> &'static str {
        match self {
            Unusable::Ask => "",
            Unusable::Renew => "--renew-unusable",
            Unusable::Replace => "--replace-unusable",
            Unusable::Skip => "--skip-unusable",
        }
    }
}

/// Why a user's method cannot be used, in words for a report line.
pub(crate) fn why(s: &MethodSummary, now: DateTime<Utc>) -> &'static str {
    let now = now.timestamp_millis();
    if s.standard_starts.is_some_and(|t| t > now) && s.standard_expires.is_some_and(|t| t > now) {
        "its standard QR code is not valid yet"
    } else if s.standard_expires.is_some() {
        "its QR codes have expired"
    } else {
        "its standard QR code was deleted and it has no valid temporary code"
    }
}

/// The action of a row whose user has an unusable method, and the line the plan shows.
/// `custom_pin`: the CSV gave a PIN (a renewal cannot use it: Graph generates the reset PIN).
pub(crate) fn decide(
    choice: Unusable,
    line: u32,
    reason: &str,
    custom_pin: bool,
    problems: &mut Vec<Problem>,
) -> RowAction {
    match choice {
        Unusable::Ask => {
            problems.push(Problem::new(
                line,
                "bulk.unusable_method",
                &format!(
                    "the user has a method, but {reason}: needs renew or replace \
                     (--renew-unusable: a new code and a PIN reset; --replace-unusable: delete \
                     the method and create a new one; or --skip-unusable)"
                ),
            ));
            RowAction::Invalid
        }
        Unusable::Renew => {
            problems.push(Problem::warning(
                line,
                "bulk.renews_unusable",
                &format!(
                    "the user's method is kept ({reason}): a new standard code and a PIN reset"
                ),
            ));
            if custom_pin {
                problems.push(Problem::warning(
                    line,
                    "bulk.pin_ignored",
                    "a renewal resets the PIN and Graph generates it: the `pin` column is not used",
                ));
            }
            RowAction::Renew
        }
        Unusable::Replace => {
            problems.push(Problem::warning(
                line,
                "bulk.replaces_unusable",
                &format!("the user's method ({reason}) is deleted, then a new one is created"),
            ));
            RowAction::Replace
        }
        Unusable::Skip => {
            // A warning: the row does not stop the job; the journal keeps it as the reason.
            problems.push(Problem::warning(
                line,
                "bulk.unusable_skipped",
                &format!(
                    "skipped: the user's method cannot be used ({reason}); renew or replace it"
                ),
            ));
            RowAction::Skip
        }
    }
}
