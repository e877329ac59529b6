//! Chinese, Japanese and Korean names render with real glyphs (the bundled fallback font) in
//! every format: no missing-glyph warning, and in the printed dots each character's cell holds
//! ink that differs from character to character, which missing-glyph boxes do not (the control
//! case proves the check catches boxes). The PDF embeds both fonts and its text extracts.
//! Hebrew prints right to left; Arabic prints in order with a warning that it is not joined.

mod common;
#[path = "common/printer_langs.rs"]
mod langs;

use qrstation_label::layout::{layout, Layout};
use qrstation_label::template::Field;
use qrstation_label::{render_badge, text, BadgeInput, Format, Template};
use std::process::Command;

const NAMES: [&str; 3] = ["王秀英", "佐藤 花子", "김민준"];

fn input(name: &str) -> BadgeInput {
    BadgeInput {
        display_name: name.into(),
        ..common::input(21)
    }
}

/// The dark dots of each visible character of the name, left to right as printed, cropped to
/// the character's advance and the line's ascent and descent, as in the layout.
fn name_cells(l: &Layout, dark: &dyn Fn(usize, usize) -> bool) -> Vec<(char, Vec<Vec<bool>>)> {
    let mut cells = Vec::new();
    for line in l.lines.iter().filter(|p| p.field == Field::Name) {
        let (ascent, descent) = text::vertical_metrics(line.em_px);
        let (y0, y1) = (
            (line.baseline - ascent).floor().max(0.0) as usize,
            ((line.baseline + descent).ceil() as usize).min(l.height as usize),
        );
        let mut prefix = String::new();
        for c in qrstation_label::bidi::visual(&line.text).chars() {
            let x0 = line.x + text::width(&prefix, line.em_px);
            prefix.push(c);
            let x1 = line.x + text::width(&prefix, line.em_px);
            if c.is_whitespace() {
                continue;
            }
            let (x0, x1) = (
                x0.round() as usize,
                (x1.round() as usize).min(l.width as usize),
            );
            let cell = (y0..y1)
                .map(|y| (x0..x1).map(|x| dark(x, y)).collect())
                .collect();
            cells.push((c, cell));
        }
    }
    cells
}

/// Share of dots that differ between two cells, over the dots dark in either.
fn difference(a: &[Vec<bool>], b: &[Vec<bool>]) -> f64 {
    let (mut diff, mut union) = (0usize, 0usize);
    for (ra, rb) in a.iter().zip(b) {
        for (&da, &db) in ra.iter().zip(rb) {
            diff += usize::from(da != db);
            union += usize::from(da || db);
        }
    }
    diff as f64 / union.max(1) as f64
}

/// True when every cell has ink and every two different characters look clearly different.
fn distinct_glyphs(cells: &[(char, Vec<Vec<bool>>)]) -> bool {
    let inked = cells
        .iter()
        .all(|(_, c)| c.iter().flatten().filter(|&&d| d).count() > 20);
    let distinct = cells.iter().enumerate().all(|(i, (ca, a))| {
        cells[i + 1..]
            .iter()
            .all(|(cb, b)| ca == cb || difference(a, b) > 0.4)
    });
    inked && distinct
}

#[test]
fn the_check_catches_missing_glyph_boxes() {
    let t = Template::find("brother-ql-62x100", None).unwrap();
    // No font has U+10FFFD: three identical boxes, and a warning.
    let input = input("\u{10FFFD}\u{10FFFC}\u{10FFFB}");
    let out = render_badge(&input, &t, Format::Png).unwrap();
    assert!(out
        .warnings
        .iter()
        .any(|w| w.code() == "label.warn.missing_glyphs"));
    let (w, _, px, _) = common::read_png(&out.bytes);
    let cells = name_cells(&layout(&input, &t).unwrap(), &|x, y| px[y * w + x] < 128);
    assert_eq!(cells.len(), 3);
    assert!(!distinct_glyphs(&cells), "boxes must not pass the check");
}

