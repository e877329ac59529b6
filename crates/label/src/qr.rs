//! Re-encoding Graph's `rawContent` into a QR symbol: the error-correction level Graph
//! reports, and a version check against `image.version`.

use crate::LabelError;
use qrcode::bits::Bits;
use qrcode::canvas::Canvas;
use qrcode::{EcLevel, Version};

/// QR error-correction level, as Graph's `errorCorrectionLevel` enum names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ecc {
    /// About 7 % recovery.
    L,
    /// About 15 % recovery.
    M,
    /// About 25 % recovery.
    Q,
    /// About 30 % recovery: the default when Graph reports nothing usable.
    #[default]
    H,
}

impl Ecc {
    /// Parses Graph's value (`l`, `m`, `q`, `h`, any case). `None` or `unknownFutureValue`
    /// give the default, H.
    pub fn from_graph(value: Option<&str>) -> Result<Ecc, LabelError> {
        match value.map(|v| v.trim().to_ascii_lowercase()).as_deref() {
            None | Some("") | Some("unknownfuturevalue") => Ok(Ecc::H),
            Some("l") => Ok(Ecc::L),
            Some("m") => Ok(Ecc::M),
            Some("q") => Ok(Ecc::Q),
            Some("h") => Ok(Ecc::H),
            Some(other) => Err(LabelError::InvalidEcc(other.chars().take(20).collect())),
        }
    }

    /// The level's letter, upper case.
    pub fn letter(self) -> char {
        match self {
            Ecc::L => 'L',
            Ecc::M => 'M',
            Ecc::Q => 'Q',
            Ecc::H => 'H',
        }
    }

    fn level(self) -> EcLevel {
        match self {
            Ecc::L => EcLevel::L,
            Ecc::M => EcLevel::M,
            Ecc::Q => EcLevel::Q,
            Ecc::H => EcLevel::H,
        }
    }
}

/// A QR symbol as a square of modules, without quiet zone. `true` is dark.
#[derive(Clone, PartialEq, Eq)]
pub struct QrMatrix {
    /// QR version, 1 to 40.
    pub version: u8,
    /// Modules across.
    pub width: u32,
    modules: Vec<bool>,
}

impl std::fmt::Debug for QrMatrix {
    // The modules encode the secret payload: never print them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QrMatrix")
            .field("version", &self.version)
            .field("width", &self.width)
            .finish_non_exhaustive()
    }
}

impl QrMatrix {
    /// Whether the module at column `x`, row `y` is dark.
    pub fn dark(&self, x: u32, y: u32) -> bool {
        self.modules[(y * self.width + x) as usize]
    }

    /// Dark runs of one row as `(start, length)` pairs, for vector output.
    pub fn row_runs(&self, y: u32) -> Vec<(u32, u32)> {
        let mut runs = Vec::new();
        let mut x = 0;
        while x < self.width {
            if self.dark(x, y) {
                let start = x;
                while x < self.width && self.dark(x, y) {
                    x += 1;
                }
                runs.push((start, x - start));
            } else {
                x += 1;
            }
        }
        runs
    }
}

impl QrMatrix {
    /// The dark modules as `[x, y, width, height]` rectangles: horizontal runs, merged with the
    /// identical runs directly below them. Fewer, larger squares for vector output.
    pub fn rectangles(&self) -> Vec<[u32; 4]> {
        let mut done = Vec::new();
        let mut open: Vec<[u32; 4]> = Vec::new();
        for y in 0..self.width {
            let runs = self.row_runs(y);
            let mut next = Vec::with_capacity(runs.len());
            for r in open.drain(..) {
                if runs.contains(&(r[0], r[2])) {
                    next.push([r[0], r[1], r[2], r[3] + 1]);
                } else {
                    done.push(r);
                }
            }
            for (x, len) in runs {
                if !next.iter().any(|r| r[0] == x && r[2] == len) {
                    next.push([x, y, len, 1]);
                }
            }
            open = next;
        }
        done.extend(open);
        done
    }
}

/// What was encoded and how it compares with what Graph reported.
#[derive(Debug, Clone, PartialEq)]
pub struct QrEncoding {
    /// The symbol.
    pub matrix: QrMatrix,
    /// Set when Graph's `image.version` could not be honoured (see [`encode`]).
    pub version_mismatch: Option<VersionMismatch>,
}

/// Graph's `image.version` and the version actually used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VersionMismatch {
    /// What Graph said.
    pub reported: u8,
    /// What the badge carries.
    pub used: u8,
}

