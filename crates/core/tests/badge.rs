//! Badges through core: rendered from a payload, printed to a file printer, and the print
//! recorded in the audit log and the user's print count.

use qrstation_core::{
    badge::{self, BadgeRequest, PrintSettings},
    store::recent_users::RecentUser,
    Store,
};

#[tokio::test]
async fn a_printed_badge_is_audited_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = Store::open(dir.path()).await.unwrap();
    store
        .upsert_recent_user(
            &RecentUser {
                id: "u1".into(),
                upn: "rosa@contoso.com".into(),
                display_name: "Rosa Diaz".into(),
                department: None,
                office_location: None,
                job_title: None,
                has_method: Some(true),
                usable: Some(true),
                standard_expires: None,
                temporary_expires: None,
                pin_must_change: None,
                last_seen: 1,
                last_action: None,
                print_count: 0,
                last_print: None,
            },
            10,
        )
        .await
        .unwrap();
    let req = BadgeRequest {
        payload_base64: "bXMtcXJwaW46djF8YUBifHh8MTIz".into(),
        error_correction_level: Some("H".into()),
        version: Some(2),
        display_name: "Rosa Diaz".into(),
        upn: "rosa@contoso.com".into(),
        department: Some("Store 101".into()),
        valid_from: None,
        valid_until: Some(1_800_000_000_000),
        onboarding: None,
        temporary: None,
    };
    assert!(
        format!("{req:?}").find("bXMt").is_none(),
        "Debug shows the payload"
    );
    let preview = badge::render(&req, "cr80", "png", None).unwrap();
    assert!(!preview.png_base64.is_empty());
    assert!(
        !preview.warnings.is_empty(),
        "CR80 is below 2 in: the warning must be there"
    );
    let pdf = badge::render(&req, "sheet-a4", "pdf", None).unwrap();
    let out = dir.path().join("printed.pdf");
    let spec = format!("file:{}", out.display());
    badge::print(
        &store,
        "manager@contoso.com",
        Some("u1"),
        &req.upn,
        &pdf,
        "pdf",
        &spec,
    )
    .await
    .unwrap();
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
    let audit = store.list_audit(Some("rosa@contoso.com"), 5).await.unwrap();
    assert_eq!(audit[0].action, "badge.print");
    assert_eq!(audit[0].printer.as_deref(), Some(spec.as_str()));
    assert_eq!(store.recent_users(1).await.unwrap()[0].print_count, 1);

    let unreachable =
        badge::print(&store, "m", None, &req.upn, &pdf, "pdf", "tcp:127.0.0.1:1").await;
    assert!(unreachable.is_err());
    let audit = store.list_audit(Some("rosa@contoso.com"), 5).await.unwrap();
    assert_eq!(
        audit[0].error_code.as_deref(),
        unreachable.unwrap_err().code().into()
    );
    store.close().await;
}

#[test]
fn print_defaults_are_checked_and_saved_and_pdfs_are_private() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        PrintSettings::load(dir.path()).unwrap(),
        PrintSettings::default()
    );
    let bad = PrintSettings {
        template: Some("no-such-label".into()),
        printer: None,
    };
    assert_eq!(
        bad.save(dir.path()).unwrap_err().code(),
        "label.unknown_template"
    );
    let good = PrintSettings {
        template: Some("zebra-4x3-203".into()),
        printer: Some("tcp:127.0.0.1:9100".into()),
    };
    good.save(dir.path()).unwrap();
    assert_eq!(PrintSettings::load(dir.path()).unwrap(), good);

    let req = BadgeRequest {
        payload_base64: "bXMtcXJwaW46djF8YUBifHh8MTIz".into(),
        error_correction_level: None,
        version: None,
        display_name: "Li Wei".into(),
        upn: "li.wei@contoso.com".into(),
        department: None,
        valid_from: None,
        valid_until: None,
        onboarding: None,
        temporary: None,
    };
    let path = badge::save_pdf(&req, "sheet-letter", &dir.path().join("exports"), None).unwrap();
    assert!(
        path.ends_with("badge-li.wei_contoso.com-sheet-letter.pdf"),
        "{path}"
    );
    assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn a_badge_saved_where_the_person_chose_is_private_and_never_follows_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let req = BadgeRequest {
        payload_base64: "bXMtcXJwaW46djF8YUBifHh8MTIz".into(),
        error_correction_level: None,
        version: None,
        display_name: "Li Wei".into(),
        upn: "li wei/x@contoso.com".into(),
        department: None,
        valid_from: None,
        valid_until: None,
        onboarding: None,
        temporary: None,
    };
    // The dialog's default name holds no separator, whatever the UPN and template say.
    assert_eq!(
        badge::pdf_file_name(&req, "../sheet-a4"),
        "badge-li_wei_x_contoso.com-.._sheet-a4.pdf"
    );
    let pdf = badge::render_pdf(&req, "sheet-a4", None).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let chosen = dir.path().join("Desktop badge.pdf");
    badge::write_pdf(&pdf, &chosen).unwrap();
    assert_eq!(std::fs::read(&chosen).unwrap(), pdf);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&chosen).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let victim = dir.path().join("victim");
        std::fs::write(&victim, b"keep").unwrap();
        let link = dir.path().join("planted.pdf");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        assert_eq!(badge::write_pdf(&pdf, &link).unwrap_err().code(), "core.io");
        assert_eq!(std::fs::read(&victim).unwrap(), b"keep");
    }
    assert_eq!(
        badge::render_pdf(&req, "no-such-template", None)
            .unwrap_err()
            .code()
            .split('.')
            .count(),
        2,
        "an unknown template fails before any dialog, with a dotted code"
    );
}
