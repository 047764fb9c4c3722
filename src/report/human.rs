//! `human`: rich diagnostics rendered by miette.
//!
//! Each finding shows its file, line and column, a source snippet with the
//! flagged span labelled, the rule name and a help line. Related places (the
//! other copy of a duplicate) are rendered with their own file and snippet. Colour
//! is the caller's decision (`--color`, `NO_COLOR`, whether stdout is a terminal).
//! A finding becomes a miette `Diagnostic` here, in a view made for rendering,
//! so the finding type itself knows nothing of miette.

use std::collections::HashMap;
use std::io::{self, Write};

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NamedSource, SourceCode, SourceSpan, SpanContents,
};

use super::{FormatSpec, Reporter, Run, Style};
use crate::diagnostic::{Located, escape_controls};
use crate::document::{PostId, Span};
use crate::rule::{PostRecord, Severity};

/// The `human` entry of [`FORMATS`](super::FORMATS).
pub(super) static FORMAT: FormatSpec = FormatSpec {
    name: "human",
    about: "Rich diagnostics with source snippets",
    reporter: |style| Box::new(Human::new(style)),
};

/// The human format.
pub struct Human {
    handler: GraphicalReportHandler,
}

impl Human {
    /// A human reporter in `style`: coloured or not, wrapping at its width.
    pub fn new(style: Style) -> Self {
        let theme = if style.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Human {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_width(style.width)
                .with_links(false),
        }
    }
}

impl Reporter for Human {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut text = String::new();
        let mut sources: HashMap<PostId, SnippetSource> = HashMap::new();
        for located in &run.outcome.findings {
            text.clear();
            let posts = &run.outcome.posts;
            let view = MietteView::new(located, posts, |id| {
                sources
                    .entry(id)
                    .or_insert_with(|| SnippetSource::new(&posts[id].source))
                    .clone()
            });
            if self.handler.render_report(&mut text, &view).is_err() {
                // miette only fails on a broken formatter; fall back to one line.
                text = format!(
                    "{}: {} [{}]\n",
                    escape_controls(&located.path, true),
                    escape_controls(&located.finding.message, true),
                    located.finding.rule
                );
            }
            out.write_all(text.as_bytes())?;
            writeln!(out)?;
        }
        Ok(())
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

/// A post's text as human output shows it: miette reads only the lines
/// around each snippet, found through an index of line breaks, instead of
/// counting lines from the top of the post for every snippet (20,000 findings
/// in one post took 20 s that way). Control characters a terminal would act on
/// are replaced by `?` (one per byte, so every span still fits), except tabs,
/// which miette expands, and the line breaks themselves.
#[derive(Clone)]
struct SnippetSource {
    text: std::sync::Arc<str>,
    /// Where miette's lines end: each `\n`, and each `\r` not before one.
    breaks: std::sync::Arc<[usize]>,
}

impl SnippetSource {
    /// The snippet source of a post's text.
    fn new(text: &std::sync::Arc<str>) -> SnippetSource {
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
const HUMAN_RELATED_LIMIT: usize = 5;

/// A located finding as a miette diagnostic, with each related place carrying
/// its own post's source, so the other copy of a duplicate shows its own snippet.
/// Messages, help and paths have their control characters escaped.
struct MietteView<'a> {
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
    fn new(
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
    fn snippets_show_control_characters_as_question_marks() {
        let source = SnippetSource::new(&std::sync::Arc::from("x\u{1b}[31my\u{9b}z\r\n"));
        assert_eq!(&*source.text, "x?[31my??z\r\n");
    }
}