/// Encodes `payload` at `ecc`.
///
/// Version policy: when Graph reports a version and the payload fits it at `ecc`, that exact
/// version is used, so the badge has the same module count as Graph's own image. When the
/// payload does not fit the reported version (every documented example says `version: 1`, which
/// holds at most 17 bytes), or the reported value is outside 1 to 40, the smallest version that
/// fits is used and the difference is returned in [`QrEncoding::version_mismatch`] for the caller
/// to show as a warning. The payload bytes always win over the reported version.
pub fn encode(
    payload: &[u8],
    ecc: Ecc,
    reported_version: Option<u8>,
) -> Result<QrEncoding, LabelError> {
    if payload.is_empty() {
        return Err(LabelError::EmptyPayload);
    }
    let too_long = || LabelError::PayloadTooLong {
        len: payload.len(),
        ecc: ecc.letter(),
    };
    let (minimal_version, minimal_bits) = {
        let bits = qrcode::bits::encode_auto(payload, ecc.level()).map_err(|_| too_long())?;
        (version_number(bits.version()), bits)
    };
    let mut mismatch = None;
    let bits = match reported_version {
        Some(v) if (1..=40).contains(&v) && v > minimal_version => {
            let mut bits = Bits::new(Version::Normal(i16::from(v)));
            let fits = bits.push_optimal_data(payload).is_ok()
                && bits.push_terminator(ecc.level()).is_ok();
            if fits {
                bits
            } else {
                mismatch = Some(VersionMismatch {
                    reported: v,
                    used: minimal_version,
                });
                minimal_bits
            }
        }
        Some(v) if v != minimal_version => {
            mismatch = Some(VersionMismatch {
                reported: v,
                used: minimal_version,
            });
            minimal_bits
        }
        _ => minimal_bits,
    };
    let version = bits.version();
    let data = bits.into_bytes();
    let (codewords, ec) =
        qrcode::ec::construct_codewords(&data, version, ecc.level()).map_err(|_| too_long())?;
    let mut canvas = Canvas::new(version, ecc.level());
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&codewords, &ec);
    let width = version.width() as u32;
    Ok(QrEncoding {
        matrix: QrMatrix {
            version: version_number(version),
            width,
            modules: crate::mask::best(&canvas, width as usize),
        },
        version_mismatch: mismatch,
    })
}

fn version_number(v: Version) -> u8 {
    match v {
        Version::Normal(n) => n as u8,
        Version::Micro(n) => n as u8,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_levels_parse_and_default_to_h() {
        assert_eq!(Ecc::from_graph(Some("l")).unwrap(), Ecc::L);
        assert_eq!(Ecc::from_graph(Some("H")).unwrap(), Ecc::H);
        assert_eq!(Ecc::from_graph(None).unwrap(), Ecc::H);
        assert_eq!(Ecc::from_graph(Some("unknownFutureValue")).unwrap(), Ecc::H);
        assert_eq!(
            Ecc::from_graph(Some("x")).unwrap_err().code(),
            "label.invalid_ecc"
        );
    }

    #[test]
    fn version_policy() {
        let payload = [b'a'; 120];
        let free = encode(&payload, Ecc::H, None).unwrap();
        assert!(free.version_mismatch.is_none());
        let v = free.matrix.version;
        assert_eq!(free.matrix.width, 17 + 4 * u32::from(v));
        // Graph's documented "version: 1" cannot hold 120 bytes: smallest fitting version used.
        let one = encode(&payload, Ecc::H, Some(1)).unwrap();
        assert_eq!(one.matrix.version, v);
        assert_eq!(
            one.version_mismatch,
            Some(VersionMismatch {
                reported: 1,
                used: v
            })
        );
        // A larger reported version is honoured exactly.
        let big = encode(&payload, Ecc::H, Some(v + 2)).unwrap();
        assert_eq!(big.matrix.version, v + 2);
        assert!(big.version_mismatch.is_none());
        // Lower ECC needs a smaller version.
        assert!(encode(&payload, Ecc::L, None).unwrap().matrix.version < v);
    }

    #[test]
    fn rectangles_cover_exactly_the_dark_modules() {
        let m = encode(b"rectangles", Ecc::M, None).unwrap().matrix;
        let mut covered = vec![0u8; (m.width * m.width) as usize];
        for [x, y, w, h] in m.rectangles() {
            for yy in y..y + h {
                for xx in x..x + w {
                    covered[(yy * m.width + xx) as usize] += 1;
                }
            }
        }
        for y in 0..m.width {
            for x in 0..m.width {
                assert_eq!(covered[(y * m.width + x) as usize], u8::from(m.dark(x, y)));
            }
        }
        let runs: usize = (0..m.width).map(|y| m.row_runs(y).len()).sum();
        assert!(m.rectangles().len() < runs);
    }

    #[test]
    fn refuses_empty_and_oversized_payloads() {
        assert_eq!(
            encode(b"", Ecc::H, None).unwrap_err(),
            LabelError::EmptyPayload
        );
        let err = encode(&vec![7u8; 2000], Ecc::H, None).unwrap_err();
        assert_eq!(err.code(), "label.payload_too_long");
        assert!(!format!("{err:?}").contains("7, 7"));
    }
}
