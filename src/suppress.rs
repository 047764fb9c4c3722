//! Suppression comments inside posts.
//!
//! Authors silence a finding where it happens, the way ESLint and markdownlint do:
//! - `<!-- postlint-disable RULE ... -->` until `<!-- postlint-enable RULE ... -->`;
//!   with no names, every rule;
//! - `<!-- postlint-disable-next RULE ... -->` covers the next block (a paragraph,
//!   heading, list item, table, code block);
//! - `<!-- postlint-disable-file RULE ... -->` covers the whole file.
//!
//! Names may be separated by spaces or commas. A name that is not a rule, and a
//! directive that is not one of these four (`postlint-disabel`, markdownlint's
//! `-disable-line`), are themselves reported (`invalid-suppression`), since a
//! typo there silently suppresses nothing. A directive that ends up silencing
//! nothing can be reported too (`unused-suppression`, off by default).
//! Comments are collected by the document parse, so this never re-reads the text.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::document::{Document, Span};

/// What one directive covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Directive {
    scope: Scope,
    /// Rule names; empty means every rule.
    pub rules: Vec<String>,
    /// The comment's span.
    pub span: Span,
    /// Where each name sits in the comment, for `invalid-suppression`.
    pub name_spans: Vec<Span>,
}

/// A comment that starts like a directive but names none: `postlint-disabel`,
/// `postlint disable`, `postlint-disable-line`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnknownDirective {
    /// The directive word as written.
    pub word: String,
    /// Where the word sits in the comment.
    pub span: Span,
}

/// A directive, or one name in it, that silenced no finding of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unused {
    /// The name's span, or the whole comment's for a directive naming no rule.
    pub span: Span,
    /// The rule named, or `None` for a directive covering every rule.
    pub rule: Option<String>,
}

/// What follows `postlint-` in each directive postlint reads (it also takes
/// `-disable-next-line` for `-disable-next`, as ESLint users write it).
const DIRECTIVES: [&str; 4] = ["disable", "enable", "disable-next", "disable-file"];

