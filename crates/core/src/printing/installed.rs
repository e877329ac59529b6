//! The printers installed on this computer (its CUPS queues, or `$CUPS_SERVER`'s), for the
//! Printers tab's picker: each with the printer spec a profile saves (`cups:NAME`), its
//! description and location, whether it is the default, takes jobs, and what it is doing.

use qrstation_label::cups_installed::{self, InstalledQueue, QueueState};
use serde::Serialize;
use ts_rs::TS;

use crate::Result;

/// One installed printer as the picker shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InstalledPrinter {
    /// The CUPS queue name.
    pub name: String,
    /// What a profile saves to print on it: `cups:NAME`.
    pub spec: String,
    /// Its description ("Front desk Zebra"), when it says more than the name.
    pub description: Option<String>,
    /// Where it is ("Lobby"), when set.
    pub location: Option<String>,
    /// Whether it is this computer's default printer.
    pub is_default: bool,
    /// Whether it takes jobs now.
    pub accepting: bool,
    /// `idle`, `printing` or `stopped`.
    pub state: String,
    /// Why it is stopped or refuses jobs, when CUPS says ("paper jam").
    pub reason: Option<String>,
}

impl From<InstalledQueue> for InstalledPrinter {
    fn from(q: InstalledQueue) -> InstalledPrinter {
        InstalledPrinter {
            spec: format!("cups:{}", q.name),
            state: match q.state {
                QueueState::Idle => "idle",
                QueueState::Printing => "printing",
                QueueState::Stopped => "stopped",
            }
            .to_owned(),
            name: q.name,
            description: q.description,
            location: q.location,
            is_default: q.is_default,
            accepting: q.accepting,
            reason: q.reason,
        }
    }
}

/// The installed printers, or an error when CUPS cannot be asked (`label.cups`, or
/// `label.cups_timeout` after a few seconds). `server` is `host:port`; `None` is the CUPS
/// clients' default (`$CUPS_SERVER`, else this computer).
pub fn try_installed_printers(server: Option<&str>) -> Result<Vec<InstalledPrinter>> {
    Ok(cups_installed::installed(server)?
        .into_iter()
        .map(InstalledPrinter::from)
        .collect())
}

/// The installed printers; none when CUPS is not there or does not answer (logged with its
/// code only), so the picker shows its plain "no printers" line instead of an error.
pub fn installed_printers() -> Vec<InstalledPrinter> {
    try_installed_printers(None).unwrap_or_else(|e| {
        tracing::info!(code = e.code(), "no installed printers listed");
        Vec::new()
    })
}
