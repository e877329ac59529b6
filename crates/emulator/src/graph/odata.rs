//! The OData query subset `GET /users` understands: `$filter` with `startswith(…)`, `eq`,
//! `ne`, `and`, `or`, `not` and parentheses; `$search="prop:words"` clauses joined by
//! AND/OR (tokenized prefix match, as directory search does).

use serde_json::{Map, Value};

/// A parsed `$filter` expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// `startswith(property, 'prefix')`, case-insensitive.
    StartsWith(String, String),
    /// `property eq 'value'`; `None` is `eq null`.
    Eq(String, Option<String>),
    /// `property ne 'value'`; `None` is `ne null`.
    Ne(String, Option<String>),
    /// Both sides hold.
    And(Box<Filter>, Box<Filter>),
    /// Either side holds.
    Or(Box<Filter>, Box<Filter>),
    /// The inner expression does not hold.
    Not(Box<Filter>),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Str(String),
    Open,
    Close,
    Comma,
}

fn tokenize(s: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = vec![];
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' => i += 1,
            '(' => {
                out.push(Tok::Open);
                i += 1;
            }
            ')' => {
                out.push(Tok::Close);
                i += 1;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            '\'' => {
                let mut v = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("unterminated string literal".into()),
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            v.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(ch) => {
                            v.push(*ch);
                            i += 1;
                        }
                    }
                }
                out.push(Tok::Str(v));
            }
            _ => {
                let start = i;
                while i < chars.len() && !matches!(chars[i], ' ' | '(' | ')' | ',' | '\'') {
                    i += 1;
                }
                out.push(Tok::Ident(chars[start..i].iter().collect()));
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek_kw(&self, kw: &str) -> bool {
        matches!(self.toks.get(self.pos), Some(Tok::Ident(s)) if s.eq_ignore_ascii_case(kw))
    }
    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }
    fn expect(&mut self, t: Tok) -> Result<(), String> {
        if self.next() == Some(t.clone()) {
            Ok(())
        } else {
            Err(format!("expected {t:?}"))
        }
    }
    fn or(&mut self) -> Result<Filter, String> {
        let mut left = self.and()?;
        while self.peek_kw("or") {
            self.pos += 1;
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }
    fn and(&mut self) -> Result<Filter, String> {
        let mut left = self.factor()?;
        while self.peek_kw("and") {
            self.pos += 1;
            left = Filter::And(Box::new(left), Box::new(self.factor()?));
        }
        Ok(left)
    }
    fn value(&mut self) -> Result<Option<String>, String> {
        match self.next() {
            Some(Tok::Str(s)) => Ok(Some(s)),
            Some(Tok::Ident(s)) if s.eq_ignore_ascii_case("null") => Ok(None),
            Some(Tok::Ident(s)) if s == "true" || s == "false" => Ok(Some(s)),
            _ => Err("expected a literal".into()),
        }
    }
    fn factor(&mut self) -> Result<Filter, String> {
        match self.next() {
            Some(Tok::Open) => {
                let f = self.or()?;
                self.expect(Tok::Close)?;
                Ok(f)
            }
            Some(Tok::Ident(s)) if s.eq_ignore_ascii_case("not") => {
                Ok(Filter::Not(Box::new(self.factor()?)))
            }
            Some(Tok::Ident(s)) if s.eq_ignore_ascii_case("startswith") => {
                self.expect(Tok::Open)?;
                let Some(Tok::Ident(prop)) = self.next() else {
                    return Err("expected a property".into());
                };
                self.expect(Tok::Comma)?;
                let Some(Tok::Str(v)) = self.next() else {
                    return Err("expected a string".into());
                };
                self.expect(Tok::Close)?;
                Ok(Filter::StartsWith(prop, v))
            }
            Some(Tok::Ident(prop)) => {
                let op = match self.next() {
                    Some(Tok::Ident(op)) => op.to_ascii_lowercase(),
                    _ => return Err("expected an operator".into()),
                };
                let v = self.value()?;
                match op.as_str() {
                    "eq" => Ok(Filter::Eq(prop, v)),
                    "ne" => Ok(Filter::Ne(prop, v)),
                    _ => Err(format!("unsupported operator '{op}'")),
                }
            }
            _ => Err("syntax error".into()),
        }
    }
}

/// Parses a `$filter`.
pub fn parse_filter(s: &str) -> Result<Filter, String> {
    let mut p = Parser {
        toks: tokenize(s)?,
        pos: 0,
    };
    let f = p.or()?;
    if p.pos != p.toks.len() {
        return Err("syntax error".into());
    }
    Ok(f)
}

fn field(obj: &Map<String, Value>, prop: &str) -> Option<String> {
    obj.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(prop))
        .and_then(|(_, v)| match v {
            Value::String(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        })
}

