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

use std::collections::{HashMap, HashSet};

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

/// The suppression comments of one post, in order, indexed so that a lookup
/// costs a binary search whatever the number of comments and findings (40,000
/// comments used to take 15 s when each finding scanned them all).
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
    /// Rules silenced in the whole file; `all_file` for a nameless one.
    file_rules: HashSet<String>,
    all_file: bool,
    /// `disable-next` ranges per rule name, merged and sorted; `None` keys the
    /// nameless ones, which cover every rule.
    ranges: HashMap<Option<String>, Vec<Span>>,
    /// Disable and enable comments per rule name, in order: (offset, index of
    /// the directive, whether it disables). `None` keys the nameless ones.
    switches: HashMap<Option<String>, Vec<(usize, usize, bool)>>,
}

impl Suppressions {
    /// Reads the suppression comments of `post`.
    pub fn of(post: &Document) -> Suppressions {
        let mut directives = Vec::new();
        let mut blocks = None;
        for comment in &post.comments {
            let Some((scope_word, names)) = split_directive(&comment.text) else {
                continue;
            };
            let scope = match scope_word {
                "postlint-disable" => Scope::Disable,
                "postlint-enable" => Scope::Enable,
                "postlint-disable-file" => Scope::File,
                "postlint-disable-next" | "postlint-disable-next-line" => {
                    let blocks = blocks.get_or_insert_with(|| BlockStarts::of(post));
                    Scope::Range(blocks.next_after(comment.span.end))
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
        Suppressions::index(directives)
    }

    fn index(directives: Vec<Directive>) -> Suppressions {
        let mut s = Suppressions::default();
        for (index, d) in directives.iter().enumerate() {
            let keys: Vec<Option<String>> = if d.rules.is_empty() {
                vec![None]
            } else {
                d.rules.iter().cloned().map(Some).collect()
            };
            for key in keys {
                match &d.scope {
                    Scope::File => match key {
                        None => s.all_file = true,
                        Some(rule) => {
                            s.file_rules.insert(rule);
                        }
                    },
                    Scope::Range(span) => s.ranges.entry(key).or_default().push(span.clone()),
                    Scope::Disable | Scope::Enable => {
                        let disable = d.scope == Scope::Disable;
                        let switches = s.switches.entry(key).or_default();
                        // A comment naming a rule twice switches it once.
                        if switches.last().is_none_or(|&(_, i, _)| i != index) {
                            switches.push((d.span.start, index, disable));
                        }
                    }
                }
            }
        }
        for ranges in s.ranges.values_mut() {
            ranges.retain(|r| !r.is_empty());
            ranges.sort_by_key(|r| r.start);
            let mut merged: Vec<Span> = Vec::with_capacity(ranges.len());
            for r in ranges.drain(..) {
                match merged.last_mut() {
                    Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                    _ => merged.push(r),
                }
            }
            *ranges = merged;
        }
        s.directives = directives;
        s
    }

    /// Every directive, for checking the names in them.
    pub fn directives(&self) -> &[Directive] {
        &self.directives
    }

    /// Whether a finding of `rule` starting at `offset` is suppressed.
    pub fn suppresses(&self, rule: &str, offset: usize) -> bool {
        if self.directives.is_empty() {
            return false;
        }
        if self.all_file || self.file_rules.contains(rule) {
            return true;
        }
        let named = Some(rule.to_string());
        let in_range = |key: &Option<String>| {
            self.ranges.get(key).is_some_and(|ranges| {
                let after = ranges.partition_point(|r| r.start <= offset);
                after > 0 && offset < ranges[after - 1].end
            })
        };
        if in_range(&None) || in_range(&named) {
            return true;
        }
        // The last disable or enable at or before `offset` that covers `rule`
        // decides, whether it names the rule or names none.
        let last = |key: &Option<String>| {
            let switches = self.switches.get(key)?;
            let before = switches.partition_point(|&(start, _, _)| start <= offset);
            before.checked_sub(1).map(|i| switches[i])
        };
        match (last(&None), last(&named)) {
            (Some((_, a, disable_a)), Some((_, b, disable_b))) => {
                if a > b {
                    disable_a
                } else {
                    disable_b
                }
            }
            (Some((_, _, disable)), None) | (None, Some((_, _, disable))) => disable,
            (None, None) => false,
        }
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

/// A post's block and heading spans sorted by start, to find the block a
/// `disable-next` comment covers with a binary search instead of a scan of
/// every block per comment.
struct BlockStarts {
    blocks: Vec<Span>,
    headings: Vec<Span>,
}

impl BlockStarts {
    fn of(post: &Document) -> BlockStarts {
        // Stable sorts: of two spans starting together, the first in the
        // document's order is the one covered.
        let mut blocks: Vec<Span> = post.blocks.iter().map(|b| b.span.clone()).collect();
        blocks.sort_by_key(|s| s.start);
        let mut headings: Vec<Span> = post.headings.iter().map(|h| h.span.clone()).collect();
        headings.sort_by_key(|s| s.start);
        BlockStarts { blocks, headings }
    }

    /// The span of the first block or heading that starts at or after `offset`.
    fn next_after(&self, offset: usize) -> Span {
        let first = |spans: &[Span]| {
            spans
                .get(spans.partition_point(|s| s.start < offset))
                .cloned()
        };
        match (first(&self.blocks), first(&self.headings)) {
            (Some(b), Some(h)) => {
                if b.start <= h.start {
                    b
                } else {
                    h
                }
            }
            (Some(s), None) | (None, Some(s)) => s,
            (None, None) => offset..offset,
        }
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

    /// The plain reading of the directives, one scan per lookup: what the
    /// indexed lookup must agree with.
    fn scanned(s: &Suppressions, rule: &str, offset: usize) -> bool {
        let names = |d: &Directive| d.rules.is_empty() || d.rules.iter().any(|r| r == rule);
        let mut disabled = false;
        for d in s.directives() {
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

    #[test]
    fn indexed_lookups_agree_with_scanning_every_directive() {
        let pieces = [
            "<!-- postlint-disable a -->\n\n",
            "<!-- postlint-enable a -->\n\n",
            "<!-- postlint-disable -->\n\n",
            "<!-- postlint-enable -->\n\n",
            "<!-- postlint-disable-next b -->\n",
            "<!-- postlint-disable-next -->\n",
            "<!-- postlint-enable a, b -->\n\n",
            "## Heading\n\n",
            "A paragraph.\n\n",
            "- item\n\n",
        ];
        // Every sequence of three pieces (1,000 posts), each offset, three rules.
        let mut text = String::new();
        for n in 0..1_000usize {
            text.clear();
            let mut k = n;
            for _ in 0..3 {
                text.push_str(pieces[k % pieces.len()]);
                k /= pieces.len();
            }
            let (_, s) = suppressions(&text);
            for offset in 0..=text.len() {
                for rule in ["a", "b", "c"] {
                    assert_eq!(
                        s.suppresses(rule, offset),
                        scanned(&s, rule, offset),
                        "{rule} at {offset} in {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn disable_file_without_names_covers_everything() {
        let (_, s) = suppressions("text\n\n<!-- postlint-disable-file -->\n");
        assert!(s.suppresses("any-rule", 0));
    }
}
