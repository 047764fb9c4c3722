//! `conditional`: if one thing occurs in a scope, another must too.
//!
//! ```toml
//! kind = "conditional"
//! scope = "post"
//! if.patterns = ['\b([A-Z]{3,5})\b']
//! then.patterns = ['\(([A-Z]{3,5})\)']
//! ```
//! Each trigger (`if`) without what it requires (`then`) in the same instance
//! is a finding, once per distinct trigger. When both sides capture a group,
//! the captures pair up: this acronym must be the one expanded.

use std::collections::HashSet;

use crate::settings::{Reader, TomlPath};

use super::super::matcher::{Builder, Hit, Patterns, Role};
use super::targets::{Target, elements, patterns, target};
use super::{Declared, Findings, Judging, Shared};

/// The settings of a conditional rule.
pub struct Conditional {
    /// What triggers the rule.
    first: Patterns,
    /// What must then occur in the same scope.
    then: Target,
}

impl Declared for Conditional {
    const NAME: &'static str = "conditional";
    const KEYS: &'static [&'static str] = &["if", "then", "ignorecase"];
    const PLACEHOLDERS: &'static [&'static str] = &[];

    fn read(reader: &mut Reader<'_>, table: &toml::Table, shared: &Shared) -> Option<Self> {
        let first = sub_table(reader, table, "if")?;
        let then = sub_table(reader, table, "then")?;
        let (at_if, at_then) = ([TomlPath::Key("if")], [TomlPath::Key("then")]);
        reader.unknown_keys(first, &at_if, &["tokens", "patterns"], "`if`");
        reader.unknown_keys(then, &at_then, &["tokens", "patterns", "element"], "`then`");
        let first = patterns(reader, first, &at_if, shared.ignorecase);
        let then = target(reader, then, &at_then, shared.ignorecase);
        Some(Conditional {
            first: first?,
            then: then?,
        })
    }

    fn compile(&self, rule: u32, scanner: &mut Builder) -> bool {
        scanner.patterns(rule, Role::If, &self.first);
        if let Target::Text(p) = &self.then {
            scanner.patterns(rule, Role::Then, p);
        }
        false
    }

    fn judge(&self, judging: &Judging<'_>, findings: &mut Findings<'_>) {
        let firsts = judging.outermost(Role::If);
        if firsts.is_empty() {
            return;
        }
        let thens: Vec<&Hit> = judging
            .hits
            .iter()
            .filter(|h| judging.is(h, Role::Then))
            .collect();
        let key_text = |h: &Hit| {
            h.key
                .as_ref()
                .and_then(|k| judging.unit_text(h).get(k.clone()))
        };
        let then_keys: HashSet<&str> = thens.iter().filter_map(|h| key_text(h)).collect();
        let has_element = match &self.then {
            Target::Element(element) => {
                !elements(judging.post, *element, &judging.instance.extent).is_empty()
            }
            Target::Text(_) => false,
        };
        // One finding per distinct trigger: an acronym used ten times
        // without its expansion is one problem.
        let mut seen: HashSet<String> = HashSet::new();
        for h in firsts {
            let satisfied = match (&self.then, key_text(h)) {
                (Target::Element(_), _) => has_element,
                // Paired captures: this acronym must be the one expanded.
                (Target::Text(_), Some(key)) if !then_keys.is_empty() => then_keys.contains(key),
                (Target::Text(_), _) => !thens.is_empty(),
            };
            if satisfied {
                continue;
            }
            let matched = judging.text_of(h);
            if !seen.insert(crate::text::fold(key_text(h).unwrap_or(matched))) {
                continue;
            }
            findings.push(
                judging.span_of(h),
                &|name| (name == "match").then(|| matched.to_string()),
                "\"{match}\" appears without what it requires",
                None,
            );
        }
    }
}

/// The `if` or `then` table, which a conditional must have.
fn sub_table<'t>(
    reader: &mut Reader<'_>,
    table: &'t toml::Table,
    key: &str,
) -> Option<&'t toml::Table> {
    match table.get(key) {
        Some(toml::Value::Table(t)) => Some(t),
        Some(_) => {
            reader.type_error(&[TomlPath::Key(key)], "a table, e.g. `[if]` with `tokens`");
            None
        }
        None => {
            reader.error(
                &[TomlPath::Key("kind")],
                false,
                format!("this conditional rule has no `{key}`"),
                "add `if.tokens = [\"phrase\"]` and `then.tokens = [\"phrase\"]` (or `then.element = \"link\"`)".into(),
            );
            None
        }
    }
}