impl Filter {
    /// Property names the filter uses.
    pub fn props(&self) -> Vec<&str> {
        match self {
            Filter::StartsWith(p, _) | Filter::Eq(p, _) | Filter::Ne(p, _) => vec![p.as_str()],
            Filter::And(a, b) | Filter::Or(a, b) => [a.props(), b.props()].concat(),
            Filter::Not(a) => a.props(),
        }
    }

    /// Evaluates against a user's properties (string comparisons are case-insensitive).
    pub fn matches(&self, obj: &Map<String, Value>) -> bool {
        let lc = |s: &str| s.to_lowercase();
        match self {
            Filter::StartsWith(p, v) => field(obj, p).is_some_and(|f| lc(&f).starts_with(&lc(v))),
            Filter::Eq(p, v) => field(obj, p).map(|f| lc(&f)) == v.as_deref().map(lc),
            Filter::Ne(p, v) => field(obj, p).map(|f| lc(&f)) != v.as_deref().map(lc),
            Filter::And(a, b) => a.matches(obj) && b.matches(obj),
            Filter::Or(a, b) => a.matches(obj) || b.matches(obj),
            Filter::Not(a) => !a.matches(obj),
        }
    }
}

/// A parsed `$search`: clauses `(prop, term)` combined with AND/OR (left to right).
#[derive(Debug, Clone)]
pub struct Search {
    clauses: Vec<(String, String)>,
    ops_and: Vec<bool>,
}

/// Parses `"displayName:ann" OR "mail:ann"`.
pub fn parse_search(s: &str) -> Result<Search, String> {
    let mut clauses = vec![];
    let mut ops_and = vec![];
    let mut rest = s.trim();
    loop {
        let body = rest
            .strip_prefix('"')
            .ok_or("search clauses must be quoted")?;
        let end = body.find('"').ok_or("unterminated search clause")?;
        let (prop, term) = body[..end]
            .split_once(':')
            .ok_or("search clauses look like \"property:term\"")?;
        clauses.push((prop.trim().to_string(), term.trim().to_lowercase()));
        rest = body[end + 1..].trim();
        if rest.is_empty() {
            break;
        }
        let (op, after) = rest.split_once(' ').ok_or("expected AND or OR")?;
        match op {
            "AND" => ops_and.push(true),
            "OR" => ops_and.push(false),
            _ => return Err("expected AND or OR".into()),
        }
        rest = after.trim();
    }
    Ok(Search { clauses, ops_and })
}

impl Search {
    /// Tokenized prefix match: some word of the property starts with the term (a term with
    /// spaces must appear as a whole).
    pub fn matches(&self, obj: &Map<String, Value>) -> bool {
        let hit = |(prop, term): &(String, String)| {
            field(obj, prop).is_some_and(|v| {
                let v = v.to_lowercase();
                if term.contains(' ') {
                    v.contains(term.as_str())
                } else {
                    v.split(|c: char| !c.is_alphanumeric())
                        .any(|w| w.starts_with(term.as_str()))
                }
            })
        };
        let mut acc = hit(&self.clauses[0]);
        for (i, and) in self.ops_and.iter().enumerate() {
            let next = hit(&self.clauses[i + 1]);
            acc = if *and { acc && next } else { acc || next };
        }
        acc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn filters() {
        let u = obj(json!({"displayName": "Ana O'Neil", "department": "Checkout", "mail": null}));
        assert!(parse_filter("startswith(displayName,'an')")
            .expect("p")
            .matches(&u));
        assert!(
            parse_filter("department eq 'checkout' and startswith(displayName,'Ana')")
                .expect("p")
                .matches(&u)
        );
        assert!(parse_filter("displayName eq 'Ana O''Neil'")
            .expect("p")
            .matches(&u));
        assert!(parse_filter("mail eq null").expect("p").matches(&u));
        assert!(parse_filter(
            "(department eq 'x' or department eq 'Checkout') and not (displayName eq 'b')"
        )
        .expect("p")
        .matches(&u));
        assert!(!parse_filter("department ne 'Checkout'")
            .expect("p")
            .matches(&u));
        assert!(parse_filter("department gt 'a'").is_err());
        assert!(parse_filter("startswith(displayName,'a'").is_err());
    }

    #[test]
    fn searches() {
        let u = obj(json!({"displayName": "Priya Patel", "mail": "priya.patel@x.test"}));
        assert!(parse_search("\"displayName:pat\"").expect("s").matches(&u));
        assert!(!parse_search("\"displayName:atel\"").expect("s").matches(&u));
        assert!(parse_search("\"displayName:zz\" OR \"mail:priya\"")
            .expect("s")
            .matches(&u));
        assert!(!parse_search("\"displayName:zz\" AND \"mail:priya\"")
            .expect("s")
            .matches(&u));
        assert!(parse_search("displayName:pat").is_err());
    }
}
