//! The checks on the parts of a printer destination: CUPS queue names, server and raw-TCP
//! addresses, file paths. Each returns the reason it refused, without echoing the input.

/// At most `n` characters of `s` for an error message, each character that `Debug` would
/// escape (control and invisible characters, quotes, backslashes) shown as `?`, so the quote
/// stays as short as it looks.
pub(crate) fn snippet(s: &str, n: usize) -> String {
    s.chars()
        .take(n)
        .map(|c| {
            if c.escape_debug().count() == 1 {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// The longest destination spec accepted (a file path, mostly).
pub(crate) const MAX_SPEC: usize = 4096;

/// A CUPS queue name: 1 to 127 characters, none of them a space, a control character, `/`,
/// `\`, `'`, `"`, `,`, `#` or `@` (what `lpadmin` refuses, plus `@`, our server separator), and
/// not starting with `-`, so no client could read it as an option.
pub(crate) fn check_queue(queue: &str) -> Result<(), String> {
    let ok = |c: char| {
        if c.is_ascii() {
            c.is_ascii_graphic() && !"/\\'\",#@".contains(c)
        } else {
            c.is_alphanumeric()
        }
    };
    if queue.is_empty() || queue.chars().count() > 127 || queue.starts_with('-') {
        return Err("a CUPS queue name has 1 to 127 characters and does not start with '-'".into());
    }
    if !queue.chars().all(ok) {
        return Err(
            "a CUPS queue name has no spaces, control characters or / \\ ' \" , # @".into(),
        );
    }
    Ok(())
}

/// A CUPS server for `-h`: `HOST`, `HOST:PORT`, `[IPV6]:PORT`, or the absolute path of the
/// scheduler's local socket (without spaces).
pub(crate) fn check_server(server: &str) -> Result<(), String> {
    if server.starts_with('/') {
        if server.chars().any(char::is_whitespace) {
            return Err("a CUPS socket path has no spaces".into());
        }
        return check_path(server);
    }
    match split_host_port(server)? {
        (host, Some(port)) => check_host(host).and(check_port(port)),
        (host, None) => check_host(host),
    }
}

/// A raw-TCP address, `HOST:PORT` or `[IPV6]:PORT` (the port is required here; the parser
/// adds 9100 when there is none).
pub(crate) fn check_tcp(addr: &str) -> Result<(), String> {
    match split_host_port(addr)? {
        (host, Some(port)) => check_host(host).and(check_port(port)),
        (_, None) => Err("a raw TCP printer needs HOST:PORT".into()),
    }
}

/// Whether `addr` (already checked by the caller or not) names a port.
pub(crate) fn has_port(addr: &str) -> bool {
    matches!(split_host_port(addr), Ok((_, Some(_))))
}

/// A file path: not empty, no control characters (a NUL in particular).
pub(crate) fn check_path(path: &str) -> Result<(), String> {
    if path.is_empty() || path.chars().any(char::is_control) {
        return Err("a file path is not empty and has no control characters".into());
    }
    Ok(())
}

fn split_host_port(s: &str) -> Result<(&str, Option<&str>), String> {
    if let Some(rest) = s.strip_prefix('[') {
        let (host, after) = rest
            .split_once(']')
            .ok_or_else(|| String::from("an IPv6 address is written [ADDRESS]:PORT"))?;
        if host.is_empty()
            || !host
                .chars()
                .all(|c| c.is_ascii_hexdigit() || ".:".contains(c))
        {
            return Err("not an IPv6 address".into());
        }
        return match after {
            "" => Ok((host, None)),
            _ => match after.strip_prefix(':') {
                Some(port) => Ok((host, Some(port))),
                None => Err("an IPv6 address is written [ADDRESS]:PORT".into()),
            },
        };
    }
    match s.split_once(':') {
        Some((host, port)) => Ok((host, Some(port))),
        None => Ok((s, None)),
    }
}

/// A host name or IPv4 address: 1 to 253 of letters, digits, `.`, `-` and `_`, not
/// starting with `-` or `.`. (An IPv6 host arrives here without its brackets and is already
/// checked.)
fn check_host(host: &str) -> Result<(), String> {
    if host.contains(':') {
        return Ok(());
    }
    let ok = |c: char| c.is_ascii_alphanumeric() || ".-_".contains(c);
    if host.is_empty() || host.len() > 253 || host.starts_with(['-', '.']) || !host.chars().all(ok)
    {
        return Err("a host is a name or an address (letters, digits, '.', '-')".into());
    }
    Ok(())
}

fn check_port(port: &str) -> Result<(), String> {
    match port.parse::<u16>() {
        Ok(p) if p > 0 && port.chars().all(|c| c.is_ascii_digit()) => Ok(()),
        _ => Err("a port is a number from 1 to 65535".into()),
    }
}
