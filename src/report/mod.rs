//! Output formats, each behind one small trait.
//!
//! A reporter turns a finished run into bytes. Rules and the engine never print;
//! the command picks a reporter by name with [`reporter`], and adding a format is
//! one file and its line in [`FORMATS`]. Every format writes findings in the
//! engine's order, so output is byte-identical whatever the thread count; the one
//! exception is `github`, which puts the most severe first (GitHub shows only ten
//! annotations of each kind per step) and keeps the engine's order within a
//! severity.
//!
//! The formats for people and editors (`human`, `concise`) and the JSON contract
//! show paths as the engine does, relative to the working directory. The formats
//! read by code-review services (`sarif`, `github`, `gitlab`) need paths relative
//! to the repository, which [`Run::repository_path`] gives.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::engine::Outcome;
use crate::rule::RuleInfo;
use crate::walk::{git_root, normalize};

pub use github::step_summary;

/// What every output format needs: the run and the rules that ran.
pub struct Run<'a> {
    /// The run's result.
    pub outcome: &'a Outcome,
    /// Every known rule, for formats that describe rules.
    pub rules: &'a [RuleInfo],
    /// The exit code the run ends with, for formats that record it (SARIF).
    pub exit_code: u8,
    /// Where paths are resolved from and shown relative to.
    pub places: Places,
}

/// The folders paths are resolved against.
#[derive(Debug, Clone, Default)]
pub struct Places {
    /// The working directory the engine's display paths are relative to.
    pub cwd: PathBuf,
    /// The repository root, for services that want repository-relative paths.
    pub repository: Option<PathBuf>,
}

impl Places {
    /// The working directory `cwd`, and the repository holding it:
    /// `$GITHUB_WORKSPACE` or `$CI_PROJECT_DIR` when the working directory is
    /// inside it (what GitHub and GitLab resolve annotation paths against),
    /// else the nearest folder with a `.git`.
    pub fn discover(cwd: &Path) -> Places {
        let cwd = cwd.to_path_buf();
        let from_env = ["GITHUB_WORKSPACE", "CI_PROJECT_DIR"]
            .iter()
            .filter_map(std::env::var_os)
            .filter(|v| !v.is_empty())
            .map(|v| {
                let dir = PathBuf::from(v);
                std::fs::canonicalize(&dir).unwrap_or(dir)
            })
            .find(|dir| cwd.starts_with(dir));
        let repository = from_env.or_else(|| git_root(&cwd));
        Places { cwd, repository }
    }

    /// The absolute, lexically normalised form of a display path.
    pub fn absolute(&self, display: &str) -> PathBuf {
        normalize(&self.cwd.join(display))
    }
}

impl Run<'_> {
    /// A display path made relative to the repository root, `/`-separated. A path
    /// outside the repository (or with no repository) is left as displayed.
    pub fn repository_path(&self, display: &str) -> String {
        self.repository_relative(display)
            .unwrap_or_else(|| display.to_string())
    }

    /// A display path relative to the repository root, when it is inside one.
    pub fn repository_relative(&self, display: &str) -> Option<String> {
        let repo = self.places.repository.as_ref()?;
        let abs = self.places.absolute(display);
        let rel = abs.strip_prefix(repo).ok()?;
        (!rel.as_os_str().is_empty()).then(|| slashed(rel))
    }

    /// Every post that was checked, in path order.
    pub fn checked_posts(&self) -> impl Iterator<Item = &crate::rule::PostRecord> {
        self.outcome.posts.iter().filter(|p| p.target)
    }

    /// The declaration of `rule`, when it is known.
    pub fn rule(&self, rule: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|r| r.name == rule)
    }
}

fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The one-line tally of a run: "3 problems (1 error, 2 warnings, 0 infos) in 2
/// of 4 files". The stderr summary and GitHub's step summary both use it.
pub fn tally(outcome: &Outcome) -> String {
    let counts = outcome.counts();
    let files_with_findings = {
        let mut posts: Vec<usize> = outcome.findings.iter().map(|f| f.finding.post).collect();
        posts.dedup();
        posts.len()
    };
    format!(
        "{} ({}, {}, {}) in {files_with_findings} of {}",
        plural(outcome.findings.len(), "problem", "problems"),
        plural(counts.errors, "error", "errors"),
        plural(counts.warnings, "warning", "warnings"),
        plural(counts.infos, "info", "infos"),
        plural(outcome.files_checked, "file", "files"),
    )
}

