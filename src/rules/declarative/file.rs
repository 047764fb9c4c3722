//! Reading one rule file: TOML in, a checked [`Rule`] or every problem in it out.
//!
//! A rule file is written by a person, so it is checked as strictly as the config
//! file: an unknown key (or a key of another kind of rule), a value of the wrong
//! type, an unknown kind or scope, a regex that does not compile, a placeholder
//! the message cannot fill. Each problem is a [`SourceError`] pointing at the
//! exact span, and all of a file's problems are returned together.
//!
//! This module reads the keys every rule file has; the kind's own keys are
//! read by its module in [`super::kinds`], and the checking of types, unknown
//! keys and spans is [`crate::settings`]'s.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::SourceError;
use crate::rule::Severity;
use crate::settings::{Level, Reader, TomlPath, known_keys_help};
use crate::walk::Globs;

use super::kinds::{self, Declaration, Kind};
use super::scope::Scope;

/// One rule read from a rule file.
pub struct Rule {
    /// Kebab-case name: the `name` key, else the file's stem.
    pub name: String,
    /// One line.
    pub summary: String,
    /// Markdown.
    pub docs: String,
    /// Severity when on.
    pub severity: Severity,
    /// The group `--select` and config may name it by (`custom` unless set).
    pub group: String,
    /// Whether it is on unless config says otherwise (`severity = "off"`).
    pub enabled: bool,
    /// What it checks.
    pub kind: Kind,
    /// Where it looks.
    pub scopes: Vec<Scope>,
    /// The message template, when the file sets one.
    pub message: Option<String>,
    /// The help template, with the `url` appended.
    pub help: Option<String>,
    /// Posts it applies to (all when empty), relative to the project root.
    pub files: Option<Globs>,
    /// Posts it skips.
    pub exclude: Option<Globs>,
    /// Its inline tests.
    pub tests: Vec<Case>,
    /// The rule file.
    pub path: PathBuf,
    /// The rule file's text, for errors that point into it.
    pub text: Arc<str>,
}

/// An inline test: a post and what the rule must (not) find in it.
pub struct Case {
    /// Its index among the file's `[[test]]` tables.
    pub index: usize,
    /// The post.
    pub text: String,
    /// Exactly this many findings.
    pub findings: Option<usize>,
    /// Exactly these flagged texts, in order.
    pub flagged: Option<Vec<String>>,
    /// None of these texts may be flagged.
    pub not_flagged: Vec<String>,
}

/// The keys of every rule file, whatever its kind.
const COMMON_KEYS: &[&str] = &[
    "name", "summary", "docs", "severity", "group", "kind", "scope", "message", "help", "url",
    "files", "exclude", "test",
];

/// The keys of a `[[test]]` table.
const TEST_KEYS: &[&str] = &["text", "findings", "flagged", "not-flagged"];

/// Reads the rule file `path` whose text is `text`.
pub fn parse(path: &Path, text: &str) -> Result<Rule, Vec<SourceError>> {
    let (reader, table) = Reader::parse(path, text, "TOML in rule file")?;
    let mut file = RuleFile { reader };
    let rule = file.rule(&table);
    match rule {
        Some(rule) if file.reader.is_clean() => Ok(rule),
        _ => Err(file.reader.into_errors()),
    }
}

/// A rule file being read.
struct RuleFile<'a> {
    reader: Reader<'a>,
}

