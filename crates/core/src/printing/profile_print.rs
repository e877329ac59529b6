//! Printing a badge with a printer profile (`crate::printer_profiles`): the profile's template
//! and format, its printer, its number of copies; every copy recorded like `badge::print`.

use std::path::Path;

use qrstation_label::{Format, Template};
use serde::Serialize;
use ts_rs::TS;

use crate::badge::{print_on_media, render, BadgeRequest, RenderedBadge};
use crate::printer_profiles::{self, PrinterProfile};
use crate::{Result, Store};

/// What a print with a printer profile did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfilePrint {
    /// The profile used (its saved name).
    pub profile: String,
    /// The printer it sent to.
    pub printer: String,
    /// The label template rendered.
    pub template: String,
    /// The format sent.
    pub format: String,
    /// Copies sent.
    pub copies: u32,
    /// The rendered badge (warnings, QR size) that was sent.
    pub badge: RenderedBadge,
}

/// Renders `req` with the printer profile `profile` (the default one when `None`) and prints it
/// `copies` times, each print recorded like [`crate::badge::print`]. `data_dir` holds the settings and the
/// user templates.
pub async fn print_with_profile(
    store: &Store,
    operator: &str,
    user_id: Option<&str>,
    req: &BadgeRequest,
    profile: Option<&str>,
    data_dir: &Path,
) -> Result<ProfilePrint> {
    let p = printer_profiles::profile(data_dir, profile)?;
    // Rendering asks CUPS (`lpstat`) whether the queue takes PDF: off the async workers.
    let (format, rendered) = {
        let (req, p, dir) = (req.clone(), p.clone(), data_dir.to_owned());
        tokio::task::spawn_blocking(move || render_for_profile(&req, &p, &dir))
            .await
            .map_err(|_| crate::CoreError::TaskStopped("rendering".into()))??
    };
    send_with_profile(store, operator, user_id, &req.upn, &rendered, format, &p).await?;
    Ok(ProfilePrint {
        copies: p.copies(),
        profile: p.name,
        printer: p.printer,
        template: p.template,
        format: format.name().to_owned(),
        badge: rendered,
    })
}

/// Sends a badge rendered by [`render_for_profile`] to the profile's printer, `copies` times,
/// each print recorded like [`crate::badge::print`]. Stops at the first failure.
pub async fn send_with_profile(
    store: &Store,
    operator: &str,
    user_id: Option<&str>,
    upn: &str,
    rendered: &RenderedBadge,
    format: Format,
    p: &PrinterProfile,
) -> Result<()> {
    for _ in 0..p.copies() {
        print_on_media(
            store,
            operator,
            user_id,
            upn,
            rendered,
            format.name(),
            &p.printer,
            p.media.as_deref(),
        )
        .await?;
    }
    Ok(())
}

/// The format the profile `p` prints (its own, or its template's default).
pub fn profile_format(p: &PrinterProfile, data_dir: &Path) -> Result<Format> {
    let user_dir = printer_profiles::user_templates(data_dir);
    let template = Template::find(&p.template, Some(&user_dir))?;
    p.format(&template)
}

/// Renders `req` as the profile `p` prints it (its template, in its format).
pub fn render_for_profile(
    req: &BadgeRequest,
    p: &PrinterProfile,
    data_dir: &Path,
) -> Result<(Format, RenderedBadge)> {
    crate::policy::enforce::template_allowed(&p.template)?; // managed configuration
    let user_dir = printer_profiles::user_templates(data_dir);
    let template = Template::find(&p.template, Some(&user_dir))?;
    let format = p.format(&template)?;
    let mut rendered = render(req, &p.template, format.name(), Some(&user_dir))?;
    rendered.print_format = format.name().to_owned();
    Ok((format, rendered))
}

/// The preview for printing with the profile `profile` (the default one when `None`): the PNG
/// of the profile's template at its dpi, the exact dots that will print, with the warnings to
/// show first; and the profile itself (its saved name, printer, copies).
pub fn preview_with_profile(
    req: &BadgeRequest,
    profile: Option<&str>,
    data_dir: &Path,
) -> Result<(PrinterProfile, RenderedBadge)> {
    let p = printer_profiles::profile(data_dir, profile)?;
    let user_dir = printer_profiles::user_templates(data_dir);
    let preview = render(req, &p.template, "png", Some(&user_dir))?;
    Ok((p, preview))
}

impl crate::Station {
    /// Renders and prints a badge as this station's operator with a printer profile (the
    /// default one when `profile` is `None`).
    pub async fn print_badge_with_profile(
        &self,
        badge: &BadgeRequest,
        user_id: Option<&str>,
        profile: Option<&str>,
        data_dir: &Path,
    ) -> Result<ProfilePrint> {
        print_with_profile(
            self.store(),
            self.operator(),
            user_id,
            badge,
            profile,
            data_dir,
        )
        .await
    }
}
