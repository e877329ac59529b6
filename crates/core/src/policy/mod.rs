//! Managed configuration for a fleet: the machine-wide policy file IT deploys
//! (`docs/policy.schema.json`, `docs/fleet.md`), its validating reader, the one place where
//! policy, user settings and defaults meet ([`Effective`]), and the rules enforced in core.
//!
//! A key is written as its value (locked) or as `{"value": …, "locked": false}` (a default
//! the user may change). Keys that only the policy holds (`demoTenant.offered`,
//! `pins.customAllowed`, `printing.allowedTemplates`, `signIn.staySignedInAllowed`,
//! `station.administrativeUnitId`, `logLevel`) apply either way.

pub mod effective;
pub mod enforce;
pub mod file;
pub mod keys;
pub mod read;

#[cfg(test)]
mod props;
#[cfg(test)]
mod tests;

pub use effective::{Effective, EffectiveConfig, EffectiveValue, Source};
pub use file::{load, machine_path, Origin, POLICY_ENV};
pub use read::{Entry, Policy, PolicyProblem, MAX_POLICY_BYTES};

/// The administrative unit this station is pinned to by the machine's policy
/// (`station.administrativeUnitId`), for scoping; `None` when it is not pinned.
pub fn pinned_unit() -> crate::Result<Option<String>> {
    Ok(load()?
        .text("station.administrativeUnitId")
        .map(str::to_owned))
}

/// The log level the machine's policy asks for (`logLevel`), if any.
pub fn log_level() -> crate::Result<Option<String>> {
    Ok(load()?.text("logLevel").map(str::to_owned))
}
