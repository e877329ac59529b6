//! A temporary code's badge, rendered through core: its text (extracted from the PDF, as the
//! label crate's tests do) says TEMPORARY and until when, with the time; a standard badge does
//! not. And the label pickers' readable template names.

use std::process::Command;

use qrstation_core::badge::{self, BadgeRequest};

fn request(temporary: Option<bool>) -> BadgeRequest {
    BadgeRequest {
        payload_base64: "bXMtcXJwaW46djF8YUBifHh8MTIz".into(),
        error_correction_level: Some("H".into()),
        version: None,
        display_name: "Rosa Diaz".into(),
        upn: "rosa@contoso.com".into(),
        department: None,
        valid_from: Some(1_800_000_000_000),
        // Eight hours later.
        valid_until: Some(1_800_000_000_000 + 8 * 3_600_000),
        onboarding: None,
        temporary,
    }
}

/// The PDF's text through poppler's `pdftotext`; `None` when poppler is not installed.
fn pdf_text(req: &BadgeRequest) -> Option<String> {
    Command::new("pdftotext").arg("-v").output().ok()?;
    let pdf = badge::render(req, "sheet-a4", "pdf", None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("badge.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let out = Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_temporary_badge_says_temporary_and_the_time_it_ends() {
    let until = badge::local_minute(1_800_000_000_000 + 8 * 3_600_000);
    // A date and a time of day: "2027-01-15 16:00".
    let (date, time) = until.split_once(' ').unwrap();
    assert_eq!(date.len(), 10, "{until}");
    assert!(
        time.len() == 5 && time.as_bytes()[2] == b':',
        "no time of day: {until}"
    );
    let Some(txt) = pdf_text(&request(Some(true))) else {
        eprintln!("pdftotext missing: text check skipped");
        return;
    };
    let flat = txt.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&format!("TEMPORARY · valid until {until}")),
        "not in: {flat}"
    );

    // The same code as a standard badge: dates only, no TEMPORARY.
    for standard in [None, Some(false)] {
        let flat = pdf_text(&request(standard)).unwrap();
        assert!(!flat.contains("TEMPORARY"), "{flat}");
        assert!(
            !flat.contains(time),
            "a standard badge shows a time: {flat}"
        );
    }
}

#[test]
fn templates_have_readable_names_in_the_same_order() {
    let names = badge::template_names(None).unwrap();
    let ids = badge::templates(None).unwrap();
    assert_eq!(
        names.iter().map(|t| t.name.clone()).collect::<Vec<_>>(),
        ids
    );
    let a4 = names.iter().find(|t| t.name == "sheet-a4").unwrap();
    assert_ne!(a4.display_name, a4.name);
    assert!(names
        .iter()
        .all(|t| !t.display_name.trim().is_empty() && !t.display_name.contains('-')));
}
