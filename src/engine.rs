//! The engine: which posts, which rules, two phases, one ordered result.
//!
//! A run goes:
//! 1. **Rules.** [`Linter::new`] builds each enabled rule from config, once for the
//!    top-level settings and once per `[[overrides]]` combination that changes a
//!    rule's options, and works out every post's effective severities.
//! 2. **Parallel phase.** Each post is read, parsed once into a [`Document`],
//!    checked by the per-post rules, and summarized by each corpus rule. Only the
//!    summaries and a small [`PostRecord`] survive; the document is dropped, which
//!    is what keeps 100,000 posts in memory at once.
//! 3. **Corpus phase.** Each corpus rule checks the summaries together; rules run
//!    in parallel with each other.
//! 4. **Settle.** Severities from config (and `off`) are applied per post,
//!    suppression comments are honoured, and findings are sorted by path, offset
//!    and rule, so output is byte-identical whatever the thread count.
//!
//! With explicit files in a project (a pre-commit run), the corpus is every post
//! of the project and only the named files are targets: a new post that copies
//! an old one is caught even though only the new post is staged.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Config, Level, RuleSetting};
use crate::diagnostic::{Finding, Fingerprints, Located, LocatedRelated, display_path, range_of};
use crate::document::Document;
use crate::error::{FileError, SourceError, TomlPath, toml_span};
use crate::rule::{
    Build, Checker, CorpusRule, Phase, PostRecord, PostRule, RuleInfo, RuleOptions, Severity,
    Summary,
};
use crate::rules::invalid_suppression::INVALID_SUPPRESSION;
use crate::suppress::Suppressions;
use crate::walk::{self, Filter, Globs};

/// Every rule postlint knows: built-in ones, and later those from rule files.
pub struct Registry {
    rules: Vec<(RuleInfo, Option<Build>)>,
}

impl Registry {
    /// The built-in rules.
    pub fn builtin() -> Registry {
        Registry {
            rules: crate::rules::builtin()
                .into_iter()
                .map(|(info, build)| (info.clone(), build))
                .collect(),
        }
    }

    /// Every rule's declaration, in name order.
    pub fn infos(&self) -> Vec<RuleInfo> {
        let mut infos: Vec<RuleInfo> = self.rules.iter().map(|(i, _)| i.clone()).collect();
        infos.sort_by(|a, b| a.name.cmp(&b.name));
        infos
    }

    /// The rule called `name`.
    pub fn find(&self, name: &str) -> Option<&RuleInfo> {
        self.rules.iter().map(|(i, _)| i).find(|i| i.name == name)
    }
}

/// Which posts a run compares against, when explicit files are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CorpusScope {
    /// Every post of the project (the default).
    #[default]
    Project,
    /// Only the posts given on the command line.
    Given,
}

/// What to check, as the CLI (or an editor) asks for it.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Files and folders to check; empty means the current folder.
    pub paths: Vec<PathBuf>,
    /// Apply config excludes to explicitly named files too.
    pub force_exclude: bool,
    /// The project root, when given (`--root`).
    pub root: Option<PathBuf>,
    /// Which posts explicit files are compared against.
    pub corpus: CorpusScope,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Only these rules (empty: all enabled rules).
    pub select: Vec<String>,
    /// Not these rules.
    pub ignore: Vec<String>,
    /// Text to check in place of a file's contents (an editor's unsaved buffer).
    pub stdin: Option<(PathBuf, String)>,
}

/// What a run found.
pub struct Outcome {
    /// Every post of the corpus, in id order.
    pub posts: Vec<PostRecord>,
    /// Findings, sorted by path, offset and rule.
    pub findings: Vec<Located>,
    /// Posts that were checked (targets that could be read).
    pub files_checked: usize,
    /// Files that could not be read or found.
    pub file_errors: Vec<FileError>,
    /// Wall time of the run.
    pub elapsed: Duration,
}

/// Findings by severity.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Outcome {
    /// How many findings of each severity.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for f in &self.findings {
            match f.finding.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        counts
    }
}

/// Rule settings and checkers for one combination of matching overrides.
struct Profile {
    /// Per rule index: its severity for posts with this profile, or off.
    levels: Vec<Option<Severity>>,
    /// Per-post checkers to run.
    post_checkers: Vec<Arc<dyn PostRule>>,
}

