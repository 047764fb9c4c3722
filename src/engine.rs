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
//!
//! The parallel phase produces a [`CorpusIndex`] and the corpus phase reads
//! only that, so one edited post can be re-checked against the rest with
//! [`Linter::update`] and [`Linter::findings`], re-parsing that post alone: the
//! path a language server or a content-hash cache will take.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Config, Level, RuleSetting, unknown_rule_help};
use crate::diagnostic::{Finding, Fingerprints, Located, LocatedRelated, display_path, range_of};
use crate::document::{Document, PostId};
use crate::error::{FileError, SourceError, TomlPath};
use crate::rule::{
    Build, Checker, CorpusRule, Phase, PostRecord, PostRule, RuleGroup, RuleInfo, RuleOptions,
    Severity, Summary,
};
use crate::rules::invalid_suppression::INVALID_SUPPRESSION;
use crate::suppress::Suppressions;
use crate::walk::{self, Filter, Globs};

/// Every rule postlint knows: the built-in ones, the shipped rule pack and the
/// rule files of `rule-dirs`.
pub struct Registry {
    rules: Vec<(RuleInfo, Option<Build>)>,
    /// Rules checked together by one checker, with their indices in `rules`.
    groups: Vec<Group>,
}

/// A rule group and the indices of its members in the registry's rules.
type Group = (Arc<dyn RuleGroup>, Vec<usize>);

impl Registry {
    /// The built-in rules and the shipped rule pack.
    pub fn builtin() -> Registry {
        // The pack is embedded and its loading is tested, so errors cannot happen
        // here; were one to slip through, the bad file is left out.
        let (registry, _) = Registry::build(&[]);
        registry
    }

    /// The built-in rules, the shipped pack and the rule files in `rule_dirs`.
    /// Every problem in every rule file is returned at once.
    pub fn load(rule_dirs: &[PathBuf]) -> Result<Registry, Vec<SourceError>> {
        let (registry, errors) = Registry::build(rule_dirs);
        if errors.is_empty() {
            Ok(registry)
        } else {
            Err(errors)
        }
    }

    fn build(rule_dirs: &[PathBuf]) -> (Registry, Vec<SourceError>) {
        let mut registry = Registry {
            rules: crate::rules::builtin()
                .into_iter()
                .map(|(info, build)| (info.clone(), build))
                .collect(),
            groups: Vec::new(),
        };
        let taken: Vec<String> = registry
            .rules
            .iter()
            .map(|(i, _)| i.name.to_string())
            .collect();
        let (set, errors) = crate::rules::declarative::load(rule_dirs, &taken);
        registry.add_group(set.infos(), Arc::new(set));
        (registry, errors)
    }

