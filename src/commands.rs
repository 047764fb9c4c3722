//! The commands, as plain functions of plain options.
//!
//! The CLI ([`crate`]'s binary, `cli.rs`) parses flags into these option structs;
//! nothing here knows about clap. Each command writes its output, reports errors
//! for people on stderr, and returns an [`ExitStatus`] that `main` turns into the
//! process exit code.

use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::baseline::{self, Baseline};
use crate::cache::CacheChoice;
use crate::config;
use crate::engine::{Linter, Outcome, RunOptions};
use crate::error::SourceError;
use crate::progress::{self, Progress};
use crate::report::{self, Format, Places, Run};
use crate::rule::{RuleInfo, Severity};
use crate::rules::Registry;
use crate::rules::declarative;
use crate::walk::{self, Compared};
use crate::workspace::{ConfigSource, Workspace, rule_dirs};

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

/// Options of `postlint check`.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// What to check.
    pub run: RunOptions,
    /// Where config comes from.
    pub config: ConfigSource,
    /// The project root, when given (`--root`).
    pub root: Option<PathBuf>,
    /// Output format.
    pub format: Option<Format>,
    /// Colour.
    pub color: ColorChoice,
    /// Fail level.
    pub fail_on: FailOn,
    /// No summary line on stderr.
    pub quiet: bool,
    /// Per-rule counts instead of the findings.
    pub statistics: bool,
    /// Write the chosen format to this file; the terminal gets the summary.
    pub output_file: Option<PathBuf>,
    /// Check standard input as if it were this file (an editor's unsaved buffer).
    pub stdin_filename: Option<PathBuf>,
    /// Report only findings this baseline file does not record.
    pub baseline: Option<PathBuf>,
    /// Record every finding in this baseline file.
    pub write_baseline: Option<PathBuf>,
    /// `--extend-select`: rules, groups or `ALL` to check as well.
    pub extend_select: Vec<String>,
    /// Whether and where to keep the cache.
    pub cache: CacheChoice,
}

/// `postlint server`: the language server, until the client exits.
pub fn server(cache: CacheChoice, cwd: &Path) -> ExitStatus {
    let options = crate::server::ServerOptions {
        cache,
        cwd: cwd.to_path_buf(),
    };
    if crate::server::run(options) {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    }
}

/// `postlint clean`: removes the project's cache.
pub fn clean(
    dir: Option<PathBuf>,
    source: &ConfigSource,
    root: Option<PathBuf>,
    cwd: &Path,
) -> ExitStatus {
    let workspace = match Workspace::load(cwd.to_path_buf(), source, root) {
        Ok(workspace) => workspace,
        Err(errors) => {
            print_errors(cwd, &errors);
            return ExitStatus::Error;
        }
    };
    let folder = workspace
        .cache_folder(&CacheChoice::At(dir))
        .unwrap_or_default();
    match crate::cache::clean(&folder) {
        Ok(0) => {
            eprintln!("no cache in {}", folder.display());
            ExitStatus::Success
        }
        Ok(files) => {
            eprintln!("removed {} ({files} files)", folder.display());
            ExitStatus::Success
        }
        Err(message) => {
            print_errors(cwd, &[SourceError::new(message)]);
            ExitStatus::Error
        }
    }
}

/// Writes errors for people to stderr.
fn print_errors(cwd: &Path, errors: &[SourceError]) {
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
        if handler
            .render_report(&mut text, &error.shown_from(cwd))
            .is_err()
        {
            text = format!("error: {error}\n");
        }
        let _ = writeln!(stderr, "{text}");
    }
}

