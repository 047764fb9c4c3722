//! The kinds of rule a rule file can declare, each whole in one file.
//!
//! A kind is one variant of [`Kind`] and one module here holding all of it: the
//! keys it adds to a rule file, the placeholders its messages fill, where it
//! looks unless told, how it reads its keys, what it asks the scanner
//! ([`super::matcher`]) to find, and how it judges what was found in one
//! instance of a scope. The `kinds!` list below ties them together: the kind
//! names, each kind's keys and the placeholders a message may use are all read
//! from it, and so are the matches from a [`Kind`] to its module. Adding a kind
//! is writing its module, then naming it twice here: its `mod` line and its
//! line in `kinds!`.
//!
//! What several kinds share is here too: [`Judging`] (one instance and its
//! hits) and [`Findings`] (the rule's message filled in as a finding), and in
//! `targets` the phrases, regexes, links and images that kinds look for.

mod capitalization;
mod conditional;
mod existence;
mod metric;
mod occurrence;
mod substitution;
mod targets;

use std::borrow::Cow;

use crate::document::{Document, PostId, Span};
use crate::rule::{Finding, RuleInfo};
use crate::settings::{Reader, TomlPath};

use super::matcher::{Builder, Hit, Probe, Role};
use super::scope::{Instance, Scope};

/// What each kind provides; [`Kind`] and [`Declaration`] are made of these.
trait Declared: Sized {
    /// Its name in rule files.
    const NAME: &'static str;
    /// The keys it adds to the common ones.
    const KEYS: &'static [&'static str];
    /// The placeholders its judging fills, besides `{match}`.
    const PLACEHOLDERS: &'static [&'static str];
    /// Where it looks when the file sets no `scope`.
    const SCOPE: Scope = Scope::Post;

    /// Reads its keys from the rule file's `table`.
    fn read(reader: &mut Reader<'_>, table: &toml::Table, shared: &Shared) -> Option<Self>;

    /// Adds what rule number `rule` looks for to the scanner; true when the
    /// rule must be judged on every instance, whether anything matched or not.
    fn compile(&self, rule: u32, scanner: &mut Builder) -> bool;

    /// Judges one instance of a scope, given this rule's hits in it.
    fn judge(&self, judging: &Judging<'_>, findings: &mut Findings<'_>);
}

/// Keys several kinds read, read for every kind before its own, so that their
/// type is checked even in a kind that does not take them (which is then
/// reported as well).
pub struct Shared {
    /// `ignorecase`: whether case is ignored (true unless set).
    ignorecase: bool,
    /// `exceptions`.
    exceptions: Vec<String>,
}

/// One kind as a rule file sees it.
pub struct Declaration {
    /// Its name in rule files.
    pub name: &'static str,
    /// The keys it adds to the common ones.
    pub keys: &'static [&'static str],
    /// The placeholders its judging fills.
    placeholders: &'static [&'static str],
    /// Where it looks when the file sets no `scope`.
    pub scope: Scope,
    read: fn(&mut Reader<'_>, &toml::Table, &Shared) -> Option<Kind>,
}

impl Declaration {
    /// Reads this kind's settings from the rule file's `table`.
    pub fn read(&self, reader: &mut Reader<'_>, table: &toml::Table) -> Option<Kind> {
        let shared = Shared {
            ignorecase: reader.bool(table, "ignorecase").unwrap_or(true),
            exceptions: table
                .get("exceptions")
                .and_then(|v| reader.strings(v, &[TomlPath::Key("exceptions")]))
                .unwrap_or_default(),
        };
        (self.read)(reader, table, &shared)
    }
}

