//! Compresses the bundled fonts (deflate, zlib framing) into `OUT_DIR`, so the binary carries
//! 2.7 MB of font data instead of 5.9 MB (#14 §5: the 25 MB size target); `font.rs` inflates a
//! font the first time a badge needs it. The `.ttf`/`.ttc` files in `fonts/` stay as Debian
//! ships them, next to their licences.

use std::io::Write;
use std::path::PathBuf;

const FONTS: [&str; 3] = [
    "DejaVuSansCondensed.ttf",
    "wqy-microhei.ttc",
    "NotoSansThai-Regular.ttf",
];

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for name in FONTS {
        let src = format!("fonts/{name}");
        println!("cargo:rerun-if-changed={src}");
        let bytes = std::fs::read(&src).unwrap_or_else(|e| panic!("reading {src}: {e}"));
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(&bytes).expect("compressing in memory");
        let packed = z.finish().expect("compressing in memory");
        std::fs::write(out.join(format!("{name}.z")), packed).expect("writing OUT_DIR");
    }
}
