//! Errors for people: what is wrong, where, and what to do instead.
//!
//! Config files, rule files and command lines are written by people, so their
//! errors point into the text they wrote. [`SourceError`] is one such error as a
//! miette diagnostic: a message, the file with a labelled span, and a help line.
//! [`did_you_mean`] finds the name a typo meant. Settings files find their
//! spans with [`crate::settings`].

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{LabeledSpan, NamedSource, SourceCode};

/// An error in a file someone wrote, pointing at the exact place. Boxed, since
/// it travels in `Result`s on paths that succeed almost always.
#[derive(Clone)]
pub struct SourceError(Box<Inner>);

#[derive(Clone)]
struct Inner {
    message: String,
    source: Option<NamedSource<Arc<str>>>,
    span: Option<Range<usize>>,
    label: Option<String>,
    help: Option<String>,
}

impl SourceError {
    /// An error with a message and nothing else yet.
    pub fn new(message: impl Into<String>) -> Self {
        SourceError(Box::new(Inner {
            message: message.into(),
            source: None,
            span: None,
            label: None,
            help: None,
        }))
    }

    /// Points at `span` of the file `name` whose text is `text`.
    pub fn at(mut self, name: &Path, text: Arc<str>, span: Option<Range<usize>>) -> Self {
        self.0.source = Some(NamedSource::new(name.display().to_string(), text));
        self.0.span = span;
        self
    }

    /// The error with its file shown as the user would type it: relative to
    /// `cwd` when below it. Only the CLI knows its working folder, so it asks
    /// for this when it prints.
    pub fn shown_from(&self, cwd: &Path) -> SourceError {
        let mut shown = SourceError(self.0.clone());
        if let Some(source) = &self.0.source {
            let name = Path::new(source.name());
            let name = name.strip_prefix(cwd).unwrap_or(name);
            shown.0.source = Some(NamedSource::new(
                name.display().to_string(),
                Arc::clone(source.inner()),
            ));
        }
        shown
    }

    /// Labels the span.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.0.label = Some(label.into());
        self
    }

    /// Says what to do instead.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.0.help = Some(help.into());
        self
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// The file the error points into, as named, with its text and the span
    /// when there is one: what an editor underlines.
    pub fn place(&self) -> Option<(&str, &str, Option<Range<usize>>)> {
        let source = self.0.source.as_ref()?;
        Some((source.name(), source.inner(), self.0.span.clone()))
    }

    /// What to do instead, when the error says.
    pub fn help_text(&self) -> Option<&str> {
        self.0.help.as_deref()
    }
}

impl fmt::Debug for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.message)
    }
}

impl std::error::Error for SourceError {}

impl miette::Diagnostic for SourceError {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.0
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.0.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.0.span.clone()?;
        self.0.source.as_ref()?;
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(self.0.label.clone(), span),
        )))
    }
}

/// A file that could not be read or checked.
#[derive(Debug, Clone)]
pub struct FileError {
    /// The file, as the user named or found it.
    pub path: PathBuf,
    /// What went wrong, lower-case.
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// The known name closest to `unknown`, if any is close enough to be a typo.
pub fn did_you_mean<'a>(
    unknown: &str,
    known: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(unknown, k), k))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}