/// Declares the kinds: the [`Kind`] enum, the [`KINDS`] table, and the
/// dispatch from a [`Kind`] to its module.
macro_rules! kinds {
    ($($(#[$doc:meta])* $variant:ident($module:ident),)*) => {
        /// What a rule checks, with the settings of its kind.
        pub enum Kind {
            $($(#[$doc])* $variant($module::$variant),)*
        }

        /// Every kind, in the order rule-file errors list them.
        pub const KINDS: &[Declaration] = &[$(Declaration {
            name: $module::$variant::NAME,
            keys: $module::$variant::KEYS,
            placeholders: $module::$variant::PLACEHOLDERS,
            scope: $module::$variant::SCOPE,
            read: |reader, table, shared| {
                $module::$variant::read(reader, table, shared).map(Kind::$variant)
            },
        },)*];

        impl Kind {
            /// The kind's name in rule files.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Kind::$variant(_) => $module::$variant::NAME,)*
                }
            }

            /// Adds what rule number `rule` looks for to `scanner`; true when
            /// the rule is judged on every instance of its scopes.
            pub fn compile(&self, rule: u32, scanner: &mut Builder) -> bool {
                match self {
                    $(Kind::$variant(kind) => kind.compile(rule, scanner),)*
                }
            }

            /// Judges one instance of a scope, given this rule's hits in it.
            pub fn judge(&self, judging: &Judging<'_>, findings: &mut Findings<'_>) {
                match self {
                    $(Kind::$variant(kind) => kind.judge(judging, findings),)*
                }
            }
        }
    };
}

kinds! {
    /// A phrase or pattern must not occur.
    Existence(existence),
    /// A phrase must be written another way.
    Substitution(substitution),
    /// A count per scope must stay within bounds.
    Occurrence(occurrence),
    /// If one thing occurs in a scope, another must too.
    Conditional(conditional),
    /// A number per scope must stay within bounds.
    Metric(metric),
    /// Headings (or other short text) in a case style.
    Capitalization(capitalization),
}

/// The kind called `name` in rule files.
pub fn find(name: &str) -> Option<&'static Declaration> {
    KINDS.iter().find(|k| k.name == name)
}

/// The kind names, in order.
pub fn names() -> Vec<&'static str> {
    KINDS.iter().map(|k| k.name).collect()
}

/// The placeholders a message or help may use. One list for every kind, so a
/// message moves between kinds unchanged; a placeholder a kind has no value for
/// (`{preferred}` in an existence rule) is left empty.
pub fn placeholders() -> Vec<&'static str> {
    let mut all = vec!["match"];
    for name in KINDS.iter().flat_map(|k| k.placeholders) {
        if !all.contains(name) {
            all.push(name);
        }
    }
    all
}

/// One instance of a scope, and the hits of the rule being judged in it.
pub struct Judging<'a> {
    /// The scope.
    pub scope: &'a Scope,
    /// The instance.
    pub instance: &'a Instance<'a>,
    /// The rule's hits, sorted by unit, start and longest first.
    pub hits: &'a [Hit],
    /// What each hit's probe is.
    pub probes: &'a [Probe],
    /// The post.
    pub post: &'a Document,
}

impl Judging<'_> {
    /// Whether `hit` is of a pattern added for `role`.
    fn is(&self, hit: &Hit, role: Role) -> bool {
        self.probes[hit.probe as usize].role == role
    }

    /// The hit's probe.
    fn probe(&self, hit: &Hit) -> Probe {
        self.probes[hit.probe as usize]
    }

    /// The matched text.
    fn text_of(&self, hit: &Hit) -> &str {
        self.instance.units[hit.unit]
            .text()
            .get(hit.range.clone())
            .unwrap_or("")
    }

    /// The matched text's span in the post.
    fn span_of(&self, hit: &Hit) -> Span {
        self.instance.units[hit.unit].to_source(hit.range.clone())
    }

    /// The text of the unit `hit` is in.
    fn unit_text(&self, hit: &Hit) -> &str {
        self.instance.units[hit.unit].text()
    }

    /// The hits of `role`, each overlapping none kept before it (see [`targets::outermost`]).
    fn outermost(&self, role: Role) -> Vec<&Hit> {
        targets::outermost(self.hits, |h| self.is(h, role))
    }

    /// The matches of what the rule looks for that none of `exceptions` covers.
    fn matches(&self, exceptions: &[String]) -> impl Iterator<Item = &Hit> {
        let hits = self.outermost(Role::Main);
        hits.into_iter()
            .filter(move |h| !targets::excepted(self.unit_text(h), &h.range, exceptions))
    }

    /// How the scope's instance reads in a message ("paragraph").
    fn scope_noun(&self) -> &'static str {
        scope_noun(self.scope)
    }

    /// At most 80 characters of the instance's anchor, for `{match}` when the
    /// finding is about the whole instance.
    fn anchor_text(&self) -> String {
        clip(self.post.slice(&self.instance.anchor)).into_owned()
    }
}

