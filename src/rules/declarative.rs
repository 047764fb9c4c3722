//! Rules from rule files: a team's own rules, written in TOML instead of Rust.
//!
//! One file is one rule: a name, a severity, docs, a kind (`existence`,
//! `substitution`, `occurrence`, `conditional`, `metric`, `capitalization`), a
//! scope, the kind's patterns or bounds, a message, and inline `[[test]]` cases.
//! The shipped pack ([`pack`]) is embedded in the binary; config `rule-dirs` adds
//! folders of a team's own. Once loaded, a rule from a file is a rule like any
//! other: it has a [`RuleInfo`], shows in `postlint rules` and `explain`, takes
//! `[rules.NAME]` severities and suppression comments, and reports in every
//! output format.
//!
//! The modules, in the order a rule file meets them:
//! - [`file`](mod@file) reads and checks one file, reporting every problem with its span;
//! - [`kinds`] holds each kind whole: its keys, its placeholders, what it looks
//!   for and how it judges what was found;
//! - [`scope`] turns a post into the instances a scope covers;
//! - [`matcher`] is the scanner: the patterns of all rules in one matcher
//!   (behind a word-level [`prefilter`]);
//! - [`checker`] runs the scanner over a post, scope by scope, and hands each
//!   rule's hits to its kind;
//! - [`testing`] runs the inline tests (`postlint rules test`).
//!
//! All rule files form one [`RuleSet`], an engine [`RuleGroup`]: the engine asks
//! it for one checker covering the rules that are on, compiled once per set of
//! enabled rules and cached.

pub mod checker;
pub mod file;
pub mod kinds;
pub mod matcher;
pub mod pack;
pub mod prefilter;
pub mod scope;
pub mod testing;

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::error::SourceError;
use crate::rule::{Check, PostRule, RuleGroup, RuleInfo};
use crate::settings::{TomlPath, toml_span};

use checker::{Compiled, Loaded};

/// Rules read from rule files, checked together.
pub struct RuleSet {
    rules: Vec<Arc<Loaded>>,
    /// Compiled matchers by the indices of the rules that are on.
    cache: Mutex<HashMap<Vec<usize>, Arc<Compiled>>>,
    /// The hash of every rule file's text, for [`RuleGroup::settings_key`].
    key: u64,
}

impl RuleSet {
    fn new(rules: Vec<Loaded>) -> RuleSet {
        let mut key = crate::cache::SettingsKey::new();
        for loaded in &rules {
            key.add(loaded.rule.text.as_bytes());
        }
        RuleSet {
            rules: rules.into_iter().map(Arc::new).collect(),
            cache: Mutex::new(HashMap::new()),
            key: key.finish(),
        }
    }

    /// The declarations of its rules.
    pub fn infos(&self) -> Vec<RuleInfo> {
        self.rules.iter().map(|l| l.info.clone()).collect()
    }

    /// Its rules.
    pub fn rules(&self) -> impl Iterator<Item = &file::Rule> {
        self.rules.iter().map(|l| &l.rule)
    }

    /// The matchers for the rules at `indices`, compiled once per set.
    fn compiled(&self, indices: Vec<usize>) -> Arc<Compiled> {
        let build = || {
            Arc::new(Compiled::new(
                indices.iter().map(|&i| self.rules[i].clone()).collect(),
            ))
        };
        match self.cache.lock() {
            Ok(mut cache) => cache.entry(indices.clone()).or_insert_with(build).clone(),
            // A poisoned cache only costs a recompile.
            Err(_) => build(),
        }
    }
}

impl RuleGroup for RuleSet {
    fn build(&self, enabled: &[&str], root: Option<&Path>, cwd: &Path) -> Box<dyn PostRule> {
        let indices = (0..self.rules.len())
            .filter(|&i| enabled.contains(&self.rules[i].rule.name.as_str()))
            .collect();
        Box::new(self.compiled(indices).checker(root, cwd))
    }