#[test]
fn cjk_names_render_in_png_zpl_and_brother_ql() {
    let ql = Template::find("brother-ql-62x100", None).unwrap();
    let zebra = Template::find("zebra-4x3-203", None).unwrap();
    for name in NAMES {
        let input = input(name);
        // PNG: the preview and the driver path.
        let out = render_badge(&input, &ql, Format::Png).unwrap();
        assert!(out.warnings.is_empty(), "{name}: {:?}", out.warnings);
        let (w, h, px, _) = common::read_png(&out.bytes);
        let l = layout(&input, &ql).unwrap();
        let cells = name_cells(&l, &|x, y| px[y * w + x] < 128);
        assert_eq!(
            cells.len(),
            name.chars().filter(|c| !c.is_whitespace()).count()
        );
        assert!(distinct_glyphs(&cells), "{name}: PNG");
        assert_eq!(
            common::decode_one(w, h, |x, y| px[y * w + x]),
            input.payload
        );
        // Brother QL raster rows, read back by the independent parser.
        let out = render_badge(&input, &ql, Format::BrotherQl).unwrap();
        assert!(out.warnings.is_empty(), "{name}: {:?}", out.warnings);
        let job = langs::brother_job(&out.bytes, 696);
        assert!(
            distinct_glyphs(&name_cells(&l, &|x, y| job.label.at(x, y))),
            "{name}: Brother QL"
        );
        // ZPL ^GFA text bitmaps.
        let out = render_badge(&input, &zebra, Format::Zpl).unwrap();
        assert!(out.warnings.is_empty(), "{name}: {:?}", out.warnings);
        let label = langs::zpl_label(std::str::from_utf8(&out.bytes).unwrap());
        let l = layout(&input, &zebra).unwrap();
        assert!(
            distinct_glyphs(&name_cells(&l, &|x, y| label.at(x, y))),
            "{name}: ZPL"
        );
        assert_eq!(
            common::decode_one(label.width, label.height, |x, y| label.grey(x, y)),
            input.payload
        );
    }
}

fn poppler() -> bool {
    let ok = Command::new("pdftotext").arg("-v").output().is_ok();
    if !ok {
        assert!(
            !common::tools_required(),
            "pdftotext (poppler-utils) is required but missing"
        );
        eprintln!("note: poppler-utils not found; CJK PDF test skipped");
    }
    ok
}

#[test]
fn cjk_names_in_pdf_embed_the_fallback_and_extract_as_text() {
    if !poppler() {
        return;
    }
    let t = Template::find("brother-ql-62x100", None).unwrap();
    for (i, name) in NAMES.iter().enumerate() {
        let input = input(name);
        let out = render_badge(&input, &t, Format::Pdf).unwrap();
        assert!(out.warnings.is_empty(), "{name}: {:?}", out.warnings);
        let dir = tempfile::tempdir().unwrap();
        let pdf = dir.path().join(format!("cjk{i}.pdf"));
        std::fs::write(&pdf, &out.bytes).unwrap();
        let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
        let fonts = String::from_utf8_lossy(&fonts.stdout);
        for face in ["QRSTAT+DejaVuSansCondensed", "QRSTAF+WenQuanYiMicroHei"] {
            let row = fonts.lines().find(|l| l.starts_with(face));
            let row = row.unwrap_or_else(|| panic!("{face} not in:\n{fonts}"));
            // name, type "CID TrueType", encoding "Identity-H", then emb sub uni: yes yes yes.
            assert!(row.contains("CID TrueType"), "{row}");
            assert_eq!(
                row.split_whitespace()
                    .rev()
                    .skip(2)
                    .take(3)
                    .collect::<Vec<_>>(),
                ["yes", "yes", "yes"],
                "{row}"
            );
        }
        let txt = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let txt = String::from_utf8_lossy(&txt.stdout);
        assert!(txt.contains(name), "{name} not extracted from:\n{txt}");
        // The rasterised page shows real, distinct glyphs where the layout put the name.
        let st = Command::new("pdftoppm")
            .args(["-r", "300", "-gray", "-aa", "no", "-aaVector", "no"])
            .arg(&pdf)
            .arg(dir.path().join("page"))
            .status()
            .unwrap();
        assert!(st.success());
        let pgm = std::fs::read(dir.path().join("page-1.pgm")).unwrap();
        let header_end = pgm
            .iter()
            .enumerate()
            .filter(|(_, &b)| b == b'\n')
            .nth(2)
            .unwrap()
            .0;
        let w = t.width_px() as usize;
        let px = &pgm[header_end + 1..];
        let cells = name_cells(&layout(&input, &t).unwrap(), &|x, y| px[y * w + x] < 128);
        assert!(distinct_glyphs(&cells), "{name}: PDF");
    }
    // A Latin-only PDF embeds only the primary font.
    let out = render_badge(&common::input(22), &t, Format::Pdf).unwrap();
    let body = String::from_utf8_lossy(&out.bytes);
    assert!(body.contains("DejaVuSansCondensed") && !body.contains("WenQuanYi"));
}

/// The dark dots inside a cell's ink bounding box.
fn ink(cell: &[Vec<bool>]) -> Vec<Vec<bool>> {
    let rows: Vec<usize> = (0..cell.len())
        .filter(|&y| cell[y].contains(&true))
        .collect();
    let w = cell.first().map_or(0, Vec::len);
    let cols: Vec<usize> = (0..w).filter(|&x| cell.iter().any(|r| r[x])).collect();
    let (Some(&y0), Some(&y1), Some(&x0), Some(&x1)) =
        (rows.first(), rows.last(), cols.first(), cols.last())
    else {
        return Vec::new();
    };
    (y0..=y1).map(|y| cell[y][x0..=x1].to_vec()).collect()
}

