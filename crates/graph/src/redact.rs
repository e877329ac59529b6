//! Scrubbing of text that comes from a server before it goes into an error message: anything
//! that looks like a PIN (a run of 6 or more digits), a JWT (a word with `eyJ` anywhere in it,
//! so `token="eyJ…"` counts too) or a bearer token is replaced.

/// Replaces PIN-like digit runs, JWT-like words and bearer tokens with `[redacted]`.
/// GUIDs and dates survive: their digit runs are broken by `-` and `:`.
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut words = text.split_inclusive(char::is_whitespace).peekable();
    let mut after_bearer = false;
    while let Some(word) = words.next() {
        let trimmed = word.trim_end();
        let tail = &word[trimmed.len()..];
        if after_bearer || trimmed.contains("eyJ") {
            out.push_str("[redacted]");
            out.push_str(tail);
            after_bearer = false;
            continue;
        }
        after_bearer = trimmed.eq_ignore_ascii_case("bearer") && words.peek().is_some();
        out.push_str(&redact_digits(trimmed));
        out.push_str(tail);
    }
    out
}

fn redact_digits(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= 6 {
            out.push_str("[redacted]");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in word.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn pins_tokens_and_bearer_values_are_removed() {
        assert_eq!(
            redact("PIN 09599786 is too weak"),
            "PIN [redacted] is too weak"
        );
        assert_eq!(redact("pin='48302917'."), "pin='[redacted]'.");
        assert_eq!(
            redact("token eyJ0eXAiOiJKV1Qi.abc.def refused"),
            "token [redacted] refused"
        );
        assert_eq!(
            redact("Bearer abc.def rejected"),
            "Bearer [redacted] rejected"
        );
    }

    #[test]
    fn a_jwt_inside_a_word_is_removed() {
        assert_eq!(redact(r#"id_token="eyJhbGci.x.y","#), "[redacted]");
        assert_eq!(redact("(eyJ0) ok"), "[redacted] ok");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]

        #[test]
        fn redaction_is_idempotent_and_leaves_no_pin_or_jwt(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    "[0-9]{1,12}", "eyJ[A-Za-z0-9_.-]{0,12}", "[a-z=\"'.:-]{0,6}",
                    "[ \t\n]{1,2}", "(?i)bearer", "\\PC{0,4}",
                ],
                0..12,
            )
        ) {
            let text: String = parts.concat();
            let once = redact(&text);
            proptest::prop_assert_eq!(redact(&once), once.clone());
            proptest::prop_assert!(!once.contains("eyJ"), "{:?} -> {:?}", text, once);
            proptest::prop_assert!(!has_digit_run(&once, 6), "{:?} -> {:?}", text, once);
        }
    }

    fn has_digit_run(s: &str, n: usize) -> bool {
        s.as_bytes()
            .split(|b| !b.is_ascii_digit())
            .any(|run| run.len() >= n)
    }

    #[test]
    fn ids_dates_and_short_numbers_survive() {
        let s = "request 93b6f17e-c05d-4f45-ad2a-6665c708d8a0 at 2025-02-13T10:17:06, 395 days";
        assert_eq!(redact(s), s);
    }
}
