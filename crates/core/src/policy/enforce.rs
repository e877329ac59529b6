//! The policy's rules that are not settings, enforced in core where the action happens:
//! the demo tenant, typed PINs, label templates, "stay signed in", and command-line flags
//! that would step around a locked tenant.

use crate::connect::Flags;
use crate::{CoreError, Result};

use super::read::Policy;

/// `policy.demo_not_offered` when the machine's policy does not offer the demo tenant.
pub fn demo_offered() -> Result<()> {
    demo_offered_by(&super::file::load()?)
}

/// [`demo_offered`] under `policy`.
pub fn demo_offered_by(policy: &Policy) -> Result<()> {
    if policy.flag("demoTenant.offered", true) {
        Ok(())
    } else {
        Err(CoreError::DemoNotOffered)
    }
}

/// `policy.custom_pin_not_allowed` when the machine's policy allows only generated PINs.
pub fn custom_pin_allowed() -> Result<()> {
    if super::file::load()?.flag("pins.customAllowed", true) {
        Ok(())
    } else {
        Err(CoreError::CustomPinNotAllowed)
    }
}

/// `policy.template_not_allowed` when the machine's policy lists the templates badges may
/// print with and `template` is not one of them.
pub fn template_allowed(template: &str) -> Result<()> {
    template_allowed_by(&super::file::load()?, template)
}

/// [`template_allowed`] under `policy`.
pub fn template_allowed_by(policy: &Policy, template: &str) -> Result<()> {
    match policy.texts("printing.allowedTemplates") {
        Some(allowed) if !allowed.iter().any(|t| t == template) => {
            Err(CoreError::TemplateNotAllowed(template.to_owned()))
        }
        _ => Ok(()),
    }
}

/// Whether a sign-in may be saved ("stay signed in") on this machine.
pub fn stay_signed_in_allowed() -> Result<bool> {
    Ok(super::file::load()?.flag("signIn.staySignedInAllowed", true))
}

/// Refuses command-line flags that contradict the policy: `--demo` when the demo tenant is
/// not offered, and a tenant, client id, authority or Graph URL other than a locked one.
pub fn check_flags(flags: &Flags) -> Result<()> {
    let given = flags.demo
        || flags.tenant.is_some()
        || flags.client_id.is_some()
        || flags.authority.is_some()
        || flags.graph_url.is_some();
    if !given {
        return Ok(());
    }
    let policy = super::file::load()?;
    if flags.demo {
        demo_offered_by(&policy)?;
    }
    let locked = |key: &str| policy.entry(key).filter(|e| e.locked);
    for (key, flag) in [("tenant", &flags.tenant), ("clientId", &flags.client_id)] {
        if let (Some(e), Some(f)) = (locked(key), flag) {
            if e.value.as_str() != Some(f.trim()) {
                return Err(CoreError::PolicyLocked(key.to_owned()));
            }
        }
    }
    if locked("cloud").is_some() && (flags.authority.is_some() || flags.graph_url.is_some()) {
        return Err(CoreError::PolicyLocked("cloud".to_owned()));
    }
    Ok(())
}