/// Rules built from config, ready to check any set of posts.
pub struct Linter {
    rules: Vec<(RuleInfo, Option<Build>)>,
    config: Config,
    select: Vec<String>,
    ignore: Vec<String>,
    overrides: Vec<Globs>,
    corpus_checkers: Vec<(usize, Box<dyn CorpusRule>)>,
}

impl Linter {
    /// Builds every enabled rule from `config`; `select` and `ignore` (rule names)
    /// narrow the set. All problems are returned at once.
    pub fn new(
        registry: &Registry,
        config: Config,
        select: &[String],
        ignore: &[String],
    ) -> Result<Linter, Vec<SourceError>> {
        let mut errors = Vec::new();
        for name in select.iter().chain(ignore) {
            if registry.find(name).is_none() {
                let names = registry.rules.iter().map(|(r, _)| r.name.as_ref());
                let help = match crate::config::did_you_mean(name, names) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "`postlint rules` lists the known rules".to_string(),
                };
                errors.push(
                    SourceError::new(format!("unknown rule `{name}` in --select or --ignore"))
                        .help(help),
                );
            }
        }
        let mut overrides = Vec::new();
        for o in &config.overrides {
            match Globs::new(&o.files, "override") {
                Ok(m) => overrides.push(m),
                Err(e) => errors.push(e),
            }
        }
        errors.extend(corpus_options_in_overrides(registry, &config));