#[test]
fn hebrew_prints_right_to_left() {
    let t = Template::find("brother-ql-62x100", None).unwrap();
    let glyph_of = |name: &str| {
        let input = input(name);
        let out = render_badge(&input, &t, Format::Png).unwrap();
        assert!(out.warnings.is_empty(), "{name}: {:?}", out.warnings);
        let (w, _, px, _) = common::read_png(&out.bytes);
        let l = layout(&input, &t).unwrap();
        let cells = name_cells(&l, &|x, y| px[y * w + x] < 128);
        let em = l.lines[0].em_px;
        (
            cells.into_iter().map(|(_, c)| ink(&c)).collect::<Vec<_>>(),
            em,
        )
    };
    // שרה לוי (Sarah Levi): six different letters.
    let name = "\u{5E9}\u{5E8}\u{5D4} \u{5DC}\u{5D5}\u{5D9}";
    let (printed, em) = glyph_of(name);
    assert_eq!(printed.len(), 6);
    let logical: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    let refs: Vec<_> = logical
        .iter()
        .map(|c| {
            let (cells, ref_em) = glyph_of(&c.to_string());
            assert_eq!(ref_em, em, "same size as in the name");
            cells.into_iter().next().unwrap()
        })
        .collect();
    // The leftmost printed letter is the last one written, and so on.
    for (i, cell) in printed.iter().enumerate() {
        let best = (0..refs.len())
            .min_by(|&a, &b| difference(cell, &refs[a]).total_cmp(&difference(cell, &refs[b])))
            .unwrap();
        assert_eq!(
            best,
            refs.len() - 1 - i,
            "printed letter {i} is out of order"
        );
        assert!(difference(cell, &refs[best]) < 0.2);
    }
}

#[test]
fn arabic_prints_in_order_with_a_warning_that_it_is_not_joined() {
    let t = Template::find("zebra-4x3-203", None).unwrap();
    let out = render_badge(&input("سارة"), &t, Format::Zpl).unwrap();
    let codes: Vec<_> = out.warnings.iter().map(|w| w.code()).collect();
    assert_eq!(codes, ["label.warn.not_shaped"]);
}

#[test]
fn thai_names_render_and_stacked_tone_marks_stay_visible() {
    let t = Template::find("brother-ql-62x100", None).unwrap();
    let zebra = Template::find("zebra-4x3-203", None).unwrap();
    let name = "สมชาย ใจดี";
    for (template, format) in [
        (&t, Format::Png),
        (&t, Format::Pdf),
        (&t, Format::BrotherQl),
        (&zebra, Format::Zpl),
    ] {
        let out = render_badge(&input(name), template, format).unwrap();
        assert!(out.warnings.is_empty(), "{format:?}: {:?}", out.warnings);
    }
    // The top of the name's ink: a tone mark over an upper vowel (ปิ่น) is drawn above the
    // vowel, so its ink reaches higher than the same tone mark straight on the consonant (ป่น),
    // where the font puts it by default.
    let top = |name: &str| {
        let input = input(name);
        let out = render_badge(&input, &t, Format::Png).unwrap();
        assert!(out.warnings.is_empty(), "{name}: {:?}", out.warnings);
        let (w, _, px, _) = common::read_png(&out.bytes);
        let l = layout(&input, &t).unwrap();
        let line = &l.lines[0];
        // From half an em left of the line (marks over ป move left) and 1.25 em above the
        // baseline (below the QR code, which sits above the text on this label).
        let x0 = (line.x - 0.5 * line.em_px).max(0.0) as usize;
        let x1 = (line.x + text::width(&line.text, line.em_px)).ceil() as usize;
        let y0 = (line.baseline - 1.25 * line.em_px).max(0.0) as usize;
        assert!(
            (x0..x1).all(|x| px[y0 * w + x] >= 128),
            "the band's top row is blank"
        );
        let first = (y0..line.baseline as usize)
            .find(|&y| (x0..x1).any(|x| px[y * w + x] < 128))
            .unwrap();
        (first as f32, line.em_px)
    };
    let (with_tone, em) = top("\u{E1B}\u{E34}\u{E48}\u{E19}");
    let (without, em2) = top("\u{E1B}\u{E48}\u{E19}");
    assert_eq!(em, em2);
    assert!(
        without - with_tone > 0.1 * em,
        "the tone mark is not above the vowel ({with_tone} vs {without}, em {em})"
    );
    if !poppler() {
        return;
    }
    let out = render_badge(&input(name), &t, Format::Pdf).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("thai.pdf");
    std::fs::write(&pdf, &out.bytes).unwrap();
    let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
    assert!(String::from_utf8_lossy(&fonts.stdout).contains("QRSTAH+NotoSansThai"));
    let txt = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&txt.stdout).contains(name));
}