/// `--statistics`: one line per rule that found something, with its count,
/// most first (then by name), as `ruff --statistics` prints them; a JSON
/// array of `{"rule", "severity", "count", "summary"}` when `json`. On a large
/// docs site this is the first thing to read: which rules speak, how much.
pub fn statistics(run: &Run<'_>, json: bool, out: &mut dyn Write) -> io::Result<()> {
    let mut counts: Vec<(usize, &str, crate::rule::Severity)> = Vec::new();
    let mut findings: Vec<(&str, crate::rule::Severity)> = run
        .outcome
        .findings
        .iter()
        .map(|f| (f.finding.rule.as_ref(), f.finding.severity))
        .collect();
    findings.sort_unstable();
    for same in findings.chunk_by(|a, b| a == b) {
        counts.push((same.len(), same[0].0, same[0].1));
    }
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let summary = |rule: &str| run.rule(rule).map_or("", |r| r.summary.as_ref());
    if json {
        let rows: Vec<serde_json::Value> = counts
            .iter()
            .map(|&(count, rule, severity)| {
                serde_json::json!({"rule": rule, "severity": severity, "count": count, "summary": summary(rule)})
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows).map_err(io::Error::from)?;
        return writeln!(out);
    }
    let width = counts.iter().map(|c| c.1.len()).max().unwrap_or(0);
    for (count, rule, severity) in counts {
        let severity = severity.as_str();
        writeln!(
            out,
            "{count:>6}  {rule:<width$}  {severity:<7}  {}",
            summary(rule)
        )?;
    }
    Ok(())
}

/// `n` and the right form of a noun.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The web page documenting a rule. A built-in rule's docs are the doc comment
/// of its declaration, so docs.rs publishes them for every released version.
pub fn rule_url(rule: &RuleInfo) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let module = rule
        .origin
        .strip_prefix("src/rules/")
        .and_then(|f| f.strip_suffix(".rs"));
    match module {
        Some(module) => format!(
            "https://docs.rs/postlint/{version}/postlint/rules/{module}/static.{}.html",
            rule.name.replace('-', "_").to_uppercase()
        ),
        None => format!("https://docs.rs/postlint/{version}/postlint/rules/index.html"),
    }
}

/// The paragraph under a rule's "What it flags" heading, on one line.
pub fn rule_description(rule: &RuleInfo) -> String {
    let docs = rule.docs_markdown();
    let body = docs
        .split_once("## What it flags")
        .map_or(docs.as_str(), |(_, rest)| rest);
    let body = body.split("\n## ").next().unwrap_or(body);
    let paragraph = body.trim().split("\n\n").next().unwrap_or("");
    let text = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        rule.summary.to_string()
    } else {
        text
    }
}

/// Escapes text for XML attributes and content, dropping the control characters
/// XML 1.0 cannot hold at all.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for XML element content, where line breaks stay as they are.
pub fn xml_text(text: &str) -> String {
    xml_escape(text)
        .replace("&#10;", "\n")
        .replace("&#13;", "\r")
}

/// A sequence serialised straight from an iterator, so a format writes each
/// element as it is made instead of building every element first: the output
/// of a large run can be many times the size of its findings, and it must not
/// all sit in memory at once. It serialises once; a second time gives `[]`.
pub struct Streamed<I>(std::cell::RefCell<Option<I>>);

impl<I> Streamed<I> {
    /// The elements of `items`, to serialise as a sequence.
    pub fn new(items: I) -> Self {
        Streamed(std::cell::RefCell::new(Some(items)))
    }
}

impl<I> serde::Serialize for Streamed<I>
where
    I: Iterator,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let items = self.0.borrow_mut().take();
        serializer.collect_seq(items.into_iter().flatten())
    }
}