        let mut linter = Linter {
            rules: registry.rules.clone(),
            config,
            select: select.to_vec(),
            ignore: ignore.to_vec(),
            overrides,
            corpus_checkers: Vec::new(),
        };
        for (index, (info, build)) in linter.rules.iter().enumerate() {
            let Some(build) = build else { continue };
            if info.phase != Phase::Corpus || !linter.enabled_anywhere(info) {
                continue;
            }
            let setting = linter.config.rules.get(info.name.as_ref());
            match build(&options_of(info, setting)) {
                Ok(Checker::Corpus(checker)) => linter.corpus_checkers.push((index, checker)),
                Ok(Checker::Post(_)) => {}
                Err(message) => errors.push(option_error(&linter.config, info, None, message)),
            }
        }
        // Build the top-level profile and each override's, so option errors show
        // now rather than when a matching post turns up.
        let mut combos = vec![Vec::new()];
        combos.extend((0..linter.config.overrides.len()).map(|i| vec![i]));
        for combo in combos {
            if let Err(e) = linter.profile(&combo) {
                errors.extend(e);
            }
        }
        if errors.is_empty() {
            Ok(linter)
        } else {
            Err(errors)
        }
    }

    /// The declarations of every rule the linter knows.
    pub fn rules(&self) -> impl Iterator<Item = &RuleInfo> {
        self.rules.iter().map(|(i, _)| i)
    }

    fn cli_allows(&self, name: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| s == name))
            && !self.ignore.iter().any(|s| s == name)
    }

    fn enabled_anywhere(&self, info: &RuleInfo) -> bool {
        if !self.cli_allows(&info.name) {
            return false;
        }
        level_of(info, self.config.rules.get(info.name.as_ref())).is_some()
            || self.config.overrides.iter().any(|o| {
                o.rules
                    .get(info.name.as_ref())
                    .and_then(|s| s.severity)
                    .is_some_and(|l| l != Level::Off)
            })
    }

    /// The settings of every rule for posts matching the overrides in `combo`.
    fn profile(&self, combo: &[usize]) -> Result<Profile, Vec<SourceError>> {
        let mut errors = Vec::new();
        let mut levels = Vec::with_capacity(self.rules.len());
        let mut post_checkers = Vec::new();
        for (info, build) in &self.rules {
            let mut setting = self.config.rules.get(info.name.as_ref()).cloned();
            for &i in combo {
                if let Some(o) = self.config.overrides[i].rules.get(info.name.as_ref()) {
                    let merged = setting.get_or_insert_with(RuleSetting::default);
                    if o.severity.is_some() {
                        merged.severity = o.severity;
                    }
                    merged
                        .options
                        .extend(o.options.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
            }
            let level = level_of(info, setting.as_ref()).filter(|_| self.cli_allows(&info.name));
            levels.push(level);
            if level.is_none() || info.phase != Phase::Post {
                continue;
            }
            let Some(build) = build else { continue };
            match build(&options_of(info, setting.as_ref())) {
                Ok(Checker::Post(checker)) => post_checkers.push(Arc::from(checker)),
                Ok(Checker::Corpus(_)) => {}
                Err(message) => errors.push(option_error(
                    &self.config,
                    info,
                    combo.last().copied(),
                    message,
                )),
            }
        }
        if errors.is_empty() {
            Ok(Profile {
                levels,
                post_checkers,
            })
        } else {
            Err(errors)
        }
    }

    /// Finds the posts `options` names and checks them.
    pub fn run(&self, options: &RunOptions) -> Outcome {
        let started = Instant::now();
        let cwd = std::env::current_dir().unwrap_or_default();
        let (inputs, mut file_errors) = self.inputs(options, &cwd);
        let threads = options.threads;
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
        let mut outcome = match pool {
            Ok(pool) => pool.install(|| self.check(inputs, options.stdin.as_ref())),
            Err(_) => self.check(inputs, options.stdin.as_ref()),
        };
        file_errors.append(&mut outcome.file_errors);
        file_errors.sort_by(|a, b| a.path.cmp(&b.path));
        outcome.file_errors = file_errors;
        outcome.elapsed = started.elapsed();
        outcome
    }

    /// Resolves paths into corpus inputs: which posts, which of them are targets.
    fn inputs(&self, options: &RunOptions, cwd: &Path) -> (Vec<Input>, Vec<FileError>) {
        let root = options
            .root
            .clone()
            .or_else(|| self.config.root().map(Path::to_path_buf));
        let filter = match Filter::new(&self.config.files, root.as_deref()) {
            Ok(f) => f,
            Err(e) => {
                return (
                    Vec::new(),
                    vec![FileError {
                        path: PathBuf::new(),
                        message: e.message().to_string(),
                    }],
                );
            }
        };
        let mut paths = options.paths.clone();
        if let Some((stdin_path, _)) = &options.stdin
            && !paths.contains(stdin_path)
        {
            paths.push(stdin_path.clone());
        }
        if paths.is_empty() {
            paths.push(PathBuf::from("."));
        }
        let threads = options.threads;
        let mut found = walk::find_posts(&paths, &filter, options.force_exclude, threads);
        if let Some((stdin_path, _)) = &options.stdin {
            // The buffer need not exist on disk yet. Like a named file, it is
            // skipped when the config excludes it and --force-exclude is given
            // (an editor checking every buffer).
            let stdin_path = walk::clean(stdin_path);
            found.errors.retain(|e| e.path != stdin_path);
            let excluded = options.force_exclude && filter.is_excluded(&stdin_path);
            if !excluded && !found.posts.contains(&stdin_path) {
                found.posts.push(stdin_path.clone());
                found.explicit_files.push(stdin_path);
            }
        }

        // The post standing for standard input, however the walk spelt its path.
        // Only a post with the same file name is resolved, to spare a syscall per post.
        let absolute = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| cwd.join(p));
        let stdin_abs = options.stdin.as_ref().map(|(p, _)| absolute(p));
        let is_stdin = |path: &Path| match (&options.stdin, &stdin_abs) {
            (Some((p, _)), Some(abs)) => {
                path.file_name() == p.file_name() && absolute(path) == *abs
            }
            _ => false,
        };

        let project = match options.corpus {
            CorpusScope::Given => None,
            CorpusScope::Project if found.explicit_files.is_empty() => None,
            CorpusScope::Project => root.clone().or_else(|| git_root(cwd)),
        };
        let Some(project) = project else {
            let inputs = found
                .posts
                .into_iter()
                .map(|path| Input {
                    display: display(&path, cwd),
                    stdin: is_stdin(&path),
                    path,
                    target: true,
                })
                .collect();
            return (sorted(inputs), found.errors);
        };

        // Explicit files in a project: the corpus is the whole project, the
        // targets are what was named. Paths are compared absolute, since the
        // project walk and the command line may spell them differently.
        let targets: HashSet<PathBuf> = found.posts.iter().map(|p| absolute(p)).collect();
        let project_abs = absolute(&project);
        let project_found = walk::find_posts(&[project_abs], &filter, false, threads);
        let mut by_abs: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
        for path in project_found.posts.into_iter().chain(found.posts) {
            by_abs.entry(absolute(&path)).or_insert(path);
        }
        let cwd_abs = absolute(cwd);
        let inputs = by_abs
            .into_iter()
            .map(|(abs, path)| Input {
                display: display(&abs, &cwd_abs),
                target: targets.contains(&abs),
                stdin: stdin_abs.as_ref() == Some(&abs),
                path,
            })
            .collect();
        (sorted(inputs), found.errors)
    }

    /// Checks `inputs`: the parallel phase, the corpus phase, then settling.
    fn check(&self, inputs: Vec<Input>, stdin: Option<&(PathBuf, String)>) -> Outcome {
        // Every post's profile, by the overrides its path matches.
        let mut profiles: HashMap<Vec<usize>, Profile> = HashMap::new();
        let mut profile_of = Vec::with_capacity(inputs.len());
        for input in &inputs {
            let rel = self.relative(&input.display);
            let combo: Vec<usize> = (0..self.overrides.len())
                .filter(|&i| self.overrides[i].matches(&rel))
                .collect();
            if !profiles.contains_key(&combo) {
                // Every combination's rules were built once in `new`; errors are
                // impossible here, and an empty profile is a safe fallback.
                let profile = self.profile(&combo).unwrap_or(Profile {
                    levels: vec![None; self.rules.len()],
                    post_checkers: Vec::new(),
                });
                profiles.insert(combo.clone(), profile);
            }
            profile_of.push(combo);
        }

        let results: Vec<PostResult> = inputs
            .par_iter()
            .enumerate()
            .map(|(id, input)| {
                let text = match stdin {
                    Some((_, text)) if input.stdin => Some(Ok(Arc::from(text.as_str()))),
                    _ => None,
                }
                .unwrap_or_else(|| read_post(&input.path));
                match text {
                    Ok(source) => PostResult::Read(self.check_post(
                        id,
                        input,
                        source,
                        &profiles[&profile_of[id]],
                    )),
                    Err(message) => PostResult::Failed(FileError {
                        path: input.display.clone(),
                        message,
                    }),
                }
            })
            .collect();

        let mut posts = Vec::with_capacity(results.len());
        let mut findings = Vec::new();
        let mut suppressions = Vec::with_capacity(results.len());
        let mut summaries: Vec<Vec<Option<Summary>>> = (0..self.corpus_checkers.len())
            .map(|_| Vec::with_capacity(results.len()))
            .collect();
        let mut file_errors = Vec::new();
        let mut files_checked = 0;
        for (id, (result, input)) in results.into_iter().zip(&inputs).enumerate() {
            match result {
                PostResult::Read(checked) => {
                    if input.target {
                        files_checked += 1;
                    }
                    findings.extend(checked.findings);
                    suppressions.push(checked.suppressions);
                    for (slot, summary) in summaries.iter_mut().zip(checked.summaries) {
                        slot.push(Some(summary));
                    }
                    posts.push(checked.record);
                }
                PostResult::Failed(error) => {
                    if input.target {
                        file_errors.push(error);
                    }
                    suppressions.push(Suppressions::default());
                    for slot in &mut summaries {
                        slot.push(None);
                    }
                    posts.push(PostRecord {
                        id,
                        path: Arc::from(input.display.as_path()),
                        source: Arc::from(""),
                        lines: Default::default(),
                        date: None,
                        target: false,
                    });
                }
            }
        }

        let corpus_findings: Vec<Vec<Finding>> = self
            .corpus_checkers
            .par_iter()
            .zip(summaries.par_iter())
            .map(|((_, checker), summaries)| {
                let mut out = Vec::new();
                checker.check(&crate::rule::Corpus::new(&posts, summaries), &mut out);
                out
            })
            .collect();
        findings.extend(corpus_findings.into_iter().flatten());

        // Settle: severity per post, targets only, suppressions.
        let index: HashMap<&str, usize> = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, (info, _))| (info.name.as_ref(), i))
            .collect();
        findings.retain_mut(|f| {
            let Some(post) = posts.get(f.post) else {
                return false;
            };
            if !post.target {
                return false;
            }
            let level = index
                .get(f.rule.as_ref())
                .and_then(|&i| profiles[&profile_of[f.post]].levels[i]);
            let Some(severity) = level else { return false };
            f.severity = severity;
            !suppressions[f.post].suppresses(&f.rule, f.span.start)
        });
        findings.sort_by(|a, b| {
            (
                &posts[a.post].path,
                a.span.start,
                &a.rule,
                a.span.end,
                &a.message,
            )
                .cmp(&(
                    &posts[b.post].path,
                    b.span.start,
                    &b.rule,
                    b.span.end,
                    &b.message,
                ))
        });
        let findings = locate(findings, &posts);
        Outcome {
            posts,
            findings,
            files_checked,
            file_errors,
            elapsed: Duration::ZERO,
        }
    }

    /// The parallel-phase work for one post.
    fn check_post(
        &self,
        id: usize,
        input: &Input,
        source: Arc<str>,
        profile: &Profile,
    ) -> CheckedPost {
        let doc = Document::parse(id, input.display.clone(), source);
        let mut findings = Vec::new();
        if input.target {
            for checker in &profile.post_checkers {
                checker.check(&doc, &mut findings);
            }
        }
        let summaries = self
            .corpus_checkers
            .iter()
            .map(|(_, checker)| checker.summarize(&doc))
            .collect();
        let suppressions = Suppressions::of(&doc);
        if input.target {
            self.check_suppression_names(&doc, &suppressions, &mut findings);
        }
        let date = doc.front_matter.as_ref().and_then(|fm| fm.sortable_date());
        let record = PostRecord {
            id,
            path: Arc::from(doc.path.as_path()),
            lines: doc.lines,
            source: doc.source,
            date,
            target: input.target,
        };
        CheckedPost {
            record,
            findings,
            summaries,
            suppressions,
        }
    }

    fn check_suppression_names(
        &self,
        doc: &Document,
        suppressions: &Suppressions,
        out: &mut Vec<Finding>,
    ) {
        for directive in suppressions.directives() {
            for (name, span) in directive.rules.iter().zip(&directive.name_spans) {
                if self.rules.iter().any(|(r, _)| r.name == name.as_str()) {
                    continue;
                }
                let names = self.rules.iter().map(|(r, _)| r.name.as_ref());
                let help = match crate::config::did_you_mean(name, names) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => "`postlint rules` lists the known rules".to_string(),
                };
                out.push(
                    Finding::new(
                        &INVALID_SUPPRESSION,
                        doc.id,
                        span.clone(),
                        format!("suppression comment names unknown rule `{name}`"),
                    )
                    .with_help(help),
                );
            }
        }
    }

    /// A post's path relative to the project root, for override globs.
    fn relative(&self, display: &Path) -> PathBuf {
        match self.config.root() {
            Some(root) if display.is_absolute() => {
                display.strip_prefix(root).unwrap_or(display).to_path_buf()
            }
            Some(root) => {
                let cwd = std::env::current_dir().unwrap_or_default();
                let abs = cwd.join(display);
                abs.strip_prefix(root)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|_| display.to_path_buf())
            }
            None => display.to_path_buf(),
        }
    }
}

