//! Configuration: `postlint.toml` or `.postlint.toml`, found by walking up.
//!
//! The file holds which posts to check (`[files]`), each rule's severity and
//! options (`[rules.NAME]`), and `[[overrides]]` that change rule settings for
//! posts matching globs. Every key is checked: an unknown key, rule name, option
//! or value type is an error that points at the exact span in the file, with a
//! did-you-mean when a known name is close. Nothing is silently ignored, because a
//! misspelt `serverity` that does nothing is worse than an error.
//!
//! The checking itself (types, unknown keys, spans) is [`crate::settings`]'s,
//! shared with rule files; this module says which keys there are and what they
//! mean.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

use crate::error::{SourceError, did_you_mean};
use crate::rule::{Phase, RuleInfo};
use crate::settings::{Level, Reader, TomlPath, toml_span, toml_strings};
use crate::walk::{Files, normalize};

/// The names a config file may have, in order of preference.
pub const CONFIG_NAMES: [&str; 2] = ["postlint.toml", ".postlint.toml"];

/// One rule's settings.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RuleSetting {
    /// Its level, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Level>,
    /// Its options, as written (checked against the rule's declaration).
    #[serde(flatten)]
    pub options: toml::Table,
}

/// Rule settings for posts matching some globs.
#[derive(Debug, Clone, Serialize)]
pub struct Override {
    /// Globs relative to the project root.
    pub files: Vec<String>,
    /// Settings that replace the top-level ones for matching posts.
    pub rules: BTreeMap<String, RuleSetting>,
}

/// The whole configuration.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Config {
    /// The file it came from, if any.
    #[serde(skip)]
    pub file: Option<PathBuf>,
    /// Which files are posts.
    pub files: Files,
    /// Per-rule settings.
    pub rules: BTreeMap<String, RuleSetting>,
    /// Per-glob settings.
    pub overrides: Vec<Override>,
    /// Folders of rule files (`rule-dirs`), resolved against the folder of the
    /// config file that names them.
    pub rule_dirs: Vec<PathBuf>,
    /// `select`: the rules, groups or `ALL` to check (empty: those on by default).
    pub select: Vec<String>,
    /// `extend-select`: rules, groups or `ALL` to check as well.
    pub extend_select: Vec<String>,
    /// `ignore`: rules, groups or `ALL` never to check.
    pub ignore: Vec<String>,
    /// The files this one extends, nearest first.
    #[serde(skip)]
    pub extends: Vec<PathBuf>,
}

impl Config {
    /// Points `error` at the key at `path` in the config file, or in the first
    /// file it extends that sets that key.
    pub fn point_at(&self, error: SourceError, path: &[TomlPath<'_>]) -> SourceError {
        let files = self.file.iter().chain(&self.extends);
        let found = files.filter_map(|file| {
            let text = crate::walk::read_text(file, crate::walk::MAX_SETTINGS_BYTES).ok()?;
            let span = toml_span(&text, path, true)?;
            Some((file, text, span))
        });
        match found.into_iter().next() {
            Some((file, text, span)) => error.at(file, Arc::from(text), Some(span)),
            None => error,
        }
    }

    /// The folder of the config file: globs are relative to it, and it is the
    /// project root.
    pub fn root(&self) -> Option<&Path> {
        self.file.as_deref().and_then(Path::parent)
    }
}

/// Finds the config file for a run started in `dir`: the nearest folder, walking
/// up, holding `postlint.toml` or `.postlint.toml`.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().find_map(|d| {
        CONFIG_NAMES
            .iter()
            .map(|name| d.join(name))
            .find(|p| p.is_file())
    })
}

/// Reads and checks the config file at `path`, and the files it extends. All
/// problems are returned at once.
///
/// `extend = "PATH"` (relative to the extending file) reads another config
/// first and lays this one over it, as ruff's `extend` does: a `[files]` key,
/// `select`, or a rule's severity or option set here wins; `extend-select` and
/// `ignore` add up; `[[overrides]]` of the extended
/// file come before this file's (so this file's win), and `rule-dirs` add up.
/// Globs stay relative to the project root, the folder of the config file that
/// was found, so a shared base's `exclude = ["drafts/**"]` means each
/// project's drafts; `rule-dirs` are relative to the file that names them.
pub fn load(path: &Path, rules: &[RuleInfo]) -> Result<Config, Vec<SourceError>> {
    let text = crate::walk::read_text(path, crate::walk::MAX_SETTINGS_BYTES).map_err(|e| {
        vec![
            SourceError::new(format!("cannot read config file {}: {e}", path.display()))
                .help("check the path given to --config, or run with --isolated"),
        ]
    })?;
    let mut chain = vec![path.to_path_buf()];
    let mut config = load_layer(path, &text, rules, &mut chain)?.config;
    config.file = Some(path.to_path_buf());
    chain.remove(0);
    config.extends = chain;
    Ok(config)
}

