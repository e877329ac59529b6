//! Printer profiles: named set-ups of a printer, a label template, a format, a number of copies
//! and CUPS media, kept in `settings.json`, one of them the station's default. Every change is
//! checked (the template exists, the printer spec parses, the format suits the template and the
//! printer, the media is the queue's, names are unique and not blank) before it is saved.

use std::path::{Path, PathBuf};

use qrstation_label::{Format, Printer, Template};
use serde::Serialize;
use ts_rs::TS;

use crate::{CoreError, Result, Settings};

pub use crate::settings::printer_profile::{PrinterProfile, MIGRATED_PROFILE};

/// The most copies one print may ask for.
pub const MAX_COPIES: u32 = 20;

impl PrinterProfile {
    /// The format this profile prints: the one it names, else ZPL for Zebra templates sent raw,
    /// Brother QL raster for Brother templates sent raw, PDF otherwise (driver queues, files
    /// for office and card printers).
    pub fn format(&self, template: &Template) -> Result<Format> {
        if let Some(f) = &self.format {
            return Ok(f.parse()?);
        }
        let raw_transport = matches!(
            Printer::parse(&self.printer)?,
            Printer::RawTcp { .. } | Printer::File { .. }
        );
        let driver_queue = !raw_transport && queue_has_driver(&self.printer);
        Ok(if driver_queue {
            Format::Pdf
        } else {
            super::template_format(template)
        })
    }

    /// Copies per print (1 when not set).
    pub fn copies(&self) -> u32 {
        self.copies.unwrap_or(1)
    }
}

/// Whether `printer` is a CUPS queue known to have a driver (takes PDF). Unknown queues (CUPS
/// unreachable) count as raw, the usual set-up for label printers.
fn queue_has_driver(printer: &str) -> bool {
    let Ok(Printer::Cups { server, queue }) = Printer::parse(printer) else {
        return false;
    };
    let server = server.or_else(|| std::env::var("CUPS_SERVER").ok());
    Printer::list_cups(server.as_deref())
        .map(|list| {
            list.into_iter().any(|p| {
                p.has_driver && matches!(&p.printer, Printer::Cups { queue: q, .. } if *q == queue)
            })
        })
        .unwrap_or(false)
}

/// The profiles and which one is the default, as the settings hold them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PrinterProfiles {
    /// Every saved profile, by name.
    pub profiles: Vec<PrinterProfile>,
    /// The profile used when none is picked.
    pub default_profile: Option<String>,
}

/// The user template directory of a data directory.
pub fn user_templates(data_dir: &Path) -> PathBuf {
    crate::DataDir::new(data_dir).templates()
}

/// The saved profiles of `data_dir` (an old single default shows as a profile named
/// [`MIGRATED_PROFILE`]).
pub fn profiles(data_dir: &Path) -> Result<PrinterProfiles> {
    let s = Settings::load(data_dir)?;
    Ok(PrinterProfiles {
        profiles: s.printer_profiles,
        default_profile: s.default_profile,
    })
}

/// The profile named `name` (ignoring case), or the default one when `name` is `None`.
pub fn profile(data_dir: &Path, name: Option<&str>) -> Result<PrinterProfile> {
    let s = Settings::load(data_dir)?;
    let wanted = match name.or(s.default_profile.as_deref()) {
        Some(n) => n.to_owned(),
        None => {
            return Err(CoreError::ProfileNotFound(
                "no default printer profile is set".into(),
            ))
        }
    };
    find(&s, &wanted)
        .cloned()
        .ok_or_else(|| CoreError::ProfileNotFound(format!("no printer profile named {wanted:?}")))
}

/// Adds a new profile; its name must not be taken. The first profile becomes the default.
pub fn add_profile(data_dir: &Path, p: &PrinterProfile) -> Result<PrinterProfile> {
    let p = validate(data_dir, p)?;
    let mut s = Settings::load(data_dir)?;
    if find(&s, &p.name).is_some() {
        return Err(CoreError::InvalidProfile(format!(
            "a printer profile named {:?} already exists",
            p.name
        )));
    }
    s.printer_profiles.push(p.clone());
    if s.default_profile.is_none() {
        s.default_profile = Some(p.name.clone());
    }
    s.save(data_dir)?;
    Ok(p)
}

/// Replaces the profile named `name` with `p` (which may rename it; the default follows).
pub fn update_profile(data_dir: &Path, name: &str, p: &PrinterProfile) -> Result<PrinterProfile> {
    let p = validate(data_dir, p)?;
    let mut s = Settings::load(data_dir)?;
    let i = index(&s, name)?;
    if let Some(other) = find(&s, &p.name) {
        if !other.name.eq_ignore_ascii_case(&s.printer_profiles[i].name) {
            return Err(CoreError::InvalidProfile(format!(
                "a printer profile named {:?} already exists",
                p.name
            )));
        }
    }
    let old = std::mem::replace(&mut s.printer_profiles[i], p.clone());
    if s.default_profile.as_deref() == Some(old.name.as_str()) {
        s.default_profile = Some(p.name.clone());
    }
    s.save(data_dir)?;
    Ok(p)
}

