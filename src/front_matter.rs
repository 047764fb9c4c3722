//! Front matter: the `---` YAML or `+++` TOML block at the top of a post.
//!
//! Static site generators (Hugo, Jekyll, Zola, Astro, Docusaurus) keep a post's
//! title, date, tags and draft flag here, so postlint must read it rather than
//! treat it as Markdown. It is split off before the Markdown parse and parsed into
//! a small value tree. A block that fails to parse is kept with its error, so the
//! post is still checked and `invalid-front-matter` can say exactly where it broke.

use std::collections::BTreeMap;

use crate::lines::Span;

/// Which syntax the block uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `---` fences, YAML inside.
    Yaml,
    /// `+++` fences, TOML inside.
    Toml,
}

/// A front-matter value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string (YAML dates are strings too).
    String(String),
    /// An integer.
    Integer(i64),
    /// A float.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A TOML date or date-time, as written.
    Date(String),
    /// A list.
    List(Vec<Value>),
    /// A nested table.
    Map(BTreeMap<String, Value>),
    /// YAML `null` or `~`, or something postlint does not model (an alias).
    Null,
}

impl Value {
    /// The value as text, if it is a scalar.
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::String(s) | Value::Date(s) => Some(s.clone()),
            Value::Integer(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::List(_) | Value::Map(_) | Value::Null => None,
        }
    }
}

/// A parse error inside the block.
#[derive(Debug, Clone)]
pub struct FrontMatterError {
    /// What is wrong, in the parser's words.
    pub message: String,
    /// Where.
    pub span: Span,
}

/// A post's front matter.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// YAML or TOML.
    pub format: Format,
    /// The whole block, fences included, up to the start of the body.
    pub span: Span,
    /// Between the fences.
    pub body: Span,
    /// Top-level keys. Empty when the block failed to parse.
    pub fields: BTreeMap<String, Value>,
    /// Where each top-level scalar value sits on its line.
    field_spans: BTreeMap<String, Span>,
    /// Why the block failed to parse, if it did.
    pub error: Option<FrontMatterError>,
}

impl FrontMatter {
    /// The value of a top-level key, as text, when it is a scalar.
    pub fn string(&self, key: &str) -> Option<String> {
        self.fields.get(key).and_then(Value::as_text)
    }

    /// The text of a top-level key: its value when it is a scalar, each item
    /// that is a scalar when it is a list (`tags = ["a", "b"]`).
    pub fn strings(&self, key: &str) -> Vec<String> {
        match self.fields.get(key) {
            Some(Value::List(items)) => items.iter().filter_map(Value::as_text).collect(),
            Some(value) => value.as_text().into_iter().collect(),
            None => Vec::new(),
        }
    }

    /// Calls `each` with every scalar value, at any depth, except those of
    /// the top-level keys in `skip`.
    pub fn for_each_text(&self, skip: &[&str], mut each: impl FnMut(&str)) {
        fn walk(value: &Value, each: &mut dyn FnMut(&str)) {
            match value {
                Value::List(items) => items.iter().for_each(|v| walk(v, each)),
                Value::Map(map) => map.values().for_each(|v| walk(v, each)),
                Value::Null => {}
                scalar => {
                    if let Some(text) = scalar.as_text() {
                        each(&text);
                    }
                }
            }
        }
        for (key, value) in &self.fields {
            if !skip.contains(&key.as_str()) {
                walk(value, &mut each);
            }
        }
    }

    /// The source span of a top-level key's value, when it fits on the key's line.
    pub fn value_span(&self, key: &str) -> Option<Span> {
        self.field_spans.get(key).cloned()
    }

    /// The `date` key as an ISO `YYYY-MM-DD…` string that sorts by time, when it
    /// starts with one; else a `YYYY/MM/DD` at the start of a `path`, `slug`,
    /// `url` or `permalink` key, as blogs that date posts by URL write it.
    pub fn sortable_date(&self) -> Option<String> {
        if let Some(date) = self.string("date").and_then(|d| iso_date(d.trim(), b'-')) {
            return Some(date);
        }
        ["path", "slug", "url", "permalink"]
            .iter()
            .filter_map(|key| self.string(key))
            .find_map(|value| iso_date(value.trim_start_matches('/'), b'/'))
    }
}