/// One config file and what it extends, merged, with the keys it set.
struct Layer {
    config: Config,
    files_set: FilesSet,
}

/// Which `[files]` keys a layer set, so an extending file replaces only those.
#[derive(Default, Clone, Copy)]
struct FilesSet {
    include: bool,
    exclude: bool,
    extensions: bool,
}

fn load_layer(
    path: &Path,
    text: &str,
    rules: &[RuleInfo],
    chain: &mut Vec<PathBuf>,
) -> Result<Layer, Vec<SourceError>> {
    let (layer, extend) = parse_layer(path, text, rules)?;
    let Some(extend) = extend else {
        return Ok(layer);
    };
    let source: Arc<str> = Arc::from(text);
    let span = toml_span(text, &[TomlPath::Key("extend")], false);
    let at = |error: SourceError| vec![error.at(path, source.clone(), span.clone()).label("here")];
    let base_path = normalize(&path.parent().unwrap_or(Path::new("")).join(&extend));
    let same = |p: &PathBuf| {
        p == &base_path || std::fs::canonicalize(p).ok() == std::fs::canonicalize(&base_path).ok()
    };
    if chain.iter().any(same) {
        return Err(at(SourceError::new(format!(
            "config {} extends itself through {}",
            path.display(),
            base_path.display()
        ))
        .help("remove the `extend` that closes the loop")));
    }
    let base_text =
        crate::walk::read_text(&base_path, crate::walk::MAX_SETTINGS_BYTES).map_err(|e| {
            at(SourceError::new(format!(
                "cannot read the extended config {}: {e}",
                base_path.display()
            ))
            .help("`extend` names a config file, relative to the file that extends it"))
        })?;
    chain.push(base_path.clone());
    let base = load_layer(&base_path, &base_text, rules, chain)?;
    Ok(merge(base, layer))
}

/// Lays `top` over `base` (see [`load`]).
fn merge(base: Layer, top: Layer) -> Layer {
    let (mut config, set) = (base.config, base.files_set);
    let files = top.config.files;
    if top.files_set.include {
        config.files.include = files.include;
    }
    if top.files_set.exclude {
        config.files.exclude = files.exclude;
    }
    if top.files_set.extensions {
        config.files.extensions = files.extensions;
    }
    for (name, setting) in top.config.rules {
        let merged = config.rules.entry(name).or_default();
        if setting.severity.is_some() {
            merged.severity = setting.severity;
        }
        merged.options.extend(setting.options);
    }
    if !top.config.select.is_empty() {
        config.select = top.config.select;
    }
    config.extend_select.extend(top.config.extend_select);
    config.ignore.extend(top.config.ignore);
    config.overrides.extend(top.config.overrides);
    for dir in top.config.rule_dirs {
        if !config.rule_dirs.contains(&dir) {
            config.rule_dirs.push(dir);
        }
    }
    Layer {
        config,
        files_set: FilesSet {
            include: set.include || top.files_set.include,
            exclude: set.exclude || top.files_set.exclude,
            extensions: set.extensions || top.files_set.extensions,
        },
    }
}

/// The `rule-dirs` of the config file `path` whose text is `text` and of the
/// files it extends, each resolved against its own file's folder. Rule files
/// must be loaded before the config is checked, since `[rules.NAME]` may name a
/// rule from a file; so this reads those keys leniently, and [`load`] reports
/// anything wrong with them.
pub fn rule_dirs(path: &Path, text: &str) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    let mut seen = Vec::new();
    let mut next = Some((path.to_path_buf(), text.to_string()));
    while let Some((file, text)) = next.take() {
        let Ok(table) = toml::from_str::<toml::Table>(&text) else {
            break;
        };
        if let Some(list) = table.get("rule-dirs").and_then(toml_strings) {
            for dir in resolve_dirs(&file, &list) {
                if !dirs.contains(&dir) {
                    dirs.push(dir);
                }
            }
        }
        seen.push(file.clone());
        if let Some(extend) = table.get("extend").and_then(toml::Value::as_str) {
            let base = normalize(&file.parent().unwrap_or(Path::new("")).join(extend));
            if !seen.contains(&base)
                && let Ok(text) = crate::walk::read_text(&base, crate::walk::MAX_SETTINGS_BYTES)
            {
                next = Some((base, text));
            }
        }
    }
    dirs
}

