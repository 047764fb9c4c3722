//! Suppression comments inside posts.
//!
//! Authors silence a finding where it happens, the way ESLint and markdownlint do:
//! - `<!-- postlint-disable RULE ... -->` until `<!-- postlint-enable RULE ... -->`;
//!   with no names, every rule;
//! - `<!-- postlint-disable-next RULE ... -->` covers the next block (a paragraph,
//!   heading, list item, table, code block);
//! - `<!-- postlint-disable-file RULE ... -->` covers the whole file.
//!
//! Names may be separated by spaces or commas. A name that is not a rule is itself
//! reported (`invalid-suppression`), since a typo there silently suppresses nothing.
//! Comments are collected by the document parse, so this never re-reads the text.

use crate::document::{Document, Span};

/// What one directive covers.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    /// From the comment on, until an enable.
    Disable,
    /// Ends a disable.
    Enable,
    /// One span.
    Range(Span),
    /// The whole file.
    File,
}

/// One suppression comment.
#[derive(Debug, Clone)]
pub struct Directive {
    scope: Scope,
    /// Rule names; empty means every rule.
    pub rules: Vec<String>,
    /// The comment's span.
    pub span: Span,
    /// Where each name sits in the comment, for `invalid-suppression`.
    pub name_spans: Vec<Span>,
}

/// The suppression comments of one post, in order.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
}

impl Suppressions {
    /// Reads the suppression comments of `post`.
    pub fn of(post: &Document) -> Suppressions {
        let mut directives = Vec::new();
        for comment in &post.comments {
            let Some((scope_word, names)) = split_directive(&comment.text) else {
                continue;
            };
            let scope = match scope_word {
                "postlint-disable" => Scope::Disable,
                "postlint-enable" => Scope::Enable,
                "postlint-disable-file" => Scope::File,
                "postlint-disable-next" | "postlint-disable-next-line" => {
                    Scope::Range(next_block(post, comment.span.end))
                }
                _ => continue,
            };
            let raw = post.slice(&comment.span);
            let mut rules = Vec::new();
            let mut name_spans = Vec::new();
            let names_at = raw.find(scope_word).map_or(0, |i| i + scope_word.len());
            let mut offset = comment.span.start + names_at;
            for part in raw[names_at..].split_inclusive([' ', ',', '\t', '\n', '\r']) {
                let name = part.trim_end_matches([' ', ',', '\t', '\n', '\r']);
                if !name.is_empty() && name != "-->" && names.contains(&name) {
                    rules.push(name.to_string());
                    name_spans.push(offset..offset + name.len());
                }
                offset += part.len();
            }
            directives.push(Directive {
                scope,
                rules,
                span: comment.span.clone(),
                name_spans,
            });
        }
        Suppressions { directives }
    }

    /// Every directive, for checking the names in them.
    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }

    /// Whether a finding of `rule` starting at `offset` is suppressed.
    pub fn suppresses(&self, rule: &str, offset: usize) -> bool {
        let names = |d: &Directive| d.rules.is_empty() || d.rules.iter().any(|r| r == rule);
        let mut disabled = false;
        for d in &self.directives {
            match &d.scope {
                Scope::File if names(d) => return true,
                Scope::Range(span) if names(d) && span.contains(&offset) => return true,
                Scope::Disable if d.span.start <= offset && names(d) => disabled = true,
                Scope::Enable if d.span.start <= offset && names(d) => disabled = false,
                _ => {}
            }
        }
        disabled
    }
}

/// Splits `postlint-disable a, b` into the directive word and its names.
fn split_directive(text: &str) -> Option<(&str, Vec<&str>)> {
    let text = text.trim();
    if !text.starts_with("postlint-") {
        return None;
    }
    let mut words = text
        .split([' ', ',', '\t', '\n', '\r'])
        .filter(|w| !w.is_empty());
    let directive = words.next()?;
    Some((directive, words.collect()))
}

/// The span of the first block or heading that starts after `offset`.
fn next_block(post: &Document, offset: usize) -> Span {
    let block = post
        .blocks
        .iter()
        .map(|b| &b.span)
        .filter(|s| s.start >= offset)
        .min_by_key(|s| s.start);
    let heading = post
        .headings
        .iter()
        .map(|h| &h.span)
        .filter(|s| s.start >= offset)
        .min_by_key(|s| s.start);
    match (block, heading) {
        (Some(b), Some(h)) => {
            if b.start <= h.start {
                b.clone()
            } else {
                h.clone()
            }
        }
        (Some(s), None) | (None, Some(s)) => s.clone(),
        (None, None) => offset..offset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn suppressions(text: &str) -> (Document, Suppressions) {
        let doc = Document::parse(0, PathBuf::from("p.md"), Arc::from(text));
        let s = Suppressions::of(&doc);
        (doc, s)
    }

    #[test]
    fn disable_enable_ranges_by_rule() {
        let text =
            "a\n\n<!-- postlint-disable rule-a -->\n\nb\n\n<!-- postlint-enable rule-a -->\n\nc\n";
        let (_, s) = suppressions(text);
        let at = |needle: &str| text.find(needle).unwrap();
        assert!(!s.suppresses("rule-a", at("a\n")));
        assert!(s.suppresses("rule-a", at("b\n")));
        assert!(!s.suppresses("rule-b", at("b\n")));
        assert!(!s.suppresses("rule-a", at("c\n")));
    }

    #[test]
    fn disable_next_covers_only_the_next_block() {
        let text = "<!-- postlint-disable-next rule-a, rule-b -->\n## Heading\n\nafter\n";
        let (_, s) = suppressions(text);
        assert!(s.suppresses("rule-b", text.find("## Heading").unwrap()));
        assert!(!s.suppresses("rule-a", text.find("after").unwrap()));
        assert_eq!(s.directives()[0].rules, ["rule-a", "rule-b"]);
        let span = s.directives()[0].name_spans[1].clone();
        assert_eq!(&text[span], "rule-b");
    }

    #[test]
    fn disable_file_without_names_covers_everything() {
        let (_, s) = suppressions("text\n\n<!-- postlint-disable-file -->\n");
        assert!(s.suppresses("any-rule", 0));
    }
}
