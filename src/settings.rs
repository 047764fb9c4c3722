//! Reading the TOML files people write: `postlint.toml` and rule files.
//!
//! Both are checked strictly, in the same way: a value of the wrong type, an
//! unknown key or an unknown name is an error pointing at its exact span, with a
//! did-you-mean when a known name is close, and every problem of a file is
//! reported at once. [`Reader`] is that checking, once: [`crate::config`] and
//! [`crate::rules::declarative::file`] say which keys they know and what they
//! mean, and leave the wording of the common mistakes to it.
//!
//! Files are read with the plain `toml` parser, which keeps no spans. A span is
//! looked up ([`toml_span`]) only when there is an error to show, so a file
//! without mistakes is parsed once.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::error::{SourceError, did_you_mean};
use crate::rule::Severity;

/// One step of a path into a TOML document.
#[derive(Debug, Clone, Copy)]
pub enum TomlPath<'a> {
    /// A table key.
    Key(&'a str),
    /// An array index.
    Index(usize),
}

/// The span of the value at `path` in the TOML `text`, or of its key when
/// `key` is true. `None` when the path is not there.
pub fn toml_span(text: &str, path: &[TomlPath<'_>], key: bool) -> Option<Range<usize>> {
    use toml::de::{DeTable, DeValue};
    let root = DeTable::parse(text).ok()?;
    let mut table = root.get_ref();
    let mut value: Option<&toml::Spanned<DeValue<'_>>> = None;
    let mut key_span;
    for (i, step) in path.iter().enumerate() {
        let current = match (value, step) {
            (None, TomlPath::Key(name)) => {
                let (k, v) = table.iter().find(|(k, _)| k.get_ref() == name)?;
                key_span = Some(k.span());
                v
            }
            (Some(v), TomlPath::Key(name)) => {
                let t = v.get_ref().as_table()?;
                let (k, v) = t.iter().find(|(k, _)| k.get_ref() == name)?;
                key_span = Some(k.span());
                v
            }
            (Some(v), TomlPath::Index(n)) => {
                let item = v.get_ref().get(*n)?;
                key_span = Some(item.span());
                item
            }
            (None, TomlPath::Index(_)) => return None,
        };
        if i + 1 == path.len() {
            return Some(if key { key_span? } else { current.span() });
        }
        if let Some(t) = current.get_ref().as_table() {
            table = t;
        }
        value = Some(current);
    }
    None
}

/// A TOML value as a list of strings, when it is one.
pub fn toml_strings(value: &toml::Value) -> Option<Vec<String>> {
    value.as_array().and_then(|items| {
        items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect()
    })
}

/// A rule's severity as a settings file writes it: a severity, or `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not checked.
    Off,
    /// Checked, findings are infos.
    Info,
    /// Checked, findings are warnings.
    Warning,
    /// Checked, findings are errors.
    Error,
}

impl Level {
    /// Parses `error`, `warning`, `info` or `off`.
    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "off" => Some(Level::Off),
            "info" => Some(Level::Info),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }

    /// The severity findings get, or `None` when off.
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }

    /// The level of a default severity.
    pub fn from_severity(severity: Severity) -> Level {
        match severity {
            Severity::Info => Level::Info,
            Severity::Warning => Level::Warning,
            Severity::Error => Level::Error,
        }
    }
}

/// The help line after an unknown key: the close one, if any, and every key
/// the place knows.
pub fn known_keys_help(key: &str, known: &[&str]) -> String {
    match did_you_mean(key, known.iter().copied()) {
        Some(close) => format!("did you mean `{close}`? (known keys: {})", known.join(", ")),
        None => format!("known keys: {}", known.join(", ")),
    }
}

/// Checks one settings file, collecting every problem in it.
pub struct Reader<'a> {
    path: &'a Path,
    text: &'a str,
    source: Arc<str>,
    errors: Vec<SourceError>,
}

impl<'a> Reader<'a> {
    /// Parses `text`, the file `path`; the file is named `what` ("TOML in rule
    /// file") in a syntax error, which is then its only error.
    pub fn parse(
        path: &'a Path,
        text: &'a str,
        what: &str,
    ) -> Result<(Reader<'a>, toml::Table), Vec<SourceError>> {
        let source: Arc<str> = Arc::from(text);
        let table: toml::Table = toml::from_str(text).map_err(|e| {
            vec![
                SourceError::new(format!("invalid {what}: {}", e.message().trim()))
                    .at(path, source.clone(), e.span())
                    .label("here")
                    .help("fix the TOML syntax; see https://toml.io"),
            ]
        })?;
        let reader = Reader {
            path,
            text,
            source,
            errors: Vec::new(),
        };
        Ok((reader, table))
    }