    fn settings_key(&self) -> u64 {
        self.key
    }
}

/// Loads the shipped pack and every `*.toml` file in `dirs`. Names in `taken`
/// (the built-in rules) and names used twice are errors. Every problem of every
/// file is returned; the rules that loaded are kept.
pub fn load(dirs: &[PathBuf], taken: &[String]) -> (RuleSet, Vec<SourceError>) {
    let mut files: Vec<(PathBuf, String)> = pack::SHIPPED
        .iter()
        .map(|(path, text)| (PathBuf::from(path), text.to_string()))
        .collect();
    let mut errors = Vec::new();
    for dir in dirs {
        match rule_files(dir) {
            Ok(found) => files.extend(found),
            Err(e) => errors.push(e),
        }
    }
    let (set, more) = from_files(files, taken);
    errors.extend(more);
    (set, errors)
}

/// Loads the rule files of `dirs` alone, for `postlint rules test DIR`.
pub fn load_dirs(dirs: &[PathBuf]) -> (RuleSet, Vec<SourceError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for dir in dirs {
        match rule_files(dir) {
            Ok(found) => files.extend(found),
            Err(e) => errors.push(e),
        }
    }
    let (set, more) = from_files(files, &[]);
    errors.extend(more);
    (set, errors)
}

/// The `*.toml` files of `dir`, sorted, with their text.
fn rule_files(dir: &Path) -> Result<Vec<(PathBuf, String)>, SourceError> {
    let cannot = |e: &std::io::Error, what: &Path| {
        SourceError::new(format!(
            "cannot read rule folder {}: {}",
            what.display(),
            crate::walk::io_message(e)
        ))
        .help("check `rule-dirs` in postlint.toml: paths are relative to the config file")
    };
    let entries = std::fs::read_dir(dir).map_err(|e| cannot(&e, dir))?;
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text =
                crate::walk::read_text(&p, crate::walk::MAX_SETTINGS_BYTES).map_err(|e| {
                    SourceError::new(format!("cannot read rule file {}: {e}", p.display()))
                })?;
            Ok((p, text))
        })
        .collect()
}

fn from_files(files: Vec<(PathBuf, String)>, taken: &[String]) -> (RuleSet, Vec<SourceError>) {
    let mut errors = Vec::new();
    let mut rules: Vec<Loaded> = Vec::new();
    let mut owners: HashMap<String, PathBuf> = taken
        .iter()
        .map(|n| (n.clone(), PathBuf::from("postlint")))
        .collect();
    for (path, text) in files {
        let rule = match file::parse(&path, &text) {
            Ok(rule) => rule,
            Err(e) => {
                errors.extend(e);
                continue;
            }
        };
        if let Some(owner) = owners.get(&rule.name) {
            let span = toml_span(&text, &[TomlPath::Key("name")], false);
            let help = if owner == Path::new("postlint") {
                "postlint has a built-in rule of that name: choose another".to_string()
            } else {
                format!("{} already defines it: rename one of them", owner.display())
            };
            errors.push(
                SourceError::new(format!("rule `{}` is defined twice", rule.name))
                    .at(&path, rule.text.clone(), span.or(Some(0..0)))
                    .label("this name")
                    .help(help),
            );
            continue;
        }
        owners.insert(rule.name.clone(), path.clone());
        let info = RuleInfo {
            name: Cow::Owned(rule.name.clone()),
            severity: rule.severity,
            group: Cow::Owned(rule.group.clone()),
            summary: Cow::Owned(rule.summary.clone()),
            docs: Cow::Owned(rule.docs.clone()),
            options: &[],
            enabled: rule.enabled,
            reports: &[],
            check: Check::Group,
            origin: Cow::Owned(path.display().to_string()),
        };
        rules.push(Loaded { rule, info });
    }
    rules.sort_by(|a, b| a.rule.name.cmp(&b.rule.name));
    (RuleSet::new(rules), errors)
}