    /// Adds rules that one checker checks together.
    pub fn add_group(&mut self, infos: Vec<RuleInfo>, group: Arc<dyn RuleGroup>) {
        let start = self.rules.len();
        self.rules.extend(infos.into_iter().map(|i| (i, None)));
        let members = (start..self.rules.len()).collect();
        self.groups.push((group, members));
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
    groups: Vec<Group>,
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
                let help = unknown_rule_help(name, names);
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

        let mut linter = Linter {
            rules: registry.rules.clone(),
            groups: registry.groups.clone(),
            config,
            select: select.to_vec(),
            ignore: ignore.to_vec(),
            overrides,
            corpus_checkers: Vec::new(),
        };
        for (index, (info, build)) in linter.rules.iter().enumerate() {
            let Some(build) = build else { continue };
            let wanted = linter.enabled_anywhere(info)
                || crate::rules::reported_with(&info.name)
                    .iter()
                    .any(|r| linter.enabled_anywhere(r));
            if info.phase != Phase::Corpus || !wanted {
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
        // A group's members that are on here are checked by one checker.
        for (group, members) in &self.groups {
            let enabled: Vec<&str> = members
                .iter()
                .filter(|&&i| levels[i].is_some())
                .map(|&i| self.rules[i].0.name.as_ref())
                .collect();
            if !enabled.is_empty() {
                post_checkers.push(Arc::from(group.build(&enabled, self.config.root())));
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
        let work = || {
            let mut index = self.build_index(options);
            let findings = self.findings(&index);
            // Freeing every post's summaries is a measurable share of a large
            // run: spread it over the threads rather than leave it to one.
            std::mem::take(&mut index.summaries)
                .into_par_iter()
                .flat_map(Vec::into_par_iter)
                .for_each(drop);
            (index, findings)
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(options.threads)
            .build();
        let (index, findings) = match pool {
            Ok(pool) => pool.install(work),
            Err(_) => work(),
        };
        Outcome {
            findings,
            files_checked: index.files_checked,
            file_errors: index.file_errors,
            posts: index.posts,
            elapsed: started.elapsed(),
        }
    }

    /// Finds, reads and parses the posts `options` names, runs the per-post
    /// rules, and keeps what the corpus rules need: the parallel phase.
    pub fn build_index(&self, options: &RunOptions) -> CorpusIndex {
        let cwd = std::env::current_dir().unwrap_or_default();
        let (inputs, walk_errors) = self.inputs(options, &cwd);
        let mut index = self.index(inputs, options.stdin.as_ref());
        index.file_errors.extend(walk_errors);
        index.file_errors.sort_by(|a, b| a.path.cmp(&b.path));
        index
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
            CorpusScope::Project => root.clone().or_else(|| walk::git_root(cwd)),
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
        // The project walk starts from an absolute root, so its paths are
        // absolute already: only the (few) named paths need canonicalizing.
        let project_abs = absolute(&project);
        let project_found = walk::find_posts(&[project_abs], &filter, false, threads);
        let mut by_abs: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
        for path in found.posts {
            by_abs.entry(absolute(&path)).or_insert(path);
        }
        for path in project_found.posts {
            by_abs.entry(path.clone()).or_insert(path);
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

    /// The parallel phase: reads, parses and checks every post once, and keeps
    /// what the corpus phase needs.
    fn index(&self, inputs: Vec<Input>, stdin: Option<&(PathBuf, String)>) -> CorpusIndex {
        // Every post's profile, by the overrides its path matches.
        let mut profiles: HashMap<Vec<usize>, Profile> = HashMap::new();
        let mut profile_of = Vec::with_capacity(inputs.len());
        let cwd = std::env::current_dir().unwrap_or_default();
        let root = self.config.root();
        for input in &inputs {
            let mut combo = Vec::new();
            if !self.overrides.is_empty() {
                // Override globs are relative to the config file's folder.
                let abs = cwd.join(&input.display);
                let rel = root
                    .and_then(|r| abs.strip_prefix(r).ok())
                    .unwrap_or(&input.display);
                combo.extend((0..self.overrides.len()).filter(|&i| self.overrides[i].matches(rel)));
            }
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
                if !input.target && self.corpus_checkers.is_empty() {
                    // No corpus rule needs this post: do not even read it.
                    return PostResult::Skipped;
                }
                let text = match stdin {
                    Some((_, text)) if input.stdin => Some(Ok(Arc::from(text.as_str()))),
                    _ => None,
                }
                .unwrap_or_else(|| read_post(&input.path));
                match text {
                    Ok(source) => PostResult::Read(self.check_post(
                        id,
                        &input.display,
                        input.target,
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

        let mut index = CorpusIndex {
            posts: Vec::with_capacity(results.len()),
            post_findings: Vec::with_capacity(results.len()),
            summaries: (0..self.corpus_checkers.len())
                .map(|_| Vec::with_capacity(results.len()))
                .collect(),
            suppressions: Vec::with_capacity(results.len()),
            profile_of,
            profiles,
            files_checked: 0,
            file_errors: Vec::new(),
        };
        for (id, (result, input)) in results.into_iter().zip(&inputs).enumerate() {
            match result {
                PostResult::Read(checked) => {
                    if input.target {
                        index.files_checked += 1;
                    }
                    index.post_findings.push(checked.findings);
                    index.suppressions.push(checked.suppressions);
                    for (slot, summary) in index.summaries.iter_mut().zip(checked.summaries) {
                        slot.push(Some(summary));
                    }
                    index.posts.push(checked.record);
                }
                PostResult::Failed(_) | PostResult::Skipped => {
                    if let PostResult::Failed(error) = result
                        && input.target
                    {
                        index.file_errors.push(error);
                    }
                    index.post_findings.push(Vec::new());
                    index.suppressions.push(Suppressions::default());
                    for slot in &mut index.summaries {
                        slot.push(None);
                    }
                    index.posts.push(PostRecord {
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
        index
    }

    /// Re-checks post `id` of `index` with new text, re-parsing only that post:
    /// the others are represented by what the index kept of them. This is what
    /// an editor integration calls on every keystroke, followed by
    /// [`Linter::findings`].
    pub fn update(&self, index: &mut CorpusIndex, id: PostId, source: Arc<str>) {
        let Some(record) = index.posts.get(id) else {
            return;
        };
        let path = record.path.to_path_buf();
        let profile = &index.profiles[&index.profile_of[id]];
        let checked = self.check_post(id, &path, true, source, profile);
        index.post_findings[id] = checked.findings;
        index.suppressions[id] = checked.suppressions;
        for (slot, summary) in index.summaries.iter_mut().zip(checked.summaries) {
            slot[id] = Some(summary);
        }
        index.posts[id] = checked.record;
    }

    /// The corpus phase and settling: every finding for the index's target
    /// posts, with severities from config, suppressions applied, sorted.
    pub fn findings(&self, index: &CorpusIndex) -> Vec<Located> {
        let posts = &index.posts;
        let mut findings: Vec<Finding> = index.post_findings.iter().flatten().cloned().collect();
        let corpus_findings: Vec<Vec<Finding>> = self
            .corpus_checkers
            .par_iter()
            .zip(index.summaries.par_iter())
            .map(|((_, checker), summaries)| {
                let mut out = Vec::new();
                checker.check(&crate::rule::Corpus::new(posts, summaries), &mut out);
                out
            })
            .collect();
        findings.extend(corpus_findings.into_iter().flatten());

        // Settle: severity per post, targets only, suppressions.
        let by_name: HashMap<&str, usize> = self
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
            let profile = &index.profiles[&index.profile_of[f.post]];
            let level = by_name
                .get(f.rule.as_ref())
                .and_then(|&i| profile.levels[i]);
            let Some(severity) = level else { return false };
            f.severity = severity;
            !index.suppressions[f.post].suppresses(&f.rule, f.span.start)
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
        locate(findings, posts)
    }

    /// The parallel-phase work for one post.
    fn check_post(
        &self,
        id: usize,
        display: &Path,
        target: bool,
        source: Arc<str>,
        profile: &Profile,
    ) -> CheckedPost {
        let doc = Document::parse(id, display.to_path_buf(), source);
        let mut findings = Vec::new();
        if target {
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
        if target {
            self.check_suppression_names(&doc, &suppressions, &mut findings);
        }
        let date = doc.date();
        let record = PostRecord {
            id,
            path: Arc::from(doc.path.as_path()),
            lines: doc.lines,
            source: doc.source,
            date,
            target,
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
                let help = unknown_rule_help(name, names);
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
}

/// What the parallel phase keeps of every post: enough to run the corpus phase
/// again after one post changes, without re-reading the others. A language
/// server keeps one per workspace and calls [`Linter::update`] on each edit.
pub struct CorpusIndex {
    /// Every post, in id order.
    pub posts: Vec<PostRecord>,
    /// Per post: what the per-post rules found.
    post_findings: Vec<Vec<Finding>>,
    /// Per corpus rule, per post: the rule's summary.
    summaries: Vec<Vec<Option<Summary>>>,
    suppressions: Vec<Suppressions>,
    /// Per post: the indices of the overrides its path matches.
    profile_of: Vec<Vec<usize>>,
    profiles: HashMap<Vec<usize>, Profile>,
    files_checked: usize,
    file_errors: Vec<FileError>,
}

impl CorpusIndex {
    /// The id of the post shown as `path`.
    pub fn post_id(&self, path: &Path) -> Option<PostId> {
        self.posts.iter().position(|p| &*p.path == path)
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
    Skipped,
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
    let error = SourceError::new(format!("invalid options for `{}`: {message}", info.name))
        .help(format!(
            "`postlint explain {}` describes its options",
            info.name
        ))
        .label("options set here");
    let mut path = Vec::new();
    if let Some(i) = override_index {
        path.extend([TomlPath::Key("overrides"), TomlPath::Index(i)]);
    }
    path.extend([TomlPath::Key("rules"), TomlPath::Key(info.name.as_ref())]);
    config.point_at(error, &path)
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
