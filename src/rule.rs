//! What a rule is: one declaration, and two small traits for the two phases.
//!
//! A rule is declared once with [`declare_rule!`](crate::declare_rule): its kebab-case name (the problem
//! it flags), its default severity, a one-line summary, its options, and its docs,
//! which are the doc comment of the declaration. `postlint explain`, `postlint
//! rules`, the README table and the docs meta-test all read that one declaration,
//! so the docs cannot drift from the code. This is clippy's `declare_lint!` trick:
//! a plain `macro_rules!` that captures the doc comment into a string.
//!
//! A rule checks in one of two phases:
//! - [`PostRule`]: one post at a time, in the parallel phase, with nothing but
//!   that post's [`Document`];
//! - [`CorpusRule`]: after every post is parsed. In the parallel phase it
//!   `summarize`s each post into what it needs (title key, paragraph hashes, term
//!   counts); in the corpus phase it `check`s those summaries together. The
//!   summaries are all it keeps, which is what lets a language server re-check one
//!   edited post against the stored summaries of the others without re-reading the
//!   corpus.
//!
//! Rules never print: they push [`Finding`]s. The engine applies severities,
//! suppressions and ordering.

use std::any::Any;
use std::borrow::Cow;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::document::{Document, PostId, Span};
use crate::lines::LineIndex;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; does not fail a run unless `--fail-on info`.
    Info,
    /// Should be fixed; fails a run by default.
    Warning,
    /// Must be fixed.
    Error,
}

impl Severity {
    /// The lower-case name used in config, output and docs.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The type of a rule option, checked when config is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionKind {
    /// `true` or `false`.
    Bool,
    /// A non-negative integer.
    Count,
    /// A number between 0 and 1.
    Ratio,
    /// Any string.
    String,
    /// A list of strings.
    StringList,
    /// One of the listed strings.
    OneOf(&'static [&'static str]),
}

