//! Printer profiles in settings.json: an old single default migrates to a profile, every change
//! is validated, printing by profile renders the profile's template in its format and sends its
//! copies (each audited and counted), and against the private CUPS server
//! (`crates/label/tests/cups/start.sh`) the queues list with their media and a profile's job
//! arrives; the installed queues list for the picker and a test label reaches one.

use std::path::Path;
use std::time::{Duration, Instant};

use qrstation_core::{
    badge::{self, BadgeRequest, PrintSettings},
    printer_profiles::{self as profiles, PrinterProfile},
    profile_print,
    store::recent_users::RecentUser,
    Settings, Store,
};

fn profile(name: &str, printer: &str, template: &str) -> PrinterProfile {
    PrinterProfile {
        name: name.into(),
        printer: printer.into(),
        template: template.into(),
        format: None,
        copies: None,
        media: None,
    }
}

fn base64_png(b64: &str) -> Vec<u8> {
    use base64::Engine;
    let png = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    assert!(png.starts_with(b"\x89PNG"));
    png
}

fn request() -> BadgeRequest {
    BadgeRequest {
        payload_base64: "bXMtcXJwaW46djF8YUBifHh8MTIz".into(),
        error_correction_level: Some("H".into()),
        version: None,
        display_name: "佐藤 花子".into(),
        upn: "hanako@contoso.com".into(),
        department: Some("Store 7".into()),
        valid_from: None,
        valid_until: Some(1_800_000_000_000),
        onboarding: None,
        temporary: None,
    }
}

#[test]
fn an_old_single_default_becomes_the_default_profile() {
    let dir = tempfile::tempdir().unwrap();
    let path = qrstation_core::settings::settings_path(dir.path());
    std::fs::write(
        &path,
        r#"{"mode":{"kind":"demoTenant"},"labelTemplate":"zebra-4x3-203","printer":"tcp:10.0.0.5"}"#,
    )
    .unwrap();
    let list = profiles::profiles(dir.path()).unwrap();
    assert_eq!(
        list.profiles,
        vec![profile("Default", "tcp:10.0.0.5", "zebra-4x3-203")]
    );
    assert_eq!(list.default_profile.as_deref(), Some("Default"));
    assert_eq!(profiles::profile(dir.path(), None).unwrap().name, "Default");
    // The old pair reads as the default profile's, and the next save writes the profile to
    // the file and drops the old keys: profiles are the one source of print defaults.
    let old = PrintSettings::load(dir.path()).unwrap();
    assert_eq!(old.template.as_deref(), Some("zebra-4x3-203"));
    assert_eq!(old.printer.as_deref(), Some("tcp:10.0.0.5"));
    let loaded = Settings::load(dir.path()).unwrap();
    assert_eq!((loaded.printer, loaded.label_template), (None, None));
    Settings::load(dir.path())
        .unwrap()
        .save(dir.path())
        .unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(json["printerProfiles"][0]["name"], "Default");
    assert_eq!(json["defaultProfile"], "Default");
    assert!(json.get("labelTemplate").is_none(), "{json}");
    assert!(json.get("printer").is_none(), "{json}");
    // Once: loading and saving again keeps the one profile, unchanged.
    for _ in 0..2 {
        Settings::load(dir.path())
            .unwrap()
            .save(dir.path())
            .unwrap();
    }
    let again = profiles::profiles(dir.path()).unwrap();
    assert_eq!(again, list, "the migration is idempotent");
    assert!(json["printerProfiles"][0].get("copies").is_none());

    // Half a pair (no printer) is not enough for a profile.
    std::fs::write(&path, r#"{"labelTemplate":"cr80"}"#).unwrap();
    assert!(profiles::profiles(dir.path()).unwrap().profiles.is_empty());
    assert_eq!(
        profiles::profile(dir.path(), None).unwrap_err().code(),
        "core.profile_not_found"
    );
}

#[test]
fn a_file_with_profiles_and_the_old_keys_keeps_its_profiles() {
    // Versions before this one wrote the old keys beside the profiles (kept in step with the
    // default): the profiles win, the keys go at the next save, nothing is migrated twice.
    let dir = tempfile::tempdir().unwrap();
    let path = qrstation_core::settings::settings_path(dir.path());
    std::fs::write(
        &path,
        r#"{"labelTemplate":"cr80","printer":"cups:old","defaultProfile":"Desk",
            "printerProfiles":[{"name":"Desk","printer":"tcp:10.0.0.9","template":"zebra-4x3-203"}]}"#,
    )
    .unwrap();
    let list = profiles::profiles(dir.path()).unwrap();
    assert_eq!(
        list.profiles,
        vec![profile("Desk", "tcp:10.0.0.9", "zebra-4x3-203")]
    );
    let d = PrintSettings::load(dir.path()).unwrap();
    assert_eq!(d.template.as_deref(), Some("zebra-4x3-203"));
    Settings::load(dir.path())
        .unwrap()
        .save(dir.path())
        .unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(json.get("labelTemplate").is_none() && json.get("printer").is_none());
    assert_eq!(profiles::profiles(dir.path()).unwrap(), list);
}

