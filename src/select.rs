//! Which rules a run checks: `select`, `extend-select` and `ignore`, from the
//! command line and the config.
//!
//! Each names rules, rule groups (`duplicates`, `filler`, `structure`,
//! `topicality`, or a rule file's own `group`), or `ALL`, as ruff's selectors
//! do. With no `select`, the rules that are on by default run; `select` runs
//! exactly the rules it names, and `extend-select` adds rules to whichever set
//! that is. A rule that is off by default (`low-readability`) runs when it is
//! selected by name or group. `ignore` wins over both. A rule the config turns
//! `off` stays off: selection picks among rules, while a severity is the
//! config's word on one rule.
//!
//! `--select` replaces the config's `select`; `--extend-select` and `--ignore`
//! add to the config's lists.

use std::collections::BTreeSet;

use crate::error::did_you_mean;
use crate::rule::RuleInfo;

/// The selector meaning every rule.
pub const ALL: &str = "ALL";

/// The rules a run checks.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// The rules `select` names, when it is given.
    selected: Option<BTreeSet<String>>,
    /// The rules `extend-select` names.
    extended: BTreeSet<String>,
    /// The rules `ignore` names.
    ignored: BTreeSet<String>,
}

/// The three lists, each selector with where it was written (`--select`,
/// "`select` in the config"), for errors.
#[derive(Debug, Clone, Default)]
pub struct Selectors<'a> {
    /// `select`: when not empty, exactly these.
    pub select: Vec<(&'a str, &'static str)>,
    /// `extend-select`: these as well.
    pub extend_select: Vec<(&'a str, &'static str)>,
    /// `ignore`: never these.
    pub ignore: Vec<(&'a str, &'static str)>,
}

impl Selection {
    /// Expands the selectors against `rules`. Every selector that names no rule,
    /// group or `ALL` is returned, each with its list and a did-you-mean.
    pub fn new(rules: &[RuleInfo], selectors: Selectors<'_>) -> Result<Selection, Vec<String>> {
        let mut unknown = Vec::new();
        let mut expand = |list: &[(&str, &str)]| -> BTreeSet<String> {
            let mut names = BTreeSet::new();
            for &(selector, what) in list {
                let matched: Vec<&RuleInfo> = rules
                    .iter()
                    .filter(|r| selector == ALL || r.name == selector || r.group == selector)
                    .collect();
                if matched.is_empty() {
                    unknown.push(unknown_selector(rules, selector, what));
                }
                names.extend(matched.iter().map(|r| r.name.to_string()));
            }
            names
        };
        let selection = Selection {
            selected: (!selectors.select.is_empty()).then(|| expand(&selectors.select)),
            extended: expand(&selectors.extend_select),
            ignored: expand(&selectors.ignore),
        };
        if unknown.is_empty() {
            Ok(selection)
        } else {
            Err(unknown)
        }
    }

    /// Whether the rule may run at all.
    pub fn allows(&self, rule: &str) -> bool {
        !self.ignored.contains(rule)
            && (self.selected.as_ref().is_none_or(|s| s.contains(rule))
                || self.extended.contains(rule))
    }

    /// Whether the rule was asked for by name, group or `ALL`, which turns on a
    /// rule that is off by default.
    pub fn asks_for(&self, rule: &str) -> bool {
        self.allows(rule)
            && (self.extended.contains(rule)
                || self.selected.as_ref().is_some_and(|s| s.contains(rule)))
    }
}

fn unknown_selector(rules: &[RuleInfo], selector: &str, what: &str) -> String {
    let groups: BTreeSet<&str> = rules.iter().map(|r| r.group.as_ref()).collect();
    let known = rules
        .iter()
        .map(|r| r.name.as_ref())
        .chain(groups.iter().copied())
        .chain([ALL]);
    let hint = match did_you_mean(selector, known) {
        Some(close) => format!("; did you mean `{close}`?"),
        None => String::new(),
    };
    format!(
        "unknown rule or group `{selector}` in {what}{hint} (groups: {}, {ALL})",
        groups.into_iter().collect::<Vec<_>>().join(", ")
    )
}