impl RuleFile<'_> {
    fn rule(&mut self, table: &toml::Table) -> Option<Rule> {
        let kind_name = self.kind_name(table);
        let mut known: Vec<&str> = COMMON_KEYS.to_vec();
        known.extend(kind_name.map_or(&[][..], |k| k.keys));
        for key in table.keys() {
            if known.contains(&key.as_str()) {
                continue;
            }
            let at = [TomlPath::Key(key)];
            let owner = kinds::KINDS
                .iter()
                .find(|k| k.keys.contains(&key.as_str()))
                .map(|k| k.name);
            // With an unknown kind, its keys are not errors of their own.
            if kind_name.is_none() && owner.is_some() {
                continue;
            }
            let message = match (kind_name, owner) {
                (Some(kind), Some(owner)) => {
                    let kind = kind.name;
                    format!("`{key}` is a key of {owner} rules, not of {kind} rules")
                }
                _ => format!("unknown key `{key}` in rule file"),
            };
            let help = known_keys_help(key, &known);
            self.reader.error(&at, true, message, help);
        }

        let stem = self
            .reader
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = self.reader.string(table, "name").unwrap_or(stem);
        if !is_kebab(&name) {
            self.reader.error(
                &[TomlPath::Key("name")],
                false,
                format!("rule name \"{name}\" is not kebab-case"),
                "use lower-case words joined by hyphens, e.g. \"filler-phrase\"".into(),
            );
        }
        let group = self
            .reader
            .string(table, "group")
            .unwrap_or_else(|| "custom".into());
        if !is_kebab(&group) {
            self.reader.error(
                &[TomlPath::Key("group")],
                false,
                format!("group name \"{group}\" is not kebab-case"),
                "use lower-case words joined by hyphens, e.g. \"house-style\"".into(),
            );
        }
        let summary = self.reader.string(table, "summary");
        let docs = self.reader.string(table, "docs").unwrap_or_default();
        let (severity, enabled) = self.severity(table);
        let scopes = self.scopes(table, kind_name);
        let message = self.template(table, "message");
        let help = self.template(table, "help");
        let url = self.reader.string(table, "url");
        let help = match (help, url) {
            (Some(help), Some(url)) => Some(format!("{help} (see {url})")),
            (None, Some(url)) => Some(format!("see {url}")),
            (help, None) => help,
        };
        let files = self.globs(table, "files");
        let exclude = self.globs(table, "exclude");
        let tests = self.tests(table);
        let kind = kind_name?.read(&mut self.reader, table)?;
        let summary = summary.unwrap_or_else(|| format!("{} rule {name}", kind.name()));
        Some(Rule {
            name,
            summary,
            docs,
            severity,
            group,
            enabled,
            kind,
            scopes,
            message,
            help,
            files,
            exclude,
            tests,
            path: self.reader.path().to_path_buf(),
            text: self.reader.source(),
        })
    }

    fn kind_name(&mut self, table: &toml::Table) -> Option<&'static Declaration> {
        let names = kinds::names();
        let Some(value) = table.get("kind") else {
            self.reader.error(
                &[],
                false,
                "rule file has no `kind`".into(),
                format!(
                    "add `kind = \"existence\"` or another of: {}",
                    names.join(", ")
                ),
            );
            return None;
        };
        let at = [TomlPath::Key("kind")];
        let Some(text) = value.as_str() else {
            self.reader.type_error(&at, "a string");
            return None;
        };
        let found = kinds::find(text);
        if found.is_none() {
            let list = names.join(", ");
            self.reader
                .unknown_name(&at, "rule kind", text, &names, "kinds", &list);
        }
        found
    }

    fn severity(&mut self, table: &toml::Table) -> (Severity, bool) {
        let level = self
            .reader
            .string(table, "severity")
            .and_then(|text| self.reader.level(&text, &[TomlPath::Key("severity")]));
        match level.map(Level::severity) {
            Some(None) => (Severity::Warning, false),
            Some(Some(severity)) => (severity, true),
            None => (Severity::Warning, true),
        }
    }

    fn scopes(&mut self, table: &toml::Table, kind: Option<&Declaration>) -> Vec<Scope> {
        let default = kind.map_or(Scope::Post, |k| k.scope.clone());
        let Some(value) = table.get("scope") else {
            return vec![default];
        };
        let items: Vec<(Option<usize>, &toml::Value)> = match value {
            toml::Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Some(i), v))
                .collect(),
            other => vec![(None, other)],
        };
        let mut scopes = Vec::new();
        for (index, item) in items {
            let mut at = vec![TomlPath::Key("scope")];
            at.extend(index.map(TomlPath::Index));
            let Some(text) = item.as_str() else {
                self.reader.type_error(&at, "a string or a list of strings");
                continue;
            };
            match Scope::parse(text) {
                Some(scope) => scopes.push(scope),
                None => {
                    let list = format!("{}, front-matter.KEY", Scope::NAMES.join(", "));
                    self.reader
                        .unknown_name(&at, "scope", text, Scope::NAMES, "scopes", &list);
                }
            }
        }
        if scopes.is_empty() {
            scopes.push(default);
        }
        scopes
    }

    fn template(&mut self, table: &toml::Table, key: &str) -> Option<String> {
        let text = self.reader.string(table, key)?;
        let placeholders = kinds::placeholders();
        for name in kinds::placeholder_names(&text) {
            if !placeholders.contains(&name) {
                let list = placeholders
                    .iter()
                    .map(|p| format!("{{{p}}}"))
                    .collect::<Vec<_>>();
                self.reader.error(
                    &[TomlPath::Key(key)],
                    false,
                    format!("unknown placeholder `{{{name}}}` in `{key}`"),
                    format!(
                        "messages can use {}; write `{{{{` for a literal brace",
                        list.join(", ")
                    ),
                );
            }
        }
        Some(text)
    }

    fn globs(&mut self, table: &toml::Table, key: &str) -> Option<Globs> {
        let at = [TomlPath::Key(key)];
        let patterns = self.reader.strings(table.get(key)?, &at)?;
        match Globs::new(&patterns, key) {
            Ok(globs) => Some(globs),
            Err(e) => {
                self.reader.error(
                    &at,
                    false,
                    e.message().to_string(),
                    "globs use *, ** and ?, relative to the project root, e.g. \"drafts/**\""
                        .into(),
                );
                None
            }
        }
    }

    fn tests(&mut self, table: &toml::Table) -> Vec<Case> {
        let Some(value) = table.get("test") else {
            return Vec::new();
        };
        let Some(items) = value.as_array() else {
            self.reader
                .type_error(&[TomlPath::Key("test")], "an array of `[[test]]` tables");
            return Vec::new();
        };
        let mut cases = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let at = [TomlPath::Key("test"), TomlPath::Index(index)];
            let Some(case) = item.as_table() else {
                self.reader.type_error(&at, "a `[[test]]` table");
                continue;
            };
            self.reader.unknown_keys(case, &at, TEST_KEYS, "[[test]]");
            let sub = |key: &'static str| {
                [
                    TomlPath::Key("test"),
                    TomlPath::Index(index),
                    TomlPath::Key(key),
                ]
            };
            let text = match case.get("text") {
                Some(v) => self.reader.string_at(v, &sub("text")),
                None => {
                    self.reader.error(
                        &at,
                        false,
                        "this test has no `text`".into(),
                        "add `text = \"...\"`, the post the rule is run on".into(),
                    );
                    None
                }
            };
            let findings = case
                .get("findings")
                .and_then(|v| self.reader.count(v, &sub("findings")));
            let flagged = case
                .get("flagged")
                .and_then(|v| self.reader.strings(v, &sub("flagged")));
            let not_flagged = case
                .get("not-flagged")
                .and_then(|v| self.reader.strings(v, &sub("not-flagged")))
                .unwrap_or_default();
            if findings.is_none() && flagged.is_none() && not_flagged.is_empty() {
                self.reader.error(
                    &at,
                    false,
                    "this test says nothing about the findings".into(),
                    "add `findings = N`, `flagged = [\"text\"]` or `not-flagged = [\"text\"]`"
                        .into(),
                );
            }
            if let Some(text) = text {
                cases.push(Case {
                    index,
                    text,
                    findings,
                    flagged,
                    not_flagged,
                });
            }
        }
        cases
    }
}

/// Whether `name` is lower-case words (letters and digits) joined by hyphens.
fn is_kebab(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && !name.ends_with('-')
        && !name.contains("--")
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
