//! Reads the text of a PIN slip PDF (`qrstation_label::slip`) in drawing order, one line per
//! slip line, with poppler's `pdftotext -raw`. Slips draw text as glyph ids of embedded fonts
//! (so any script prints), so their words are not plain bytes in the file; poppler maps them
//! back through the fonts' ToUnicode tables, as a person copying text from the PDF would.

use std::path::Path;

/// The slip's lines, whitespace collapsed; a PIN line reads `PIN  12345678` as printed.
pub fn slip_lines(pdf: &Path) -> Vec<String> {
    let out = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed to read PIN slips");
    assert!(
        out.status.success(),
        "pdftotext failed on {}",
        pdf.display()
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .map(|l| match l.strip_prefix("PIN ") {
            Some(pin) => format!("PIN  {pin}"),
            None => l,
        })
        .collect()
}
