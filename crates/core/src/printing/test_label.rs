//! A test label for a printer profile: the profile's template with a made-up person and a QR
//! code that says it is a test print, sent once to the profile's printer. It holds no secret
//! and signs nobody in, so it is not a badge print: no audit row (the audit has no test-print
//! action) and no person's "last printed" changes.

use std::path::Path;

use base64::{engine::general_purpose::STANDARD, Engine as _};

use crate::badge::BadgeRequest;
use crate::printer_profiles;
use crate::profile_print::{render_for_profile, ProfilePrint};
use crate::{CoreError, Result};

/// What the test label's QR code says when scanned.
pub const TEST_QR_TEXT: &str = "QRSTATION TEST PRINT - not a sign-in code";

/// The made-up person on a test label.
pub fn test_badge() -> BadgeRequest {
    let now = crate::time::now_ms();
    BadgeRequest {
        payload_base64: STANDARD.encode(TEST_QR_TEXT),
        error_correction_level: Some("H".into()),
        version: None,
        display_name: "Sam Sample".into(),
        upn: "test.print@example.invalid".into(),
        department: Some("Test print".into()),
        valid_from: Some(now),
        valid_until: None,
        onboarding: Some("Test print: this code signs nobody in".into()),
        temporary: None,
    }
}

/// Prints one test label with the printer profile `profile` (the default one when `None`):
/// its template, format, printer and media, one copy. `data_dir` holds the settings and the
/// user templates. Blocks (rendering asks CUPS, sending waits for it): call it off the UI
/// thread.
pub fn print_test_label(data_dir: &Path, profile: Option<&str>) -> Result<ProfilePrint> {
    let p = printer_profiles::profile(data_dir, profile)?;
    let (format, rendered) = render_for_profile(&test_badge(), &p, data_dir)?;
    qrstation_label::Printer::parse(&p.printer)?.send_on_media(
        &rendered.bytes,
        format,
        p.media.as_deref(),
    )?;
    Ok(ProfilePrint {
        copies: 1,
        profile: p.name,
        printer: p.printer,
        template: p.template,
        format: format.name().to_owned(),
        badge: rendered,
    })
}

/// [`print_test_label`] on a blocking worker, for async callers.
pub async fn print_test_label_async(data_dir: &Path, profile: &str) -> Result<ProfilePrint> {
    let (dir, profile) = (data_dir.to_owned(), profile.to_owned());
    tokio::task::spawn_blocking(move || print_test_label(&dir, Some(&profile)))
        .await
        .map_err(|_| CoreError::TaskStopped("printing a test label".into()))?
}