/// `text` itself when it starts with an ISO date (`YYYY-MM-DD…`), or the date
/// rewritten with `-` when its parts are separated by `separator`.
pub fn iso_date(text: &str, separator: u8) -> Option<String> {
    let b = text.as_bytes();
    let is_date = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == separator
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == separator
        && b[8..10].iter().all(u8::is_ascii_digit);
    if !is_date {
        return None;
    }
    Some(if separator == b'-' {
        text.to_string()
    } else {
        format!("{}-{}-{}", &text[..4], &text[5..7], &text[8..10])
    })
}

/// Splits front matter off the top of `source`, starting at byte `start` (after a
/// byte-order mark). Returns `None` when the post has none.
pub fn split(source: &str, start: usize) -> Option<FrontMatter> {
    let rest = source.get(start..)?;
    let (format, fence) = if line_is(rest, "---") {
        (Format::Yaml, "---")
    } else if line_is(rest, "+++") {
        (Format::Toml, "+++")
    } else {
        return None;
    };
    let first_line_end = start + line_len(rest);
    let body_start = first_line_end;

    // Find the closing fence: a line that is the fence alone (YAML also allows `...`).
    let mut at = body_start;
    while at < source.len() {
        let line = &source[at..];
        let len = line_len(line);
        if line_is(line, fence) || (format == Format::Yaml && line_is(line, "...")) {
            let body = body_start..at;
            let end = at + len;
            return Some(parse(source, format, start..end, body));
        }
        at += len;
    }

    // No closing fence. A lone `---` is a thematic break in Markdown; only call it
    // broken front matter when the next line looks like a key.
    let next = &source[body_start..];
    let looks_like_key = next
        .split_once(['\n'])
        .map_or(next, |(l, _)| l)
        .split_once([':', '='])
        .is_some_and(|(k, _)| {
            let k = k.trim();
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        });
    if !looks_like_key {
        return None;
    }
    Some(FrontMatter {
        format,
        span: start..first_line_end,
        body: body_start..body_start,
        fields: BTreeMap::new(),
        field_spans: BTreeMap::new(),
        error: Some(FrontMatterError {
            message: format!("front matter opened with `{fence}` is never closed"),
            span: start..start + 3,
        }),
    })
}

/// Whether the first line of `text` is `fence`, allowing trailing whitespace.
fn line_is(text: &str, fence: &str) -> bool {
    let line = &text[..line_len(text)];
    line.trim_end() == fence
}

/// Length of the first line, its line ending included.
fn line_len(text: &str) -> usize {
    text.find('\n').map_or(text.len(), |i| i + 1)
}

/// The largest front matter postlint parses: 1 MiB. Real ones are well under
/// a kilobyte; a bigger block is refused before the parser sees it.
const MAX_BYTES: usize = 1 << 20;

/// How deep `[` and `{` may nest in front matter. The YAML parser checks its
/// own recursion limit only after reading the whole block, which for 40,000
/// nested lists took 19 s; this is checked first, in one pass.
const MAX_NESTING: usize = 64;

