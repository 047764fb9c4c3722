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
//! A linter is built from a [`Workspace`], which says where paths are shown
//! from; nothing here reads the working directory. Posts come from the file
//! system ([`Linter::run`], through `walk::resolve`), from memory
//! ([`Linter::check_sources`]: a language server's unsaved buffers, a rule
//! file's inline tests, the fuzz targets), or both (`--stdin-filename`: one
//! buffer among the project's files). Either way each input carries its text
//! or its path into one parallel phase, so every front end gets the same
//! findings for the same text.
//!
//! The parallel phase produces a [`CorpusIndex`] and the corpus phase reads
//! only that, so one edited post can be re-checked against the rest with
//! [`Linter::update`] and [`Linter::findings`], re-parsing that post alone: the
//! path a language server will take.
//!
//! A run with a cache ([`crate::cache`]) takes each post whose bytes it holds
//! from it instead of parsing it, and decodes those posts' summaries only when
//! the corpus phase has to run: when some post's path, bytes or target flag
//! changed, since the phase's findings are cached under all of them.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use serde_bytes::Bytes;

use crate::cache::{self, Cache, PostEntry, Seen, SettingsKey};
use crate::config::{Config, RuleSetting, unknown_rule_help};
use crate::diagnostic::{Fingerprints, Located, LocatedRelated, display_path, range_of};
use crate::document::{Document, PostId};
use crate::error::{FileError, SourceError};
use crate::lines::LineIndex;
use crate::progress::Progress;
use crate::rule::{
    Check, CorpusChecker, Finding, Phase, PostRecord, PostRule, RuleInfo, RuleOptions, Severity,
    Summary,
};
use crate::rules::Group;
use crate::rules::invalid_suppression::INVALID_SUPPRESSION;
use crate::rules::unused_suppression::UNUSED_SUPPRESSION;
use crate::select::{Selection, Selectors};
use crate::settings::{Level, TomlPath};
use crate::suppress::Suppressions;
use crate::walk::{self, Compared, CorpusScope, FileId, Filter, Globs, Input, Stamp};
use crate::workspace::Workspace;

/// What to check, as the CLI (or an editor) asks for it.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Files and folders to check; empty means `.`. A relative path is opened
    /// as the OS opens it, from the process's working folder, which for the
    /// CLI is the workspace's; a language server, started anywhere, names
    /// absolute paths (its documents' URIs are).
    pub paths: Vec<PathBuf>,
    /// Apply config excludes to explicitly named files too.
    pub force_exclude: bool,
    /// Which posts explicit files are compared against.
    pub corpus: CorpusScope,
    /// Worker threads; 0 means one per core. At most [`MAX_THREADS`] (or one
    /// per core, if there are more cores) are started.
    pub threads: usize,
    /// Only these rules (empty: all enabled rules).
    pub select: Vec<String>,
    /// Not these rules.
    pub ignore: Vec<String>,
    /// Bytes to check in place of a file's contents (an editor's unsaved
    /// buffer), read exactly as that file would be.
    pub stdin: Option<(PathBuf, Vec<u8>)>,
    /// Where the run counts how far it has got, for a progress bar.
    pub progress: Option<Arc<Progress>>,
    /// The cache folder, when the run keeps one ([`crate::cache`]).
    pub cache: Option<PathBuf>,
}

/// The most worker threads a run starts, unless the machine has more cores:
/// the work is CPU-bound, so threads past the cores only cost their start-up
/// (`-j 2000` took a minute on one post, and `-j 18446744073709551615` hung).
pub const MAX_THREADS: usize = 64;

/// The threads to start for a request of `requested` (0: one per core).
fn thread_count(requested: usize) -> usize {
    if requested == 0 {
        return 0;
    }
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    requested.min(MAX_THREADS.max(cores))
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
    /// What the checked posts were compared with.
    pub compared: Compared,
    /// Problems in the nested config files the posts took; the run's findings
    /// are not to be trusted when there are any.
    pub config_errors: Vec<SourceError>,
    /// What was wrong with the cache, one line each: never a reason to fail.
    pub cache_warnings: Vec<String>,
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
    /// The hash of what the per-post findings depend on besides the post:
    /// which rules are on and their options (severities are applied later).
    key: u64,
}

/// Rules built from config, ready to check any set of posts.
pub struct Linter {
    rules: Vec<RuleInfo>,
    groups: Vec<Group>,
    config: Config,
    selection: Selection,
    overrides: Vec<Globs>,
    corpus_checkers: Vec<(usize, Box<dyn CorpusChecker>)>,
    /// Per corpus checker: the hash of its rule's name and options, which
    /// keys its summaries in the cache.
    corpus_keys: Vec<u64>,
    /// The workspace's folder paths are shown from, its root, and whether
    /// nested configs apply.
    cwd: PathBuf,
    root: Option<PathBuf>,
    nested_configs: bool,
}

