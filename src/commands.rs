//! The commands, as plain functions of plain options.
//!
//! The CLI ([`crate`]'s binary, `cli.rs`) parses flags into these option structs;
//! nothing here knows about clap. Each command writes its output, reports errors
//! for people on stderr, and returns an [`ExitStatus`] that `main` turns into the
//! process exit code.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::config::{self, Config};
use crate::engine::{Linter, Outcome, Registry, RunOptions};
use crate::error::SourceError;
use crate::report::{self, Format, Run};
use crate::rule::{RuleInfo, Severity};

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// No finding at or above the fail level.
    Success,
    /// At least one finding at or above the fail level.
    Failure,
    /// A usage, config or I/O error.
    Error,
}

impl ExitStatus {
    /// The process exit code: 0, 1 or 2.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream that is (or is not) a terminal.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// The lowest severity that fails a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FailOn {
    /// Errors only.
    Error,
    /// Warnings and errors (the default).
    #[default]
    Warning,
    /// Any finding.
    Info,
    /// Never fail on findings (errors still exit 2).
    Never,
}

impl FailOn {
    fn fails(self, severity: Severity) -> bool {
        match self {
            FailOn::Error => severity >= Severity::Error,
            FailOn::Warning => severity >= Severity::Warning,
            FailOn::Info => true,
            FailOn::Never => false,
        }
    }
}

/// Where config comes from.
#[derive(Debug, Clone, Default)]
pub struct ConfigSource {
    /// `--config FILE`.
    pub file: Option<PathBuf>,
    /// `--isolated`: no config file at all.
    pub isolated: bool,
}

/// Options of `postlint check`.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// What to check.
    pub run: RunOptions,
    /// Where config comes from.
    pub config: ConfigSource,
    /// Output format.
    pub format: Option<Format>,
    /// Colour.
    pub color: ColorChoice,
    /// Fail level.
    pub fail_on: FailOn,
    /// No summary line on stderr.
    pub quiet: bool,
}

/// Writes errors for people to stderr.
fn print_errors(errors: &[SourceError]) {
    let color = ColorChoice::Auto.enabled(io::stderr().is_terminal());
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_links(false);
    let mut stderr = io::stderr().lock();
    for error in errors {
        let mut text = String::new();
        if handler.render_report(&mut text, error).is_err() {
            text = format!("error: {error}\n");
        }
        let _ = writeln!(stderr, "{text}");
    }
}

/// Loads the config for a run, as `source` says.
fn load_config(source: &ConfigSource, rules: &[RuleInfo]) -> Result<Config, Vec<SourceError>> {
    if source.isolated {
        return Ok(Config::default());
    }
    let file = match &source.file {
        Some(file) => Some(file.clone()),
        None => std::env::current_dir()
            .ok()
            .and_then(|d| config::discover(&d)),
    };
    match file {
        Some(file) => config::load(&file, rules),
        None => Ok(Config::default()),
    }
}

/// `postlint check`.
pub fn check(options: &CheckOptions) -> ExitStatus {
    let registry = Registry::builtin();
    let infos = registry.infos();
    let config = match load_config(&options.config, &infos) {
        Ok(config) => config,
        Err(errors) => {
            print_errors(&errors);
            return ExitStatus::Error;
        }
    };
    let linter = match Linter::new(&registry, config, &options.run.select, &options.run.ignore) {
        Ok(linter) => linter,
        Err(errors) => {
            print_errors(&errors);
            return ExitStatus::Error;
        }
    };
    let outcome = linter.run(&options.run);

    let stdout = io::stdout();
    let color = options.color.enabled(stdout.is_terminal());
    let reporter = report::reporter(options.format.unwrap_or(Format::Human), color);
    let run = Run {
        outcome: &outcome,
        rules: &infos,
    };
    let mut out = io::BufWriter::new(stdout.lock());
    let written = reporter.report(&run, &mut out).and_then(|()| out.flush());
    let status = status_of(&outcome, options.fail_on);
    match written {
        Ok(()) => {}
        // `postlint check | head`: the reader has what it wanted.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return status,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: cannot write output: {e}");
            return ExitStatus::Error;
        }
    }
    if !options.quiet {
        print_summary(&outcome);
    }
    status
}

fn status_of(outcome: &Outcome, fail_on: FailOn) -> ExitStatus {
    if !outcome.file_errors.is_empty() {
        ExitStatus::Error
    } else if outcome
        .findings
        .iter()
        .any(|f| fail_on.fails(f.finding.severity))
    {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    }
}

fn print_summary(outcome: &Outcome) {
    let mut stderr = io::stderr().lock();
    for error in &outcome.file_errors {
        let _ = writeln!(stderr, "error: {error}");
    }
    let counts = outcome.counts();
    let files_with_findings = {
        let mut posts: Vec<usize> = outcome.findings.iter().map(|f| f.finding.post).collect();
        posts.dedup();
        posts.len()
    };
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let _ = writeln!(
        stderr,
        "{} ({}, {}, {}) in {files_with_findings} of {} ({} ms)",
        plural(outcome.findings.len(), "problem", "problems"),
        plural(counts.errors, "error", "errors"),
        plural(counts.warnings, "warning", "warnings"),
        plural(counts.infos, "info", "infos"),
        plural(outcome.files_checked, "file", "files"),
        outcome.elapsed.as_millis()
    );
    if !outcome.file_errors.is_empty() {
        let _ = writeln!(
            stderr,
            "{} could not be checked",
            plural(outcome.file_errors.len(), "file", "files")
        );
    }
}

