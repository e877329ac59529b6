//! Independent readers of the printer languages, for tests: ZPL `^GFA` fields and Brother QL
//! raster streams back to bitmaps.
#![allow(dead_code)]

/// A 1-bit picture, `true` = black.
pub struct Bits {
    pub width: usize,
    pub height: usize,
    pub dots: Vec<bool>,
}

impl Bits {
    pub fn new(width: usize, height: usize) -> Bits {
        Bits {
            width,
            height,
            dots: vec![false; width * height],
        }
    }
    pub fn at(&self, x: usize, y: usize) -> bool {
        self.dots[y * self.width + x]
    }
    pub fn grey(&self, x: usize, y: usize) -> u8 {
        if self.at(x, y) {
            0
        } else {
            255
        }
    }
}

fn number_after(zpl: &str, cmd: &str) -> usize {
    let i = zpl.find(cmd).unwrap_or_else(|| panic!("{cmd} missing")) + cmd.len();
    zpl[i..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

/// One `^GFA` field: its origin and bitmap.
pub struct GfaField {
    pub x: usize,
    pub y: usize,
    pub bits: Bits,
}

/// Every `^FOx,y^GFA,…^FS` field of a ZPL program.
pub fn gfa_fields(zpl: &str) -> Vec<GfaField> {
    let mut out = Vec::new();
    for part in zpl.split("^FO").skip(1) {
        let Some((pos, rest)) = part.split_once("^GFA,") else {
            continue;
        };
        let (x, y) = pos.split_once(',').unwrap();
        let mut it = rest.splitn(4, ',');
        let total: usize = it.next().unwrap().parse().unwrap();
        let _: usize = it.next().unwrap().parse().unwrap();
        let bpr: usize = it.next().unwrap().parse().unwrap();
        let data = it.next().unwrap().split("^FS").next().unwrap();
        let rows = total / bpr;
        let mut bytes: Vec<Vec<u8>> = Vec::new();
        let mut row: Vec<u8> = Vec::new();
        let chars: Vec<char> = data.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                ':' => {
                    bytes.push(bytes.last().cloned().unwrap());
                    i += 1;
                }
                ',' => {
                    row.resize(bpr, 0);
                    bytes.push(std::mem::take(&mut row));
                    i += 1;
                }
                _ => {
                    let s: String = chars[i..i + 2].iter().collect();
                    row.push(u8::from_str_radix(&s, 16).unwrap());
                    i += 2;
                    if row.len() == bpr {
                        bytes.push(std::mem::take(&mut row));
                    }
                }
            }
        }
        assert_eq!(bytes.len(), rows, "^GFA row count");
        let mut bits = Bits::new(bpr * 8, rows);
        for (ry, r) in bytes.iter().enumerate() {
            for rx in 0..bpr * 8 {
                bits.dots[ry * bpr * 8 + rx] = r[rx / 8] & (0x80 >> (rx % 8)) != 0;
            }
        }
        out.push(GfaField {
            x: x.trim().parse().unwrap(),
            y: y.trim().parse().unwrap(),
            bits,
        });
    }
    out
}

/// The whole label of a ZPL program (`^PW` by `^LL`) with every `^GFA` field placed.
pub fn zpl_label(zpl: &str) -> Bits {
    let (w, h) = (number_after(zpl, "^PW"), number_after(zpl, "^LL"));
    let mut label = Bits::new(w, h);
    for f in gfa_fields(zpl) {
        for y in 0..f.bits.height {
            for x in 0..f.bits.width {
                if f.bits.at(x, y) && f.x + x < w && f.y + y < h {
                    label.dots[(f.y + y) * w + f.x + x] = true;
                }
            }
        }
    }
    label
}

fn unpackbits(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let n = data[i] as i8;
        i += 1;
        if n >= 0 {
            out.extend_from_slice(&data[i..i + n as usize + 1]);
            i += n as usize + 1;
        } else {
            out.extend(std::iter::repeat_n(data[i], (1 - n as i32) as usize));
            i += 1;
        }
    }
    out
}

/// Brother QL stream facts read back.
pub struct BrotherJob {
    pub media_type: u8,
    pub width_mm: u8,
    pub length_mm: u8,
    pub rows_declared: u32,
    pub auto_cut: bool,
    pub label: Bits,
}

/// Reads a Brother QL stream and rebuilds the label (`width` printable dots, un-mirrored).
pub fn brother_job(data: &[u8], width: usize) -> BrotherJob {
    assert!(data[..400].iter().all(|&b| b == 0), "invalidate");
    let mut i = 400;
    let (mut media_type, mut width_mm, mut length_mm, mut rows_declared, mut auto_cut) =
        (0, 0, 0, 0, false);
    let mut compressed = false;
    let mut rows: Vec<Vec<u8>> = Vec::new();
    loop {
        match data[i] {
            0x1B => match (data[i + 1], data[i + 2]) {
                (0x40, _) => i += 2,
                (0x69, 0x61) => i += 4,
                (0x69, 0x7A) => {
                    media_type = data[i + 4];
                    width_mm = data[i + 5];
                    length_mm = data[i + 6];
                    rows_declared = u32::from_le_bytes(data[i + 7..i + 11].try_into().unwrap());
                    i += 13;
                }
                (0x69, 0x4D) => {
                    auto_cut = data[i + 3] & 0x40 != 0;
                    i += 4;
                }
                (0x69, 0x41) | (0x69, 0x4B) => i += 4,
                (0x69, 0x64) => i += 5,
                other => panic!("unknown ESC command {other:?}"),
            },
            0x4D => {
                compressed = data[i + 1] == 0x02;
                i += 2;
            }
            0x67 => {
                let len = data[i + 2] as usize;
                let raw = &data[i + 3..i + 3 + len];
                rows.push(if compressed {
                    unpackbits(raw)
                } else {
                    raw.to_vec()
                });
                i += 3 + len;
            }
            0x5A => {
                rows.push(vec![0; 90]);
                i += 1;
            }
            0x1A => break,
            other => panic!("unknown command byte {other:#x} at {i}"),
        }
    }
    assert_eq!(i, data.len() - 1, "print command is last");
    let mut label = Bits::new(width, rows.len());
    for (y, r) in rows.iter().enumerate() {
        assert_eq!(r.len(), 90);
        for x in 0..width {
            let k = width + 11 - x;
            label.dots[y * width + x] = r[k / 8] & (0x80 >> (k % 8)) != 0;
        }
    }
    BrotherJob {
        media_type,
        width_mm,
        length_mm,
        rows_declared,
        auto_cut,
        label,
    }
}