impl Linter {
    /// Builds every enabled rule from the workspace's config. `select` and `ignore` (rules,
    /// groups or `ALL`, from the command line) choose among them with the
    /// config's own lists, as [`crate::select`] describes. All problems are
    /// returned at once.
    pub fn new(
        workspace: &Workspace,
        select: &[String],
        ignore: &[String],
    ) -> Result<Linter, Vec<SourceError>> {
        let registry = &workspace.registry;
        let config = workspace.config.clone();
        let mut errors = Vec::new();
        fn labelled<'a>(list: &'a [String], what: &'static str) -> Vec<(&'a str, &'static str)> {
            list.iter().map(|s| (s.as_str(), what)).collect()
        }
        let mut selectors = Selectors {
            select: if select.is_empty() {
                labelled(&config.select, "`select` in the config")
            } else {
                labelled(select, "--select")
            },
            extend_select: labelled(&config.extend_select, "`extend-select`"),
            ignore: labelled(&config.ignore, "`ignore` in the config"),
        };
        selectors.ignore.extend(labelled(ignore, "--ignore"));
        let selection = match Selection::new(&registry.rules, selectors) {
            Ok(selection) => selection,
            Err(unknown) => {
                errors.extend(unknown.into_iter().map(|message| {
                    SourceError::new(message)
                        .help("`postlint rules` lists every rule with its group")
                }));
                Selection::default()
            }
        };
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
            selection,
            overrides,
            corpus_checkers: Vec::new(),
            corpus_keys: Vec::new(),
            cwd: workspace.cwd.clone(),
            root: workspace.root.clone(),
            nested_configs: workspace.nested_configs,
        };
        for (index, info) in linter.rules.iter().enumerate() {
            let Check::Corpus(build) = info.check else {
                continue;
            };
            let wanted = linter.enabled_anywhere(info)
                || info.reports.iter().any(|r| linter.enabled_anywhere(r));
            if !wanted {
                continue;
            }
            let setting = linter.config.rules.get(info.name.as_ref());
            match build(&options_of(info, setting)) {
                Ok(checker) => {
                    linter.corpus_checkers.push((index, checker));
                    let mut key = SettingsKey::new();
                    key.add(info.name.as_bytes())
                        .add(options_text(setting))
                        .add(root_text(linter.config.root()));
                    linter.corpus_keys.push(key.finish());
                }
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

    /// A rule's level from its setting, or its default, when selection allows it.
    fn level(&self, info: &RuleInfo, setting: Option<&RuleSetting>) -> Option<Severity> {
        if !self.selection.allows(&info.name) {
            return None;
        }
        match setting.and_then(|s| s.severity) {
            Some(level) => level.severity(),
            None if info.enabled || self.selection.asks_for(&info.name) => Some(info.severity),
            None => None,
        }
    }

    fn enabled_anywhere(&self, info: &RuleInfo) -> bool {
        if !self.selection.allows(&info.name) {
            return false;
        }
        self.level(info, self.config.rules.get(info.name.as_ref()))
            .is_some()
            || self.config.overrides.iter().any(|o| {
                o.rules
                    .get(info.name.as_ref())
                    .and_then(|s| s.severity)
                    .is_some_and(|l| l != Level::Off)
            })
    }

    /// The settings of every rule for posts matching the overrides in `combo`
    /// of the run's config.
    fn profile(&self, combo: &[usize]) -> Result<Profile, Vec<SourceError>> {
        self.profile_in(&self.config, combo)
    }

    /// The settings of every rule for posts under `config` matching its
    /// overrides in `combo`.
    fn profile_in(&self, config: &Config, combo: &[usize]) -> Result<Profile, Vec<SourceError>> {
        let mut errors = Vec::new();
        let mut levels = Vec::with_capacity(self.rules.len());
        let mut post_checkers = Vec::new();
        // Every rule's name counts, on or off: `invalid-suppression` judges
        // suppression comments by the names postlint knows. So does the root,
        // which rule files' globs are relative to.
        let mut key = SettingsKey::new();
        key.add(root_text(self.config.root()));
        for info in &self.rules {
            let mut setting = config.rules.get(info.name.as_ref()).cloned();
            for &i in combo {
                if let Some(o) = config.overrides[i].rules.get(info.name.as_ref()) {
                    let merged = setting.get_or_insert_with(RuleSetting::default);
                    if o.severity.is_some() {
                        merged.severity = o.severity;
                    }
                    merged
                        .options
                        .extend(o.options.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
            }
            let level = self.level(info, setting.as_ref());
            levels.push(level);
            key.add(info.name.as_bytes());
            if level.is_none() {
                continue;
            }
            key.add("on").add(options_text(setting.as_ref()));
            match info.check.post_checker(&options_of(info, setting.as_ref())) {
                None => {}
                Some(Ok(checker)) => post_checkers.push(Arc::from(checker)),
                Some(Err(message)) => {
                    errors.push(option_error(config, info, combo.last().copied(), message))
                }
            }
        }
        // A group's members that are on here are checked by one checker.
        for (group, members) in &self.groups {
            let enabled: Vec<&str> = members
                .iter()
                .filter(|&&i| levels[i].is_some())
                .map(|&i| self.rules[i].name.as_ref())
                .collect();
            if !enabled.is_empty() {
                key.add_u128(u128::from(group.settings_key()));
                for name in &enabled {
                    key.add(name);
                }
                post_checkers.push(Arc::from(group.build(
                    &enabled,
                    self.config.root(),
                    &self.cwd,
                )));
            }
        }
        if errors.is_empty() {
            Ok(Profile {
                levels,
                post_checkers,
                key: key.finish(),
            })
        } else {
            Err(errors)
        }
    }

    /// Finds the posts `options` names and checks them.
    pub fn run(&self, options: &RunOptions) -> Outcome {
        let started = Instant::now();
        let work = || {
            let Some(dir) = &options.cache else {
                return self.settle(self.build_index(options), options.progress.as_deref(), None);
            };
            // A post left unread because its file had not changed, then found
            // changed when its text was wanted, was edited during the run:
            // the run starts again, reading every post.
            let mut skip_unchanged = true;
            loop {
                if let Some(done) = self.run_cached(options, dir, skip_unchanged) {
                    break done;
                }
                skip_unchanged = false;
            }
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(thread_count(options.threads))
            .build();
        let (index, findings) = match pool {
            Ok(pool) => pool.install(work),
            Err(_) => work(),
        };
        index.outcome(findings, started)
    }

    /// A run through the cache in `dir`, leaving posts whose files have not
    /// changed unread when `skip_unchanged` allows it; `None` when one of
    /// them changed before its text was read.
    fn run_cached(
        &self,
        options: &RunOptions,
        dir: &Path,
        skip_unchanged: bool,
    ) -> Option<(CorpusIndex, Vec<Located>)> {
        let mut cache = Cache::open(dir);
        let mut index = self.index_through(options, &mut cache, skip_unchanged);
        let key = self.corpus_key(&index);
        if cache.corpus(key).is_none() {
            self.decode_cached(&mut index, &cache, true);
        }
        let (mut index, findings) =
            self.settle(index, options.progress.as_deref(), Some((&mut cache, key)));
        if index.stale {
            return None;
        }
        save(&mut index, cache, options);
        Some((index, findings))
    }

    /// The parallel phase over the posts `options` names, taking what it can
    /// from the cache (and saving what it checked), with every post's
    /// summaries in memory: the index a language server keeps and edits with
    /// [`Linter::update`].
    pub fn index_cached(&self, options: &RunOptions) -> CorpusIndex {
        let Some(dir) = &options.cache else {
            return self.build_index(options);
        };
        let mut cache = Cache::open(dir);
        let mut index = self.index_through(options, &mut cache, false);
        self.decode_cached(&mut index, &cache, false);
        save(&mut index, cache, options);
        index
    }

    /// The parallel phase through `cache`, which learns the entries of the
    /// posts checked, which of its entries were used, and what the files
    /// read looked like.
    fn index_through(
        &self,
        options: &RunOptions,
        cache: &mut Cache,
        skip_unchanged: bool,
    ) -> CorpusIndex {
        let through = Through {
            cache,
            skip_unchanged,
        };
        let mut index = self.index_options(options, Some(through));
        for (content, entry) in std::mem::take(&mut index.fresh) {
            match entry {
                Some(entry) => cache.insert(content, entry),
                None => cache.keep(content),
            }
        }
        for (file, seen) in std::mem::take(&mut index.seen) {
            cache.saw(file, seen);
        }
        index
    }

    /// Checks posts given as text, each as if it were the file at its path:
    /// the same parse, rules, suppressions and order as a run over those
    /// files, so a language server can check unsaved buffers and a test can
    /// check posts it never writes. The sources are the whole corpus, and
    /// every one is a target; none is read from disk (nested configs still
    /// are, when the workspace takes them). It runs on the caller's rayon
    /// pool rather than starting its own.
    pub fn check_sources(&self, sources: Vec<(PathBuf, String)>) -> Outcome {
        let started = Instant::now();
        let (index, findings) = self.settle(self.index_sources(sources), None, None);
        index.outcome(findings, started)
    }

    /// The parallel phase over posts given as text, as [`Linter::check_sources`]
    /// describes: the index to keep when posts will be edited one at a time
    /// with [`Linter::update`].
    pub fn index_sources(&self, sources: Vec<(PathBuf, String)>) -> CorpusIndex {
        let inputs = sources
            .into_iter()
            .map(|(path, text)| Input {
                display: walk::display(&path, &self.cwd),
                path,
                target: true,
                buffer: Some(text.into_bytes()),
                named: true,
                scope: 0,
                edited: true,
            })
            .collect();
        self.index_inputs(
            walk::sorted(inputs),
            Vec::new(),
            Compared::Walked,
            false,
            None,
            None,
        )
    }

    /// The corpus phase over `index`, keeping the index for the outcome.
    fn settle(
        &self,
        mut index: CorpusIndex,
        progress: Option<&Progress>,
        cache: Option<(&mut Cache, u64)>,
    ) -> (CorpusIndex, Vec<Located>) {
        if let Some(progress) = progress {
            progress.comparing(self.corpus_checkers.len());
        }
        let findings = self.findings_counted(&mut index, progress, cache);
        // Freeing every post's summaries is a measurable share of a large
        // run: spread it over the threads rather than leave it to one.
        std::mem::take(&mut index.summaries)
            .into_par_iter()
            .flat_map(Vec::into_par_iter)
            .for_each(drop);
        (index, findings)
    }

    /// Finds, reads and parses the posts `options` names, runs the per-post
    /// rules, and keeps what the corpus rules need: the parallel phase.
    pub fn build_index(&self, options: &RunOptions) -> CorpusIndex {
        self.index_options(options, None)
    }

    /// [`Linter::build_index`], taking what it can from `cache`.
    fn index_options(&self, options: &RunOptions, cache: Option<Through<'_>>) -> CorpusIndex {
        let request = walk::Request {
            paths: &options.paths,
            force_exclude: options.force_exclude,
            corpus: options.corpus,
            stdin: options.stdin.as_ref(),
        };
        let (inputs, walk_errors, compared) = walk::resolve(
            &request,
            &self.config.files,
            self.root.as_deref(),
            &self.cwd,
            thread_count(options.threads),
        );
        self.index_inputs(
            inputs,
            walk_errors,
            compared,
            options.force_exclude,
            options.progress.as_deref(),
            cache,
        )
    }

    /// The parallel phase over resolved inputs, wherever their text comes
    /// from: the one way into [`Linter::index`] for files and buffers alike.
    fn index_inputs(
        &self,
        mut inputs: Vec<Input>,
        walk_errors: Vec<FileError>,
        compared: Compared,
        force_exclude: bool,
        progress: Option<&Progress>,
        cache: Option<Through<'_>>,
    ) -> CorpusIndex {
        let (scopes, config_errors) = if self.nested_configs {
            self.nested_scopes(&mut inputs, force_exclude)
        } else {
            (Vec::new(), Vec::new())
        };
        if let Some(progress) = progress {
            progress.reading(inputs.len());
        }
        let mut index = self.index(inputs, &scopes, progress, cache);
        index.compared = compared;
        index.config_errors = config_errors;
        index.file_errors.extend(walk_errors);
        index.file_errors.sort_by(|a, b| a.path.cmp(&b.path));
        index
    }

    /// Gives each input the nearest config file above it, when that is not the
    /// run's own, and drops the walked posts that config's `[files]` leaves
    /// out (named files only under `--force-exclude`, as with the run's
    /// config). Config files are looked for once per folder, walking up.
    fn nested_scopes(
        &self,
        inputs: &mut Vec<Input>,
        force_exclude: bool,
    ) -> (Vec<Scope>, Vec<SourceError>) {
        let own = self.config.file.as_deref().map(canonical);
        let mut nearest: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
        // Each scope's config file. A post with none above it takes the run's
        // config, found from the working folder, as ruff falls back to it.
        let mut files: Vec<PathBuf> = Vec::new();
        for input in inputs.iter_mut() {
            let abs = walk::normalize(&self.cwd.join(&input.path));
            let Some(folder) = abs.parent() else { continue };
            let Some(file) = nearest_config(folder, &mut nearest) else {
                continue;
            };
            if Some(&file) == own.as_ref() {
                continue;
            }
            input.scope = match files.iter().position(|f| *f == file) {
                Some(i) => i + 1,
                None => {
                    files.push(file);
                    files.len()
                }
            };
        }
        if files.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let infos = &self.rules;
        let mut scopes = Vec::with_capacity(files.len());
        let mut errors = Vec::new();
        for file in &files {
            match self.scope(file, infos) {
                Ok(scope) => scopes.push(scope),
                Err(e) => {
                    errors.extend(e);
                    if let Ok(scope) = self.scope_of(Config::default()) {
                        scopes.push(scope);
                    }
                }
            }
        }
        // The run's own `[files]` again, on absolute paths: from a nested
        // folder, a walk of `..` spells its posts relative to somewhere else.
        let own_filter = Filter::new(&self.config.files, self.config.root()).ok();
        inputs.retain(|input| {
            let filter = match input.scope.checked_sub(1) {
                Some(i) => &scopes[i].filter,
                None => match &own_filter {
                    Some(filter) => filter,
                    None => return true,
                },
            };
            let abs = walk::normalize(&self.cwd.join(&input.path));
            if input.named {
                !(force_exclude && filter.is_excluded(&abs))
            } else {
                filter.is_post(&abs)
            }
        });
        (scopes, errors)
    }

    /// Reads a nested config file and checks what it sets against the rules.
    fn scope(&self, file: &Path, infos: &[RuleInfo]) -> Result<Scope, Vec<SourceError>> {
        let config = crate::config::load(file, infos)?;
        let mut errors = Vec::new();
        // A cross-post rule judges the whole corpus at once, so its options
        // come from the run's config alone; a nested config may set its
        // severity, as an override may.
        for (name, setting) in &config.rules {
            let corpus = infos
                .iter()
                .any(|i| i.name == name.as_str() && i.phase() == Phase::Corpus);
            if corpus && let Some(option) = setting.options.keys().next() {
                errors.push(config.point_at(
                    SourceError::new(format!(
                        "options of `{name}` cannot be set in a nested config"
                    ))
                    .help(format!(
                        "`{name}` compares posts across the corpus, so its options apply to every post: set them in the project's config{}; a nested config may still set its `severity`",
                        self.config
                            .file
                            .as_ref()
                            .map(|f| format!(" ({})", f.display()))
                            .unwrap_or_default()
                    ))
                    .label("this option"),
                    &[
                        TomlPath::Key("rules"),
                        TomlPath::Key(name),
                        TomlPath::Key(option),
                    ],
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        self.scope_of(config)
    }

    /// The scope of a checked config: its override globs and `[files]`
    /// compiled, and every combination of its overrides built once, so option
    /// errors show now.
    fn scope_of(&self, config: Config) -> Result<Scope, Vec<SourceError>> {
        let mut errors = Vec::new();
        let mut overrides = Vec::new();
        for o in &config.overrides {
            match Globs::new(&o.files, "override") {
                Ok(m) => overrides.push(m),
                Err(e) => errors.push(e),
            }
        }
        let filter = Filter::new(&config.files, config.root()).map_err(|e| vec![e])?;
        let mut combos = vec![Vec::new()];
        combos.extend((0..config.overrides.len()).map(|i| vec![i]));
        for combo in combos {
            if let Err(e) = self.profile_in(&config, &combo) {
                errors.extend(e);
            }
        }
        if errors.is_empty() {
            Ok(Scope {
                config,
                overrides,
                filter,
            })
        } else {
            Err(errors)
        }
    }

    /// The overrides of `config` whose globs match the post shown as
    /// `display`. Override globs are relative to the config file's folder.
    fn overrides_of(&self, display: &Path, config: &Config, overrides: &[Globs]) -> Vec<usize> {
        if overrides.is_empty() {
            return Vec::new();
        }
        let abs = self.cwd.join(display);
        let rel = config
            .root()
            .and_then(|r| abs.strip_prefix(r).ok())
            .unwrap_or(display);
        (0..overrides.len())
            .filter(|&i| overrides[i].matches(rel))
            .collect()
    }

    /// The profile of a combination of `config`'s overrides. Every
    /// combination's rules were built once when its config was read, so
    /// errors are impossible here, and an empty profile is a safe fallback.
    fn built_profile(&self, config: &Config, combo: &[usize]) -> Profile {
        self.profile_in(config, combo).unwrap_or(Profile {
            levels: vec![None; self.rules.len()],
            post_checkers: Vec::new(),
            key: 0,
        })
    }

    /// The parallel phase: reads, parses and checks every post once, and keeps
    /// what the corpus phase needs.
    fn index(
        &self,
        mut inputs: Vec<Input>,
        scopes: &[Scope],
        progress: Option<&Progress>,
        through: Option<Through<'_>>,
    ) -> CorpusIndex {
        let cache = through.map(|t| t.cache);
        // Every post's profile, by its config and the overrides its path matches.
        let mut profiles: HashMap<ProfileKey, Profile> = HashMap::new();
        let mut profile_of = Vec::with_capacity(inputs.len());
        for input in &inputs {
            let (config, overrides) = match input.scope.checked_sub(1) {
                Some(i) => (&scopes[i].config, &scopes[i].overrides),
                None => (&self.config, &self.overrides),
            };
            let key = (
                input.scope,
                self.overrides_of(&input.display, config, overrides),
            );
            if !profiles.contains_key(&key) {
                profiles.insert(key.clone(), self.built_profile(config, &key.1));
            }
            profile_of.push(key);
        }

        let in_memory: Vec<bool> = inputs.iter().map(|i| i.buffer.is_some()).collect();
        let results: Vec<PostResult> = inputs
            .par_iter_mut()
            .enumerate()
            .map(|(id, input)| {
                if !input.target && self.corpus_checkers.is_empty() {
                    // No corpus rule needs this post: do not even read it.
                    return PostResult::Skipped;
                }
                let profile = &profiles[&profile_of[id]];
                if let Some(through) = through
                    && through.skip_unchanged
                    && input.buffer.is_none()
                    && let Some(unchanged) = self.unchanged_post(through.cache, id, input, profile)
                {
                    return unchanged;
                }
                let taken = walk::now_nanos();
                let read = match input.buffer.take() {
                    // The buffer stands for the file: decoded the same way, and
                    // the same file as far as identity goes.
                    Some(bytes) => {
                        decode_post(bytes).map(|text| (text, FileId::at(&input.path), None))
                    }
                    None => read_post(&input.path)
                        .map(|(text, stamp)| (text, stamp.map(|s| s.file()), stamp)),
                };
                let failed = |message| {
                    PostResult::Failed(FileError {
                        path: input.display.clone(),
                        message,
                    })
                };
                match read {
                    Ok((source, file, stamp)) => {
                        let (display, target) = (&input.display, input.target);
                        let checked = match cache {
                            Some(cache) => {
                                self.cached_check(cache, id, display, target, source, profile)
                            }
                            None => self.contained_check(id, display, target, source, profile),
                        };
                        match checked {
                            Ok(mut checked) => {
                                if cache.is_some()
                                    && let Some(stamp) = stamp
                                {
                                    let file = cache::file_key(
                                        &self.cwd.join(&input.path),
                                        &input.display,
                                    );
                                    let content = checked.content;
                                    checked.seen = Some((
                                        file,
                                        Seen {
                                            stamp,
                                            taken,
                                            content,
                                        },
                                    ));
                                }
                                PostResult::Read(Box::new(checked), file)
                            }
                            Err(message) => failed(message),
                        }
                    }
                    Err(message) => failed(message),
                }
            })
            .inspect(|_| {
                if let Some(progress) = progress {
                    progress.read_one();
                }
            })
            .collect();
        let results = one_post_per_file(results, &inputs, &in_memory);

        let mut index = CorpusIndex {
            posts: Vec::with_capacity(results.len()),
            post_findings: Vec::with_capacity(results.len()),
            summaries: (0..self.corpus_checkers.len())
                .map(|_| Vec::with_capacity(results.len()))
                .collect(),
            suppressions: Vec::with_capacity(results.len()),
            contents: Vec::with_capacity(results.len()),
            fresh: Vec::new(),
            cached: Vec::new(),
            seen: Vec::new(),
            unread: HashMap::new(),
            stale: false,
            cache_warnings: Vec::new(),
            profile_of,
            profiles,
            files_checked: 0,
            file_errors: Vec::new(),
            compared: Compared::Walked,
            config_errors: Vec::new(),
        };
        for (id, (result, input)) in results.into_iter().zip(&inputs).enumerate() {
            match result {
                PostResult::Read(checked, _) => {
                    if input.target {
                        index.files_checked += 1;
                    }
                    index.contents.push(checked.content);
                    if cache.is_some() {
                        index.fresh.push((checked.content, checked.entry));
                    }
                    index.seen.extend(checked.seen);
                    if checked.unread {
                        index.unread.insert(id, input.path.clone());
                    }
                    index.post_findings.push(checked.findings);
                    index.suppressions.push(checked.suppressions);
                    if checked.summaries.is_empty() && !self.corpus_checkers.is_empty() {
                        index.cached.push(id);
                        for slot in &mut index.summaries {
                            slot.push(None);
                        }
                    }
                    for (slot, summary) in index.summaries.iter_mut().zip(checked.summaries) {
                        slot.push(Some(summary));
                    }
                    index.posts.push(PostRecord {
                        edited: input.edited,
                        ..checked.record
                    });
                }
                PostResult::Failed(_) | PostResult::Skipped => {
                    if let PostResult::Failed(error) = result
                        && input.target
                    {
                        index.file_errors.push(error);
                    }
                    index.contents.push(0);
                    index.post_findings.push(Vec::new());
                    index.suppressions.push(Suppressions::default());
                    for slot in &mut index.summaries {
                        slot.push(None);
                    }
                    index.posts.push(left_out(id, &input.display));
                }
            }
        }
        index
    }

    /// Re-checks post `id` of `index` with new text, re-parsing only that post:
    /// the others are represented by what the index kept of them. This is what
    /// an editor integration calls on every keystroke, followed by
    /// [`Linter::findings`]. Returns `false`, changing nothing, when the index
    /// has no post `id`.
    #[must_use = "an unknown post id changes nothing"]
    pub fn update(&self, index: &mut CorpusIndex, id: PostId, source: Arc<str>) -> bool {
        let Some(record) = index.posts.get(id) else {
            return false;
        };
        let path = record.path.to_path_buf();
        let profile = &index.profiles[&index.profile_of[id]];
        let checked = match self.contained_check(id, &path, true, source, profile) {
            Ok(checked) => checked,
            Err(_) => {
                // A post the parser or a rule cannot get through is left out,
                // as a post that cannot be read is.
                index.post_findings[id].clear();
                index.suppressions[id] = Suppressions::default();
                for slot in &mut index.summaries {
                    slot[id] = None;
                }
                index.posts[id] = left_out(id, &path);
                return true;
            }
        };
        index.contents[id] =
            cache::post_key(&checked.record.path, checked.record.source.as_bytes());
        index.post_findings[id] = checked.findings;
        index.suppressions[id] = checked.suppressions;
        for (slot, summary) in index.summaries.iter_mut().zip(checked.summaries) {
            slot[id] = Some(summary);
        }
        index.posts[id] = checked.record;
        true
    }

    /// Adds a post the index does not have (a new file, or an editor's
    /// buffer for one not saved yet) as a target, returning its id; a post it
    /// has is updated instead. The post takes the project config and its
    /// overrides; a nested config applies once a walk finds the file.
    pub fn insert(&self, index: &mut CorpusIndex, path: &Path, source: Arc<str>) -> PostId {
        if let Some(id) = index.post_id(path) {
            let _ = self.update(index, id, source);
            return id;
        }
        let id = index.posts.len();
        let key = (0, self.overrides_of(path, &self.config, &self.overrides));
        if !index.profiles.contains_key(&key) {
            let profile = self.built_profile(&self.config, &key.1);
            index.profiles.insert(key.clone(), profile);
        }
        index.profile_of.push(key);
        index.posts.push(left_out(id, path));
        index.post_findings.push(Vec::new());
        index.suppressions.push(Suppressions::default());
        index.contents.push(0);
        for slot in &mut index.summaries {
            slot.push(None);
        }
        let _ = self.update(index, id, source);
        id
    }

    /// Takes post `id` out of the corpus (its file was deleted): it is no
    /// longer compared or reported. Its id stays, so a file that comes back
    /// is [`Linter::insert`]ed into the same place.
    pub fn remove(&self, index: &mut CorpusIndex, id: PostId) {
        let Some(record) = index.posts.get(id) else {
            return;
        };
        let path = Arc::clone(&record.path);
        index.post_findings[id].clear();
        index.suppressions[id] = Suppressions::default();
        index.contents[id] = 0;
        for slot in &mut index.summaries {
            slot[id] = None;
        }
        index.posts[id] = left_out(id, &path);
    }

    /// The corpus phase and settling: every finding for the index's target
    /// posts, with severities from config, suppressions applied, sorted.
    pub fn findings(&self, index: &CorpusIndex) -> Vec<Located> {
        let found = self.corpus_findings(index, None, None);
        locate(self.settled(index, found), &index.posts)
    }

    /// [`Linter::findings`] of an index that changes a few posts at a time
    /// (a language server's): each corpus rule keeps what it learned in
    /// `kept` and re-checks only what the changed posts and the targets
    /// reach ([`crate::rule::CorpusRule::check_again`]). `kept` belongs to
    /// this linter and index; start with [`Kept::default`].
    pub fn findings_again(&self, index: &CorpusIndex, kept: &mut Kept) -> Vec<Located> {
        kept.0.resize_with(self.corpus_checkers.len(), || None);
        let found: Vec<Vec<Finding>> = self
            .corpus_checkers
            .par_iter()
            .zip(index.summaries.par_iter())
            .zip(kept.0.par_iter_mut())
            .map(|(((_, checker), summaries), state)| {
                let mut out = Vec::new();
                checker.check_again(&index.posts, summaries, state, &mut out);
                out
            })
            .collect();
        let found = self.settled(index, found.into_iter().flatten().collect());
        locate(found, &index.posts)
    }

    fn findings_counted(
        &self,
        index: &mut CorpusIndex,
        progress: Option<&Progress>,
        cache: Option<(&mut Cache, u64)>,
    ) -> Vec<Located> {
        let found = match cache {
            Some((cache, key)) => match cache.corpus(key) {
                Some(cached) => cached.to_vec(),
                None => {
                    let found = self.corpus_findings(index, progress, Some(cache));
                    cache.set_corpus(key, found.clone());
                    found
                }
            },
            None => self.corpus_findings(index, progress, None),
        };
        let found = self.settled(index, found);
        // Only now is it known which unread posts are shown.
        index.read_unread(
            found
                .iter()
                .flat_map(|f| std::iter::once(f.post).chain(f.related.iter().map(|r| r.post))),
        );
        locate(found, &index.posts)
    }

    /// The per-post findings of the targets with the corpus rules' `found`,
    /// settled: severities from config, suppressions applied, sorted.
    fn settled(&self, index: &CorpusIndex, found: Vec<Finding>) -> Vec<Finding> {
        let posts = &index.posts;
        let mut findings: Vec<Finding> = index
            .post_findings
            .iter()
            .zip(posts)
            .filter(|(_, post)| post.target)
            .flat_map(|(found, _)| found.iter().cloned())
            .collect();
        findings.extend(found);

        // Settle: severity per post, targets only, suppressions.
        let by_name: HashMap<&str, usize> = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, info)| (info.name.as_ref(), i))
            .collect();
        let level = |post: usize, rule: &str| {
            let profile = &index.profiles[&index.profile_of[post]];
            by_name.get(rule).and_then(|&i| profile.levels[i])
        };
        // Per post, the findings its comments silenced, for unused-suppression.
        let mut silenced: Vec<(usize, Cow<'static, str>, usize)> = Vec::new();
        findings.retain_mut(|f| {
            let Some(post) = posts.get(f.post) else {
                return false;
            };
            if !post.target {
                return false;
            }
            let Some(severity) = level(f.post, &f.rule) else {
                return false;
            };
            f.severity = severity;
            let suppressed = index.suppressions[f.post].suppresses(&f.rule, f.span.start);
            if suppressed {
                silenced.push((f.post, f.rule.clone(), f.span.start));
            }
            !suppressed
        });
        findings.extend(self.unused_suppressions(index, silenced, &level));
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
        findings
    }

    /// `unused-suppression`: the directives of each target post where it is
    /// on that silenced none of `silenced` (post, rule, offset). A name is
    /// judged only where its rule ran, since a rule that did not run silences
    /// nothing whatever the comment says.
    fn unused_suppressions(
        &self,
        index: &CorpusIndex,
        mut silenced: Vec<(usize, Cow<'static, str>, usize)>,
        level: &dyn Fn(usize, &str) -> Option<Severity>,
    ) -> Vec<Finding> {
        let rule = UNUSED_SUPPRESSION.name.as_ref();
        silenced.sort_unstable_by_key(|&(post, _, _)| post);
        let mut out = Vec::new();
        for (id, post) in index.posts.iter().enumerate() {
            let suppressions = &index.suppressions[id];
            if !post.target || suppressions.directives().is_empty() {
                continue;
            }
            let Some(severity) = level(id, rule) else {
                continue;
            };
            let start = silenced.partition_point(|&(p, _, _)| p < id);
            let end = silenced.partition_point(|&(p, _, _)| p <= id);
            let here: Vec<(&str, usize)> = silenced[start..end]
                .iter()
                .map(|(_, rule, offset)| (rule.as_ref(), *offset))
                .collect();
            for unused in suppressions.unused(&here, |name| level(id, name).is_some()) {
                if suppressions.suppresses(rule, unused.span.start) {
                    continue;
                }
                let (message, help) = match &unused.rule {
                    Some(name) => (
                        format!("suppression of `{name}` silences no finding"),
                        format!("remove `{name}` from the comment; `{name}` finds nothing here"),
                    ),
                    None => (
                        "suppression comment silences no finding".to_string(),
                        "remove the comment; no rule finds anything it covers".to_string(),
                    ),
                };
                let mut finding =
                    Finding::new(&UNUSED_SUPPRESSION, id, unused.span, message).with_help(help);
                finding.severity = severity;
                out.push(finding);
            }
        }
        out
    }

    /// [`Linter::check_post`], with a panic in the parse or in a rule contained:
    /// the post becomes a file error saying what broke, and every other post
    /// is still checked and reported.
    fn contained_check(
        &self,
        id: usize,
        display: &Path,
        target: bool,
        source: Arc<str>,
        profile: &Profile,
    ) -> Result<CheckedPost, String> {
        contain(|| self.check_post(id, display, target, source, profile)).map_err(|panic| {
            format!(
                "postlint failed on this post ({panic}); this is a bug, please report it with the post"
            )
        })
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
            edited: target,
        };
        CheckedPost {
            record,
            findings,
            summaries,
            suppressions,
            content: 0,
            entry: None,
            seen: None,
            unread: false,
        }
    }

    /// [`Linter::contained_check`] through the cache: the post's entry when
    /// it has every part this run needs, made with these settings, else a
    /// check whose result becomes the post's new entry.
    fn cached_check(
        &self,
        cache: &Cache,
        id: usize,
        display: &Path,
        target: bool,
        source: Arc<str>,
        profile: &Profile,
    ) -> Result<CheckedPost, String> {
        let content = cache::post_key(display, source.as_bytes());
        if let Some(entry) = cache.post(content)
            && let Some(mut checked) = self.checked_from_entry(&entry, id, display, target, profile)
        {
            checked.record.lines = LineIndex::new(&source);
            checked.record.source = source;
            checked.content = content;
            return Ok(checked);
        }
        let mut checked = self.contained_check(id, display, target, source, profile)?;
        checked.content = content;
        checked.entry = Some(self.entry_of(&checked, profile));
        Ok(checked)
    }

    /// A post whose file has not changed since a run read it, taken from the
    /// cache without reading it: its text is read only if a finding shows it
    /// ([`CorpusIndex::read_unread`]). `None` when the file has changed, or
    /// may have, or the cache lacks what this run needs of it.
    fn unchanged_post(
        &self,
        cache: &Cache,
        id: usize,
        input: &Input,
        profile: &Profile,
    ) -> Option<PostResult> {
        // A stamp is only kept for a file read within the size cap, and a
        // file grown past it has another length, so no cap check is needed.
        let meta = std::fs::metadata(&input.path).ok()?;
        let stamp = Stamp::of(&meta)?;
        let file = cache::file_key(&self.cwd.join(&input.path), &input.display);
        let content = cache.unchanged(file, &stamp)?;
        let entry = cache.post(content)?;
        let mut checked =
            self.checked_from_entry(&entry, id, &input.display, input.target, profile)?;
        checked.content = content;
        checked.unread = true;
        checked.seen = cache.seen_before(file);
        Some(PostResult::Read(Box::new(checked), Some(stamp.file())))
    }

    /// A post checked from its cache entry, without its text, or `None` when
    /// the entry lacks a part this run needs or was made with other settings.
    fn checked_from_entry(
        &self,
        entry: &PostEntry<'_>,
        id: usize,
        display: &Path,
        target: bool,
        profile: &Profile,
    ) -> Option<CheckedPost> {
        let findings = if target {
            // Per-post rules see one post: every place they name is in it.
            entry
                .findings(profile.key)?
                .into_iter()
                .map(|mut finding| {
                    finding.post = id;
                    for related in &mut finding.related {
                        related.post = id;
                    }
                    finding
                })
                .collect()
        } else {
            Vec::new()
        };
        // The summaries are decoded only if the corpus phase has to run
        // ([`Linter::decode_cached`]).
        let has_summaries = self
            .corpus_keys
            .iter()
            .all(|&key| entry.summary(key).is_some());
        if !has_summaries {
            return None;
        }
        Some(CheckedPost {
            record: PostRecord {
                id,
                path: Arc::from(display),
                lines: LineIndex::default(),
                source: Arc::from(""),
                date: entry.date.map(str::to_owned),
                target,
                edited: target,
            },
            findings,
            summaries: Vec::new(),
            suppressions: entry.suppressions.clone(),
            content: 0,
            entry: None,
            seen: None,
            unread: false,
        })
    }

    /// The cache entry of a post just checked, encoded.
    fn entry_of(&self, checked: &CheckedPost, profile: &Profile) -> Vec<u8> {
        let summaries: Vec<(u64, Vec<u8>)> = self
            .corpus_checkers
            .iter()
            .zip(&self.corpus_keys)
            .zip(&checked.summaries)
            .map(|(((_, checker), key), summary)| {
                // A summary that does not encode is stored empty, which no
                // rule decodes: the post is checked again next time.
                let mut bytes = Vec::new();
                checker.encode(summary, &mut bytes);
                (*key, bytes)
            })
            .collect();
        let findings = checked
            .record
            .target
            .then(|| cache::encode_findings(&checked.findings));
        PostEntry {
            date: checked.record.date.as_deref(),
            suppressions: checked.suppressions.clone(),
            summaries: summaries
                .iter()
                .map(|(key, bytes)| (*key, Bytes::new(bytes)))
                .collect(),
            findings: findings.as_deref().map(|f| (profile.key, Bytes::new(f))),
        }
        .encode()
    }

    /// Decodes the summaries of the posts taken from `cache`, for a corpus
    /// phase that has to run. A summary that does not decode (a cache from a
    /// build whose summary types differ but whose version does not) has its
    /// post checked again, from the text the index keeps. With `shared`, the
    /// summaries may keep parts of the cache's memory ([`Cache::summaries`]).
    fn decode_cached(&self, index: &mut CorpusIndex, cache: &Cache, shared: bool) {
        let cached = std::mem::take(&mut index.cached);
        let decode = |id: PostId| {
            let content = *index.contents.get(id)?;
            self.corpus_checkers
                .iter()
                .zip(cache.summaries(content, &self.corpus_keys, shared)?)
                .map(|((_, checker), bytes)| checker.decode(&bytes))
                .collect::<Option<Vec<Summary>>>()
        };
        let (decoded, damaged): (Vec<_>, Vec<_>) = cached
            .into_par_iter()
            .map(|id| (id, decode(id)))
            .partition(|(_, summaries)| summaries.is_some());
        // A summary that does not decode is made again from the post's text.
        index.read_unread(damaged.iter().map(|&(id, _)| id));
        let remade: Vec<(PostId, Option<Vec<Summary>>)> = damaged
            .into_par_iter()
            .map(|(id, _)| {
                let remade = index.posts.get(id).and_then(|post| {
                    let profile = &index.profiles[&index.profile_of[id]];
                    let source = Arc::clone(&post.source);
                    self.contained_check(id, &post.path, post.target, source, profile)
                        .ok()
                        .map(|checked| checked.summaries)
                });
                (id, remade)
            })
            .collect();
        for (id, summaries) in decoded.into_iter().chain(remade) {
            let Some(summaries) = summaries else { continue };
            for (slot, summary) in index.summaries.iter_mut().zip(summaries) {
                slot[id] = Some(summary);
            }
        }
    }

    /// What the corpus rules find in `index`, before settling, with their
    /// memories in `cache` when the run keeps one.
    fn corpus_findings(
        &self,
        index: &CorpusIndex,
        progress: Option<&Progress>,
        mut cache: Option<&mut Cache>,
    ) -> Vec<Finding> {
        let mut memories: Vec<Option<Vec<u8>>> = self
            .corpus_keys
            .iter()
            .map(|&rule| cache.as_mut().map(|cache| cache.memory(rule)))
            .collect();
        let corpus_findings: Vec<Vec<Finding>> = self
            .corpus_checkers
            .par_iter()
            .zip(index.summaries.par_iter())
            .zip(memories.par_iter_mut())
            .map(|(((_, checker), summaries), memory)| {
                let mut out = Vec::new();
                match memory {
                    Some(memory) => {
                        checker.check_remembering(&index.posts, summaries, memory, &mut out)
                    }
                    None => checker.check(&index.posts, summaries, &mut out),
                }
                if let Some(progress) = progress {
                    progress.compared_one();
                }
                out
            })
            .collect();
        if let Some(cache) = cache {
            for (&rule, memory) in self.corpus_keys.iter().zip(memories) {
                cache.set_memory(rule, memory.unwrap_or_default());
            }
        }
        corpus_findings.into_iter().flatten().collect()
    }

    /// The cache key of the corpus phase over `index`: the corpus rules'
    /// settings and every post's path, bytes and whether it is a target and
    /// being edited, which is all that phase reads.
    fn corpus_key(&self, index: &CorpusIndex) -> u64 {
        let mut key = SettingsKey::new();
        for &rule in &self.corpus_keys {
            key.add_u128(u128::from(rule));
        }
        for (post, &content) in index.posts.iter().zip(&index.contents) {
            key.add(post.path.as_os_str().as_encoded_bytes())
                .add_u128(content)
                .add([u8::from(post.target), u8::from(post.edited)]);
        }
        key.finish()
    }

    fn check_suppression_names(
        &self,
        doc: &Document,
        suppressions: &Suppressions,
        out: &mut Vec<Finding>,
    ) {
        for unknown in suppressions.unknown_directives() {
            out.push(
                Finding::new(
                    &INVALID_SUPPRESSION,
                    doc.id,
                    unknown.span.clone(),
                    format!("unknown suppression directive `{}`", unknown.word),
                )
                .with_help(crate::suppress::unknown_directive_help(&unknown.word)),
            );
        }
        for directive in suppressions.directives() {
            for (name, span) in directive.rules.iter().zip(&directive.name_spans) {
                if self.rules.iter().any(|r| r.name == name.as_str()) {
                    continue;
                }
                let names = self.rules.iter().map(|r| r.name.as_ref());
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
    profile_of: Vec<ProfileKey>,
    profiles: HashMap<ProfileKey, Profile>,
    files_checked: usize,
    file_errors: Vec<FileError>,
    compared: Compared,
    config_errors: Vec<SourceError>,
    /// Per post: the hash of its path and bytes (0 when left out), for the cache.
    contents: Vec<u128>,
    /// Per post checked, with a cache: its key and its new entry, or
    /// `None` when the old one was used.
    fresh: Vec<(u128, Option<Vec<u8>>)>,
    /// Posts taken from the cache whose summaries are not decoded yet.
    cached: Vec<PostId>,
    /// What this run saw of the files it read, by their keys, for the cache.
    seen: Vec<(u128, Seen)>,
    /// Posts whose files were not read, being unchanged since the cache saw
    /// them: their records have no text yet. By the path to read.
    unread: HashMap<PostId, PathBuf>,
    /// Whether an unread post's file turned out to have changed during the
    /// run, when its text was read: the run's result cannot be trusted.
    stale: bool,
    cache_warnings: Vec<String>,
}

/// A post's config (0: the run's; see [`Input::scope`]) and the overrides of
/// that config its path matches.
type ProfileKey = (usize, Vec<usize>);

impl CorpusIndex {
    /// The outcome of a run that found `findings` in this index, begun at
    /// `started`.
    fn outcome(self, findings: Vec<Located>, started: Instant) -> Outcome {
        Outcome {
            findings,
            files_checked: self.files_checked,
            file_errors: self.file_errors,
            compared: self.compared,
            config_errors: self.config_errors,
            posts: self.posts,
            cache_warnings: self.cache_warnings,
            elapsed: started.elapsed(),
        }
    }

    /// The id of the post shown as `path`.
    pub fn post_id(&self, path: &Path) -> Option<PostId> {
        self.posts.iter().position(|p| &*p.path == path)
    }

    /// Stops reporting post `id`'s findings while it stays in the corpus:
    /// a language server reports only the posts open in the editor. The
    /// next [`Linter::update`] of the post reports it again.
    pub fn hide(&mut self, id: PostId) {
        if let Some(post) = self.posts.get_mut(id) {
            post.target = false;
            post.edited = false;
        }
    }

    /// Says whether post `id`'s text differs from its file, which makes it
    /// the newer of posts of its date ([`crate::rule::Corpus::is_edited`]):
    /// an editor's unchanged buffer keeps the originals a check of the
    /// files names.
    pub fn set_edited(&mut self, id: PostId, edited: bool) {
        if let Some(post) = self.posts.get_mut(id) {
            post.edited = edited;
        }
    }

    /// Reads the text of the unread posts among `ids`. A file whose bytes
    /// are not the ones the cache had makes the index [`stale`](Self::stale).
    fn read_unread(&mut self, ids: impl IntoIterator<Item = PostId>) {
        let wanted: Vec<(PostId, PathBuf)> = ids
            .into_iter()
            .filter_map(|id| Some((id, self.unread.remove(&id)?)))
            .collect();
        if wanted.is_empty() {
            return;
        }
        let posts = &self.posts;
        let contents = &self.contents;
        let read: Vec<(PostId, Option<Arc<str>>)> = wanted
            .into_par_iter()
            .map(|(id, path)| {
                let text = read_post(&path).ok().map(|(text, _)| text).filter(|text| {
                    cache::post_key(&posts[id].path, text.as_bytes()) == contents[id]
                });
                (id, text)
            })
            .collect();
        for (id, text) in read {
            match text {
                Some(text) => {
                    let post = &mut self.posts[id];
                    post.lines = LineIndex::new(&text);
                    post.source = text;
                }
                None => self.stale = true,
            }
        }
    }

    /// What was wrong with the cache while indexing, one line each.
    pub fn cache_warnings(&self) -> &[String] {
        &self.cache_warnings
    }

    /// Problems in the nested config files the posts took.
    pub fn config_errors(&self) -> &[SourceError] {
        &self.config_errors
    }
}

/// The cache as the parallel phase uses it.
#[derive(Clone, Copy)]
struct Through<'c> {
    cache: &'c Cache,
    /// Whether a post whose file is unchanged since the cache saw it is left
    /// unread: not for an index that will be edited and shown post by post
    /// (a language server's).
    skip_unchanged: bool,
}

/// What the corpus rules keep between [`Linter::findings_again`] calls.
#[derive(Default)]
pub struct Kept(Vec<Option<Box<dyn std::any::Any + Send + Sync>>>);

/// A config file nearer to some posts than the run's own: the settings of
/// every post under its folder.
struct Scope {
    config: Config,
    overrides: Vec<Globs>,
    filter: Filter,
}

enum PostResult {
    /// Read and checked; the file's identity, where the platform has one.
    Read(Box<CheckedPost>, Option<FileId>),
    Failed(FileError),
    Skipped,
}

struct CheckedPost {
    record: PostRecord,
    findings: Vec<Finding>,
    summaries: Vec<Summary>,
    suppressions: Suppressions,
    /// The hash of its path and bytes, when the run keeps a cache.
    content: u128,
    /// Its new cache entry ([`PostEntry::encode`]), when it was checked
    /// rather than taken from one.
    entry: Option<Vec<u8>>,
    /// Its file's key and what this run saw of it, when the run keeps a cache.
    seen: Option<(u128, Seen)>,
    /// Whether its file was left unread, being unchanged since the cache saw it.
    unread: bool,
}

std::thread_local! {
    /// Whether this thread is inside [`contain`]: its panic hook then records
    /// the panic for the file error instead of printing it.
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
    /// The last contained panic on this thread, with where it happened.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `work`, turning a panic into a description of it. Every input should
/// check without one; this is the net under that promise, so one post that
/// trips a bug (ours or the Markdown parser's, like pulldown-cmark#1115) costs
/// that post, not the run.
fn contain<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    let outer = CONTAINING.replace(true);
    let result = std::panic::catch_unwind(AssertUnwindSafe(work));
    CONTAINING.set(outer);
    result.map_err(|payload| {
        LAST_PANIC
            .take()
            .unwrap_or_else(|| panic_message(payload.as_ref()))
    })
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string())
}

/// Installs the binary's panic hook: a panic the engine contains is described
/// in that post's file error (message and place) rather than printed on its
/// own; every other panic goes to the hook that was there before.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if CONTAINING.get() {
            let message = panic_message(info.payload());
            let place = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.set(Some(format!("{message}{place}")));
        } else {
            previous(info);
        }
    }));
}

/// Writes `cache` back, keeping its problems with the index. Only a run over
/// every post may drop the entries it did not use.
fn save(index: &mut CorpusIndex, cache: Cache, options: &RunOptions) {
    let whole = matches!(index.compared, Compared::Walked) && options.stdin.is_none();
    index.cache_warnings = cache.warnings().to_vec();
    index.cache_warnings.extend(cache.save(whole));
}

/// The record of a post that is in the corpus but could not be checked: no
/// text, not a target.
fn left_out(id: PostId, path: &Path) -> PostRecord {
    PostRecord {
        id,
        path: Arc::from(path),
        source: Arc::from(""),
        lines: Default::default(),
        date: None,
        target: false,
        edited: false,
    }
}

/// Keeps one post per file: when two inputs are one file (`d/a.md` and
/// `d/../d/a.md`, a folder named twice, a symlink to a post), the later ones
/// are skipped, so a post is never its own duplicate. A buffer in memory
/// wins over the file it stands for, then targets over posts
/// that are only compared against; within each, the first path in order.
fn one_post_per_file(
    mut results: Vec<PostResult>,
    inputs: &[Input],
    in_memory: &[bool],
) -> Vec<PostResult> {
    let mut seen: HashSet<FileId> = HashSet::new();
    let mut order: Vec<usize> = (0..inputs.len()).collect();
    order.sort_by_key(|&i| (!in_memory[i], !inputs[i].target, i));
    for i in order {
        let PostResult::Read(_, Some(file)) = &results[i] else {
            continue;
        };
        if !seen.insert(*file) {
            results[i] = PostResult::Skipped;
        }
    }
    results
}

/// Reads a post from disk, with its file's stamp, or says in plain words why
/// it cannot be checked.
fn read_post(path: &Path) -> Result<(Arc<str>, Option<Stamp>), String> {
    let (bytes, meta) = walk::read_file_stat(path, walk::MAX_POST_BYTES)?;
    Ok((decode_post(bytes)?, Stamp::of(&meta)))
}

/// A post's bytes as UTF-8 text, the same way for a file and for standard
/// input: NUL bytes mean binary, invalid UTF-8 is refused with its line.
fn decode_post(bytes: Vec<u8>) -> Result<Arc<str>, String> {
    if bytes.len() as u64 > walk::MAX_POST_BYTES {
        return Err(walk::too_big(walk::MAX_POST_BYTES));
    }
    if memchr::memchr(0, &bytes).is_some() {
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

/// The nearest config file in `folder` or above it, remembered per folder so a
/// tree of thousands of posts costs a few look-ups per folder.
fn nearest_config(
    folder: &Path,
    nearest: &mut HashMap<PathBuf, Option<PathBuf>>,
) -> Option<PathBuf> {
    let mut visited = Vec::new();
    let mut found = None;
    for dir in folder.ancestors() {
        if let Some(known) = nearest.get(dir) {
            found = known.clone();
            break;
        }
        visited.push(dir.to_path_buf());
        if let Some(file) = crate::config::CONFIG_NAMES
            .iter()
            .map(|name| dir.join(name))
            .find(|p| p.is_file())
        {
            found = Some(canonical(&file));
            break;
        }
    }
    for dir in visited {
        nearest.insert(dir, found.clone());
    }
    found
}

/// A path with symlinks resolved, when it can be; else as given.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// The project root as bytes, for the cache's keys.
fn root_text(root: Option<&Path>) -> &[u8] {
    root.map_or(&[], |r| r.as_os_str().as_encoded_bytes())
}

/// A rule's options as written, for the cache's keys: the same table gives
/// the same text.
fn options_text(setting: Option<&RuleSetting>) -> String {
    setting.map(|s| s.options.to_string()).unwrap_or_default()
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