/// How `postlint rules` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RulesFormat {
    /// An aligned table.
    Text,
    /// JSON, for tools.
    Json,
    /// The Markdown table in the README.
    Markdown,
}

/// `postlint rules`.
pub fn rules(format: RulesFormat) -> ExitStatus {
    let infos = Registry::builtin().infos();
    let text = match format {
        RulesFormat::Text => rules_text(&infos),
        RulesFormat::Json => rules_json(&infos),
        RulesFormat::Markdown => rules_markdown(&infos),
    };
    write_stdout(&text)
}

fn rules_text(infos: &[RuleInfo]) -> String {
    let width = infos.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut text = String::new();
    for r in infos {
        let severity = if r.enabled {
            r.severity.as_str()
        } else {
            "off"
        };
        text.push_str(&format!(
            "{:width$}  {:7}  {:6}  {}\n",
            r.name,
            severity,
            match r.phase {
                crate::rule::Phase::Post => "post",
                crate::rule::Phase::Corpus => "corpus",
            },
            r.summary
        ));
    }
    text
}

fn rules_json(infos: &[RuleInfo]) -> String {
    let rules: Vec<serde_json::Value> = infos
        .iter()
        .map(|r| {
            serde_json::json!({
                "name": r.name,
                "severity": r.severity,
                "enabled": r.enabled,
                "phase": r.phase,
                "summary": r.summary,
                "options": r.options.iter().map(|o| serde_json::json!({
                    "name": o.name,
                    "type": o.kind.describe(),
                    "default": o.default,
                    "doc": o.doc,
                })).collect::<Vec<_>>(),
                "docs": r.docs_markdown(),
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&rules).unwrap_or_default();
    text.push('\n');
    text
}

/// The rules table of the README, generated from the declarations.
pub fn rules_markdown(infos: &[RuleInfo]) -> String {
    let mut text = String::from("| rule | default | checks | what it flags |\n|---|---|---|---|\n");
    for r in infos {
        let severity = if r.enabled {
            r.severity.as_str()
        } else {
            "off"
        };
        let phase = match r.phase {
            crate::rule::Phase::Post => "each post",
            crate::rule::Phase::Corpus => "the corpus",
        };
        text.push_str(&format!(
            "| `{}` | {severity} | {phase} | {} |\n",
            r.name, r.summary
        ));
    }
    text
}

/// The full text of `postlint explain NAME`.
pub fn explanation(info: &RuleInfo) -> String {
    let severity = if info.enabled {
        format!("{} by default", info.severity)
    } else {
        format!(
            "off by default (enable it with severity \"{}\")",
            info.severity
        )
    };
    let phase = match info.phase {
        crate::rule::Phase::Post => "each post on its own",
        crate::rule::Phase::Corpus => "the whole corpus",
    };
    let mut text = format!(
        "# {}\n\n{}.\n\nSeverity: {severity}. Checks {phase}.\n\n{}",
        info.name,
        capitalize(&info.summary),
        info.docs_markdown().trim_end()
    );
    text.push('\n');
    if !info.options.is_empty() {
        text.push_str("\n## Options\n");
        for o in info.options {
            text.push_str(&format!(
                "- `{}` ({}, default `{}`): {}\n",
                o.name,
                o.kind.describe(),
                o.default,
                o.doc
            ));
        }
    }
    text.push_str(&format!(
        "\nConfigure it in postlint.toml:\n\n```toml\n[rules.{}]\nseverity = \"{}\"\n```\n",
        info.name, info.severity
    ));
    text
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `postlint explain NAME`.
pub fn explain(name: &str) -> ExitStatus {
    let registry = Registry::builtin();
    match registry.find(name) {
        Some(info) => write_stdout(&explanation(info)),
        None => {
            let infos = registry.infos();
            let help = config::unknown_rule_help(name, infos.iter().map(|r| r.name.as_ref()));
            print_errors(&[SourceError::new(format!("unknown rule `{name}`")).help(help)]);
            ExitStatus::Error
        }
    }
}

/// `postlint config`: the effective configuration.
pub fn show_config(source: &ConfigSource) -> ExitStatus {
    let infos = Registry::builtin().infos();
    match load_config(source, &infos) {
        Ok(config) => write_stdout(&config::effective_toml(&config, &infos)),
        Err(errors) => {
            print_errors(&errors);
            ExitStatus::Error
        }
    }
}

fn write_stdout(text: &str) -> ExitStatus {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitStatus::Success,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitStatus::Success,
        Err(_) => ExitStatus::Error,
    }
}
