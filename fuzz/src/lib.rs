//! What the fuzz targets share: a linter with every rule on, runs over one
//! post or a small corpus, and the invariants every run must keep.
//!
//! The targets do not stop at "no crash". Each run is checked for the promises
//! output formats and editors rely on: every span lies inside its post and on
//! a character boundary, findings come in the engine's order, and text output
//! holds no control character a terminal would act on.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use postlint::config::{self, Config};
use postlint::document::{Document, PlainText, Span};
use postlint::engine::{Linter, Outcome, RunOptions};
use postlint::report::{self, Format, Places, Run};
use postlint::rule::RuleInfo;
use postlint::rules::Registry;
use postlint::walk::CorpusScope;
use postlint::workspace::Workspace;

/// The built-in rules and the shipped pack, with every rule on (the ones off
/// by default too).
pub fn linter() -> &'static (Linter, Vec<RuleInfo>) {
    static LINTER: OnceLock<(Linter, Vec<RuleInfo>)> = OnceLock::new();
    LINTER.get_or_init(|| {
        let registry = Registry::builtin();
        let infos = registry.infos();
        let mut text = String::new();
        for info in &infos {
            text.push_str(&format!(
                "[rules.{}]\nseverity = \"{}\"\n",
                info.name, info.severity
            ));
        }
        let config = config::parse(Path::new("postlint.toml"), &text, &infos)
            .unwrap_or_else(|_| Config::default());
        let workspace = Workspace::new(PathBuf::new(), registry, config);
        let linter =
            Linter::new(&workspace, &[], &[]).unwrap_or_else(|_| panic!("the fuzz linter builds"));
        (linter, infos)
    })
}

/// Options for a one-thread run of `paths`, compared only among themselves.
pub fn options(paths: Vec<PathBuf>) -> RunOptions {
    RunOptions {
        paths,
        corpus: CorpusScope::Given,
        threads: 1,
        ..RunOptions::default()
    }
}

/// A folder of this process's own for posts written to disk.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postlint-fuzz-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("scratch folder: {e}"));
    dir
}

/// Whether `span` lies inside `text` and on character boundaries.
pub fn span_ok(text: &str, span: &Span) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

fn assert_span(text: &str, span: &Span, what: &str) {
    assert!(
        span_ok(text, span),
        "{what} span {span:?} is not inside the text ({} bytes) on char boundaries",
        text.len()
    );
}

fn assert_plain(doc: &Document, plain: &PlainText, what: &str) {
    let text = &plain.text;
    assert_span(&doc.source, &plain.to_source(0..text.len()), what);
    // Every word of the plain text maps back to a span on char boundaries.
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (start, c.is_alphanumeric()) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                assert_span(&doc.source, &plain.to_source(s..i), what);
                start = None;
            }
            _ => {}
        }
    }
    for range in plain.code_ranges().iter().chain(plain.alt_ranges()) {
        assert_span(text, range, what);
    }
}

/// Checks every span of the document model.
pub fn check_document(doc: &Document) {
    let source = &doc.source;
    if let Some(fm) = &doc.front_matter {
        assert_span(source, &fm.span, "front matter");
        assert_span(source, &fm.body, "front matter body");
        if let Some(error) = &fm.error {
            assert_span(source, &error.span, "front matter error");
        }
        for key in fm.fields.keys() {
            if let Some(span) = fm.value_span(key) {
                assert_span(source, &span, "front matter value");
            }
        }
    }
    if let Some(title) = &doc.title {
        assert_span(source, &title.span, "title");
    }
    for h in &doc.headings {
        assert_span(source, &h.span, "heading");
        assert_plain(doc, &h.text, "heading text");
        assert!(h.first_block <= doc.blocks.len());
    }
    assert_eq!(doc.sections.len(), doc.headings.len());
    for s in &doc.sections {
        assert_span(source, &s.span, "section");
        assert!(s.blocks.end <= doc.blocks.len() && s.direct_blocks.end <= s.blocks.end);
        assert!(s.subsections.end <= doc.headings.len());
    }
    for b in &doc.blocks {
        assert_span(source, &b.span, "block");
        assert_plain(doc, &b.text, "block text");
    }
    for l in &doc.links {
        assert_span(source, &l.span, "link");
    }
    for i in &doc.images {
        assert_span(source, &i.span, "image");
    }
    for c in &doc.comments {
        assert_span(source, &c.span, "comment");
    }
    for w in doc.blocks.windows(2) {
        assert!(w[0].span.start <= w[1].span.start, "blocks out of order");
    }
}

