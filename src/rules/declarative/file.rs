//! Reading one rule file: TOML in, a checked [`Rule`] or every problem in it out.
//!
//! A rule file is written by a person, so it is checked as strictly as the config
//! file: an unknown key (or a key of another kind of rule), a value of the wrong
//! type, an unknown kind or scope, a regex that does not compile, a placeholder
//! the message cannot fill. Each problem is a [`SourceError`] pointing at the
//! exact span, and all of a file's problems are returned together.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::SourceError;
use crate::rule::Severity;
use crate::settings::{Level, Reader, TomlPath, known_keys_help};
use crate::walk::Globs;

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

/// What a rule checks, with the settings of its kind.
pub enum Kind {
    /// A phrase or pattern must not occur.
    Existence {
        /// What must not occur.
        what: Patterns,
        /// Phrases around a match that make it fine.
        exceptions: Vec<String>,
    },
    /// A phrase must be written another way.
    Substitution {
        /// Phrase to avoid, and what to write instead.
        swaps: Vec<(String, String)>,
        /// Whether case is ignored.
        ignorecase: bool,
        /// Phrases around a match that make it fine.
        exceptions: Vec<String>,
    },
    /// A count per scope must stay within bounds.
    Occurrence {
        /// What is counted.
        what: Target,
        /// At least this many.
        min: Option<usize>,
        /// At most this many.
        max: Option<usize>,
    },
    /// If one thing occurs in a scope, another must too.
    Conditional {
        /// What triggers the rule.
        first: Patterns,
        /// What must then occur in the same scope.
        then: Target,
    },
    /// A number per scope must stay within bounds.
    Metric {
        /// Which number.
        metric: Metric,
        /// At least this.
        min: Option<f64>,
        /// At most this.
        max: Option<f64>,
    },
    /// Headings (or other short text) in a case style.
    Capitalization {
        /// Which style.
        style: Style,
        /// Words written exactly so, whatever the style says.
        exceptions: Vec<String>,
    },
}

impl Kind {
    /// The kind's name in rule files.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::Existence { .. } => "existence",
            Kind::Substitution { .. } => "substitution",
            Kind::Occurrence { .. } => "occurrence",
            Kind::Conditional { .. } => "conditional",
            Kind::Metric { .. } => "metric",
            Kind::Capitalization { .. } => "capitalization",
        }
    }
}

/// Phrases and regexes to find in text.
#[derive(Debug, Clone, Default)]
pub struct Patterns {
    /// Phrases, matched on word boundaries.
    pub tokens: Vec<String>,
    /// Regexes, matched as written.
    pub regexes: Vec<String>,
    /// The regexes, compiled once when the file is read (case folded when
    /// `ignorecase`): compiling is most of what thousands of regex rules cost,
    /// so it is not done again to check posts.
    pub compiled: Vec<regex::Regex>,
    /// Whether case is ignored.
    pub ignorecase: bool,
}

/// What an occurrence counts or a conditional requires.
pub enum Target {
    /// Matches of phrases or regexes.
    Text(Patterns),
    /// Links or images in the scope.
    Element(Element),
}

/// Parts of a post that are not text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    /// A link.
    Link,
    /// An image.
    Image,
}

/// A number a metric rule computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Words.
    Words,
    /// Sentences.
    Sentences,
    /// Words per sentence.
    AverageSentenceLength,
    /// Flesch reading ease: higher is easier, 60 to 70 is plain English.
    FleschReadingEase,
}

impl Metric {
    /// Its name in rule files and messages.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Words => "words",
            Metric::Sentences => "sentences",
            Metric::AverageSentenceLength => "average-sentence-length",
            Metric::FleschReadingEase => "flesch-reading-ease",
        }
    }
}

const METRICS: [Metric; 4] = [
    Metric::Words,
    Metric::Sentences,
    Metric::AverageSentenceLength,
    Metric::FleschReadingEase,
];

/// A case style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Major words capitalized: "Getting Started with the CLI".
    Title,
    /// Only the first word and names: "Getting started with the CLI".
    Sentence,
}

impl Style {
    /// Its name in rule files and messages.
    pub fn name(self) -> &'static str {
        match self {
            Style::Title => "title",
            Style::Sentence => "sentence",
        }
    }
}

const KINDS: &[&str] = &[
    "existence",
    "substitution",
    "occurrence",
    "conditional",
    "metric",
    "capitalization",
];

const COMMON_KEYS: &[&str] = &[
    "name", "summary", "docs", "severity", "group", "kind", "scope", "message", "help", "url",
    "files", "exclude", "test",
];