fn resolve_dirs(config: &Path, dirs: &[String]) -> Vec<PathBuf> {
    let base = config.parent().unwrap_or(Path::new(""));
    dirs.iter().map(|d| base.join(d)).collect()
}

/// Checks config `text` (from `path`, for messages) against the known `rules`.
/// An `extend` key is checked for its type here and followed by [`load`].
pub fn parse(path: &Path, text: &str, rules: &[RuleInfo]) -> Result<Config, Vec<SourceError>> {
    parse_layer(path, text, rules).map(|(layer, _)| layer.config)
}

fn parse_layer(
    path: &Path,
    text: &str,
    rules: &[RuleInfo],
) -> Result<(Layer, Option<String>), Vec<SourceError>> {
    let (reader, table) = Reader::parse(path, text, "TOML")?;
    let mut checker = Checker {
        reader,
        rules,
        extend: None,
        files_set: FilesSet::default(),
    };
    let config = checker.config(&table);
    if checker.reader.is_clean() {
        let layer = Layer {
            config,
            files_set: checker.files_set,
        };
        Ok((layer, checker.extend))
    } else {
        Err(checker.reader.into_errors())
    }
}

struct Checker<'a> {
    reader: Reader<'a>,
    rules: &'a [RuleInfo],
    /// The `extend` value, when there is one.
    extend: Option<String>,
    files_set: FilesSet,
}

/// The top-level keys of a config file.
pub const TOP_KEYS: &[&str] = &[
    "extend",
    "select",
    "extend-select",
    "ignore",
    "files",
    "rules",
    "overrides",
    "rule-dirs",
];
/// The keys of `[files]`.
pub const FILES_KEYS: &[&str] = &["include", "exclude", "extensions"];
/// The keys of an `[[overrides]]` table.
pub const OVERRIDE_KEYS: &[&str] = &["files", "rules"];