impl OptionKind {
    /// How the type reads in docs and errors.
    pub fn describe(self) -> String {
        match self {
            OptionKind::Bool => "a boolean".into(),
            OptionKind::Count => "a whole number (0 or more)".into(),
            OptionKind::Ratio => "a number from 0 to 1".into(),
            OptionKind::String => "a string".into(),
            OptionKind::StringList => "a list of strings".into(),
            OptionKind::OneOf(values) => format!(
                "one of {}",
                values
                    .iter()
                    .map(|v| format!("\"{v}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// Whether `value` has this type.
    pub fn accepts(self, value: &toml::Value) -> bool {
        match (self, value) {
            (OptionKind::Bool, toml::Value::Boolean(_)) => true,
            (OptionKind::Count, toml::Value::Integer(i)) => *i >= 0,
            (OptionKind::Ratio, toml::Value::Float(f)) => (0.0..=1.0).contains(f),
            (OptionKind::Ratio, toml::Value::Integer(i)) => (0..=1).contains(i),
            (OptionKind::String, toml::Value::String(_)) => true,
            (OptionKind::StringList, toml::Value::Array(items)) => items.iter().all(|v| v.is_str()),
            (OptionKind::OneOf(values), toml::Value::String(s)) => values.contains(&s.as_str()),
            _ => false,
        }
    }
}

/// One option of a rule, as config and docs see it.
#[derive(Debug, Clone, Copy)]
pub struct OptionInfo {
    /// Kebab-case key under `[rules.NAME]`.
    pub name: &'static str,
    /// Its type.
    pub kind: OptionKind,
    /// Its default, written as a TOML value.
    pub default: &'static str,
    /// What it does, one sentence.
    pub doc: &'static str,
}

impl OptionInfo {
    /// The default, parsed. A declaration with an unparsable default is a bug that
    /// the meta-tests catch; at run time it reads as absent.
    pub fn default_value(&self) -> Option<toml::Value> {
        let table: toml::Table = toml::from_str(&format!("v = {}", self.default)).ok()?;
        table.get("v").cloned()
    }
}

/// Which phase a rule checks in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// One post at a time.
    Post,
    /// After the whole corpus is read.
    Corpus,
}

/// Everything known about a rule without running it.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    /// Kebab-case name of the problem it flags.
    pub name: Cow<'static, str>,
    /// Severity unless config says otherwise.
    pub severity: Severity,
    /// The group it belongs to (`duplicates`, `filler`, `structure`,
    /// `topicality`, ...), which `--select`, `--ignore` and config may name to
    /// mean all of its rules.
    pub group: Cow<'static, str>,
    /// One line, lower-case, no trailing period.
    pub summary: Cow<'static, str>,
    /// Markdown with the sections "What it flags", "Why it matters" and "Example".
    pub docs: Cow<'static, str>,
    /// Its options.
    pub options: &'static [OptionInfo],
    /// Whether it is on unless config turns it on.
    pub enabled: bool,
    /// The rules whose findings its checker makes too, which is therefore built
    /// when any of them is on.
    pub reports: &'static [&'static RuleInfo],
    /// How it checks, which also says in which phase.
    pub check: Check,
    /// Where it is declared: a source file of postlint, or a rule file.
    pub origin: Cow<'static, str>,
}

impl RuleInfo {
    /// Which phase it checks in: what its check is decides it.
    pub fn phase(&self) -> Phase {
        self.check.phase()
    }

    /// The docs as Markdown. A doc comment's lines start with the space after
    /// `///`, which the declaring macro keeps; this drops it.
    pub fn docs_markdown(&self) -> String {
        let mut text = String::with_capacity(self.docs.len());
        for line in self.docs.lines() {
            text.push_str(line.strip_prefix(' ').unwrap_or(line));
            text.push('\n');
        }
        text
    }

    /// The option with this name.
    pub fn option(&self, name: &str) -> Option<&OptionInfo> {
        self.options.iter().find(|o| o.name == name)
    }

    /// The full text of `postlint explain NAME`, which an editor's hover
    /// shows too.
    pub fn explanation(&self) -> String {
        let severity = if self.enabled {
            format!("{} by default", self.severity)
        } else {
            format!(
                "off by default (enable it with severity \"{}\")",
                self.severity
            )
        };
        let phase = match self.phase() {
            Phase::Post => "each post on its own",
            Phase::Corpus => "the whole corpus",
        };
        // A rule from a rule file says which, so a team can find and edit it.
        let file = if self.origin.ends_with(".toml") {
            format!(" Defined in {}.", self.origin)
        } else {
            String::new()
        };
        let mut text = format!(
            "# {}\n\n{}.\n\nSeverity: {severity}. Checks {phase}.{file}\n\n{}",
            self.name,
            capitalize(&self.summary),
            self.docs_markdown().trim_end()
        );
        text.push('\n');
        if !self.options.is_empty() {
            text.push_str("\n## Options\n");
            for o in self.options {
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
            self.name, self.severity
        ));
        text
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Declares a built-in rule. The doc comment becomes its docs.
///
/// `check:` says what the rule's file provides, and so the phase it runs in:
/// - `post(f)`: a rule without options, a plain `fn(&Document, &mut
///   Vec<Finding>)`;
/// - `post_with(build)`: a per-post rule built from its options, a
///   `fn(&RuleOptions) -> Result<Box<dyn PostRule>, String>`;
/// - `corpus(build)`: a corpus rule built from its options, a
///   `fn(&RuleOptions) -> Result<Box<dyn CorpusChecker>, String>`;
/// - `engine`: the engine checks it per post (the suppression rules);
/// - `reported(Phase)`: another rule's checker makes its findings, and lists
///   it under `reports: [..]` in its own declaration (a meta-test checks both
///   sides agree).
///
/// ```ignore
/// declare_rule! {
///     /// ## What it flags
///     /// …
///     pub static EMPTY_SECTION = {
///         name: "empty-section",
///         severity: Warning,
///         group: "structure",
///         summary: "a heading with nothing under it",
///         options: [],
///         check: post_with(build),
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $ident:ident = {
            name: $name:literal,
            severity: $severity:ident,
            group: $group:literal,
            $(enabled: $enabled:literal,)?
            summary: $summary:literal,
            options: [$($option:expr),* $(,)?],
            $(reports: [$($reported:path),* $(,)?],)?
            check: $check:ident $(($($with:tt)*))? $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        $vis static $ident: $crate::rule::RuleInfo = $crate::rule::RuleInfo {
            name: ::std::borrow::Cow::Borrowed($name),
            severity: $crate::rule::Severity::$severity,
            group: ::std::borrow::Cow::Borrowed($group),
            enabled: $crate::declare_rule!(@enabled $($enabled)?),
            summary: ::std::borrow::Cow::Borrowed($summary),
            docs: ::std::borrow::Cow::Borrowed(concat!($($doc, "\n"),*)),
            options: &[$($option),*],
            reports: &[$($(&$reported),*)?],
            check: $crate::declare_rule!(@check $check $(($($with)*))?),
            origin: ::std::borrow::Cow::Borrowed(file!()),
        };
    };
    (@enabled) => { true };
    (@enabled $enabled:literal) => { $enabled };
    (@check post($f:path)) => { $crate::rule::Check::Post($f) };
    (@check post_with($f:path)) => { $crate::rule::Check::PostWith($f) };
    (@check corpus($f:path)) => { $crate::rule::Check::Corpus($f) };
    (@check engine) => { $crate::rule::Check::Engine };
    (@check reported($phase:ident)) => { $crate::rule::Check::Reported($crate::rule::Phase::$phase) };
}

/// A rule's options as configured, already checked against its [`OptionInfo`]s.
/// Getters fall back to the declared default, so a default lives in one place.
#[derive(Debug, Clone)]
pub struct RuleOptions {
    options: &'static [OptionInfo],
    table: toml::Table,
}

impl RuleOptions {
    /// Options from a validated table.
    pub fn new(options: &'static [OptionInfo], table: toml::Table) -> Self {
        RuleOptions { options, table }
    }

    fn value(&self, name: &str) -> Option<toml::Value> {
        self.table.get(name).cloned().or_else(|| {
            self.options
                .iter()
                .find(|o| o.name == name)
                .and_then(OptionInfo::default_value)
        })
    }

    /// A boolean option.
    pub fn bool(&self, name: &str) -> bool {
        self.value(name)
            .and_then(|v| v.as_bool())
            .unwrap_or_default()
    }

    /// A count option.
    pub fn count(&self, name: &str) -> usize {
        self.value(name)
            .and_then(|v| v.as_integer())
            .map_or(0, |i| i.max(0) as usize)
    }

    /// A ratio option.
    pub fn ratio(&self, name: &str) -> f64 {
        match self.value(name) {
            Some(toml::Value::Float(f)) => f,
            Some(toml::Value::Integer(i)) => i as f64,
            _ => 0.0,
        }
    }

    /// A string option (also one-of).
    pub fn string(&self, name: &str) -> String {
        self.value(name)
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// A string-list option.
    pub fn strings(&self, name: &str) -> Vec<String> {
        match self.value(name) {
            Some(toml::Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// A problem a rule found.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Finding {
    /// The rule's name.
    pub rule: Cow<'static, str>,
    /// Set by the engine from config; rules leave their default.
    pub severity: Severity,
    /// The post it is in.
    pub post: PostId,
    /// The bytes it is about.
    pub span: Span,
    /// What is wrong: lower-case, no trailing period, naming the concrete thing.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    /// The other places involved.
    pub related: Vec<Related>,
    /// How many related places there are in all, when `related` lists only some.
    pub related_total: usize,
}

/// Another place a finding involves.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Related {
    /// The post.
    pub post: PostId,
    /// The bytes.
    pub span: Span,
    /// What this place is ("other copy", "original").
    pub message: String,
}

impl Finding {
    /// A finding of `rule` at `span` of post `post`.
    pub fn new(rule: &RuleInfo, post: PostId, span: Span, message: impl Into<String>) -> Self {
        Finding {
            rule: rule.name.clone(),
            severity: rule.severity,
            post,
            span,
            message: message.into(),
            help: None,
            related: Vec::new(),
            related_total: 0,
        }
    }

    /// Adds the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a related place.
    pub fn with_related(mut self, post: PostId, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Related {
            post,
            span,
            message: message.into(),
        });
        self.related_total = self.related_total.max(self.related.len());
        self
    }
}

/// A rule that checks one post at a time.
pub trait PostRule: Send + Sync {
    /// Pushes a finding for every problem in `post`.
    fn check(&self, post: &Document, out: &mut Vec<Finding>);
}

/// A rule that needs every post before it can judge one.
///
/// Its summary of a post is a type of its own, serialisable, so that the
/// summaries of unchanged posts can be kept between runs and a post can be
/// re-checked against the others' without re-reading them.
pub trait CorpusRule: Send + Sync {
    /// What this rule keeps of one post.
    type Summary: Serialize + DeserializeOwned + Send + Sync + 'static;

    /// Runs in the parallel phase: keeps what this rule needs of `post`.
    fn summarize(&self, post: &Document) -> Self::Summary;

    /// Runs after every post is summarized: pushes findings, only for posts where
    /// [`Corpus::is_target`] holds.
    fn check(&self, corpus: &Corpus<'_, Self::Summary>, out: &mut Vec<Finding>);

    /// [`CorpusRule::check`] of a corpus that changes a few posts at a time,
    /// as a language server's does: `state` is this rule's own, kept by the
    /// caller from one call to the next over the same index (`None` at
    /// first), for whatever makes the next check cheaper than a full one.
    /// The findings are `check`'s.
    fn check_again(
        &self,
        corpus: &Corpus<'_, Self::Summary>,
        state: &mut Option<Box<dyn Any + Send + Sync>>,
        out: &mut Vec<Finding>,
    ) {
        let _ = state;
        self.check(corpus, out);
    }

    /// [`CorpusRule::check`] in a run that keeps a cache: `memory` holds
    /// what this rule wrote there in the last run with its settings (empty
    /// at first, or when that was lost) and is left holding what the next
    /// run should get. It is for work whose result depends only on posts'
    /// text and the rule's options, looked up instead of done again; the
    /// rule must not trust it beyond that (a memory from another corpus is
    /// still a valid one). The findings are `check`'s.
    fn check_remembering(
        &self,
        corpus: &Corpus<'_, Self::Summary>,
        memory: &mut Vec<u8>,
        out: &mut Vec<Finding>,
    ) {
        let _ = memory;
        self.check(corpus, out);
    }

    /// A summary as the cache stored it, `None` when the bytes are not one.
    /// A rule whose summaries hold long runs that most checks never read
    /// may keep them as slices of `bytes`, which shares the cache file's
    /// memory, instead of copying them.
    fn decode(&self, bytes: &bytes::Bytes) -> Option<Self::Summary> {
        postcard::from_bytes(bytes).ok()
    }
}

/// One post's summary by some corpus rule, as the engine stores it: the
/// engine holds rules of different summary types side by side.
pub struct Summary(Box<dyn Any + Send + Sync>);

/// A corpus rule as the engine holds it, whatever its summary type. Every
/// [`CorpusRule`] is one; a summary is only ever handed back to the rule that
/// made it, so each rule reads its own type.
pub trait CorpusChecker: Send + Sync {
    /// [`CorpusRule::summarize`], stored.
    fn summarize(&self, post: &Document) -> Summary;

    /// [`CorpusRule::check`] over `posts` and this rule's stored summaries
    /// (one per post, same order).
    fn check(&self, posts: &[PostRecord], summaries: &[Option<Summary>], out: &mut Vec<Finding>);

    /// [`CorpusRule::check_again`] over `posts` and this rule's summaries.
    fn check_again(
        &self,
        posts: &[PostRecord],
        summaries: &[Option<Summary>],
        state: &mut Option<Box<dyn Any + Send + Sync>>,
        out: &mut Vec<Finding>,
    );

    /// [`CorpusRule::check_remembering`] over `posts` and this rule's summaries.
    fn check_remembering(
        &self,
        posts: &[PostRecord],
        summaries: &[Option<Summary>],
        memory: &mut Vec<u8>,
        out: &mut Vec<Finding>,
    );

    /// `summary` in the cache's binary form, appended to `out`; `false` when it
    /// is not this rule's (nothing is appended then).
    fn encode(&self, summary: &Summary, out: &mut Vec<u8>) -> bool;

    /// A summary [`encode`](CorpusChecker::encode)d by this rule, or `None`
    /// when the bytes are not one: a cache file from another build, or damaged.
    fn decode(&self, bytes: &bytes::Bytes) -> Option<Summary>;
}

impl<R: CorpusRule> CorpusChecker for R {
    fn summarize(&self, post: &Document) -> Summary {
        Summary(Box::new(CorpusRule::summarize(self, post)))
    }

    fn check(&self, posts: &[PostRecord], summaries: &[Option<Summary>], out: &mut Vec<Finding>) {
        CorpusRule::check(self, &Corpus::<R::Summary>::of(posts, summaries), out);
    }

    fn check_again(
        &self,
        posts: &[PostRecord],
        summaries: &[Option<Summary>],
        state: &mut Option<Box<dyn Any + Send + Sync>>,
        out: &mut Vec<Finding>,
    ) {
        CorpusRule::check_again(
            self,
            &Corpus::<R::Summary>::of(posts, summaries),
            state,
            out,
        );
    }

    fn check_remembering(
        &self,
        posts: &[PostRecord],
        summaries: &[Option<Summary>],
        memory: &mut Vec<u8>,
        out: &mut Vec<Finding>,
    ) {
        CorpusRule::check_remembering(
            self,
            &Corpus::<R::Summary>::of(posts, summaries),
            memory,
            out,
        );
    }

    fn encode(&self, summary: &Summary, out: &mut Vec<u8>) -> bool {
        let Some(summary) = summary.0.downcast_ref::<R::Summary>() else {
            return false;
        };
        let start = out.len();
        match postcard::to_io(summary, &mut *out) {
            Ok(_) => true,
            Err(_) => {
                out.truncate(start);
                false
            }
        }
    }

    fn decode(&self, bytes: &bytes::Bytes) -> Option<Summary> {
        let summary = CorpusRule::decode(self, bytes)?;
        Some(Summary(Box::new(summary)))
    }
}

/// How a rule checks. The variant is what the rule's file provides, and the
/// phase follows from it, so a declaration cannot name one phase and build a
/// checker for the other. A builder's `Err` says what is wrong with the options.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// A per-post rule without options: a plain function.
    Post(fn(&Document, &mut Vec<Finding>)),
    /// A per-post rule built from its options.
    PostWith(fn(&RuleOptions) -> Result<Box<dyn PostRule>, String>),
    /// A corpus rule built from its options.
    Corpus(fn(&RuleOptions) -> Result<Box<dyn CorpusChecker>, String>),
    /// Checked per post by the engine itself, which alone knows what it needs
    /// (every rule's name, every suppression's use).
    Engine,
    /// Its findings are made by the checker of the rule that lists it in
    /// [`RuleInfo::reports`], in this phase: one pass finds both.
    Reported(Phase),
    /// Checked per post by its rule group ([`RuleGroup`]): rules from rule files.
    Group,
}

impl Check {
    /// The phase a rule with this check runs in.
    pub fn phase(&self) -> Phase {
        match self {
            Check::Post(_) | Check::PostWith(_) | Check::Engine | Check::Group => Phase::Post,
            Check::Corpus(_) => Phase::Corpus,
            Check::Reported(phase) => *phase,
        }
    }

    /// The per-post checker, for the rules built from their options or none.
    pub fn post_checker(&self, options: &RuleOptions) -> Option<Result<Box<dyn PostRule>, String>> {
        match self {
            Check::Post(check) => Some(Ok(Box::new(PlainCheck(*check)))),
            Check::PostWith(build) => Some(build(options)),
            _ => None,
        }
    }
}

/// A rule without options, checked by its function.
struct PlainCheck(fn(&Document, &mut Vec<Finding>));

impl PostRule for PlainCheck {
    fn check(&self, post: &Document, out: &mut Vec<Finding>) {
        (self.0)(post, out)
    }
}

/// Several rules checked by one checker. Rules from rule files are a group: all
/// their patterns of one scope are compiled into one matcher, so a post is
/// scanned once however many rules there are. The engine still applies each
/// member's severity and suppressions by name, as for any rule.
pub trait RuleGroup: Send + Sync {
    /// One checker for the members named in `enabled` (never empty), which are
    /// the members not off for some posts. Globs are relative to `root`, the
    /// project root; posts' paths are shown relative to `cwd`.
    fn build(&self, enabled: &[&str], root: Option<&Path>, cwd: &Path) -> Box<dyn PostRule>;

    /// A hash of everything the group's findings depend on besides the post
    /// (its rule files' text), for the cache's keys.
    fn settings_key(&self) -> u64;
}

/// What the engine keeps of every post after the parallel phase.
#[derive(Debug, Clone)]
pub struct PostRecord {
    /// The post's id (its index in the corpus).
    pub id: PostId,
    /// The path as shown to people.
    pub path: Arc<Path>,
    /// The file's text.
    pub source: Arc<str>,
    /// Its line index.
    pub lines: LineIndex,
    /// The front-matter date when it is ISO, for "oldest first" orderings.
    pub date: Option<String>,
    /// Whether findings are wanted for this post (see [`Corpus::is_target`]).
    pub target: bool,
    /// Whether the post counts as newer than the others of its date (see
    /// [`Corpus::is_edited`]).
    pub edited: bool,
}

impl PostRecord {
    /// The text of a span (empty if out of range).
    pub fn slice(&self, span: &Span) -> &str {
        self.source.get(span.clone()).unwrap_or("")
    }
}

/// The corpus as a corpus rule sees it in its `check`: every post, and the
/// rule's own summary of each.
pub struct Corpus<'a, S> {
    posts: &'a [PostRecord],
    summaries: Vec<Option<&'a S>>,
}

impl<'a, S: 'static> Corpus<'a, S> {
    /// The corpus of `posts` with a rule's stored summaries of them, read as
    /// its summary type `S`.
    pub(crate) fn of(posts: &'a [PostRecord], summaries: &'a [Option<Summary>]) -> Self {
        let summaries = summaries
            .iter()
            .map(|s| s.as_ref().and_then(|s| s.0.downcast_ref::<S>()))
            .collect();
        Corpus { posts, summaries }
    }
}

/// Every post's text at one moment, to tell which posts changed since: what
/// a rule's [`CorpusRule::check_again`] state is built on. An edit replaces
/// a post's text with a new one, so comparing the shared texts by identity
/// finds the changed posts without reading them.
pub struct Snapshot(Vec<Arc<str>>);

impl Snapshot {
    pub fn of<S>(corpus: &Corpus<'_, S>) -> Snapshot {
        Snapshot(
            corpus
                .posts()
                .iter()
                .map(|p| Arc::clone(&p.source))
                .collect(),
        )
    }

    /// The posts whose text is not the snapshot's; `None` when posts were
    /// added since, which no snapshot-based state can follow.
    pub fn changed<S>(&self, corpus: &Corpus<'_, S>) -> Option<Vec<PostId>> {
        let posts = corpus.posts();
        (posts.len() == self.0.len()).then(|| {
            (0..posts.len())
                .filter(|&id| !Arc::ptr_eq(&posts[id].source, &self.0[id]))
                .collect()
        })
    }
}

impl<'a, S> Corpus<'a, S> {
    /// The same corpus with only the posts `keep` marks summarized: a check
    /// of it judges those posts among themselves, while every post's path
    /// and text stay readable.
    pub fn only(&self, keep: &[bool]) -> Corpus<'a, S> {
        let summaries = self
            .summaries
            .iter()
            .enumerate()
            .map(|(id, s)| s.filter(|_| keep.get(id).copied().unwrap_or(false)))
            .collect();
        Corpus {
            posts: self.posts,
            summaries,
        }
    }

    /// Every post, in corpus (path) order.
    pub fn posts(&self) -> &'a [PostRecord] {
        self.posts
    }

    /// One post.
    pub fn post(&self, id: PostId) -> &'a PostRecord {
        &self.posts[id]
    }

    /// Whether findings are wanted for `id`. With explicit files (a pre-commit
    /// run), the corpus is the whole project but only those files are reported.
    pub fn is_target(&self, id: PostId) -> bool {
        self.posts.get(id).is_some_and(|p| p.target)
    }

    /// Whether `id` is being edited: a file a pre-commit run names, or an
    /// editor's buffer that differs from its file. Among posts of the same
    /// date (or none), an edited one is the newer, so that a paragraph just
    /// pasted in is the copy, not the original. In a run over every post,
    /// every post is.
    pub fn is_edited(&self, id: PostId) -> bool {
        self.posts.get(id).is_some_and(|p| p.edited)
    }

    /// This rule's summary of post `id`.
    pub fn summary(&self, id: PostId) -> Option<&'a S> {
        self.summaries.get(id).copied().flatten()
    }

    /// Every post's summary, with its id.
    pub fn summaries(&self) -> impl Iterator<Item = (PostId, &'a S)> + '_ {
        self.summaries
            .iter()
            .enumerate()
            .filter_map(|(id, s)| Some((id, (*s)?)))
    }
}
