//! Criterion benchmarks: one badge in each format, and a 1,000-badge A4 sheet PDF; each also
//! with CJK names, which use the fallback font.
//! Run: `cargo bench -p qrstation-label --bench render`. Figures go in docs/benchmarks.md.

use criterion::{criterion_group, criterion_main, Criterion};
use qrstation_label::{render_badge, render_pdf_batch, BadgeInput, Format, Template};
use std::hint::black_box;

fn input(seed: u32) -> BadgeInput {
    let mut payload =
        format!("ms-qrpin:v1|worker{seed}@contoso.example|1a253da5-3f9a-457d-bd9c-{seed:012}|")
            .into_bytes();
    payload.extend((0..48).map(|i| b'0' + ((seed * 7 + i * 13) % 10) as u8));
    BadgeInput {
        payload,
        display_name: format!("Worker Number {seed} Papadopoulou"),
        upn: format!("worker{seed}@contoso.example"),
        department: Some("Store 0421 · Produce".into()),
        valid_from: Some("2026-11-22".into()),
        valid_until: Some("2027-11-22".into()),
        onboarding: Some("First sign-in: use your password once, then scan".into()),
        temporary: false,
        ..BadgeInput::default()
    }
}

/// A badge with a CJK name (family and given name drawn from common characters by `seed`), so a
/// sheet of them uses a few hundred different fallback glyphs.
fn cjk_input(seed: u32) -> BadgeInput {
    const CHARS: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤秀英华明芳丽敏静燕玲桂兰霞佐藤鈴木高橋渡辺伊山中小林加吉田山口松井김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민준";
    let chars: Vec<char> = CHARS.chars().collect();
    let pick = |k: u32| chars[((seed.wrapping_mul(2_654_435_761) >> k) as usize) % chars.len()];
    BadgeInput {
        display_name: format!("{}{} {}", pick(3), pick(11), pick(19)),
        ..input(seed)
    }
}

fn one_badge(c: &mut Criterion) {
    let cases = [
        ("png brother-ql-62x100", "brother-ql-62x100", Format::Png),
        ("pdf brother-ql-62x100", "brother-ql-62x100", Format::Pdf),
        ("zpl zebra-4x3-203", "zebra-4x3-203", Format::Zpl),
        (
            "brother-ql brother-ql-62x100",
            "brother-ql-62x100",
            Format::BrotherQl,
        ),
    ];
    let mut g = c.benchmark_group("one badge");
    for (name, template, format) in cases {
        let t = Template::find(template, None).unwrap();
        let i = input(1);
        g.bench_function(name, |b| {
            b.iter(|| render_badge(black_box(&i), &t, format).unwrap())
        });
        let cjk = cjk_input(1);
        g.bench_function(format!("{name} cjk"), |b| {
            b.iter(|| render_badge(black_box(&cjk), &t, format).unwrap())
        });
    }
    g.finish();
}

fn sheet(c: &mut Criterion) {
    let t = Template::find("sheet-a4", None).unwrap();
    let inputs: Vec<_> = (0..1000).map(input).collect();
    let cjk: Vec<_> = (0..1000).map(cjk_input).collect();
    for (what, badges) in [("", &inputs), (" (CJK names)", &cjk)] {
        let size = render_pdf_batch(badges, &t).unwrap().bytes.len();
        eprintln!(
            "1,000-badge A4 sheet PDF{what}: {size} bytes ({:.2} MB)",
            size as f64 / 1e6
        );
    }
    let mut g = c.benchmark_group("sheet");
    g.sample_size(10);
    g.bench_function("pdf 1000 badges sheet-a4", |b| {
        b.iter(|| render_pdf_batch(black_box(&inputs), &t).unwrap())
    });
    g.bench_function("pdf 1000 badges sheet-a4 cjk", |b| {
        b.iter(|| render_pdf_batch(black_box(&cjk), &t).unwrap())
    });
    g.finish();
}

criterion_group!(benches, one_badge, sheet);
criterion_main!(benches);