/// Checks a run's findings: spans inside their posts, engine order.
pub fn check_outcome(outcome: &Outcome) {
    for f in &outcome.findings {
        let post = &outcome.posts[f.finding.post];
        assert_span(&post.source, &f.finding.span, &f.finding.rule);
        assert!(post.target, "finding in a post that is not a target");
        assert!(f.range.start.line >= 1 && f.range.start.column >= 1);
        for r in &f.related {
            assert_span(
                &outcome.posts[r.related.post].source,
                &r.related.span,
                "related",
            );
        }
    }
    let key = |f: &postlint::diagnostic::Located| {
        (
            outcome.posts[f.finding.post].path.clone(),
            f.finding.span.start,
            f.finding.rule.clone(),
            f.finding.span.end,
            f.finding.message.clone(),
        )
    };
    for w in outcome.findings.windows(2) {
        assert!(key(&w[0]) <= key(&w[1]), "findings out of order");
    }
}

/// Renders `outcome` in the text formats and checks they carry no control
/// character but the line break and the tab: nothing a terminal would act on
/// (a tab only moves the cursor, and miette expands it in snippets).
pub fn check_text_output(outcome: &Outcome) {
    let (_, infos) = linter();
    let run = Run {
        outcome,
        rules: infos,
        exit_code: 0,
        places: Places::default(),
    };
    for format in [Format::HUMAN, Format::CONCISE] {
        let mut out = Vec::new();
        report::reporter(format, report::Style::PLAIN)
            .report(&run, &mut out)
            .unwrap_or_else(|e| panic!("{format:?} output: {e}"));
        let text = String::from_utf8(out).unwrap_or_else(|e| panic!("{format:?}: {e}"));
        if let Some(c) = text
            .chars()
            .find(|&c| c.is_control() && c != '\n' && c != '\t')
        {
            panic!("{format:?} output holds control character {c:?}");
        }
        if format == Format::CONCISE {
            assert_eq!(text.lines().count(), outcome.findings.len());
        }
    }
}

/// What two runs must agree on: each finding's rule, place and message, and
/// which posts could not be checked and why.
pub fn digest(outcome: &Outcome) -> (Vec<String>, Vec<String>) {
    let findings = outcome
        .findings
        .iter()
        .map(|f| {
            format!(
                "{}:{:?}: {} [{}]",
                f.path, f.finding.span, f.finding.message, f.finding.rule
            )
        })
        .collect();
    let errors = outcome.file_errors.iter().map(|e| e.to_string()).collect();
    (findings, errors)
}

/// Whether pulldown-cmark itself panics on `text` (pulldown-cmark#1115 and any
/// kin). The engine contains such a panic (the post becomes a file error,
/// tested in `tests/it/bad_input.rs`), but libFuzzer's panic hook aborts before
/// any `catch_unwind` runs, so the targets skip these inputs instead of
/// reporting the same upstream bug forever. Everything postlint does with the
/// events is still fuzzed.
pub fn parser_panics(text: &str) -> bool {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let parsed = std::panic::catch_unwind(|| {
        pulldown_cmark::Parser::new_ext(text, postlint::document::markdown_options())
            .into_offset_iter()
            .count()
    });
    std::panic::set_hook(hook);
    parsed.is_err()
}

/// Renders errors as `postlint` prints them, so a span outside its file shows
/// up as a failure here rather than as garbled output for a user.
pub fn render_errors(errors: &[postlint::error::SourceError]) {
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    for error in errors {
        let mut out = String::new();
        handler
            .render_report(&mut out, error)
            .unwrap_or_else(|_| panic!("error does not render: {error}"));
    }
}