/// A post to read: where it is, how it is shown, whether it reports.
struct Input {
    path: PathBuf,
    display: PathBuf,
    target: bool,
    /// Whether its text comes from standard input rather than the file.
    stdin: bool,
}

enum PostResult {
    Read(CheckedPost),
    Failed(FileError),
}

struct CheckedPost {
    record: PostRecord,
    findings: Vec<Finding>,
    summaries: Vec<Summary>,
    suppressions: Suppressions,
}

fn sorted(mut inputs: Vec<Input>) -> Vec<Input> {
    inputs.sort_by(|a, b| a.display.cmp(&b.display));
    inputs.dedup_by(|a, b| a.display == b.display);
    inputs
}

/// The path as shown: relative to the working directory when below it.
fn display(path: &Path, cwd: &Path) -> PathBuf {
    if path.is_absolute()
        && let Ok(rel) = path.strip_prefix(cwd)
        && !rel.as_os_str().is_empty()
    {
        return rel.to_path_buf();
    }
    path.to_path_buf()
}

fn git_root(cwd: &Path) -> Option<PathBuf> {
    cwd.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

/// Reads a post as UTF-8 text, or says in plain words why it cannot be checked.
fn read_post(path: &Path) -> Result<Arc<str>, String> {
    let bytes = std::fs::read(path).map_err(|e| walk::io_message(&e))?;
    if bytes.contains(&0) {
        return Err("binary file (it contains NUL bytes); skipped".into());
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Arc::from(text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(format!(
                "not valid UTF-8 (byte 0x{:02x} on line {line}); postlint reads UTF-8 text only, so convert the file",
                bytes.get(valid).copied().unwrap_or(0)
            ))
        }
    }
}

/// A rule's level from its setting, or its default.
fn level_of(info: &RuleInfo, setting: Option<&RuleSetting>) -> Option<Severity> {
    match setting.and_then(|s| s.severity) {
        Some(level) => level.severity(),
        None if info.enabled => Some(info.severity),
        None => None,
    }
}

fn options_of(info: &RuleInfo, setting: Option<&RuleSetting>) -> RuleOptions {
    RuleOptions::new(
        info.options,
        setting.map(|s| s.options.clone()).unwrap_or_default(),
    )
}

/// An error from a rule's builder, pointing at its table in the config file.
fn option_error(
    config: &Config,
    info: &RuleInfo,
    override_index: Option<usize>,
    message: String,
) -> SourceError {
    let mut error = SourceError::new(format!("invalid options for `{}`: {message}", info.name))
        .help(format!(
            "`postlint explain {}` describes its options",
            info.name
        ));
    if let Some(file) = &config.file
        && let Ok(text) = std::fs::read_to_string(file)
    {
        let mut path = Vec::new();
        if let Some(i) = override_index {
            path.extend([TomlPath::Key("overrides"), TomlPath::Index(i)]);
        }
        path.extend([TomlPath::Key("rules"), TomlPath::Key(info.name.as_ref())]);
        let span = toml_span(&text, &path, true);
        error = error
            .at(file, Arc::from(text), span)
            .label("options set here");
    }
    error
}

/// Corpus rules judge all posts together, so their options cannot differ per post.
fn corpus_options_in_overrides(registry: &Registry, config: &Config) -> Vec<SourceError> {
    let mut errors = Vec::new();
    for (i, o) in config.overrides.iter().enumerate() {
        for (name, setting) in &o.rules {
            let is_corpus = registry
                .find(name)
                .is_some_and(|r| r.phase == Phase::Corpus);
            if !is_corpus || setting.options.is_empty() {
                continue;
            }
            let mut error = SourceError::new(format!("options of `{name}` cannot be set in an override"))
                .help(format!(
                    "`{name}` compares posts across the corpus, so its options apply to every post: set them in [rules.{name}]; an override may still set its `severity`"
                ));
            if let Some(file) = &config.file
                && let Ok(text) = std::fs::read_to_string(file)
            {
                let path = [
                    TomlPath::Key("overrides"),
                    TomlPath::Index(i),
                    TomlPath::Key("rules"),
                    TomlPath::Key(name),
                ];
                let span = toml_span(&text, &path, true);
                error = error.at(file, Arc::from(text), span);
            }
            errors.push(error);
        }
    }
    errors
}

/// Adds paths, lines, columns and fingerprints. Fingerprints hash the rule, the
/// path and the flagged text, plus how many identical findings came before in
/// the same post, so they survive lines moving and still tell twins apart.
fn locate(findings: Vec<Finding>, posts: &[PostRecord]) -> Vec<Located> {
    let mut fingerprints = Fingerprints::default();
    findings
        .into_iter()
        .map(|finding| {
            let post = &posts[finding.post];
            let path = display_path(post);
            let fingerprint = fingerprints.next(&finding.rule, &path, post, &finding.span);
            let related = finding
                .related
                .iter()
                .map(|r| {
                    let other = &posts[r.post];
                    LocatedRelated {
                        related: r.clone(),
                        path: display_path(other),
                        range: range_of(other, &r.span),
                    }
                })
                .collect();
            Located {
                range: range_of(post, &finding.span),
                path,
                related,
                fingerprint,
                finding,
            }
        })
        .collect()
}