/// `postlint check`.
pub fn check(options: &CheckOptions, cwd: &Path) -> ExitStatus {
    let mut workspace =
        match Workspace::load(cwd.to_path_buf(), &options.config, options.root.clone()) {
            Ok(workspace) => workspace,
            Err(errors) => {
                print_errors(cwd, &errors);
                return ExitStatus::Error;
            }
        };
    let infos = workspace.registry.infos();
    // The one place command-line selection meets the config's: --select
    // replaces `select` (in the linter), the other two add to the config's.
    workspace
        .config
        .extend_select
        .extend(options.extend_select.iter().cloned());
    let linter = match Linter::new(&workspace, &options.run.select, &options.run.ignore) {
        Ok(linter) => linter,
        Err(errors) => {
            print_errors(cwd, &errors);
            return ExitStatus::Error;
        }
    };
    let mut run_options = options.run.clone();
    run_options.cache = workspace.cache_folder(&options.cache);
    if let Some(path) = &options.stdin_filename {
        if path.is_dir() {
            print_errors(cwd, &[SourceError::new(format!(
                "--stdin-filename {} is a folder; it names the one post standard input stands for",
                path.display()
            ))
            .help("give the path of the post being edited, e.g. --stdin-filename posts/draft.md")]);
            return ExitStatus::Error;
        }
        match read_stdin() {
            Ok(text) => run_options.stdin = Some((path.clone(), text)),
            Err(message) => {
                print_errors(cwd, &[SourceError::new(message)]);
                return ExitStatus::Error;
            }
        }
    }
    let baseline = match options.baseline.as_deref().map(|f| Baseline::read(f, cwd)) {
        Some(Ok(baseline)) => Some(baseline),
        Some(Err(message)) => {
            print_errors(
                cwd,
                &[SourceError::new(message)
                    .help("`postlint check --write-baseline FILE` records a baseline")],
            );
            return ExitStatus::Error;
        }
        None => None,
    };

    // A bar only for a person watching: not in pipes, CI logs or an editor's
    // stdin check, and not when asked to be quiet.
    let show_progress =
        !options.quiet && options.stdin_filename.is_none() && io::stderr().is_terminal();
    let counter = Arc::new(Progress::default());
    if show_progress {
        run_options.progress = Some(Arc::clone(&counter));
    }
    let mut outcome = progress::show_while(&counter, show_progress, || linter.run(&run_options));
    if !options.quiet {
        for warning in &outcome.cache_warnings {
            eprintln!("warning: {warning}");
        }
    }
    if !outcome.config_errors.is_empty() {
        print_errors(cwd, &outcome.config_errors);
        return ExitStatus::Error;
    }
    let step_summary = (options.format == Some(Format::GITHUB))
        .then(|| std::env::var_os("GITHUB_STEP_SUMMARY").filter(|f| !f.is_empty()))
        .flatten()
        .map(PathBuf::from);
    let outputs = [
        (options.output_file.as_deref(), "--output-file"),
        (options.write_baseline.as_deref(), "--write-baseline"),
        (step_summary.as_deref(), "GITHUB_STEP_SUMMARY"),
    ];
    let refused: Vec<SourceError> = outputs
        .iter()
        .filter_map(|(file, what)| refuse_post(file.as_ref()?, what, &outcome).err())
        .collect();
    if !refused.is_empty() {
        print_errors(cwd, &refused);
        return ExitStatus::Error;
    }
    if let Some(file) = &options.write_baseline
        && let Err(message) = baseline::write(file, &outcome.findings, &outcome.posts, cwd)
    {
        print_errors(cwd, &[SourceError::new(message)]);
        return ExitStatus::Error;
    }
    let baselined = baseline.map_or(0, |b| b.apply(&mut outcome.findings, &outcome.posts, cwd));
    // Writing a baseline accepts today's findings, so they do not fail the run.
    let status = if options.write_baseline.is_some() {
        status_of(&outcome, FailOn::Never)
    } else {
        status_of(&outcome, options.fail_on)
    };

    let format = options.format.unwrap_or(Format::HUMAN);
    let run = Run {
        outcome: &outcome,
        rules: &infos,
        exit_code: status.code(),
        places: Places::discover(cwd),
    };
    let stdout = io::stdout();
    let color = options.color.enabled(stdout.is_terminal());
    let width = output_width(stdout.is_terminal());
    if let Some(file) = &options.output_file
        && let Err(e) = write_file(file, &run, format)
    {
        let _ = writeln!(
            io::stderr(),
            "error: cannot write {}: {}",
            file.display(),
            walk::io_message(&e)
        );
        return ExitStatus::Error;
    }
    let print_report = options.output_file.is_none()
        && (options.write_baseline.is_none() || options.format.is_some());
    if print_report || options.statistics {
        let mut out = io::BufWriter::new(stdout.lock());
        let written = if options.statistics {
            report::statistics(&run, format == Format::JSON, &mut out)
        } else {
            report::reporter(format, report::Style { color, width }).report(&run, &mut out)
        }
        .and_then(|()| out.flush());
        match written {
            Ok(()) => {}
            // `postlint check | head`: the reader has what it wanted.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return status,
            Err(e) => {
                let _ = writeln!(io::stderr(), "error: cannot write output: {e}");
                return ExitStatus::Error;
            }
        }
    }
    if format == Format::GITHUB {
        append_step_summary(&run);
    }
    if !options.quiet {
        print_summary(&outcome, baselined);
        if let Some(file) = &options.write_baseline {
            let _ = writeln!(
                io::stderr(),
                "wrote {} to {}",
                report::plural(outcome.findings.len(), "finding", "findings"),
                file.display()
            );
        }
    }
    status
}