    /// The file.
    pub fn path(&self) -> &'a Path {
        self.path
    }

    /// The file's text, shared with its errors.
    pub fn source(&self) -> Arc<str> {
        self.source.clone()
    }

    /// The problems found so far, in the order they were found.
    pub fn into_errors(self) -> Vec<SourceError> {
        self.errors
    }

    /// Whether no problem has been found.
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// Reports a problem with the value at `at`, or its key when `key`; an
    /// empty path points at the start of the file (a key that is missing).
    pub fn error(&mut self, at: &[TomlPath<'_>], key: bool, message: String, help: String) {
        let span = if at.is_empty() {
            Some(0..0)
        } else {
            toml_span(self.text, at, key)
        };
        self.errors.push(
            SourceError::new(message)
                .at(self.path, self.source.clone(), span)
                .label(if key { "this key" } else { "this value" })
                .help(help),
        );
    }

    /// Reports `key` at `at`, unknown in `place` (`[files]`), which knows `known`.
    pub fn unknown_key(&mut self, at: &[TomlPath<'_>], key: &str, known: &[&str], place: &str) {
        let help = known_keys_help(key, known);
        self.error(at, true, format!("unknown key `{key}` in {place}"), help);
    }

    /// Reports every key of `table` (at `at`) that `known` lacks.
    pub fn unknown_keys(
        &mut self,
        table: &toml::Table,
        at: &[TomlPath<'_>],
        known: &[&str],
        place: &str,
    ) {
        for key in table.keys() {
            if !known.contains(&key.as_str()) {
                let mut path = at.to_vec();
                path.push(TomlPath::Key(key));
                self.unknown_key(&path, key, known, place);
            }
        }
    }

    /// Reports `text` at `at`, not one of `known`: "unknown {what} \"text\"",
    /// with the close name and the list, which `label` introduces.
    pub fn unknown_name(
        &mut self,
        at: &[TomlPath<'_>],
        what: &str,
        text: &str,
        known: &[&str],
        label: &str,
        list: &str,
    ) {
        let help = match did_you_mean(text, known.iter().copied()) {
            Some(close) => format!("did you mean \"{close}\"? ({label}: {list})"),
            None => format!("{label}: {list}"),
        };
        self.error(at, false, format!("unknown {what} \"{text}\""), help);
    }

    /// The level `text` (the value at `at`) names, or an error.
    pub fn level(&mut self, text: &str, at: &[TomlPath<'_>]) -> Option<Level> {
        let level = Level::parse(text);
        if level.is_none() {
            let known = ["error", "warning", "info", "off"];
            let help = match did_you_mean(text, known) {
                Some(close) => format!("did you mean \"{close}\"?"),
                None => "use one of \"error\", \"warning\", \"info\", \"off\"".to_string(),
            };
            self.error(at, false, format!("unknown severity \"{text}\""), help);
        }
        level
    }

    /// Reports that the value at `at` is not `what` ("a string"), naming its key.
    pub fn type_error(&mut self, at: &[TomlPath<'_>], what: &str) {
        let name = at
            .iter()
            .rev()
            .find_map(|p| match p {
                TomlPath::Key(k) => Some(*k),
                TomlPath::Index(_) => None,
            })
            .unwrap_or("value");
        self.error(
            at,
            false,
            format!("`{name}` must be {what}"),
            format!("write `{name}` as {what}"),
        );
    }

    /// `value` (at `at`) as `get` reads it, or a type error saying it must be `what`.
    fn typed<T>(
        &mut self,
        value: &toml::Value,
        at: &[TomlPath<'_>],
        get: impl FnOnce(&toml::Value) -> Option<T>,
        what: &str,
    ) -> Option<T> {
        let typed = get(value);
        if typed.is_none() {
            self.type_error(at, what);
        }
        typed
    }

    /// The string at `key` of `table`, a top-level table.
    pub fn string(&mut self, table: &toml::Table, key: &str) -> Option<String> {
        let value = table.get(key)?;
        self.string_at(value, &[TomlPath::Key(key)])
    }

    /// `value` (at `at`) as a string.
    pub fn string_at(&mut self, value: &toml::Value, at: &[TomlPath<'_>]) -> Option<String> {
        self.typed(value, at, |v| v.as_str().map(str::to_string), "a string")
    }

    /// The boolean at `key` of `table`, a top-level table.
    pub fn bool(&mut self, table: &toml::Table, key: &str) -> Option<bool> {
        let value = table.get(key)?;
        self.typed(
            value,
            &[TomlPath::Key(key)],
            toml::Value::as_bool,
            "true or false",
        )
    }

    /// `value` (at `at`) as a whole number, 0 or more.
    pub fn count(&mut self, value: &toml::Value, at: &[TomlPath<'_>]) -> Option<usize> {
        let get = |v: &toml::Value| v.as_integer().and_then(|i| usize::try_from(i).ok());
        self.typed(value, at, get, "a whole number (0 or more)")
    }

    /// `value` (at `at`) as a finite number.
    pub fn number(&mut self, value: &toml::Value, at: &[TomlPath<'_>]) -> Option<f64> {
        let get = |v: &toml::Value| match v {
            toml::Value::Integer(i) => Some(*i as f64),
            toml::Value::Float(f) if f.is_finite() => Some(*f),
            _ => None,
        };
        self.typed(value, at, get, "a number")
    }

    /// `value` (at `at`) as a list of strings.
    pub fn strings(&mut self, value: &toml::Value, at: &[TomlPath<'_>]) -> Option<Vec<String>> {
        self.typed(
            value,
            at,
            toml_strings,
            "a list of strings, e.g. [\"one\", \"two\"]",
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_values_in_nested_tables_and_arrays() {
        let text =
            "[rules.empty-section]\nseverity = \"eror\"\n\n[[overrides]]\nfiles = [\"a/**\"]\n";
        let span = toml_span(
            text,
            &[
                TomlPath::Key("rules"),
                TomlPath::Key("empty-section"),
                TomlPath::Key("severity"),
            ],
            false,
        )
        .unwrap();
        assert_eq!(&text[span], "\"eror\"");
        let span = toml_span(
            text,
            &[
                TomlPath::Key("overrides"),
                TomlPath::Index(0),
                TomlPath::Key("files"),
            ],
            true,
        )
        .unwrap();
        assert_eq!(&text[span], "files");
    }
}