#[test]
fn profiles_are_validated_unique_and_the_only_print_defaults() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let code = |p: PrinterProfile| profiles::add_profile(d, &p).unwrap_err().code();
    assert_eq!(code(profile("  ", "tcp:h", "cr80")), "core.invalid_profile");
    assert_eq!(code(profile("A", "", "cr80")), "core.invalid_profile");
    assert_eq!(
        code(profile("A", "tcp:h", "no-such")),
        "label.unknown_template"
    );
    assert_eq!(
        code(profile("A", "ipp:nonsense", "cr80")),
        "label.printer_unreachable"
    );
    let zero = PrinterProfile {
        copies: Some(0),
        ..profile("A", "tcp:h", "zebra-4x3-203")
    };
    assert_eq!(code(zero), "core.invalid_profile");
    let wrong_format = PrinterProfile {
        format: Some("brother-ql".into()),
        ..profile("A", "file:/tmp/x", "zebra-4x3-203")
    };
    assert_eq!(code(wrong_format), "core.invalid_profile");
    let pdf_to_tcp = PrinterProfile {
        format: Some("pdf".into()),
        ..profile("A", "tcp:h", "zebra-4x3-203")
    };
    assert_eq!(code(pdf_to_tcp), "core.invalid_profile");
    // An office sheet prints as PDF, which a raw TCP printer cannot take.
    assert_eq!(
        code(profile("A", "tcp:h", "sheet-a4")),
        "core.invalid_profile"
    );
    assert!(profiles::profiles(d).unwrap().profiles.is_empty());

    // A user template in the data directory is a valid choice.
    std::fs::create_dir_all(d.join("templates")).unwrap();
    let mut own: serde_json::Value = serde_json::from_str(
        r#"{"name":"zebra-3x2-203","title":"Zebra 3x2","printer":"zebra","dpi":203,
            "width_mm":76.2,"height_mm":50.8,"margin_mm":1.5,"arrangement":"side-by-side",
            "qr_min_in":1.6,"name_pt":[14.0,6.0],"line_pt":[8.0,4.0]}"#,
    )
    .unwrap();
    own["fields"] = serde_json::json!(["name", "upn", "validity"]);
    std::fs::write(d.join("templates/zebra-3x2-203.json"), own.to_string()).unwrap();

    let first = profiles::add_profile(d, &profile(" Front desk ", "tcp:10.0.0.5", "zebra-3x2-203"))
        .unwrap();
    assert_eq!(first.name, "Front desk", "names are trimmed");
    profiles::add_profile(d, &profile("Office", "cups:office", "sheet-a4")).unwrap();
    assert_eq!(
        code(profile("front DESK", "tcp:h", "zebra-4x3-203")),
        "core.invalid_profile",
        "names are unique ignoring case"
    );
    let list = profiles::profiles(d).unwrap();
    assert_eq!(list.profiles.len(), 2);
    assert_eq!(
        list.default_profile.as_deref(),
        Some("Front desk"),
        "the first profile is the default"
    );
    let defaults = PrintSettings::load(d).unwrap();
    assert_eq!(
        (defaults.printer.as_deref(), defaults.template.as_deref()),
        (Some("tcp:10.0.0.5"), Some("zebra-3x2-203"))
    );
    let json = std::fs::read_to_string(qrstation_core::settings::settings_path(d)).unwrap();
    assert!(!json.contains("labelTemplate"), "no second source: {json}");

    profiles::set_default_profile(d, "office").unwrap();
    let s = Settings::load(d).unwrap();
    assert_eq!(s.default_profile.as_deref(), Some("Office"));
    assert_eq!(
        PrintSettings::load(d).unwrap().printer.as_deref(),
        Some("cups:office")
    );
    assert_eq!(
        profiles::set_default_profile(d, "Nope").unwrap_err().code(),
        "core.profile_not_found"
    );

    // Renaming the default keeps it the default; renaming onto another name is refused.
    profiles::update_profile(
        d,
        "Office",
        &profile("Back office", "cups:office", "sheet-letter"),
    )
    .unwrap();
    assert_eq!(
        profiles::profiles(d).unwrap().default_profile.as_deref(),
        Some("Back office")
    );
    assert_eq!(
        profiles::update_profile(
            d,
            "Back office",
            &profile("Front desk", "tcp:h", "zebra-4x3-203")
        )
        .unwrap_err()
        .code(),
        "core.invalid_profile"
    );

    profiles::delete_profile(d, "Back office").unwrap();
    let list = profiles::profiles(d).unwrap();
    assert_eq!(list.profiles.len(), 1);
    assert_eq!(list.default_profile, None);
    assert_eq!(
        profiles::delete_profile(d, "Back office")
            .unwrap_err()
            .code(),
        "core.profile_not_found"
    );
    // Without a default there are no print defaults, and the last profile removed stays removed.
    assert_eq!(PrintSettings::load(d).unwrap(), PrintSettings::default());
    profiles::delete_profile(d, "front desk").unwrap();
    assert!(profiles::profiles(d).unwrap().profiles.is_empty());
    assert!(Settings::load(d).unwrap().printer_profiles.is_empty());

    // The app's station defaults and the default profile stay one thing.
    let defaults = PrintSettings {
        template: Some("cr80".into()),
        printer: Some("cups:cards".into()),
    };
    defaults.save(d).unwrap();
    let p = profiles::profile(d, None).unwrap();
    assert_eq!((p.name.as_str(), p.template.as_str()), ("Default", "cr80"));
    PrintSettings {
        template: Some("cr80".into()),
        printer: None,
    }
    .save(d)
    .unwrap();
    assert_eq!(profiles::profiles(d).unwrap().default_profile, None);
}

