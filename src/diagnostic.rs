//! Diagnostics: findings located, in the form every output format reads.
//!
//! A rule pushes a [`Finding`]: which rule, which post,
//! which bytes, what is wrong, what to do, and the other places involved (the
//! other copy of a duplicate). The engine turns each into a [`Located`] finding, with paths, lines and columns, and
//! a fingerprint that survives lines moving, which is what baselines and code
//! scanning key on. Rendering is the reporters' business ([`crate::report`]),
//! the miette view of a finding included (`report/human.rs`).

use std::borrow::Cow;
use std::collections::HashMap;

use crate::document::Span;
use crate::lines::Position;
use crate::rule::{Finding, PostRecord, Related};

/// A start and end position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// Where it starts.
    pub start: Position,
    /// Where it ends (exclusive column).
    pub end: Position,
}

/// A related place with its path and positions.
#[derive(Debug, Clone)]
pub struct LocatedRelated {
    /// The related place.
    pub related: Related,
    /// Display path.
    pub path: String,
    /// Lines and columns.
    pub range: Range,
}

/// A finding with everything an output format needs.
#[derive(Debug, Clone)]
pub struct Located {
    /// The finding.
    pub finding: Finding,
    /// Display path, `/`-separated.
    pub path: String,
    /// Lines and columns.
    pub range: Range,
    /// Related places, located.
    pub related: Vec<LocatedRelated>,
    /// Stable across lines moving: a hash of rule, path and the flagged text.
    pub fingerprint: String,
}

/// Display path of a post: `/`-separated on every platform.
pub fn display_path(post: &PostRecord) -> String {
    let text = post.path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}

/// The range of `span` in `post`.
pub fn range_of(post: &PostRecord, span: &Span) -> Range {
    Range {
        start: post.lines.position(&post.source, span.start),
        end: post.lines.position(&post.source, span.end),
    }
}

/// Makes fingerprints for findings taken in the engine's order.
///
/// A fingerprint hashes the rule, a path and the flagged text with its whitespace
/// collapsed, so it survives lines moving and reflowing. Identical findings in one
/// post (the same empty heading twice) are told apart by how many came before.
/// The engine fingerprints with display paths; baselines fingerprint the same
/// findings with paths relative to the baseline file, so one recorded in one
/// folder still matches when postlint runs from another.
#[derive(Debug, Default)]
pub struct Fingerprints {
    seen: HashMap<u64, usize>,
}

impl Fingerprints {
    /// The fingerprint of the next finding of `rule` at `span` of `post`, shown
    /// as `path`.
    pub fn next(&mut self, rule: &str, path: &str, post: &PostRecord, span: &Span) -> String {
        let flagged: String = post
            .slice(span)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let base = xxhash_rust::xxh3::xxh3_64(format!("{rule}\0{path}\0{flagged}").as_bytes());
        let nth = self.seen.entry(base).or_insert(0);
        let fingerprint = format!(
            "{:016x}",
            xxhash_rust::xxh3::xxh3_64_with_seed(&base.to_le_bytes(), *nth as u64)
        );
        *nth += 1;
        fingerprint
    }
}

/// Text for a terminal: control characters (ESC, BEL, CR, C1 codes, and
/// newlines too when `newlines` is set) written as `\u{1b}` escapes, so a
/// title or file name cannot retitle the window, recolour text, or split a
/// line. Everything else, tabs included, is left as it is.
pub fn escape_controls(text: &str, newlines: bool) -> Cow<'_, str> {
    let escaped = |c: char| c.is_control() && c != '\t' && (newlines || c != '\n');
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if escaped(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_for_terminals() {
        assert_eq!(
            escape_controls("a\u{1b}]0;x\u{7}b", false),
            "a\\u{1b}]0;x\\u{7}b"
        );
        assert_eq!(escape_controls("a\nb\tc", false), "a\nb\tc");
        assert_eq!(escape_controls("a\nb", true), "a\\u{a}b");
    }
}