/// Refuses a block too big or nested too deep to hand to a parser, with the
/// offset in `text` to point at. Brackets inside quoted strings count too:
/// a title holding 64 unclosed brackets is not worth a full YAML lexer here.
fn check_bounds(text: &str) -> Result<(), (String, usize)> {
    if text.len() > MAX_BYTES {
        return Err((
            format!("front matter is larger than {} MiB", MAX_BYTES >> 20),
            0,
        ));
    }
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err((
                        format!("lists and tables nest deeper than {MAX_NESTING} levels"),
                        i,
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn parse(source: &str, format: Format, span: Span, body: Span) -> FrontMatter {
    let text = &source[body.clone()];
    let parsed = check_bounds(text).and_then(|()| match format {
        Format::Yaml => parse_yaml(text),
        Format::Toml => parse_toml(text),
    });
    let (fields, error) = match parsed {
        Ok(fields) => (fields, None),
        Err((message, at)) => {
            let syntax = match format {
                Format::Yaml => "YAML",
                Format::Toml => "TOML",
            };
            let message = format!("front matter is not valid {syntax}: {message}");
            let at = body.start + at.min(text.len());
            let end = source[at..]
                .find('\n')
                .map_or(source.len(), |i| at + i)
                .max(at + 1)
                .min(source.len());
            let span = if at < end { at..end } else { body.clone() };
            (BTreeMap::new(), Some(FrontMatterError { message, span }))
        }
    };
    let field_spans = value_spans(source, &body, format);
    FrontMatter {
        format,
        span,
        body,
        fields,
        field_spans,
        error,
    }
}

type ParseResult = Result<BTreeMap<String, Value>, (String, usize)>;

fn parse_yaml(text: &str) -> ParseResult {
    use serde_yaml_ng::Value as Yaml;
    // A libyaml port: it accepts what Hugo's and Jekyll's YAML parsers accept
    // (flow lists closed at column 0, for one), which stricter parsers reject.
    let doc: Yaml = serde_yaml_ng::from_str(text).map_err(|e| {
        // The position is shown by the finding's span; drop libyaml's own,
        // which counts lines from the fence, not the file.
        let message = e.to_string();
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or(&message)
            .to_string();
        let at = e.location().map_or(0, |l| l.index());
        // libyaml places a duplicate key at the start of its map; point at
        // the duplicate itself, as the TOML parser does.
        let at = message
            .strip_prefix("duplicate entry with key ")
            .and_then(|key| second_key(text, at, key.trim_matches('"')))
            .unwrap_or(at);
        (message, at)
    })?;
    fn convert(yaml: &Yaml) -> Value {
        match yaml {
            Yaml::String(s) => Value::String(s.clone()),
            Yaml::Number(n) => match (n.as_i64(), n.as_f64()) {
                (Some(i), _) => Value::Integer(i),
                (None, Some(f)) => Value::Float(f),
                (None, None) => Value::String(n.to_string()),
            },
            Yaml::Bool(b) => Value::Bool(*b),
            Yaml::Sequence(items) => Value::List(items.iter().map(convert).collect()),
            Yaml::Mapping(map) => Value::Map(
                map.iter()
                    .filter_map(|(k, v)| Some((key_text(k)?, convert(v))))
                    .collect(),
            ),
            Yaml::Tagged(tagged) => convert(&tagged.value),
            Yaml::Null => Value::Null,
        }
    }
    fn key_text(key: &Yaml) -> Option<String> {
        match key {
            Yaml::String(s) => Some(s.clone()),
            Yaml::Number(n) => Some(n.to_string()),
            Yaml::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
    match convert(&doc) {
        Value::Map(map) => Ok(map),
        Value::Null => Ok(BTreeMap::new()),
        _ => Err(("front matter is not a map of `key: value` lines".into(), 0)),
    }
}

/// The offset of the second `key:` line at one indentation from `from` on:
/// where a map that starts at `from` repeats `key`.
fn second_key(text: &str, from: usize, key: &str) -> Option<usize> {
    let mut indent = None;
    let mut at = text.get(..from)?.rfind('\n').map_or(0, |i| i + 1);
    for line in text[at..].split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '-']);
        let lead = line.len() - trimmed.len();
        let named = [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ]
        .iter()
        .any(|k| trimmed.starts_with(k.as_str()));
        if named {
            match indent {
                None => indent = Some(lead),
                Some(first) if first == lead => return Some(at + lead),
                Some(_) => {}
            }
        }
        at += line.len();
    }
    None
}

fn parse_toml(text: &str) -> ParseResult {
    let table: toml::Table = toml::from_str(text)
        .map_err(|e| (e.message().to_string(), e.span().map_or(0, |s| s.start)))?;
    fn convert(value: &toml::Value) -> Value {
        match value {
            toml::Value::String(s) => Value::String(s.clone()),
            toml::Value::Integer(i) => Value::Integer(*i),
            toml::Value::Float(f) => Value::Float(*f),
            toml::Value::Boolean(b) => Value::Bool(*b),
            toml::Value::Datetime(d) => Value::Date(d.to_string()),
            toml::Value::Array(items) => Value::List(items.iter().map(convert).collect()),
            toml::Value::Table(t) => {
                Value::Map(t.iter().map(|(k, v)| (k.clone(), convert(v))).collect())
            }
        }
    }
    Ok(table.iter().map(|(k, v)| (k.clone(), convert(v))).collect())
}

/// Finds where each top-level scalar value sits, by reading `key: value` or
/// `key = value` lines. The parsers above do not keep positions, and a line scan
/// is exact for the one-line values (title, description, date) rules point at.
fn value_spans(source: &str, body: &Span, format: Format) -> BTreeMap<String, Span> {
    let mut spans = BTreeMap::new();
    let separator = match format {
        Format::Yaml => ':',
        Format::Toml => '=',
    };
    let mut at = body.start;
    for line in source[body.clone()].split_inclusive('\n') {
        let line_start = at;
        at += line.len();
        if line.starts_with([' ', '\t', '#', '-', '[']) {
            continue;
        }
        let Some((key, value)) = line.split_once(separator) else {
            continue;
        };
        let key = key.trim().trim_matches(['"', '\'']);
        let value_start = line_start + key_len(line, separator) + 1;
        let value_text = value.trim_end_matches(['\n', '\r']);
        let lead = value_text.len() - value_text.trim_start().len();
        let mut value = value_text.trim();
        let mut start = value_start + lead;
        if value.len() >= 2
            && ((value.starts_with('"') && value.ends_with('"'))
                || (value.starts_with('\'') && value.ends_with('\'')))
        {
            value = &value[1..value.len() - 1];
            start += 1;
        }
        if !key.is_empty() && !value.is_empty() {
            spans.insert(key.to_string(), start..start + value.len());
        }
    }
    spans
}

fn key_len(line: &str, separator: char) -> usize {
    line.find(separator).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml_fields_and_value_spans() {
        let src = "---\ntitle: \"Hello: World\"\ntags: [a, b]\ndate: 2024-01-02\n---\n# Body\n";
        let fm = split(src, 0).unwrap();
        assert_eq!(fm.string("title").as_deref(), Some("Hello: World"));
        assert_eq!(&src[fm.value_span("title").unwrap()], "Hello: World");
        assert_eq!(fm.sortable_date().as_deref(), Some("2024-01-02"));
        assert!(src[fm.span.end..].starts_with("# Body"));
        let fm = split("+++\npath = \"2023/07/13/launch\"\n+++\n", 0).unwrap();
        assert_eq!(fm.sortable_date().as_deref(), Some("2023-07-13"));

        let src = "+++\ntitle = 'T'\ndraft = true\n+++\nbody\n";
        let fm = split(src, 0).unwrap();
        assert_eq!(fm.format, Format::Toml);
        assert_eq!(fm.fields.get("draft"), Some(&Value::Bool(true)));
        assert_eq!(&src[fm.value_span("title").unwrap()], "T");
    }

    #[test]
    fn malformed_front_matter_keeps_an_error_with_a_span() {
        let src = "---\ntitle: [unclosed\n---\ntext\n";
        let fm = split(src, 0).unwrap();
        let error = fm.error.unwrap();
        assert!(!error.message.is_empty());
        assert!(error.span.start >= 4 && error.span.end <= src.len());
    }

    #[test]
    fn a_duplicate_yaml_key_is_reported_at_the_duplicate() {
        let src = "---\ntitle: a\ndate: 2024-01-01\ntitle: b\n---\ntext\n";
        let error = split(src, 0).unwrap().error.unwrap();
        assert!(error.message.contains("duplicate"), "{}", error.message);
        assert_eq!(&src[error.span], "title: b");
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let src = format!(
            "---\nk: {}{}\n---\ntext\n",
            "[".repeat(40_000),
            "]".repeat(40_000)
        );
        let error = split(&src, 0).unwrap().error.unwrap();
        assert!(
            error.message.contains("deeper than 64 levels"),
            "{}",
            error.message
        );
        assert_eq!(error.span.start, 4 + 3 + 64);
    }

    #[test]
    fn a_lone_rule_is_not_front_matter() {
        assert!(split("---\n\nJust a rule above.\n", 0).is_none());
        assert!(split("---\ntitle: x\nno end\n", 0).unwrap().error.is_some());
    }
}
