//! PDF output rasterised by poppler's `pdftoppm` and decoded with `rqrr`; fonts checked with
//! `pdffonts`, text with `pdftotext`. Skips (with a note) when poppler-utils is missing, unless
//! `QRSTATION_REQUIRE_CUPS=1` asks for a hard failure.

mod common;

use qrstation_label::{render_badge, render_pdf_batch, Format, Template};
use std::path::Path;
use std::process::Command;

fn poppler() -> bool {
    let ok = Command::new("pdftoppm").arg("-v").output().is_ok();
    if !ok {
        assert!(
            !common::tools_required(),
            "pdftoppm (poppler-utils) is required but missing"
        );
        eprintln!("note: pdftoppm not found; install poppler-utils to run the PDF decode tests");
    }
    ok
}

/// Rasterises every page of `pdf` at `dpi` (anti-aliased or not); returns grey pages.
fn rasterise(pdf: &Path, dpi: u32, aa: bool) -> Vec<(usize, usize, Vec<u8>)> {
    let dir = pdf.parent().unwrap();
    let aa = if aa { "yes" } else { "no" };
    let st = Command::new("pdftoppm")
        .args(["-r", &dpi.to_string(), "-gray", "-aa", aa, "-aaVector", aa])
        .arg(pdf)
        .arg(dir.join("page"))
        .status()
        .unwrap();
    assert!(st.success());
    let mut pages: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "pgm"))
        .collect();
    pages.sort();
    pages
        .iter()
        .map(|p| read_pgm(&std::fs::read(p).unwrap()))
        .collect()
}

fn read_pgm(b: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while b[i].is_ascii_whitespace() {
            i += 1;
        }
        let s = i;
        while !b[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&b[s..i]).into_owned());
    }
    assert_eq!(fields[0], "P5");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, b[i + 1..i + 1 + w * h].to_vec())
}

/// Every Flate stream of a PDF, inflated and joined (the writer puts each on its own).
fn inflate_streams(pdf: &[u8]) -> String {
    use std::io::Read;
    let mut all = String::new();
    let mut rest = pdf;
    while let Some(i) = find(rest, b">>\nstream\n") {
        let data = &rest[i + 10..];
        let end = find(data, b"\nendstream").unwrap();
        let mut s = Vec::new();
        if flate2::read::ZlibDecoder::new(&data[..end])
            .read_to_end(&mut s)
            .is_ok()
        {
            all.push_str(&String::from_utf8_lossy(&s));
        }
        rest = &data[end..];
    }
    all
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn tool_output(tool: &str, pdf: &Path) -> String {
    let out = Command::new(tool).arg(pdf).arg("-").output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn single_badge_pdfs_decode_with_whole_modules_and_embedded_font() {
    if !poppler() {
        return;
    }
    for name in ["brother-ql-62x100", "zebra-4x3-203", "cr80"] {
        let t = Template::find(name, None).unwrap();
        let input = common::input(21);
        let out = render_badge(&input, &t, Format::Pdf).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join("badge.pdf");
        std::fs::write(&pdf, &out.bytes).unwrap();
        let pages = rasterise(&pdf, t.dpi, false);
        assert_eq!(pages.len(), 1);
        let (w, h, px) = &pages[0];
        // pdftoppm rounds the page size up: allow one dot.
        assert!(w.abs_diff(t.width_px() as usize) <= 1, "{name}: width {w}");
        assert!(
            h.abs_diff(t.height_px().unwrap() as usize) <= 1,
            "{name}: height {h}"
        );
        assert!(
            common::decode_one(*w, *h, |x, y| px[y * w + x]) == input.payload,
            "{name}"
        );
        // Without anti-aliasing poppler darkens every dot a square touches, so edges can gain
        // one dot; the exact module size is checked in the content stream below.
        let finder = common::finder_width(*w, *h, |x, y| px[y * w + x] < 128);
        assert!(
            finder.abs_diff(7 * out.qr.dots_per_module as usize) <= 1,
            "{name}: {finder}"
        );
        let d = out.qr.dots_per_module;
        let content = inflate_streams(&out.bytes);
        assert!(
            content.contains(&format!("q {d} 0 0 {d} ")),
            "{name}: QR not at {d} dots/module"
        );
        let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
        let fonts = String::from_utf8_lossy(&fonts.stdout);
        assert!(
            fonts.contains("DejaVuSansCondensed") && fonts.contains("CID TrueType"),
            "{fonts}"
        );
        let row = fonts.lines().find(|l| l.contains("DejaVu")).unwrap();
        assert!(
            row.split_whitespace().filter(|c| *c == "yes").count() >= 2,
            "embedded+subset: {row}"
        );
        let text = tool_output("pdftotext", &pdf);
        assert!(
            text.contains("Jane Doe") && text.contains("Store 0421 · Produce"),
            "{text}"
        );
        assert!(
            out.bytes.len() < 60_000,
            "{name}: {} bytes",
            out.bytes.len()
        );
    }
}

#[test]
fn sheet_pdf_holds_every_badge() {
    if !poppler() {
        return;
    }
    let t = Template::find("sheet-a4", None).unwrap();
    let inputs: Vec<_> = (0..10).map(common::input).collect();
    let out = render_pdf_batch(&inputs, &t).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("sheet.pdf");
    std::fs::write(&pdf, &out.bytes).unwrap();
    let pages = rasterise(&pdf, 200, true);
    assert_eq!(pages.len(), 2);
    // Cut each 96 x 64 mm cell out of the page (a 2 x 4 grid, 4 mm gaps, centred on A4) and
    // decode it alone.
    let dots = |mm: f64| (mm / 25.4 * 200.0).round() as usize;
    let mut found: Vec<Vec<u8>> = Vec::new();
    for (page, (w, _, px)) in pages.iter().enumerate() {
        for cell in 0..8 {
            if page * 8 + cell >= inputs.len() {
                break;
            }
            let (c, r) = ((cell % 2) as f64, (cell / 2) as f64);
            let (x0, y0) = (dots(7.0 + c * 100.0), dots(14.5 + r * 68.0));
            let (cw, ch) = (dots(96.0), dots(64.0));
            found.push(common::decode_one(cw, ch, |x, y| px[(y0 + y) * w + x0 + x]));
        }
    }
    found.sort();
    let mut want: Vec<_> = inputs.iter().map(|i| i.payload.clone()).collect();
    want.sort();
    assert!(
        found == want,
        "found {} of {} badges",
        found.len(),
        want.len()
    );
    let (w, h, _) = &pages[0];
    assert_eq!((*w, *h), (1654, 2339), "A4 at 200 dpi");
}
