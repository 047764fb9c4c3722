//! Findings: what rules return, and the located form every output format reads.
//!
//! A rule pushes a [`Finding`]: which rule, which post, which bytes, what is wrong,
//! what to do, and the other places involved (the other copy of a duplicate). The
//! engine turns each into a [`Located`] finding, with paths, lines and columns, and
//! a fingerprint that survives lines moving, which is what baselines and code
//! scanning key on. Rendering is the reporters' business ([`crate::report`]); the
//! one piece of presentation here is the miette view, because miette wants the
//! finding itself to be a `Diagnostic`.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use miette::{
    LabeledSpan, MietteError, MietteSpanContents, NamedSource, SourceCode, SourceSpan, SpanContents,
};

use crate::document::{PostId, Span};
use crate::lines::Position;
use crate::rule::{PostRecord, RuleInfo, Severity};

/// A problem a rule found.
#[derive(Debug, Clone)]
pub struct Finding {
    /// The rule's name.
    pub rule: Cow<'static, str>,
    /// Set by the engine from config; rules leave their default.
    pub severity: Severity,
    /// The post it is in.
    pub post: PostId,
    /// The bytes it is about.
    pub span: Span,
    /// What is wrong: lower-case, no trailing period, naming the concrete thing.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The other places involved.
    pub related: Vec<Related>,
    /// How many related places there are in all, when `related` lists only some.
    pub related_total: usize,
}

/// Another place a finding involves.
#[derive(Debug, Clone)]
pub struct Related {
    /// The post.
    pub post: PostId,
    /// The bytes.
    pub span: Span,
    /// What this place is ("other copy", "original").
    pub message: String,
}

impl Finding {
    /// A finding of `rule` at `span` of post `post`.
    pub fn new(rule: &RuleInfo, post: PostId, span: Span, message: impl Into<String>) -> Self {
        Finding {
            rule: rule.name.clone(),
            severity: rule.severity,
            post,
            span,
            message: message.into(),
            help: None,
            related: Vec::new(),
            related_total: 0,
        }
    }

    /// Adds the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a related place.
    pub fn with_related(mut self, post: PostId, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            post,
            span,
            message: message.into(),
        });
        self.related_total = self.related_total.max(self.related.len());
        self
    }
}

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

/// The longest underline human output draws on one line, in characters.
const UNDERLINE_LIMIT: usize = 40;

/// The part of `span` to underline. Prose paragraphs are often one long line;
/// underlining all of it draws a rule hundreds of characters wide, so a span
/// within one line is cut to its first [`UNDERLINE_LIMIT`] characters. Spans
/// over several lines are left to miette, which marks them with a gutter.
fn underline(source: &str, span: &Span) -> std::ops::Range<usize> {
    let text = source.get(span.clone()).unwrap_or("");
    if text.contains('\n') {
        return span.clone();
    }
    let cut = text
        .char_indices()
        .nth(UNDERLINE_LIMIT)
        .map_or(text.len(), |(i, _)| i);
    span.start..span.start + cut
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

/// A post's text as human output shows it: miette reads only the lines
/// around each snippet, found through an index of line breaks, instead of
/// counting lines from the top of the post for every snippet (20,000 findings
/// in one post took 20 s that way). Control characters a terminal would act on
/// are replaced by `?` (one per byte, so every span still fits), except tabs,
/// which miette expands, and the line breaks themselves.
#[derive(Clone)]
pub struct SnippetSource {
    text: std::sync::Arc<str>,
    /// Where miette's lines end: each `\n`, and each `\r` not before one.
    breaks: std::sync::Arc<[usize]>,
}

impl SnippetSource {
    /// The snippet source of a post's text.
    pub fn new(text: &std::sync::Arc<str>) -> SnippetSource {
        let bytes = text.as_bytes();
        let shown = |i: usize, c: char| {
            !c.is_control()
                || c == '\t'
                || c == '\n'
                || (c == '\r' && bytes.get(i + 1) == Some(&b'\n'))
        };
        let text = if text.char_indices().all(|(i, c)| shown(i, c)) {
            text.clone()
        } else {
            let mut safe = String::with_capacity(text.len());
            for (i, c) in text.char_indices() {
                if shown(i, c) {
                    safe.push(c);
                } else {
                    safe.extend(std::iter::repeat_n('?', c.len_utf8()));
                }
            }
            std::sync::Arc::from(safe)
        };
        // Only `\n` and `\r\n` are left: a lone `\r` was replaced above.
        let breaks = memchr::memchr_iter(b'\n', text.as_bytes()).collect();
        SnippetSource { text, breaks }
    }
}

impl SourceCode for SnippetSource {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // miette's own reading, started at a line far enough up that it sees
        // every context line it wants: the result is the same, shifted by the
        // lines skipped. One spare line keeps its edge cases (an empty span at
        // a line start) exactly as they are on the whole text.
        let offset = span.offset();
        let before = self.breaks.partition_point(|&b| b < offset);
        let (start, skipped) = match before.checked_sub(context_lines_before + 2) {
            Some(i) => (self.breaks[i] + 1, i + 1),
            None => (0, 0),
        };
        let window = &self.text.as_bytes()[start.min(self.text.len())..];
        let shifted = SourceSpan::new((offset - start.min(offset)).into(), span.len());
        let inner = window.read_span(&shifted, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            SourceSpan::new((inner.span().offset() + start).into(), inner.span().len()),
            inner.line() + skipped,
            inner.column(),
            inner.line_count() + skipped,
        )))
    }
}