/// The suppression comments of one post, in order, indexed so that a lookup
/// costs a binary search whatever the number of comments and findings (40,000
/// comments used to take 15 s when each finding scanned them all).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Suppressions {
    directives: Vec<Directive>,
    /// Comments that look like a directive but are not one, for
    /// `invalid-suppression`.
    unknown: Vec<UnknownDirective>,
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
        let mut unknown = Vec::new();
        let mut blocks = None;
        for comment in &post.comments {
            let Some((scope_word, names)) = split_directive(&comment.text) else {
                continue;
            };
            let raw = post.slice(&comment.span);
            let scope = match scope_word {
                "postlint-disable" => Scope::Disable,
                "postlint-enable" => Scope::Enable,
                "postlint-disable-file" => Scope::File,
                "postlint-disable-next" | "postlint-disable-next-line" => {
                    let blocks = blocks.get_or_insert_with(|| BlockStarts::of(post));
                    Scope::Range(blocks.next_after(comment.span.end))
                }
                _ => {
                    if let Some(word) = near_miss(scope_word, names.first().copied()) {
                        // The span runs from `postlint` to the word's last part.
                        let at = raw.find(scope_word).unwrap_or(0);
                        let last = word.rsplit(' ').next().unwrap_or(scope_word);
                        let end = raw[at..]
                            .find(last)
                            .map_or(at + scope_word.len(), |i| at + i + last.len());
                        unknown.push(UnknownDirective {
                            word,
                            span: comment.span.start + at..comment.span.start + end,
                        });
                    }
                    continue;
                }
            };
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
        let mut s = Suppressions::index(directives);
        s.unknown = unknown;
        s
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

    /// Comments that look like a directive but are none.
    pub fn unknown_directives(&self) -> &[UnknownDirective] {
        &self.unknown
    }

    /// The directives, and names in them, that silenced none of `silenced`
    /// (each a silenced finding's rule and start, in any order), in the
    /// post's order. Enables silence nothing by design and are never unused.
    /// A name for which `judged` is false (a rule that did not run on this
    /// post, or is not a rule) is left out: nothing can be said of it.
    ///
    /// Where several directives cover one finding, each kind of cover gets
    /// the credit: a file-wide directive, the disable or enable that decides
    /// there, and the innermost `disable-next` range. So only a directive
    /// that is redundant however it is read is called unused.
    pub fn unused(&self, silenced: &[(&str, usize)], judged: impl Fn(&str) -> bool) -> Vec<Unused> {
        if self.directives.is_empty() {
            return Vec::new();
        }
        // (directive, position of the name in it; None for a nameless one)
        let mut used: HashSet<(usize, Option<usize>)> = HashSet::new();
        let name_at = |d: &Directive, rule: &str| d.rules.iter().position(|r| r == rule);
        let mut by_rule: HashMap<&str, Vec<usize>> = HashMap::new();
        for &(rule, offset) in silenced {
            by_rule.entry(rule).or_default().push(offset);
        }
        for (&rule, offsets) in &mut by_rule {
            offsets.sort_unstable();
            offsets.dedup();
            let named = Some(rule.to_string());
            for (i, d) in self.directives.iter().enumerate() {
                if d.scope == Scope::File {
                    if d.rules.is_empty() {
                        used.insert((i, None));
                    } else if let Some(k) = name_at(d, rule) {
                        used.insert((i, Some(k)));
                    }
                }
            }
            for key in [&None, &named] {
                let Some(switches) = self.switches.get(key) else {
                    continue;
                };
                for &offset in offsets.iter() {
                    // The same deciding switch as in `suppresses`.
                    let before = switches.partition_point(|&(start, _, _)| start <= offset);
                    let Some(&(_, i, disable)) = before.checked_sub(1).map(|b| &switches[b]) else {
                        continue;
                    };
                    if disable && self.decides(i, rule, offset) {
                        used.insert((i, name_at(&self.directives[i], rule)));
                    }
                }
            }
            self.credit_ranges(rule, offsets, &mut used);
        }
        let mut unused = Vec::new();
        for (i, d) in self.directives.iter().enumerate() {
            if d.scope == Scope::Enable {
                continue;
            }
            if d.rules.is_empty() {
                if !used.contains(&(i, None)) {
                    unused.push(Unused {
                        span: d.span.clone(),
                        rule: None,
                    });
                }
                continue;
            }
            for (k, (name, span)) in d.rules.iter().zip(&d.name_spans).enumerate() {
                // A name given twice in one comment is judged once.
                let first = d.rules.iter().position(|r| r == name) == Some(k);
                if first && judged(name) && !used.contains(&(i, Some(k))) {
                    unused.push(Unused {
                        span: span.clone(),
                        rule: Some(name.clone()),
                    });
                }
            }
        }
        unused
    }

    /// Whether switch directive `i`, the last of its key before `offset`, is
    /// also the last of every switch covering `rule` there (a nameless one
    /// and a named one compete; the later wins).
    fn decides(&self, i: usize, rule: &str, offset: usize) -> bool {
        let last = |key: &Option<String>| {
            let switches = self.switches.get(key)?;
            let before = switches.partition_point(|&(start, _, _)| start <= offset);
            before.checked_sub(1).map(|b| switches[b].1)
        };
        let latest = last(&None).max(last(&Some(rule.to_string())));
        latest == Some(i)
    }

    /// Credits the innermost `disable-next` range covering each of `offsets`
    /// (sorted), for ranges naming `rule` and nameless ones: one sweep with a
    /// heap of open ranges, latest start on top, so the cost is
    /// O((ranges + offsets) log ranges) however the ranges nest.
    fn credit_ranges(
        &self,
        rule: &str,
        offsets: &[usize],
        used: &mut HashSet<(usize, Option<usize>)>,
    ) {
        for nameless in [true, false] {
            let mut ranges: Vec<(usize, usize, usize, Option<usize>)> = Vec::new();
            for (i, d) in self.directives.iter().enumerate() {
                let Scope::Range(span) = &d.scope else {
                    continue;
                };
                let name = if nameless {
                    if !d.rules.is_empty() {
                        continue;
                    }
                    None
                } else {
                    match d.rules.iter().position(|r| r == rule) {
                        Some(k) => Some(k),
                        None => continue,
                    }
                };
                if !span.is_empty() {
                    ranges.push((span.start, span.end, i, name));
                }
            }
            if ranges.is_empty() {
                continue;
            }
            ranges.sort_unstable();
            let mut open: BinaryHeap<(usize, Reverse<usize>, usize)> = BinaryHeap::new();
            let mut next = 0;
            for &offset in offsets {
                while next < ranges.len() && ranges[next].0 <= offset {
                    open.push((ranges[next].0, Reverse(ranges[next].2), next));
                    next += 1;
                }
                // A range ended before this offset ends before every later one.
                while open.peek().is_some_and(|&(_, _, r)| ranges[r].1 <= offset) {
                    open.pop();
                }
                if let Some(&(_, _, r)) = open.peek() {
                    used.insert((ranges[r].2, ranges[r].3));
                }
            }
        }
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

/// Splits `postlint-disable a, b` into the directive word and its names. Any
/// comment whose first word starts with `postlint`, whatever its case, is
/// split, so that near misses can be told apart from prose.
fn split_directive(text: &str) -> Option<(&str, Vec<&str>)> {
    let text = text.trim();
    if !text
        .get(..8)
        .is_some_and(|head| head.eq_ignore_ascii_case("postlint"))
    {
        return None;
    }
    let mut words = text
        .split([' ', ',', '\t', '\n', '\r'])
        .filter(|w| !w.is_empty());
    let directive = words.next()?;
    Some((directive, words.collect()))
}

/// The directive a comment whose first word is `word` (and second `next`)
/// meant to give, as written, if it meant one: `postlint` joined to more by
/// `-`, `_`, `:` or `.` (`postlint-disabel`, `Postlint:disable`), or
/// `postlint` followed by a word that starts like a directive's (`postlint
/// disable`). A comment in prose that merely begins with the name (`postlint
/// is run in CI`) gives none.
fn near_miss(word: &str, next: Option<&str>) -> Option<String> {
    match word.as_bytes().get(8) {
        Some(b'-' | b'_' | b':' | b'.') if word.len() > 9 => Some(word.to_string()),
        Some(_) => None,
        None => next
            .filter(|next| {
                let next = next.to_ascii_lowercase();
                ["disable", "enable", "ignore", "skip", "off"]
                    .iter()
                    .any(|d| next.starts_with(d))
            })
            .map(|next| format!("{word} {next}")),
    }
}

/// The help for an unknown directive: the directive meant, and what postlint
/// offers where a peer's spelling has no counterpart.
pub fn unknown_directive_help(word: &str) -> String {
    let lower = word.to_ascii_lowercase().replace(['_', ':', '.', ' '], "-");
    let list = "the directives are `postlint-disable`, `postlint-enable`, \
                `postlint-disable-next` and `postlint-disable-file`";
    if lower.ends_with("-line") && !lower.ends_with("next-line") {
        return format!(
            "postlint has no line directive: put `<!-- postlint-disable-next RULE -->` \
             on the line before the block; {list}"
        );
    }
    let rest = lower.get(9..).unwrap_or("");
    match crate::error::did_you_mean(rest, DIRECTIVES) {
        Some(close) => format!("did you mean `postlint-{close}`? {list}"),
        None => list.to_string(),
    }
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

    /// Calls `check` on every post made of three of `pieces` in a row.
    fn for_each_post(pieces: &[&str], mut check: impl FnMut(&str)) {
        let mut text = String::new();
        for n in 0..pieces.len().pow(3) {
            text.clear();
            let mut k = n;
            for _ in 0..3 {
                text.push_str(pieces[k % pieces.len()]);
                k /= pieces.len();
            }
            check(&text);
        }
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
        for_each_post(&pieces, |text| {
            let (_, s) = suppressions(text);
            for offset in 0..=text.len() {
                for rule in ["a", "b", "c"] {
                    assert_eq!(
                        s.suppresses(rule, offset),
                        scanned(&s, rule, offset),
                        "{rule} at {offset} in {text:?}"
                    );
                }
            }
        });
    }

    /// The plain reading of which directives a silenced finding credits: every
    /// file-wide one naming its rule, the last disable before it (of the
    /// nameless ones and the named ones together), and the covering
    /// `disable-next` range that starts last (the first such comment on a tie).
    fn credited(s: &Suppressions, rule: &str, offset: usize) -> Vec<(usize, Option<usize>)> {
        let name = |d: &Directive| {
            if d.rules.is_empty() {
                Some(None)
            } else {
                d.rules.iter().position(|r| r == rule).map(Some)
            }
        };
        let mut out = Vec::new();
        let mut switch = None;
        let mut range: Option<(usize, usize)> = None;
        for (i, d) in s.directives().iter().enumerate() {
            let Some(k) = name(d) else { continue };
            match &d.scope {
                Scope::File => out.push((i, k)),
                Scope::Disable | Scope::Enable if d.span.start <= offset => {
                    switch = Some((i, k, d.scope == Scope::Disable));
                }
                Scope::Range(span)
                    if span.contains(&offset)
                        && range.is_none_or(|(_, start)| span.start > start) =>
                {
                    range = Some((i, span.start));
                }
                _ => {}
            }
        }
        if let Some((i, k, true)) = switch {
            out.push((i, k));
        }
        if let Some((i, _)) = range {
            out.push((i, name(&s.directives()[i]).unwrap()));
        }
        out
    }

    #[test]
    fn unused_directives_agree_with_crediting_each_finding_by_scanning() {
        let pieces = [
            "<!-- postlint-disable a -->\n\n",
            "<!-- postlint-enable a -->\n\n",
            "<!-- postlint-disable -->\n\n",
            "<!-- postlint-disable-next b, a -->\n",
            "<!-- postlint-disable-next -->\n",
            "<!-- postlint-disable-file a -->\n\n",
            "> quoted\n>\n> <!-- postlint-disable-next a -->\n> inner\n\n",
            "## Heading\n\n",
            "A paragraph.\n\n",
        ];
        for_each_post(&pieces, |text| {
            let (_, s) = suppressions(text);
            // Findings of `a` at block starts and of `b` in headings only, kept
            // where silenced, so that some comments silence nothing.
            let silenced: Vec<(&str, usize)> = ["inner", "Heading", "paragraph", "quoted"]
                .iter()
                .flat_map(|needle| text.match_indices(needle).map(|(o, _)| o))
                .flat_map(|o| [("a", o), ("b", o)])
                .filter(|&(rule, o)| rule == "a" || text[o..].starts_with("Heading"))
                .filter(|&(rule, o)| s.suppresses(rule, o))
                .collect();
            let mut used = HashSet::new();
            for &(rule, offset) in &silenced {
                used.extend(credited(&s, rule, offset));
            }
            let mut expected = Vec::new();
            for (i, d) in s.directives().iter().enumerate() {
                if d.scope == Scope::Enable {
                    continue;
                }
                if d.rules.is_empty() {
                    if !used.contains(&(i, None)) {
                        expected.push(d.span.clone());
                    }
                    continue;
                }
                for (k, span) in d.name_spans.iter().enumerate() {
                    if !used.contains(&(i, Some(k))) {
                        expected.push(span.clone());
                    }
                }
            }
            let found: Vec<Span> = s
                .unused(&silenced, |_| true)
                .into_iter()
                .map(|u| u.span)
                .collect();
            assert_eq!(found, expected, "in {text:?}");
        });
    }

    #[test]
    fn near_misses_are_unknown_directives_and_prose_is_not() {
        let text = "<!-- postlint-disabel-next a -->\n\n<!-- Postlint:Disable a -->\n\n\
                    <!-- postlint disable a -->\n\n<!-- postlint is run in CI -->\n\n\
                    <!-- postlint-disable-line a -->\n\ntext\n";
        let (_, s) = suppressions(text);
        assert!(s.directives().is_empty());
        let words: Vec<(&str, &str)> = s
            .unknown_directives()
            .iter()
            .map(|u| (u.word.as_str(), &text[u.span.clone()]))
            .collect();
        assert_eq!(
            words,
            [
                ("postlint-disabel-next", "postlint-disabel-next"),
                ("Postlint:Disable", "Postlint:Disable"),
                ("postlint disable", "postlint disable"),
                ("postlint-disable-line", "postlint-disable-line"),
            ]
        );
        let help = |w: &str| unknown_directive_help(w);
        assert!(help("postlint-disabel-next").starts_with("did you mean `postlint-disable-next`?"));
        assert!(help("Postlint:Disable").starts_with("did you mean `postlint-disable`?"));
        assert!(help("postlint disable").starts_with("did you mean `postlint-disable`?"));
        assert!(help("postlint-disable-line").starts_with("postlint has no line directive"));
    }

    #[test]
    fn disable_file_without_names_covers_everything() {
        let (_, s) = suppressions("text\n\n<!-- postlint-disable-file -->\n");
        assert!(s.suppresses("any-rule", 0));
    }
}
