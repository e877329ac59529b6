//! Which format a badge file gets: `--format` when given, else what the `--out` file's name
//! says (`badge.png` is a PNG), else PDF; the two disagreeing is an error, never a PDF in a
//! file named `.png`.

use std::path::Path;

use crate::error::CliError;

/// The formats a file name can say: extension → format name.
const BY_EXTENSION: &[(&str, &str)] = &[
    ("pdf", "pdf"),
    ("png", "png"),
    ("zpl", "zpl"),
    ("ql", "brother-ql"),
];

/// The format a file's extension names, if it names one (case-insensitive).
pub fn of_path(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    BY_EXTENSION
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, f)| *f)
}

/// The format to render: `--format`, or the `--out` file's, or `pdf`. A `--format` the file
/// name contradicts is a usage error.
pub fn badge_format(format: Option<&str>, out: Option<&Path>) -> Result<String, CliError> {
    let by_name = out.and_then(of_path);
    match (format, by_name) {
        (Some(f), Some(n)) if !f.eq_ignore_ascii_case(n) => Err(contradiction(f, n, out)),
        (Some(f), _) => Ok(f.to_ascii_lowercase()),
        (None, Some(n)) => Ok(n.to_owned()),
        (None, None) => Ok("pdf".to_owned()),
    }
}

/// A profile prints `profile_format`; `--out` may not name another.
pub fn check_profile_out(profile_format: &str, out: Option<&Path>) -> Result<(), CliError> {
    match out.and_then(of_path) {
        Some(n) if n != profile_format => Err(CliError::Usage(format!(
            "the printer profile prints {profile_format}, but {} names a {n} file: name the file .{} or leave --profile out",
            out.map(|p| p.display().to_string()).unwrap_or_default(),
            extension_of(profile_format)
        ))),
        _ => Ok(()),
    }
}

fn contradiction(format: &str, by_name: &str, out: Option<&Path>) -> CliError {
    CliError::Usage(format!(
        "--format {format} contradicts the file name {} (a {by_name} file): name it .{} or drop --format",
        out.map(|p| p.display().to_string()).unwrap_or_default(),
        extension_of(format)
    ))
}

/// `path` named with `extension` (replacing any other one, case-insensitively kept when it
/// already matches).
pub fn with_extension(path: &Path, extension: &str) -> std::path::PathBuf {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case(extension) => path.to_path_buf(),
        _ => path.with_extension(extension),
    }
}

/// The extension a format's file gets.
pub fn extension_of(format: &str) -> &str {
    BY_EXTENSION
        .iter()
        .find(|(_, f)| f.eq_ignore_ascii_case(format))
        .map(|(e, _)| *e)
        .unwrap_or("bin")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_name_decides_unless_format_says_otherwise() {
        let p = |s: &str| Some(Path::new(s).to_path_buf());
        assert_eq!(
            badge_format(None, p("badge.png").as_deref()).unwrap(),
            "png"
        );
        assert_eq!(
            badge_format(None, p("BADGE.PDF").as_deref()).unwrap(),
            "pdf"
        );
        assert_eq!(badge_format(None, p("b.zpl").as_deref()).unwrap(), "zpl");
        assert_eq!(
            badge_format(None, p("b.ql").as_deref()).unwrap(),
            "brother-ql"
        );
        assert_eq!(badge_format(None, p("badge").as_deref()).unwrap(), "pdf");
        assert_eq!(badge_format(None, None).unwrap(), "pdf");
        assert_eq!(
            badge_format(Some("zpl"), p("label.txt").as_deref()).unwrap(),
            "zpl"
        );
        assert_eq!(
            badge_format(Some("PNG"), p("b.png").as_deref()).unwrap(),
            "png"
        );
        let e = badge_format(Some("pdf"), p("badge.png").as_deref()).unwrap_err();
        assert_eq!(e.code(), "cli.usage");
        assert!(e.to_string().contains("badge.png"), "{e}");
        assert!(check_profile_out("zpl", p("b.zpl").as_deref()).is_ok());
        assert!(check_profile_out("zpl", p("b.pdf").as_deref()).is_err());
        assert!(check_profile_out("zpl", p("b.out").as_deref()).is_ok());
        assert_eq!(
            with_extension(Path::new("qr.png"), "svg"),
            Path::new("qr.svg")
        );
        assert_eq!(with_extension(Path::new("qr"), "svg"), Path::new("qr.svg"));
        assert_eq!(
            with_extension(Path::new("QR.SVG"), "svg"),
            Path::new("QR.SVG")
        );
    }
}