/// `text` in the terminal colour `sgr` (an SGR code such as `"1"` for bold)
/// when `color` is on, else as it is.
fn paint(color: bool, sgr: &str, text: &str) -> String {
    if color {
        format!("\x1b[{sgr}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

/// The colour of a severity's name: errors red, warnings yellow, infos blue.
fn severity_sgr(severity: crate::rule::Severity) -> &'static str {
    match severity {
        crate::rule::Severity::Error => "31",
        crate::rule::Severity::Warning => "33",
        crate::rule::Severity::Info => "34",
    }
}

/// Writes a run in one format.
pub trait Reporter {
    /// Writes every finding of `run` to `out`.
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// Declares each format's module and lists its [`FormatSpec`] in [`FORMATS`],
/// so a format is its file and one line here.
macro_rules! formats {
    ($($module:ident,)*) => {
        $(mod $module;)*

        /// Every output format: its name for `--format`, the line `--help`
        /// gives it, and its reporter. The CLI, the tests and the GitHub
        /// Action's check all read this list.
        pub static FORMATS: &[&FormatSpec] = &[$(&$module::FORMAT),*];
    };
}

formats! {
    human,
    concise,
    grouped,
    json,
    sarif,
    github,
    gitlab,
    junit,
    checkstyle,
    rdjson,
}

/// One output format, as [`FORMATS`] lists it.
#[derive(Debug)]
pub struct FormatSpec {
    /// Its name for `--format`.
    pub name: &'static str,
    /// What it is, one line, for `--help`.
    pub about: &'static str,
    /// Its reporter, in a style where the format has one.
    reporter: fn(Style) -> Box<dyn Reporter>,
}

/// An output format: one of [`FORMATS`].
#[derive(Debug, Clone, Copy)]
pub struct Format(&'static FormatSpec);

impl PartialEq for Format {
    fn eq(&self, other: &Format) -> bool {
        self.0.name == other.0.name
    }
}

impl Eq for Format {}

impl Format {
    /// Rich diagnostics, the default.
    pub const HUMAN: Format = Format(&human::FORMAT);
    /// One line per finding.
    pub const CONCISE: Format = Format(&concise::FORMAT);
    /// JSON, which `--statistics` writes too.
    pub const JSON: Format = Format(&json::FORMAT);
    /// GitHub annotations, which also write the step summary.
    pub const GITHUB: Format = Format(&github::FORMAT);

    /// The format called `name`.
    pub fn parse(name: &str) -> Option<Format> {
        FORMATS.iter().find(|f| f.name == name).map(|&f| Format(f))
    }

    /// Every format, in [`FORMATS`] order.
    pub fn all() -> impl Iterator<Item = Format> {
        FORMATS.iter().map(|&f| Format(f))
    }

    /// Its name for `--format`.
    pub fn name(self) -> &'static str {
        self.0.name
    }

    /// What it is, one line.
    pub fn about(self) -> &'static str {
        self.0.about
    }
}

/// How the formats for people look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Whether to colour (`--color`, `NO_COLOR`, whether the output is a terminal).
    pub color: bool,
    /// The column human output wraps at.
    pub width: usize,
}

impl Style {
    /// No colour, 100 columns: files, pipes and snapshots, where output must
    /// not depend on the terminal.
    pub const PLAIN: Style = Style {
        color: false,
        width: 100,
    };
}

/// The reporter for `format`, in `style` where the format has one.
pub fn reporter(format: Format, style: Style) -> Box<dyn Reporter> {
    (format.0.reporter)(style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_named_formats_are_the_ones_their_constants_say() {
        let named = [
            (Format::HUMAN, "human"),
            (Format::CONCISE, "concise"),
            (Format::JSON, "json"),
            (Format::GITHUB, "github"),
        ];
        for (format, name) in named {
            assert_eq!(format.name(), name);
        }
    }

    #[test]
    fn xml_escaping_keeps_text_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            xml_escape("a<b & \"c\"\u{1}\n"),
            "a&lt;b &amp; &quot;c&quot;&#10;"
        );
    }
}
