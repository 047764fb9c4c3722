//! What kinds look for, read from a rule file and found in a post: phrases and
//! regexes (`tokens`, `patterns`), links and images (`element`), and the
//! `exceptions` around a match that make it fine.

use std::ops::Range;

use crate::document::{Document, Span};
use crate::settings::{Reader, TomlPath};

use super::super::matcher::{Hit, Patterns, REGEX_SIZE_LIMIT, regex_builder};

/// What an occurrence counts or a conditional requires.
pub enum Target {
    /// Matches of phrases or regexes.
    Text(Patterns),
    /// Links or images in the scope.
    Element(Element),
}

/// Parts of a post that are not text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    /// A link.
    Link,
    /// An image.
    Image,
}

impl Element {
    /// How a count of them reads in a message.
    pub fn plural(self) -> &'static str {
        match self {
            Element::Link => "links",
            Element::Image => "images",
        }
    }
}

/// `element = "link"`, or phrases and regexes, in `table` (at `at`).
pub fn target(
    reader: &mut Reader<'_>,
    table: &toml::Table,
    at: &[TomlPath<'_>],
    ignorecase: bool,
) -> Option<Target> {
    if let Some(value) = table.get("element") {
        let mut path = at.to_vec();
        path.push(TomlPath::Key("element"));
        if table.contains_key("tokens") || table.contains_key("patterns") {
            reader.error(
                &path,
                true,
                "`element` cannot be combined with `tokens` or `patterns`".into(),
                "count either an element or text; use two rules for both".into(),
            );
            return None;
        }
        return match value.as_str() {
            Some("link") => Some(Target::Element(Element::Link)),
            Some("image") => Some(Target::Element(Element::Image)),
            _ => {
                reader.error(
                    &path,
                    false,
                    "`element` must be \"link\" or \"image\"".into(),
                    "\"link\" counts links, \"image\" counts images".into(),
                );
                None
            }
        };
    }
    patterns(reader, table, at, ignorecase).map(Target::Text)
}

/// The `tokens` and `patterns` of `table` (at `at`), at least one of them;
/// the regexes are compiled here, so a rule that loads runs.
pub fn patterns(
    reader: &mut Reader<'_>,
    table: &toml::Table,
    at: &[TomlPath<'_>],
    ignorecase: bool,
) -> Option<Patterns> {
    let path = |key: &'static str| {
        let mut p = at.to_vec();
        p.push(TomlPath::Key(key));
        p
    };
    let tokens = table
        .get("tokens")
        .and_then(|v| reader.strings(v, &path("tokens")))
        .unwrap_or_default();
    for (i, token) in tokens.iter().enumerate() {
        if token.trim().is_empty() {
            let mut p = path("tokens");
            p.push(TomlPath::Index(i));
            reader.error(
                &p,
                false,
                "empty token".into(),
                "remove it, or write the phrase to match".into(),
            );
        }
    }
    let regexes = table
        .get("patterns")
        .and_then(|v| reader.strings(v, &path("patterns")))
        .unwrap_or_default();
    let mut compiled = Vec::with_capacity(regexes.len());
    for (i, pattern) in regexes.iter().enumerate() {
        let built = regex_builder(pattern).case_insensitive(ignorecase).build();
        let mut p = path("patterns");
        p.push(TomlPath::Index(i));
        match built {
            Err(regex::Error::CompiledTooBig(_)) => reader.error(
                &p,
                false,
                format!(
                    "regex is too big: it compiles to more than {} MiB, which would make every post slow to check",
                    REGEX_SIZE_LIMIT >> 20
                ),
                "bound its repetitions (`{0,5000}` over a class is 5,000 copies of the class), or split it into several patterns".into(),
            ),
            Err(e) => reader.error(
                &p,
                false,
                format!("invalid regex: {}", regex_error(&e)),
                "`patterns` use Rust regex syntax (https://docs.rs/regex); put plain phrases in `tokens`".into(),
            ),
            Ok(regex) => compiled.push(regex),
        }
    }
    if tokens.is_empty() && regexes.is_empty() {
        let place = if at.is_empty() {
            &[TomlPath::Key("kind")][..]
        } else {
            at
        };
        reader.error(
            place,
            false,
            "nothing to match: no `tokens` or `patterns`".into(),
            "add `tokens = [\"phrase\"]` (whole words, any case) or `patterns = ['regex']`".into(),
        );
        return None;
    }
    Some(Patterns {
        tokens,
        regexes,
        compiled,
        ignorecase,
    })
}

/// The one line of a regex error that says what is wrong ("unclosed group").
fn regex_error(error: &regex::Error) -> String {
    let text = error.to_string();
    text.lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .map(str::to_string)
        .unwrap_or_else(|| text.lines().last().unwrap_or("").trim().to_string())
}

/// Spans of the links or images inside `extent`, in order.
pub fn elements(post: &Document, element: Element, extent: &Span) -> Vec<Span> {
    let inside = |s: &Span| extent.start <= s.start && s.end <= extent.end;
    match element {
        Element::Link => post
            .links
            .iter()
            .map(|l| l.span.clone())
            .filter(inside)
            .collect(),
        Element::Image => post
            .images
            .iter()
            .map(|i| i.span.clone())
            .filter(inside)
            .collect(),
    }
}

/// Drops hits overlapping an earlier (or longer) hit of the same role, so
/// overlapping phrases of one rule ("looking ahead, we're excited", "we're
/// excited about the possibilities") give one finding.
pub fn outermost(hits: &[Hit], keep: impl Fn(&Hit) -> bool) -> Vec<&Hit> {
    // Hits come sorted by unit, start and longest first, so the hits kept in a
    // unit are disjoint and in order, and a new hit can only overlap the last
    // one kept there: one comparison per hit instead of one per kept hit
    // (40,000 hits on one line took 21 s).
    debug_assert!(
        hits.windows(2)
            .all(|w| (w[0].unit, w[0].range.start) <= (w[1].unit, w[1].range.start))
    );
    let mut kept: Vec<&Hit> = Vec::new();
    // The last non-empty hit kept in the current unit: an empty one overlaps
    // nothing that comes after it.
    let mut last: Option<&Hit> = None;
    for h in hits.iter().filter(|h| keep(h)) {
        if last.is_some_and(|k| k.unit != h.unit) {
            last = None;
        }
        let inside =
            last.is_some_and(|k| k.range.start < h.range.end && h.range.start < k.range.end);
        if !inside {
            kept.push(h);
            if !h.range.is_empty() {
                last = Some(h);
            }
        }
    }
    kept
}

/// Whether one of `exceptions` occurs in `text` around `range` (ASCII case
/// and apostrophe style ignored).
pub fn excepted(text: &str, range: &Range<usize>, exceptions: &[String]) -> bool {
    exceptions.iter().any(|e| {
        let e = e.trim();
        let reach = range.start.saturating_sub(e.len() * 3);
        (reach..=range.start)
            .filter(|&s| text.is_char_boundary(s))
            .any(|s| phrase_end(text, s, e).is_some_and(|end| end >= range.end))
    })
}

fn phrase_end(text: &str, start: usize, phrase: &str) -> Option<usize> {
    let mut chars = text[start..].char_indices();
    for p in phrase.chars() {
        let (_, c) = chars.next()?;
        let fold = |c: char| crate::text::fold_char(c.to_ascii_lowercase());
        if fold(c) != fold(p) {
            return None;
        }
    }
    Some(chars.next().map_or(text.len(), |(i, _)| start + i))
}