/// The keys each kind adds to the common ones.
fn kind_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "existence" => &["tokens", "patterns", "ignorecase", "exceptions"],
        "substitution" => &["swap", "ignorecase", "exceptions"],
        "occurrence" => &["tokens", "patterns", "element", "ignorecase", "min", "max"],
        "conditional" => &["if", "then", "ignorecase"],
        "metric" => &["metric", "min", "max"],
        "capitalization" => &["style", "exceptions"],
        _ => &[],
    }
}

/// The placeholders a message or help may use. One list for every kind, so a
/// message moves between kinds unchanged; a placeholder a kind has no value for
/// (`{preferred}` in an existence rule) is left empty.
const PLACEHOLDERS: &[&str] = &[
    "match",
    "preferred",
    "count",
    "min",
    "max",
    "metric",
    "value",
    "expected",
    "style",
];

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

/// Renders `{name}` placeholders of a checked template; `{{` and `}}` are braces.
pub fn render(template: &str, value: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find(['{', '}']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
        } else if let (true, Some(end)) = (tail.starts_with('{'), tail.find('}')) {
            out.push_str(&value(&tail[1..end]));
            rest = &tail[end + 1..];
        } else {
            out.push_str(&tail[..1]);
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The placeholder names in a template.
fn placeholder_names(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix("{{") {
            rest = after;
            continue;
        }
        match tail.find('}') {
            Some(end) => {
                names.push(&tail[1..end]);
                rest = &tail[end + 1..];
            }
            None => break,
        }
    }
    names
}

/// A rule file being read.
struct RuleFile<'a> {
    reader: Reader<'a>,
}

