//! Human-readable output: method states in plain words, and the one-time PIN and QR notice.

use chrono::{DateTime, Utc};
use qrstation_core::station::{
    issued::{Issued, QrKindName},
    summary::{MethodSummary, UserCard},
    SearchResult,
};

/// `12 Mar 2027 (112 days left)` / `(expired 3 days ago)` for unix ms, relative to `now`.
pub fn when(ms: i64, now: DateTime<Utc>) -> String {
    let Some(t) = DateTime::<Utc>::from_timestamp_millis(ms) else {
        return "unknown".into();
    };
    let delta = t - now;
    let rel = if delta.num_days() >= 2 {
        format!("{} days left", delta.num_days())
    } else if delta.num_minutes() > 0 {
        format!("{} h left", (delta.num_minutes() + 59) / 60)
    } else {
        format!("expired {} days ago", -delta.num_days())
    };
    format!("{} ({rel})", t.format("%-d %b %Y %H:%M UTC"))
}

/// The method in words.
pub fn method_lines(m: &MethodSummary, now: DateTime<Utc>) -> Vec<String> {
    if !m.has_method {
        return vec!["No QR code method".into()];
    }
    let mut out = vec![if m.usable {
        "QR code + PIN: usable".to_owned()
    } else {
        "QR code + PIN: NOT usable (no valid code)".to_owned()
    }];
    match (m.standard_expires, m.standard_active) {
        (Some(e), true) => out.push(format!("Badge QR code valid until {}", when(e, now))),
        (Some(e), false) => out.push(format!(
            "Badge QR code not valid now: ends {}",
            when(e, now)
        )),
        (None, _) => out.push("No badge QR code".into()),
    }
    if let (Some(e), true) = (m.temporary_expires, m.temporary_active) {
        out.push(format!("Temporary code expires {}", when(e, now)));
    }
    if m.pin_must_change {
        out.push("PIN must be changed at next sign-in".into());
    }
    out
}

pub fn print_card(card: &UserCard) {
    let u = &card.user;
    let place: Vec<&str> = [
        u.office_location.as_deref(),
        u.department.as_deref(),
        u.job_title.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    println!(
        "{} <{}>{}",
        u.display_name,
        u.upn,
        if place.is_empty() {
            String::new()
        } else {
            format!(" — {}", place.join(", "))
        }
    );
    for line in method_lines(&card.method, Utc::now()) {
        println!("  {line}");
    }
}

pub fn print_issued(issued: &Issued, qr_saved: Option<&std::path::Path>, badge_done: bool) {
    print_card(&issued.card);
    if let Some(note) = &issued.note {
        println!();
        println!("{note}");
    }
    if let Some(pin) = &issued.pin {
        println!();
        println!("PIN: {}", pin.pin);
        println!(
            "  Shown once: give it to the worker.{}",
            if pin.must_change {
                " It must be changed at the next sign-in."
            } else {
                ""
            }
        );
    }
    if let Some(qr) = &issued.qr {
        println!();
        if qr.image_lost {
            println!("The QR code was created but its image was lost on the way: rotate it to print a badge.");
        } else if let Some(path) = qr_saved {
            println!(
                "QR code image saved to {} (Graph shows it only once).",
                path.display()
            );
        } else if badge_done {
            println!("Badge made from the QR code (Graph shows it only once).");
        } else {
            println!("The QR code image is shown only once and was not saved (use --qr-out FILE).");
            match qr.kind {
                QrKindName::Standard => println!(
                    "  To print a badge later, rotate the code: qrstation qr rotate {}",
                    issued.card.user.upn
                ),
                QrKindName::Temporary => println!(
                    "  To get another, add a new temporary code: qrstation qr temp {} --hours N",
                    issued.card.user.upn
                ),
            }
        }
    }
}

pub fn print_search(result: &SearchResult) {
    if let Some(why) = &result.graph_unavailable {
        println!("(Graph unavailable, showing cached users only: {why})");
    }
    if result.hits.is_empty() {
        println!("No users found.");
    }
    for hit in &result.hits {
        let u = &hit.user;
        let tag = if hit.in_graph { "" } else { "  [cached]" };
        println!(
            "{:<32} {:<44} {}{tag}",
            u.display_name,
            u.upn,
            u.office_location.as_deref().unwrap_or("")
        );
    }
}

/// A QR code of `text` drawn with half-block characters, for a phone to scan off a terminal.
pub fn terminal_qr(text: &str) -> Option<String> {
    use qrcode::render::unicode::Dense1x2;
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<Dense1x2>()
            .dark_color(Dense1x2::Light)
            .light_color(Dense1x2::Dark)
            .build(),
    )
}

/// CUPS queues, one per line, with their media (the default marked with *).
pub fn print_printers(list: &[qrstation_core::badge::PrinterChoice]) {
    if list.is_empty() {
        println!("No CUPS printers.");
        return;
    }
    for p in list {
        let kind = if p.has_driver {
            "driver (PDF)"
        } else {
            "raw (ZPL / Brother QL)"
        };
        println!("{}  {kind}", p.spec);
        if !p.media.is_empty() {
            let media: Vec<String> = p
                .media
                .iter()
                .map(|m| {
                    if Some(m) == p.default_media.as_ref() {
                        format!("*{m}")
                    } else {
                        m.clone()
                    }
                })
                .collect();
            println!("  media: {}", media.join(" "));
        }
    }
}

/// Printer profiles, one per line; the default marked with *.
pub fn print_profiles(list: &qrstation_core::printer_profiles::PrinterProfiles) {
    if list.profiles.is_empty() {
        println!("No printer profiles (add one: qrstation printer profile add NAME --printer P --template T).");
        return;
    }
    for p in &list.profiles {
        let mark = if list.default_profile.as_deref() == Some(p.name.as_str()) {
            "*"
        } else {
            " "
        };
        let format = p.format.as_deref().unwrap_or("auto");
        let media = p
            .media
            .as_deref()
            .map(|m| format!("  media {m}"))
            .unwrap_or_default();
        println!(
            "{mark} {}  printer {}  template {}  format {format}  copies {}{media}",
            p.name,
            p.printer,
            p.template,
            p.copies()
        );
    }
}

/// Prints `value` as pretty JSON (`--json`).
pub(crate) fn json(value: &impl serde::Serialize) -> Result<(), crate::error::CliError> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