/// How many related places human output shows before "and N more".
pub const HUMAN_RELATED_LIMIT: usize = 5;

/// A located finding as a miette diagnostic, with each related place carrying
/// its own post's source, so the other copy of a duplicate shows its own snippet.
/// Messages, help and paths have their control characters escaped.
pub struct MietteView<'a> {
    located: &'a Located,
    message: String,
    help: Option<String>,
    source: NamedSource<SnippetSource>,
    source_text: std::sync::Arc<str>,
    related: Vec<RelatedView>,
}

struct RelatedView {
    message: String,
    label: LabeledSpan,
    source: NamedSource<SnippetSource>,
}

impl<'a> MietteView<'a> {
    /// The view of `located`, whose posts are `posts`; `source` gives each
    /// post's [`SnippetSource`], so a post with many findings is indexed once.
    pub fn new(
        located: &'a Located,
        posts: &[PostRecord],
        mut source: impl FnMut(PostId) -> SnippetSource,
    ) -> Self {
        let post = &posts[located.finding.post];
        let name = |path: &str| escape_controls(path, true).into_owned();
        let related = located
            .related
            .iter()
            .take(HUMAN_RELATED_LIMIT)
            .map(|r| {
                let other = &posts[r.related.post];
                let message = escape_controls(&r.related.message, false).into_owned();
                RelatedView {
                    label: LabeledSpan::new_with_span(
                        Some(message.clone()),
                        underline(&other.source, &r.related.span),
                    ),
                    message,
                    source: NamedSource::new(name(&r.path), source(r.related.post)),
                }
            })
            .collect::<Vec<_>>();
        let total = located.finding.related_total.max(located.related.len());
        let more = (total > related.len()).then(|| {
            format!(
                "and {} more {}",
                total - related.len(),
                if total - related.len() == 1 {
                    "place"
                } else {
                    "places"
                }
            )
        });
        let help = located
            .finding
            .help
            .as_deref()
            .map(|h| escape_controls(h, false));
        let help = match (help, more) {
            (Some(help), Some(more)) => Some(format!("{help} ({more})")),
            (Some(help), None) => Some(help.into_owned()),
            (None, Some(more)) => Some(more),
            (None, None) => None,
        };
        MietteView {
            located,
            message: escape_controls(&located.finding.message, false).into_owned(),
            help,
            source: NamedSource::new(name(&located.path), source(located.finding.post)),
            source_text: post.source.clone(),
            related,
        }
    }
}

impl fmt::Debug for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MietteView")
            .field("rule", &self.located.finding.rule)
            .finish()
    }
}

impl fmt::Display for MietteView<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MietteView<'_> {}

fn miette_severity(severity: Severity) -> miette::Severity {
    match severity {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

impl miette::Diagnostic for MietteView<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.located.finding.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(miette_severity(self.located.finding.severity))
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'b>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(
                Some(self.located.finding.rule.to_string()),
                underline(&self.source_text, &self.located.finding.span),
            ),
        )))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

impl fmt::Debug for RelatedView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for RelatedView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for RelatedView {}

impl miette::Diagnostic for RelatedView {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_read_as_miette_reads_the_whole_text() {
        let text = "# T\n\none\r\ntwo\n\n\nthree é four\n## H\nlast";
        let source = SnippetSource::new(&std::sync::Arc::from(text));
        for start in 0..=text.len() {
            for len in 0..=(text.len() - start).min(12) {
                let span = SourceSpan::new(start.into(), len);
                for context in 0..3 {
                    let whole = text.read_span(&span, context, context);
                    let windowed = source.read_span(&span, context, context);
                    match (whole, windowed) {
                        (Ok(a), Ok(b)) => {
                            let at = format!("{start}+{len}, context {context}");
                            assert_eq!(a.data(), b.data(), "{at}");
                            assert_eq!(a.span(), b.span(), "{at}");
                            assert_eq!(
                                (a.line(), a.column(), a.line_count()),
                                (b.line(), b.column(), b.line_count()),
                                "{at}"
                            );
                        }
                        (a, b) => assert_eq!(a.is_err(), b.is_err()),
                    }
                }
            }
        }
    }

    #[test]
    fn control_characters_are_escaped_for_terminals() {
        assert_eq!(
            escape_controls("a\u{1b}]0;x\u{7}b", false),
            "a\\u{1b}]0;x\\u{7}b"
        );
        assert_eq!(escape_controls("a\nb\tc", false), "a\nb\tc");
        assert_eq!(escape_controls("a\nb", true), "a\\u{a}b");
        let source = SnippetSource::new(&std::sync::Arc::from("x\u{1b}[31my\u{9b}z\r\n"));
        assert_eq!(&*source.text, "x?[31my??z\r\n");
    }
}