/// The column human output wraps at: `COLUMNS` when set, else the terminal's
/// width, else 100, so piped output does not depend on who ran it. Never so
/// narrow that a snippet's gutter and label leave no room for text.
fn output_width(is_terminal: bool) -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .or_else(|| {
            is_terminal
                .then(terminal_size::terminal_size)
                .flatten()
                .map(|(width, _)| usize::from(width.0))
        })
        .unwrap_or(100)
        .clamp(40, 500)
}

/// Standard input: an editor's buffer, decoded by the engine exactly as the
/// file it stands for would be. Reading stops just past the post size cap, so
/// an endless stream is refused like an oversized file.
fn read_stdin() -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    io::stdin()
        .take(walk::MAX_POST_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {}", walk::io_message(&e)))?;
    Ok(bytes)
}

/// Writes `run` in `format` to `file`, without colour, atomically.
fn write_file(file: &Path, run: &Run<'_>, format: Format) -> io::Result<()> {
    walk::write_atomically(file, |out| {
        report::reporter(format, report::Style::PLAIN).report(run, out)
    })
}

/// Refuses to write `file` (given as `what`) when it is one of the run's
/// posts: `--output-file posts/a.md` would replace a post with a report.
/// Posts are compared by file identity, so another spelling of the path, or
/// a symlink to the post, is caught too; only posts of the same file name are
/// looked at, which spares a system call per post.
fn refuse_post(file: &Path, what: &str, outcome: &Outcome) -> Result<(), SourceError> {
    let is_post = match walk::FileId::at(file) {
        Some(target) => {
            // The name the file has at the end of any symlinks, too.
            let resolved = std::fs::canonicalize(file).ok();
            let names = [
                file.file_name(),
                resolved.as_deref().and_then(Path::file_name),
            ];
            outcome.posts.iter().any(|p| {
                names.contains(&p.path.file_name()) && walk::FileId::at(&p.path) == Some(target)
            })
        }
        // Not there yet (or no identities on this platform): a post only if
        // spelt the same way.
        None => {
            let file = walk::normalize(file);
            outcome
                .posts
                .iter()
                .any(|p| walk::normalize(&p.path) == file)
        }
    };
    if is_post {
        Err(post_output_error(file, what))
    } else {
        Ok(())
    }
}

fn post_output_error(file: &Path, what: &str) -> SourceError {
    SourceError::new(format!(
        "{what} {} is one of the posts being checked; postlint never writes over a post",
        file.display()
    ))
    .help(format!(
        "give {what} a path outside the posts, e.g. postlint-report.json"
    ))
}

/// On GitHub Actions, appends the Markdown summary of the run to the job's page.
/// A summary that cannot be written is worth a warning, not a failed run: the
/// annotations are already out.
fn append_step_summary(run: &Run<'_>) {
    let Some(file) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|f| !f.is_empty()) else {
        return;
    };
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file)
        .and_then(|f| {
            let mut out = io::BufWriter::new(f);
            report::step_summary(run, &mut out)?;
            out.flush()
        });
    if let Err(e) = written {
        let _ = writeln!(
            io::stderr(),
            "warning: cannot append to GITHUB_STEP_SUMMARY ({}): {e}",
            Path::new(&file).display()
        );
    }
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