/// Where a rule's findings go: its message and help templates, filled in.
pub struct Findings<'a> {
    /// The rule.
    pub info: &'a RuleInfo,
    /// The rule file's message template, when it sets one.
    pub message: Option<&'a str>,
    /// The rule file's help template, when it sets one.
    pub help: Option<&'a str>,
    /// The post.
    pub post: PostId,
    /// The findings.
    pub out: &'a mut Vec<Finding>,
}

impl Findings<'_> {
    /// A finding at `span`: the rule's message (else `default_message`) and
    /// help (else `default_help`), their placeholders filled by `values`.
    fn push(
        &mut self,
        span: Span,
        values: &dyn Fn(&str) -> Option<String>,
        default_message: &str,
        default_help: Option<&str>,
    ) {
        let fill = |template: &str| render(template, |name| values(name).unwrap_or_default());
        let message = fill(self.message.unwrap_or(default_message));
        let mut finding = Finding::new(self.info, self.post, span, message);
        if let Some(help) = self.help.or(default_help) {
            finding = finding.with_help(fill(help));
        }
        self.out.push(finding);
    }
}

/// Renders `{name}` placeholders of a checked template; `{{` and `}}` are braces.
fn render(template: &str, value: impl Fn(&str) -> String) -> String {
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
pub fn placeholder_names(template: &str) -> Vec<&str> {
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

/// The `min` and `max` of a kind that bounds a count or a number, as `read`
/// reads each; at least one is required.
fn bounds<T>(
    reader: &mut Reader<'_>,
    table: &toml::Table,
    read: impl Fn(&mut Reader<'_>, &toml::Value, &[TomlPath<'_>]) -> Option<T>,
) -> Option<(Option<T>, Option<T>)> {
    let mut bound = |key: &str| {
        let value = table.get(key)?;
        read(reader, value, &[TomlPath::Key(key)])
    };
    let (min, max) = (bound("min"), bound("max"));
    if min.is_some() || max.is_some() || table.contains_key("min") || table.contains_key("max") {
        return Some((min, max));
    }
    reader.error(
        &[TomlPath::Key("kind")],
        false,
        "this rule has neither `min` nor `max`".into(),
        "add `max = N` (at most) or `min = N` (at least), or both".into(),
    );
    None
}

/// The value of `key`, one of `values` by `name`; required.
fn one_of<T: Copy>(
    reader: &mut Reader<'_>,
    table: &toml::Table,
    key: &str,
    values: &[T],
    name: fn(T) -> &'static str,
) -> Option<T> {
    let names: Vec<&str> = values.iter().map(|v| name(*v)).collect();
    let Some(text) = reader.string(table, key) else {
        if !table.contains_key(key) {
            reader.error(
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
        reader.unknown_name(&[TomlPath::Key(key)], key, &text, &names, "one of", &list);
    }
    found
}

/// At most 80 characters of `text`, for messages about long things.
fn clip(text: &str) -> Cow<'_, str> {
    let text = text.trim();
    match text.char_indices().nth(80) {
        Some((at, _)) => Cow::Owned(format!("{}…", &text[..at])),
        None => Cow::Borrowed(text),
    }
}

/// How a scope's instance reads in a message ("this paragraph").
fn scope_noun(scope: &Scope) -> &'static str {
    match scope {
        Scope::Title => "title",
        Scope::Heading(_) => "heading",
        Scope::Paragraph => "paragraph",
        Scope::Sentence => "sentence",
        Scope::ListItem => "list item",
        Scope::BlockQuote => "blockquote",
        Scope::LinkText => "link text",
        Scope::ImageAlt => "image alt text",
        Scope::FrontMatter(_) => "front-matter value",
        Scope::Section => "section",
        Scope::Post => "post",
        Scope::Code => "code",
    }
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
