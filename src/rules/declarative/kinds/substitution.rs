//! `substitution`: a phrase must be written another way.
//!
//! ```toml
//! kind = "substitution"
//! swap = { "utilize" = "use" }
//! ```
//! Each match of a phrase to avoid is a finding that names the phrase to write
//! instead, capitalized like the match.

use crate::settings::{Reader, TomlPath};

use super::super::matcher::{Builder, Role};
use super::{Declared, Findings, Judging, Shared};

/// The settings of a substitution rule.
pub struct Substitution {
    /// Phrase to avoid, and what to write instead.
    swaps: Vec<(String, String)>,
    /// Whether case is ignored.
    ignorecase: bool,
    /// Phrases around a match that make it fine.
    exceptions: Vec<String>,
}

impl Declared for Substitution {
    const NAME: &'static str = "substitution";
    const KEYS: &'static [&'static str] = &["swap", "ignorecase", "exceptions"];
    const PLACEHOLDERS: &'static [&'static str] = &["preferred"];

    fn read(reader: &mut Reader<'_>, table: &toml::Table, shared: &Shared) -> Option<Self> {
        let swaps = swaps(reader, table)?;
        Some(Substitution {
            swaps,
            ignorecase: shared.ignorecase,
            exceptions: shared.exceptions.clone(),
        })
    }

    fn compile(&self, rule: u32, scanner: &mut Builder) -> bool {
        for (i, (bad, _)) in self.swaps.iter().enumerate() {
            let probe = scanner.probe(rule, Role::Main, true, i as u32);
            scanner.phrase(bad, self.ignorecase, probe);
        }
        false
    }

    fn judge(&self, judging: &Judging<'_>, findings: &mut Findings<'_>) {
        for h in judging.matches(&self.exceptions) {
            let matched = judging.text_of(h);
            let swap = judging.probe(h).swap as usize;
            let preferred = self.swaps.get(swap).map_or("", |(_, good)| good.as_str());
            let preferred = match_case(matched, preferred);
            findings.push(
                judging.span_of(h),
                &|name| match name {
                    "match" => Some(matched.to_string()),
                    "preferred" => Some(preferred.clone()),
                    _ => None,
                },
                "use \"{preferred}\" instead of \"{match}\"",
                Some("write \"{preferred}\""),
            );
        }
    }
}

/// The `swap` table: each phrase to avoid, and what to write instead.
fn swaps(reader: &mut Reader<'_>, table: &toml::Table) -> Option<Vec<(String, String)>> {
    let at = [TomlPath::Key("swap")];
    let Some(value) = table.get("swap") else {
        reader.error(
            &[TomlPath::Key("kind")],
            false,
            "this substitution rule has no `swap`".into(),
            "add `swap = { \"utilize\" = \"use\" }`: each phrase to avoid, and what to write instead".into(),
        );
        return None;
    };
    let Some(swap) = value.as_table() else {
        reader.type_error(&at, "a table of phrase = \"preferred\"");
        return None;
    };
    let mut swaps = Vec::new();
    for (bad, good) in swap {
        match good.as_str() {
            Some(good) if !bad.trim().is_empty() => swaps.push((bad.clone(), good.to_string())),
            _ => reader.type_error(
                &[TomlPath::Key("swap"), TomlPath::Key(bad)],
                "a string (the preferred phrase)",
            ),
        }
    }
    if swaps.is_empty() {
        reader.error(
            &at,
            false,
            "`swap` is empty".into(),
            "add `\"phrase\" = \"preferred\"` pairs".into(),
        );
        return None;
    }
    Some(swaps)
}

/// The preferred phrase capitalized like the match's first letter.
fn match_case(matched: &str, preferred: &str) -> String {
    let upper = matched.chars().next().is_some_and(char::is_uppercase);
    let mut chars = preferred.chars();
    match chars.next() {
        Some(first) if upper && first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => preferred.to_string(),
    }
}