fn print_summary(outcome: &Outcome, baselined: usize) {
    let mut stderr = io::stderr().lock();
    for error in &outcome.file_errors {
        // A file name can hold anything, escape sequences included.
        let error = crate::diagnostic::escape_controls(&error.to_string(), true).into_owned();
        let _ = writeln!(stderr, "error: {error}");
    }
    let _ = writeln!(
        stderr,
        "{} ({} ms)",
        report::tally(outcome),
        outcome.elapsed.as_millis()
    );
    let named = report::plural(outcome.files_checked, "named post", "named posts");
    match &outcome.compared {
        Compared::Walked => {}
        Compared::Project(root) => {
            let _ = writeln!(
                stderr,
                "checked {} of {} against the project at {}",
                outcome.files_checked,
                report::plural(outcome.posts.len(), "post", "posts"),
                root.display()
            );
        }
        Compared::Given => {
            let _ = writeln!(
                stderr,
                "compared the {named} only with each other (--corpus given)"
            );
        }
        Compared::NoProject => {
            let _ = writeln!(
                stderr,
                "compared the {named} only with each other: no postlint.toml, git repository or enclosing working folder marks a project; --root DIR names one"
            );
        }
    }
    if baselined > 0 {
        let _ = writeln!(
            stderr,
            "{} recorded in the baseline not shown",
            report::plural(baselined, "finding", "findings")
        );
    }
    if !outcome.file_errors.is_empty() {
        let _ = writeln!(
            stderr,
            "{} could not be checked",
            report::plural(outcome.file_errors.len(), "file", "files")
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

/// `postlint rules`: the built-in rules, the shipped pack and the rule files of
/// the config's `rule-dirs`.
pub fn rules(format: RulesFormat, cwd: &Path) -> ExitStatus {
    let infos = match Workspace::load(cwd.to_path_buf(), &ConfigSource::default(), None) {
        Ok(workspace) => workspace.registry.infos(),
        Err(errors) => {
            print_errors(cwd, &errors);
            return ExitStatus::Error;
        }
    };
    let text = match format {
        RulesFormat::Text => rules_text(&infos),
        RulesFormat::Json => rules_json(&infos),
        RulesFormat::Markdown => rules_markdown(&infos),
    };
    write_stdout(&text)
}

fn rules_text(infos: &[RuleInfo]) -> String {
    let width = infos.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let group_width = infos.iter().map(|r| r.group.len()).max().unwrap_or(0);
    let mut text = String::new();
    for r in infos {
        let severity = if r.enabled {
            r.severity.as_str()
        } else {
            "off"
        };
        text.push_str(&format!(
            "{:width$}  {:group_width$}  {:7}  {:6}  {}\n",
            r.name,
            r.group,
            severity,
            match r.phase() {
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
                "group": r.group,
                "severity": r.severity,
                "enabled": r.enabled,
                "phase": r.phase(),
                "summary": r.summary,
                "options": r.options.iter().map(|o| serde_json::json!({
                    "name": o.name,
                    "type": o.kind.describe(),
                    "default": o.default,
                    "doc": o.doc,
                })).collect::<Vec<_>>(),
                "docs": r.docs_markdown(),
                "origin": r.origin,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&rules).unwrap_or_default();
    text.push('\n');
    text
}

/// The rules table of the README, generated from the declarations.
pub fn rules_markdown(infos: &[RuleInfo]) -> String {
    let mut text = String::from(
        "| rule | group | default | checks | what it flags |\n|---|---|---|---|---|\n",
    );
    for r in infos {
        let severity = if r.enabled {
            r.severity.as_str()
        } else {
            "off"
        };
        let phase = match r.phase() {
            crate::rule::Phase::Post => "each post",
            crate::rule::Phase::Corpus => "the corpus",
        };
        text.push_str(&format!(
            "| `{}` | {} | {severity} | {phase} | {} |\n",
            r.name, r.group, r.summary
        ));
    }
    text
}

/// `postlint explain NAME`.
pub fn explain(name: &str, cwd: &Path) -> ExitStatus {
    let registry = match Workspace::load(cwd.to_path_buf(), &ConfigSource::default(), None) {
        Ok(workspace) => workspace.registry,
        Err(errors) => {
            print_errors(cwd, &errors);
            return ExitStatus::Error;
        }
    };
    match registry.find(name) {
        Some(info) => write_stdout(&info.explanation()),
        None => {
            let infos = registry.infos();
            let help = config::unknown_rule_help(name, infos.iter().map(|r| r.name.as_ref()));
            print_errors(
                cwd,
                &[SourceError::new(format!("unknown rule `{name}`")).help(help)],
            );
            ExitStatus::Error
        }
    }
}

/// `postlint config`: the effective configuration.
pub fn show_config(source: &ConfigSource, cwd: &Path) -> ExitStatus {
    match Workspace::load(cwd.to_path_buf(), source, None) {
        Ok(workspace) => write_stdout(&config::effective_toml(
            &workspace.config,
            &workspace.registry.infos(),
        )),
        Err(errors) => {
            print_errors(cwd, &errors);
            ExitStatus::Error
        }
    }
}

/// `postlint rules test [DIR]...`: runs the inline tests of the rule files in
/// `dirs`, or of the shipped pack and the config's `rule-dirs` when none are
/// given. Exit 1 when a test fails, 2 when a rule file is broken.
pub fn rules_test(dirs: &[PathBuf], source: &ConfigSource, cwd: &Path) -> ExitStatus {
    let (set, errors) = if dirs.is_empty() {
        declarative::load(&rule_dirs(source.config_file(cwd).as_deref()), &[])
    } else {
        declarative::load_dirs(dirs)
    };
    if !errors.is_empty() {
        print_errors(cwd, &errors);
        return ExitStatus::Error;
    }
    let run = declarative::testing::run(&set);
    print_errors(cwd, &run.failures);
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let verdict = if run.failures.is_empty() {
        "all passed".to_string()
    } else {
        format!("{} failed", run.failures.len())
    };
    let status = write_stdout(&format!(
        "{} in {}: {verdict}\n",
        plural(run.cases, "rule test", "rule tests"),
        plural(run.files, "rule file", "rule files"),
    ));
    if run.failures.is_empty() {
        status
    } else {
        ExitStatus::Failure
    }
}

/// `postlint schema`: the JSON Schema of `postlint.toml`, with the project's
/// rule files.
pub fn schema(source: &ConfigSource, cwd: &Path) -> ExitStatus {
    match Registry::load(&rule_dirs(source.config_file(cwd).as_deref())) {
        Ok(registry) => write_stdout(&crate::schema::to_text(&crate::schema::config_schema(
            &registry.infos(),
        ))),
        Err(errors) => {
            print_errors(cwd, &errors);
            ExitStatus::Error
        }
    }
}

/// `postlint init`: writes a starter `postlint.toml` for the site in `dir`.
/// An existing config is never replaced, and the file appears whole or not at
/// all: it is written beside its place and linked there, which fails if a
/// config appeared in the meantime.
pub fn init(dir: &Path, cwd: &Path) -> ExitStatus {
    for name in ["postlint.toml", ".postlint.toml"] {
        let existing = dir.join(name);
        if existing.exists() {
            print_errors(
                cwd,
                &[
                    SourceError::new(format!("{} already exists", existing.display()))
                        .help("edit it, or remove it first to start again from a starter config"),
                ],
            );
            return ExitStatus::Error;
        }
    }
    let site = crate::init::detect(dir);
    let target = dir.join("postlint.toml");
    let temp = dir.join(format!(".postlint.toml.{}.tmp", std::process::id()));
    let written = std::fs::write(&temp, crate::init::starter_config(&site))
        .and_then(|()| std::fs::hard_link(&temp, &target));
    let _ = std::fs::remove_file(&temp);
    if let Err(e) = written {
        print_errors(
            cwd,
            &[
                SourceError::new(format!("cannot write {}: {e}", target.display()))
                    .help("check that the folder exists and is writable"),
            ],
        );
        return ExitStatus::Error;
    }
    let what = match site.generator {
        Some(generator) => format!("for a {} site", generator.name()),
        None => "(no site generator recognised)".to_string(),
    };
    let scope = if site.include.is_empty() {
        String::new()
    } else {
        format!("; posts are {}", site.include.join(", "))
    };
    eprintln!("wrote {} {what}{scope}", target.display());
    ExitStatus::Success
}

fn write_stdout(text: &str) -> ExitStatus {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => ExitStatus::Success,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitStatus::Success,
        Err(_) => ExitStatus::Error,
    }
}
