//! `existence`: a phrase or pattern must not occur.
//!
//! ```toml
//! kind = "existence"
//! tokens = ["very unique"]
//! exceptions = ["very unique identifier"]
//! ```
//! Each match is a finding, unless one of `exceptions` covers it.

use crate::settings::Reader;

use super::super::matcher::{Builder, Patterns, Role};
use super::targets::patterns;
use super::{Declared, Findings, Judging, Shared};

/// The settings of an existence rule.
pub struct Existence {
    /// What must not occur.
    what: Patterns,
    /// Phrases around a match that make it fine.
    exceptions: Vec<String>,
}

impl Declared for Existence {
    const NAME: &'static str = "existence";
    const KEYS: &'static [&'static str] = &["tokens", "patterns", "ignorecase", "exceptions"];
    const PLACEHOLDERS: &'static [&'static str] = &[];

    fn read(reader: &mut Reader<'_>, table: &toml::Table, shared: &Shared) -> Option<Self> {
        let what = patterns(reader, table, &[], shared.ignorecase)?;
        Some(Existence {
            what,
            exceptions: shared.exceptions.clone(),
        })
    }

    fn compile(&self, rule: u32, scanner: &mut Builder) -> bool {
        scanner.patterns(rule, Role::Main, &self.what);
        false
    }

    fn judge(&self, judging: &Judging<'_>, findings: &mut Findings<'_>) {
        for h in judging.matches(&self.exceptions) {
            let matched = judging.text_of(h);
            findings.push(
                judging.span_of(h),
                &|name| (name == "match").then(|| matched.to_string()),
                "avoid \"{match}\"",
                None,
            );
        }
    }
}