/// Removes the profile named `name`. Removing the default leaves no default.
pub fn delete_profile(data_dir: &Path, name: &str) -> Result<()> {
    let mut s = Settings::load(data_dir)?;
    let i = index(&s, name)?;
    let old = s.printer_profiles.remove(i);
    if s.default_profile.as_deref() == Some(old.name.as_str()) {
        s.default_profile = None;
    }
    s.save(data_dir)
}

/// Makes the profile named `name` the default.
pub fn set_default_profile(data_dir: &Path, name: &str) -> Result<()> {
    let mut s = Settings::load(data_dir)?;
    let i = index(&s, name)?;
    s.default_profile = Some(s.printer_profiles[i].name.clone());
    s.save(data_dir)
}

/// Checks a profile and returns it tidied (names and specs trimmed).
pub fn validate(data_dir: &Path, p: &PrinterProfile) -> Result<PrinterProfile> {
    let bad = |why: String| Err(CoreError::InvalidProfile(why));
    let name = p.name.trim().to_owned();
    if name.is_empty() {
        return bad("a printer profile needs a name".into());
    }
    if name.chars().count() > 64 || name.chars().any(char::is_control) {
        return bad("a printer profile name is at most 64 printable characters".into());
    }
    let out = PrinterProfile {
        name,
        printer: p.printer.trim().to_owned(),
        template: p.template.trim().to_owned(),
        format: p
            .format
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_owned),
        copies: p.copies,
        media: p
            .media
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_owned),
    };
    if out.printer.is_empty() {
        return bad(format!("printer profile {:?} needs a printer", out.name));
    }
    let printer = Printer::parse(&out.printer)?;
    let template = Template::find(&out.template, Some(&user_templates(data_dir)))?;
    if let Some(c) = out.copies {
        if !(1..=MAX_COPIES).contains(&c) {
            return bad(format!("copies must be 1 to {MAX_COPIES}"));
        }
    }
    if let Some(f) = &out.format {
        let format: Format = f.parse()?;
        if !template.printer.supports(format) {
            return bad(format!(
                "template {} cannot be printed as {}",
                template.name,
                format.name()
            ));
        }
    }
    if matches!(printer, Printer::RawTcp { .. }) {
        let format = out.format(&template)?;
        if !format.is_raw() {
            return bad(format!(
                "a raw TCP printer takes ZPL or Brother QL, not {} (template {})",
                format.name(),
                template.name
            ));
        }
    }
    if let Some(m) = &out.media {
        check_media(&out, &printer, m)?;
    }
    Ok(out)
}

/// A media name is only for a CUPS queue printing through its driver, and must be one the
/// queue lists (checked when CUPS answers; an unreachable CUPS cannot be asked).
fn check_media(p: &PrinterProfile, printer: &Printer, media: &str) -> Result<()> {
    let bad = |why: String| Err(CoreError::InvalidProfile(why));
    let plain = |c: char| c.is_ascii_alphanumeric() || "._-".contains(c);
    if media.len() > 64 || !media.chars().all(plain) {
        return bad("a media name is a CUPS keyword such as A4 or w162h90".into());
    }
    let Printer::Cups { server, queue } = printer else {
        return bad("media is only for CUPS queues with a driver".into());
    };
    if p.format
        .as_deref()
        .is_some_and(|f| f == "zpl" || f == "brother-ql")
    {
        return bad("media is not used for raw ZPL or Brother QL jobs".into());
    }
    let server = server.clone().or_else(|| std::env::var("CUPS_SERVER").ok());
    let Ok(list) = Printer::list_cups(server.as_deref()) else {
        return Ok(());
    };
    let offered = list.into_iter().find_map(|i| match i.printer {
        Printer::Cups { queue: q, .. } if q == *queue => Some(i.media),
        _ => None,
    });
    match offered {
        Some(m) if m.iter().any(|x| x == media) => Ok(()),
        Some(m) if m.is_empty() => bad(format!("CUPS queue {queue} is raw: it takes no media")),
        Some(m) => bad(format!(
            "CUPS queue {queue} offers {}, not {media}",
            m.join(", ")
        )),
        None => Ok(()),
    }
}

fn find<'a>(s: &'a Settings, name: &str) -> Option<&'a PrinterProfile> {
    let name = name.trim();
    s.printer_profiles
        .iter()
        .find(|p| p.name.eq_ignore_ascii_case(name))
}

fn index(s: &Settings, name: &str) -> Result<usize> {
    let name = name.trim();
    s.printer_profiles
        .iter()
        .position(|p| p.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| CoreError::ProfileNotFound(format!("no printer profile named {name:?}")))
}

/// Saves `p`: a new profile, or the one called `original` (which may be renamed).
pub fn save_profile(
    data_dir: &Path,
    original: Option<&str>,
    p: &PrinterProfile,
) -> Result<PrinterProfile> {
    match original {
        Some(name) => update_profile(data_dir, name, p),
        None => add_profile(data_dir, p),
    }
}