impl Checker<'_> {
    /// Reports each glob of `patterns` (the list at `at`) that does not
    /// compile, pointing at it.
    fn globs(&mut self, patterns: &[String], at: &[TomlPath<'_>], what: &str) {
        for (i, pattern) in patterns.iter().enumerate() {
            if let Some(problem) = crate::walk::glob_error(pattern) {
                let mut path = at.to_vec();
                path.push(TomlPath::Index(i));
                self.reader.error(
                    &path,
                    false,
                    format!("invalid {what} glob \"{pattern}\": {problem}"),
                    crate::walk::GLOB_HELP.into(),
                );
            }
        }
    }

    fn config(&mut self, table: &toml::Table) -> Config {
        let mut config = Config::default();
        for (key, value) in table {
            let at = [TomlPath::Key(key)];
            match key.as_str() {
                "files" => config.files = self.files(value),
                "rules" => config.rules = self.rules(value, &at, false),
                "overrides" => config.overrides = self.overrides(value),
                "rule-dirs" => {
                    if let Some(dirs) = self.strings(value, &at) {
                        config.rule_dirs = resolve_dirs(self.reader.path(), &dirs);
                    }
                }
                "select" | "extend-select" | "ignore" => {
                    if let Some(list) = self.strings(value, &at) {
                        let selectors = match key.as_str() {
                            "select" => &mut config.select,
                            "extend-select" => &mut config.extend_select,
                            _ => &mut config.ignore,
                        };
                        *selectors = list;
                    }
                }
                "extend" => match value.as_str() {
                    Some(file) if !file.is_empty() => self.extend = Some(file.to_string()),
                    _ => self.reader.error(
                        &at,
                        false,
                        "`extend` must be the path of a config file".into(),
                        "write it as extend = \"../postlint.toml\", relative to this file".into(),
                    ),
                },
                _ => self.reader.unknown_key(&at, key, TOP_KEYS, "the top level"),
            }
        }
        config
    }

    fn files(&mut self, value: &toml::Value) -> Files {
        let mut files = Files::default();
        let Some(table) = self.table(value, &[TomlPath::Key("files")]) else {
            return files;
        };
        for (key, value) in table {
            let at = [TomlPath::Key("files"), TomlPath::Key(key)];
            let list = match key.as_str() {
                "include" => {
                    self.files_set.include = true;
                    &mut files.include
                }
                "exclude" => {
                    self.files_set.exclude = true;
                    &mut files.exclude
                }
                "extensions" => {
                    self.files_set.extensions = true;
                    &mut files.extensions
                }
                _ => {
                    self.reader.unknown_key(&at, key, FILES_KEYS, "[files]");
                    continue;
                }
            };
            if let Some(items) = self.strings(value, &at) {
                if key != "extensions" {
                    self.globs(&items, &at, key);
                }
                *list = items;
            }
        }
        for ext in &mut files.extensions {
            *ext = ext.trim_start_matches('.').to_string();
        }
        files
    }

    fn overrides(&mut self, value: &toml::Value) -> Vec<Override> {
        let Some(items) = value.as_array() else {
            self.reader.error(
                &[TomlPath::Key("overrides")],
                false,
                "`overrides` must be an array of tables".into(),
                "write each override as a `[[overrides]]` table with `files` and `rules`".into(),
            );
            return Vec::new();
        };
        let mut overrides = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = [TomlPath::Key("overrides"), TomlPath::Index(i)];
            let Some(table) = self.table(item, &at) else {
                continue;
            };
            let mut files = None;
            let mut rules = BTreeMap::new();
            for (key, value) in table {
                let at = [
                    TomlPath::Key("overrides"),
                    TomlPath::Index(i),
                    TomlPath::Key(key),
                ];
                match key.as_str() {
                    "files" => {
                        files = self.strings(value, &at);
                        if let Some(globs) = &files {
                            self.globs(globs, &at, "override");
                        }
                    }
                    "rules" => rules = self.rules(value, &at, true),
                    _ => self
                        .reader
                        .unknown_key(&at, key, OVERRIDE_KEYS, "[[overrides]]"),
                }
            }
            match files {
                Some(files) if !files.is_empty() => overrides.push(Override { files, rules }),
                _ => self.reader.error(
                    &at,
                    false,
                    "this override has no `files`".into(),
                    "add `files = [\"glob/**\"]` naming the posts it applies to".into(),
                ),
            }
        }
        overrides
    }

    fn rules(
        &mut self,
        value: &toml::Value,
        at: &[TomlPath<'_>],
        in_override: bool,
    ) -> BTreeMap<String, RuleSetting> {
        let mut settings = BTreeMap::new();
        let Some(table) = self.table(value, at) else {
            return settings;
        };
        for (name, value) in table {
            let mut at = at.to_vec();
            at.push(TomlPath::Key(name));
            let Some(rule) = self.rules.iter().find(|r| r.name == name.as_str()) else {
                let help = unknown_rule_help(name, self.rules.iter().map(|r| r.name.as_ref()));
                self.reader
                    .error(&at, true, format!("unknown rule `{name}`"), help);
                continue;
            };
            if let Some(setting) = self.rule_setting(rule, value, &at, in_override) {
                settings.insert(name.clone(), setting);
            }
        }
        settings
    }

    fn rule_setting(
        &mut self,
        rule: &RuleInfo,
        value: &toml::Value,
        at: &[TomlPath<'_>],
        in_override: bool,
    ) -> Option<RuleSetting> {
        // `rule = "off"` is short for `[rules.rule] severity = "off"`.
        if let toml::Value::String(level) = value {
            return Some(RuleSetting {
                severity: Some(self.reader.level(level, at)?),
                options: toml::Table::new(),
            });
        }
        let table = self.table(value, at)?;
        let mut setting = RuleSetting::default();
        for (key, value) in table {
            let mut at = at.to_vec();
            at.push(TomlPath::Key(key));
            if key == "severity" {
                match value.as_str() {
                    Some(level) => setting.severity = self.reader.level(level, &at),
                    None => self.reader.error(
                        &at,
                        false,
                        "`severity` must be a string".into(),
                        "use one of \"error\", \"warning\", \"info\", \"off\"".into(),
                    ),
                }
                continue;
            }
            let Some(option) = rule.option(key) else {
                let mut known: Vec<&str> = rule.options.iter().map(|o| o.name).collect();
                known.insert(0, "severity");
                self.reader
                    .unknown_key(&at, key, &known, &format!("[rules.{}]", rule.name));
                continue;
            };
            if in_override && rule.phase() == Phase::Corpus {
                // A corpus rule judges all posts together, so its options cannot
                // differ from post to post.
                self.reader.error(
                    &at,
                    true,
                    format!("options of `{}` cannot be set in an override", rule.name),
                    format!(
                        "`{0}` compares posts across the corpus, so its options apply to every post: set them in [rules.{0}]; an override may still set its `severity`",
                        rule.name
                    ),
                );
                continue;
            }
            if !option.kind.accepts(value) {
                self.reader.error(
                    &at,
                    false,
                    format!("`{key}` must be {}", option.kind.describe()),
                    format!("{} (default: {})", option.doc, option.default),
                );
                continue;
            }
            setting.options.insert(key.clone(), value.clone());
        }
        Some(setting)
    }

    // A config key can sit in several tables (`files` at the top and in an
    // override), so these two type errors name its dotted path, not the key
    // alone as [`Reader::type_error`] does.
    fn table<'v>(
        &mut self,
        value: &'v toml::Value,
        at: &[TomlPath<'_>],
    ) -> Option<&'v toml::Table> {
        let table = value.as_table();
        if table.is_none() {
            self.reader.error(
                at,
                false,
                format!("`{}` must be a table", path_text(at)),
                format!("write it as a `[{}]` section", path_text(at)),
            );
        }
        table
    }

    fn strings(&mut self, value: &toml::Value, at: &[TomlPath<'_>]) -> Option<Vec<String>> {
        let items = toml_strings(value);
        if items.is_none() {
            self.reader.error(
                at,
                false,
                format!("`{}` must be a list of strings", path_text(at)),
                "write it as [\"one\", \"two\"]".into(),
            );
        }
        items
    }
}

fn path_text(at: &[TomlPath<'_>]) -> String {
    let mut text = String::new();
    for step in at {
        match step {
            TomlPath::Key(k) => {
                if !text.is_empty() {
                    text.push('.');
                }
                text.push_str(k);
            }
            TomlPath::Index(i) => text.push_str(&format!("[{i}]")),
        }
    }
    text
}

/// The help line for an unknown rule name, with a did-you-mean when one is close.
pub fn unknown_rule_help<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    match did_you_mean(name, known) {
        Some(close) => format!("did you mean `{close}`? `postlint rules` lists every rule"),
        None => "`postlint rules` lists every rule".to_string(),
    }
}

/// The configuration as it applies: every rule with its effective level and
/// every option with its value or default, as TOML (`postlint config`).
pub fn effective_toml(config: &Config, rules: &[RuleInfo]) -> String {
    #[derive(Serialize)]
    struct Effective<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        config_file: Option<String>,
        #[serde(rename = "rule-dirs", skip_serializing_if = "<[_]>::is_empty")]
        rule_dirs: Vec<String>,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        select: &'a [String],
        #[serde(rename = "extend-select", skip_serializing_if = "<[_]>::is_empty")]
        extend_select: &'a [String],
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        ignore: &'a [String],
        files: &'a Files,
        rules: BTreeMap<String, RuleSetting>,
        #[serde(skip_serializing_if = "<[_]>::is_empty")]
        overrides: &'a [Override],
    }
    let rules = rules
        .iter()
        .map(|rule| {
            let set = config.rules.get(rule.name.as_ref());
            let default = if rule.enabled {
                Level::from_severity(rule.severity)
            } else {
                Level::Off
            };
            let mut options = toml::Table::new();
            for option in rule.options {
                let value = set
                    .and_then(|s| s.options.get(option.name).cloned())
                    .or_else(|| option.default_value());
                if let Some(value) = value {
                    options.insert(option.name.to_string(), value);
                }
            }
            let setting = RuleSetting {
                severity: Some(set.and_then(|s| s.severity).unwrap_or(default)),
                options,
            };
            (rule.name.to_string(), setting)
        })
        .collect();
    let effective = Effective {
        config_file: config.file.as_ref().map(|p| p.display().to_string()),
        rule_dirs: config
            .rule_dirs
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        select: &config.select,
        extend_select: &config.extend_select,
        ignore: &config.ignore,
        files: &config.files,
        rules,
        overrides: &config.overrides,
    };
    toml::to_string(&effective).unwrap_or_else(|e| format!("# cannot print config: {e}\n"))
}