impl RuleFile<'_> {
    fn rule(&mut self, table: &toml::Table) -> Option<Rule> {
        let kind_name = self.kind_name(table);
        let mut known: Vec<&str> = COMMON_KEYS.to_vec();
        known.extend(kind_keys(kind_name.unwrap_or("")));
        for key in table.keys() {
            if known.contains(&key.as_str()) {
                continue;
            }
            let at = [TomlPath::Key(key)];
            let owner = KINDS.iter().find(|k| kind_keys(k).contains(&key.as_str()));
            // With an unknown kind, its keys are not errors of their own.
            if kind_name.is_none() && owner.is_some() {
                continue;
            }
            let message = match (kind_name, owner) {
                (Some(kind), Some(owner)) => {
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
        let kind = match kind_name {
            Some(kind) => self.kind(table, kind),
            None => None,
        }?;
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

    fn kind_name(&mut self, table: &toml::Table) -> Option<&'static str> {
        let Some(value) = table.get("kind") else {
            self.reader.error(
                &[],
                false,
                "rule file has no `kind`".into(),
                format!(
                    "add `kind = \"existence\"` or another of: {}",
                    KINDS.join(", ")
                ),
            );
            return None;
        };
        let at = [TomlPath::Key("kind")];
        let Some(text) = value.as_str() else {
            self.reader.type_error(&at, "a string");
            return None;
        };
        let found = KINDS.iter().copied().find(|k| *k == text);
        if found.is_none() {
            let list = KINDS.join(", ");
            self.reader
                .unknown_name(&at, "rule kind", text, KINDS, "kinds", &list);
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

    fn scopes(&mut self, table: &toml::Table, kind: Option<&str>) -> Vec<Scope> {
        let default = if kind == Some("capitalization") {
            Scope::Heading(None)
        } else {
            Scope::Post
        };
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
        for name in placeholder_names(&text) {
            if !PLACEHOLDERS.contains(&name) {
                let list = PLACEHOLDERS
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

    fn kind(&mut self, table: &toml::Table, kind: &str) -> Option<Kind> {
        let ignorecase = self.reader.bool(table, "ignorecase").unwrap_or(true);
        let exceptions = table
            .get("exceptions")
            .and_then(|v| self.reader.strings(v, &[TomlPath::Key("exceptions")]))
            .unwrap_or_default();
        match kind {
            "existence" => {
                let what = self.patterns(table, &[], ignorecase, true)?;
                Some(Kind::Existence { what, exceptions })
            }
            "substitution" => {
                let swaps = self.swaps(table)?;
                Some(Kind::Substitution {
                    swaps,
                    ignorecase,
                    exceptions,
                })
            }
            "occurrence" => {
                let what = self.target(table, &[], ignorecase)?;
                let min = table
                    .get("min")
                    .and_then(|v| self.reader.count(v, &[TomlPath::Key("min")]));
                let max = table
                    .get("max")
                    .and_then(|v| self.reader.count(v, &[TomlPath::Key("max")]));
                self.bounds(min.is_some() || max.is_some(), table)?;
                Some(Kind::Occurrence { what, min, max })
            }
            "conditional" => {
                let first = self.sub_table(table, "if")?;
                let then = self.sub_table(table, "then")?;
                let (at_if, at_then) = ([TomlPath::Key("if")], [TomlPath::Key("then")]);
                let known_if = ["tokens", "patterns"];
                let known_then = ["tokens", "patterns", "element"];
                self.reader.unknown_keys(first, &at_if, &known_if, "`if`");
                self.reader
                    .unknown_keys(then, &at_then, &known_then, "`then`");
                let first = self.patterns(first, &[TomlPath::Key("if")], ignorecase, true);
                let then = self.target(then, &[TomlPath::Key("then")], ignorecase);
                Some(Kind::Conditional {
                    first: first?,
                    then: then?,
                })
            }
            "metric" => {
                let metric = self.one_of(table, "metric", &METRICS, Metric::name)?;
                let min = table
                    .get("min")
                    .and_then(|v| self.reader.number(v, &[TomlPath::Key("min")]));
                let max = table
                    .get("max")
                    .and_then(|v| self.reader.number(v, &[TomlPath::Key("max")]));
                self.bounds(min.is_some() || max.is_some(), table)?;
                Some(Kind::Metric { metric, min, max })
            }
            "capitalization" => {
                let style = self.one_of(
                    table,
                    "style",
                    &[Style::Title, Style::Sentence],
                    Style::name,
                )?;
                Some(Kind::Capitalization { style, exceptions })
            }
            _ => None,
        }
    }

    fn bounds(&mut self, given: bool, table: &toml::Table) -> Option<()> {
        if given || table.contains_key("min") || table.contains_key("max") {
            return Some(());
        }
        self.reader.error(
            &[TomlPath::Key("kind")],
            false,
            "this rule has neither `min` nor `max`".into(),
            "add `max = N` (at most) or `min = N` (at least), or both".into(),
        );
        None
    }

    fn sub_table<'t>(&mut self, table: &'t toml::Table, key: &str) -> Option<&'t toml::Table> {
        match table.get(key) {
            Some(toml::Value::Table(t)) => Some(t),
            Some(_) => {
                self.reader
                    .type_error(&[TomlPath::Key(key)], "a table, e.g. `[if]` with `tokens`");
                None
            }
            None => {
                self.reader.error(
                    &[TomlPath::Key("kind")],
                    false,
                    format!("this conditional rule has no `{key}`"),
                    "add `if.tokens = [\"phrase\"]` and `then.tokens = [\"phrase\"]` (or `then.element = \"link\"`)".into(),
                );
                None
            }
        }
    }

    /// `element = "link"`, or phrases and regexes.
    fn target(
        &mut self,
        table: &toml::Table,
        at: &[TomlPath<'_>],
        ignorecase: bool,
    ) -> Option<Target> {
        if let Some(value) = table.get("element") {
            let mut path = at.to_vec();
            path.push(TomlPath::Key("element"));
            if table.contains_key("tokens") || table.contains_key("patterns") {
                self.reader.error(
                    &path,
                    true,
                    "`element` cannot be combined with `tokens` or `patterns`".into(),
                    "count either an element or text; use two rules for both".into(),
                );
                return None;
            }
            return match value.as_str() {
                Some("link") => Some(Target::Element(Element::Link)),
                Some("image") => Some(Target::Element(Element::Image)),
                _ => {
                    self.reader.error(
                        &path,
                        false,
                        "`element` must be \"link\" or \"image\"".into(),
                        "\"link\" counts links, \"image\" counts images".into(),
                    );
                    None
                }
            };
        }
        self.patterns(table, at, ignorecase, true).map(Target::Text)
    }

    fn patterns(
        &mut self,
        table: &toml::Table,
        at: &[TomlPath<'_>],
        ignorecase: bool,
        required: bool,
    ) -> Option<Patterns> {
        let path = |key: &'static str| {
            let mut p = at.to_vec();
            p.push(TomlPath::Key(key));
            p
        };
        let tokens = table
            .get("tokens")
            .and_then(|v| self.reader.strings(v, &path("tokens")))
            .unwrap_or_default();
        for (i, token) in tokens.iter().enumerate() {
            if token.trim().is_empty() {
                let mut p = path("tokens");
                p.push(TomlPath::Index(i));
                self.reader.error(
                    &p,
                    false,
                    "empty token".into(),
                    "remove it, or write the phrase to match".into(),
                );
            }
        }
        let regexes = table
            .get("patterns")
            .and_then(|v| self.reader.strings(v, &path("patterns")))
            .unwrap_or_default();
        let mut compiled = Vec::with_capacity(regexes.len());
        for (i, pattern) in regexes.iter().enumerate() {
            let built = regex_builder(pattern).case_insensitive(ignorecase).build();
            let mut p = path("patterns");
            p.push(TomlPath::Index(i));
            match built {
                Err(regex::Error::CompiledTooBig(_)) => self.reader.error(
                    &p,
                    false,
                    format!(
                        "regex is too big: it compiles to more than {} MiB, which would make every post slow to check",
                        REGEX_SIZE_LIMIT >> 20
                    ),
                    "bound its repetitions (`{0,5000}` over a class is 5,000 copies of the class), or split it into several patterns".into(),
                ),
                Err(e) => self.reader.error(
                    &p,
                    false,
                    format!("invalid regex: {}", regex_error(&e)),
                    "`patterns` use Rust regex syntax (https://docs.rs/regex); put plain phrases in `tokens`".into(),
                ),
                Ok(regex) => compiled.push(regex),
            }
        }
        if required && tokens.is_empty() && regexes.is_empty() {
            let place = if at.is_empty() {
                &[TomlPath::Key("kind")][..]
            } else {
                at
            };
            self.reader.error(
                place,
                false,
                "nothing to match: no `tokens` or `patterns`".into(),
                "add `tokens = [\"phrase\"]` (whole words, any case) or `patterns = ['regex']`"
                    .into(),
            );
            return None;
        }
        Some(Patterns {
            tokens,
            regexes,
            compiled,
            ignorecase,
        })
    }

    fn swaps(&mut self, table: &toml::Table) -> Option<Vec<(String, String)>> {
        let at = [TomlPath::Key("swap")];
        let Some(value) = table.get("swap") else {
            self.reader.error(
                &[TomlPath::Key("kind")],
                false,
                "this substitution rule has no `swap`".into(),
                "add `swap = { \"utilize\" = \"use\" }`: each phrase to avoid, and what to write instead".into(),
            );
            return None;
        };
        let Some(swap) = value.as_table() else {
            self.reader
                .type_error(&at, "a table of phrase = \"preferred\"");
            return None;
        };
        let mut swaps = Vec::new();
        for (bad, good) in swap {
            match good.as_str() {
                Some(good) if !bad.trim().is_empty() => swaps.push((bad.clone(), good.to_string())),
                _ => self.reader.type_error(
                    &[TomlPath::Key("swap"), TomlPath::Key(bad)],
                    "a string (the preferred phrase)",
                ),
            }
        }
        if swaps.is_empty() {
            self.reader.error(
                &at,
                false,
                "`swap` is empty".into(),
                "add `\"phrase\" = \"preferred\"` pairs".into(),
            );
            return None;
        }
        Some(swaps)
    }

    fn one_of<T: Copy>(
        &mut self,
        table: &toml::Table,
        key: &str,
        values: &[T],
        name: fn(T) -> &'static str,
    ) -> Option<T> {
        let names: Vec<&str> = values.iter().map(|v| name(*v)).collect();
        let Some(text) = self.reader.string(table, key) else {
            if !table.contains_key(key) {
                self.reader.error(
                    &[TomlPath::Key("kind")],
                    false,
                    format!("this rule has no `{key}`"),
                    format!(
                        "add `{key} = \"{}\"` (one of: {})",
                        names[0],
                        names.join(", ")
                    ),
                );
            }
            return None;
        };
        let found = values.iter().copied().find(|v| name(*v) == text);
        if found.is_none() {
            let list = names.join(", ");
            self.reader
                .unknown_name(&[TomlPath::Key(key)], key, &text, &names, "one of", &list);
        }
        found
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

/// The one line of a regex error that says what is wrong ("unclosed group").
/// How big one rule's compiled regex may be: 1 MiB, a tenth of the regex
/// crate's default. `\p{L}{3,20}` and `\w{1,10}` fit; `[^x]{0,5000}y` does
/// not, and under the default it ran at 0.6 ms per byte of post, its lazy DFA
/// thrashing. Bounding the program bounds the cost per byte of text.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// A regex builder with postlint's size limit, for every pattern of a rule
/// file: checked with it when the file is read, compiled with it to run.
pub fn regex_builder(pattern: &str) -> regex::RegexBuilder {
    let mut builder = regex::RegexBuilder::new(pattern);
    builder.size_limit(REGEX_SIZE_LIMIT);
    builder
}

fn regex_error(error: &regex::Error) -> String {
    let text = error.to_string();
    text.lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .map(str::to_string)
        .unwrap_or_else(|| text.lines().last().unwrap_or("").trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_placeholders_and_keep_escaped_braces() {
        let text = render("use \"{preferred}\" not {match} {{x}}", |name| {
            name.to_uppercase()
        });
        assert_eq!(text, "use \"PREFERRED\" not MATCH {x}");
        assert_eq!(
            placeholder_names("a {match} {{b}} {count}"),
            ["match", "count"]
        );
    }
}