async fn store_with_user(dir: &Path) -> Store {
    let (store, _) = Store::open(dir).await.unwrap();
    store
        .upsert_recent_user(
            &RecentUser {
                id: "u7".into(),
                upn: "hanako@contoso.com".into(),
                display_name: "佐藤 花子".into(),
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
    store
}

#[tokio::test]
async fn printing_by_profile_sends_its_format_and_copies() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let store = store_with_user(d).await;
    let zpl_out = d.join("zebra.zpl");
    let ql_out = d.join("ql.bin");
    profiles::add_profile(
        d,
        &PrinterProfile {
            copies: Some(2),
            ..profile(
                "Zebra",
                &format!("file:{}", zpl_out.display()),
                "zebra-4x3-203",
            )
        },
    )
    .unwrap();
    profiles::add_profile(
        d,
        &profile("QL", &format!("file:{}", ql_out.display()), "brother-ql-62"),
    )
    .unwrap();

    // The preview is the default profile's label as PNG, at the Zebra's 203 dpi.
    let (p, preview) = profile_print::preview_with_profile(&request(), None, d).unwrap();
    assert_eq!((p.name.as_str(), p.copies()), ("Zebra", 2));
    let png = base64_png(&preview.png_base64);
    assert_eq!(&png[12..16], b"IHDR");
    let (w, h) = (
        u32::from_be_bytes(png[16..20].try_into().unwrap()),
        u32::from_be_bytes(png[20..24].try_into().unwrap()),
    );
    assert_eq!((w, h), (812, 609), "4 x 3 in at 203 dpi");

    // No name: the default profile (the first one), ZPL because the Zebra label goes raw.
    let done = profile_print::print_with_profile(
        &store,
        "manager@contoso.com",
        Some("u7"),
        &request(),
        None,
        d,
    )
    .await
    .unwrap();
    assert_eq!(
        (done.profile.as_str(), done.format.as_str(), done.copies),
        ("Zebra", "zpl", 2)
    );
    assert!(done.badge.warnings.is_empty(), "{:?}", done.badge.warnings);
    let zpl = std::fs::read_to_string(&zpl_out).unwrap();
    assert!(zpl.starts_with("^XA\n^CI28\n^PW812\n"), "{}", &zpl[..20]);
    let audit = store
        .list_audit(Some("hanako@contoso.com"), 10)
        .await
        .unwrap();
    assert_eq!(audit.len(), 2, "one audit row per copy");
    assert!(audit.iter().all(|a| a.action == "badge.print"));
    assert_eq!(store.recent_users(1).await.unwrap()[0].print_count, 2);

    let done = profile_print::print_with_profile(&store, "m", None, &request(), Some("ql"), d)
        .await
        .unwrap();
    assert_eq!(
        (done.format.as_str(), done.template.as_str()),
        ("brother-ql", "brother-ql-62")
    );
    let ql = std::fs::read(&ql_out).unwrap();
    assert!(ql[..400].iter().all(|&b| b == 0) && ql[400..402] == [0x1B, 0x40]);

    assert_eq!(
        profile_print::print_with_profile(&store, "m", None, &request(), Some("gone"), d)
            .await
            .unwrap_err()
            .code(),
        "core.profile_not_found"
    );
    store.close().await;
}

/// The tests that add queues to the private CUPS server take turns: each compares listings
/// taken a moment apart.
static CUPS_TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The private CUPS server, when the test run has one (fails instead when it must).
fn cups() -> Option<(String, String, String)> {
    let required = std::env::var("QRSTATION_REQUIRE_CUPS").is_ok_and(|v| v == "1");
    let vars = (
        std::env::var("CUPS_SERVER"),
        std::env::var("QRSTATION_CUPS_PDF_QUEUE"),
        std::env::var("QRSTATION_CUPS_DIR"),
    );
    match vars {
        (Ok(s), Ok(q), Ok(d)) if !q.is_empty() => Some((s, q, d)),
        _ => {
            assert!(
                !required,
                "QRSTATION_REQUIRE_CUPS=1 but no private CUPS server (start.sh)"
            );
            eprintln!("note: no private CUPS server; run crates/label/tests/cups/start.sh");
            None
        }
    }
}

#[tokio::test]
async fn cups_queues_list_with_media_and_a_profile_job_arrives() {
    let Some((server, queue, cups_dir)) = cups() else {
        return;
    };
    let _turn = CUPS_TURN.lock().await;
    // A raw queue (no driver, so no media) beside start.sh's driver queue.
    let raw = format!("qrstation-core-raw-{}", std::process::id());
    let st = std::process::Command::new("lpadmin")
        .args([
            "-h",
            &server,
            "-p",
            &raw,
            "-E",
            "-v",
            "socket://127.0.0.1:1",
        ])
        .status()
        .unwrap();
    assert!(st.success());
    let list = badge::try_printers(Some(&server)).unwrap();
    let pdf_q = list
        .iter()
        .find(|p| p.queue == queue)
        .expect("PDF queue listed");
    assert!(pdf_q.has_driver && pdf_q.spec == format!("cups:{queue}@{server}"));
    assert!(
        pdf_q.media.iter().any(|m| m == "A4") && pdf_q.media.iter().any(|m| m == "Letter"),
        "{:?}",
        pdf_q.media
    );
    let default = pdf_q.default_media.as_deref().expect("a default page size");
    assert!(pdf_q.media.iter().any(|m| m == default));
    let raw_q = list
        .iter()
        .find(|p| p.queue == raw)
        .expect("raw queue listed");
    assert!(!raw_q.has_driver && raw_q.media.is_empty());
    // Without a server named, CUPS_SERVER is used and specs are plain queue names.
    let plain = badge::printers();
    assert_eq!(plain.len(), list.len());
    assert!(plain.iter().any(|p| p.spec == format!("cups:{queue}")));

    // The format follows the queue: a Zebra label goes raw as ZPL, PDF to a driver queue.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let t = qrstation_label::Template::find("zebra-4x3-203", None).unwrap();
    let to_raw = profile("Raw", &format!("cups:{raw}"), "zebra-4x3-203");
    assert_eq!(to_raw.format(&t).unwrap(), qrstation_label::Format::Zpl);
    let to_driver = profile("Driver", &format!("cups:{queue}@{server}"), "zebra-4x3-203");
    assert_eq!(to_driver.format(&t).unwrap(), qrstation_label::Format::Pdf);
    let _ = std::process::Command::new("lpadmin")
        .args(["-h", &server, "-x", &raw])
        .status();

    // Media: one the queue lists, only for CUPS driver queues.
    let media = |printer: &str, m: &str| PrinterProfile {
        media: Some(m.into()),
        ..profile("M", printer, "sheet-a4")
    };
    assert_eq!(
        profiles::validate(d, &media(&format!("cups:{queue}"), "Tabloid-Nope"))
            .unwrap_err()
            .code(),
        "core.invalid_profile"
    );
    assert_eq!(
        profiles::validate(d, &media("tcp:127.0.0.1", "Letter"))
            .unwrap_err()
            .code(),
        "core.invalid_profile"
    );
    assert_eq!(
        profiles::validate(d, &media(&format!("cups:{queue}"), "Letter; rm"))
            .unwrap_err()
            .code(),
        "core.invalid_profile"
    );

    // A job printed by profile arrives through the driver queue's filters, on the media asked.
    profiles::add_profile(d, &media(&format!("cups:{queue}"), "Letter")).unwrap();
    // start.sh's queue defaults to Letter; the profile asks for A4.
    profiles::update_profile(
        d,
        "M",
        &PrinterProfile {
            name: "Office".into(),
            ..media(&format!("cups:{queue}"), "A4")
        },
    )
    .unwrap();
    let store = store_with_user(d).await;
    let out = Path::new(&cups_dir).join("out/pdf.ps");
    let _ = std::fs::remove_file(&out);
    let done =
        profile_print::print_with_profile(&store, "m", Some("u7"), &request(), Some("Office"), d)
            .await
            .unwrap();
    assert_eq!(done.format, "pdf");
    let start = Instant::now();
    let ps = loop {
        if let Ok(b) = std::fs::read(&out) {
            if String::from_utf8_lossy(&b).contains("%%EOF") {
                break b;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the job did not arrive"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(ps.starts_with(b"%!PS"));
    let ps = String::from_utf8_lossy(&ps);
    assert!(ps.contains("%%Pages: 1"));
    assert!(
        ps.contains("%%HiResBoundingBox: 0 0 595"),
        "printed on A4 (595 x 842 pt), not the queue's default Letter"
    );
    store.close().await;
}

#[tokio::test]
async fn a_test_label_prints_a_made_up_person_once_and_no_badge_is_counted() {
    use qrstation_core::printing::test_label;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let store = store_with_user(d).await;
    let out = d.join("test.zpl");
    profiles::add_profile(
        d,
        &PrinterProfile {
            copies: Some(3),
            ..profile("Zebra", &format!("file:{}", out.display()), "zebra-4x3-203")
        },
    )
    .unwrap();
    // The QR code says it is a test; the person is made up.
    let sample = test_label::test_badge();
    use base64::Engine;
    let said = base64::engine::general_purpose::STANDARD
        .decode(&sample.payload_base64)
        .unwrap();
    assert_eq!(said, test_label::TEST_QR_TEXT.as_bytes());
    assert!(sample.upn.ends_with("@example.invalid"));

    let done = test_label::print_test_label_async(d, "zebra")
        .await
        .unwrap();
    assert_eq!(
        (done.profile.as_str(), done.format.as_str(), done.copies),
        ("Zebra", "zpl", 1),
        "one copy, whatever the profile's copies"
    );
    let zpl = std::fs::read_to_string(&out).unwrap();
    assert!(zpl.starts_with("^XA\n^CI28\n^PW812\n"), "{}", &zpl[..20]);
    assert_eq!(zpl.matches("^XZ").count(), 1, "one label");
    // Not a badge: nothing audited, nobody's print count moves.
    assert!(store.list_audit(None, 10).await.unwrap().is_empty());
    assert_eq!(store.recent_users(1).await.unwrap()[0].print_count, 0);

    let err = test_label::print_test_label_async(d, "gone")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "core.profile_not_found");
    // A printer that refuses is a plain printer error.
    profiles::add_profile(d, &profile("Dead", "tcp:127.0.0.1:1", "zebra-4x3-203")).unwrap();
    let err = test_label::print_test_label_async(d, "Dead")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "label.printer_unreachable", "{err}");
    store.close().await;
}

#[tokio::test]
async fn installed_printers_list_the_real_cups_queues_and_a_test_label_arrives() {
    use qrstation_core::printing::{installed, test_label};
    use std::io::Read;
    let Some((server, queue, _)) = cups() else {
        return;
    };
    let _turn = CUPS_TURN.lock().await;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let raw = format!("qrstation-installed-{port}");
    let st = std::process::Command::new("lpadmin")
        .args([
            "-h",
            &server,
            "-p",
            &raw,
            "-E",
            "-v",
            &format!("socket://127.0.0.1:{port}"),
            "-D",
            "Front desk Zebra",
        ])
        .status()
        .unwrap();
    assert!(st.success());
    // Through CUPS_SERVER, as the desktop asks.
    let list = installed::installed_printers();
    let named = installed::try_installed_printers(Some(&server)).unwrap();
    assert!(named
        .iter()
        .any(|p| p.name == raw && p.spec == format!("cups:{raw}")));
    let mine = list.iter().find(|p| p.name == raw).expect("the new queue");
    assert_eq!(mine.spec, format!("cups:{raw}"));
    assert_eq!(mine.description.as_deref(), Some("Front desk Zebra"));
    assert!(mine.accepting && mine.state == "idle", "{mine:?}");
    assert!(list.iter().any(|p| p.name == queue), "start.sh's queue too");

    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    profiles::add_profile(d, &profile("Desk", &mine.spec, "zebra-4x3-203")).unwrap();
    let done = test_label::print_test_label_async(d, "Desk").await.unwrap();
    assert_eq!(done.format, "zpl");
    let (mut conn, _) = listener.accept().unwrap();
    conn.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut got = Vec::new();
    let _ = conn.read_to_end(&mut got);
    let _ = std::process::Command::new("lpadmin")
        .args(["-h", &server, "-x", &raw])
        .status();
    assert!(got.starts_with(b"^XA\n^CI28\n"), "{} bytes", got.len());
}
