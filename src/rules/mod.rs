//! The registry: every built-in rule, one line each.
//!
//! Adding a rule means writing its file (declaration, docs, check), a fixture
//! folder `fixtures/rules/<name>/`, and its line in the list below; the README
//! table, the schema and the snapshots are regenerated from them. `explain`,
//! `rules`, the engine, the config checks and the meta-tests all read this
//! list; how a rule checks, and so its phase, is in its declaration.
//!
//! [`Registry`] is that list at run time: the built-in rules with the shipped
//! rule pack and a project's rule files added, which a workspace loads once
//! and every linter it builds reads.

pub mod declarative;

use std::path::PathBuf;
use std::sync::Arc;

use crate::error::SourceError;
use crate::rule::{RuleGroup, RuleInfo};

/// Declares each rule's module and lists its declaration in [`BUILTIN`], so a
/// rule is one line here and the two cannot disagree.
macro_rules! builtin_rules {
    ($($module:ident::$declaration:ident,)*) => {
        $(pub mod $module;)*

        /// Every built-in rule, in name order. Each declaration says how the
        /// rule checks ([`crate::rule::Check`]), and so in which phase.
        pub static BUILTIN: &[&RuleInfo] = &[$(&$module::$declaration),*];
    };
}

builtin_rules! {
    boilerplate_paragraph::BOILERPLATE_PARAGRAPH,
    duplicate_paragraph::DUPLICATE_PARAGRAPH,
    duplicate_title::DUPLICATE_TITLE,
    empty_section::EMPTY_SECTION,
    invalid_front_matter::INVALID_FRONT_MATTER,
    invalid_suppression::INVALID_SUPPRESSION,
    missing_title::MISSING_TITLE,
    off_topic_section::OFF_TOPIC_SECTION,
    title_body_mismatch::TITLE_BODY_MISMATCH,
    title_heading_mismatch::TITLE_HEADING_MISMATCH,
    unused_suppression::UNUSED_SUPPRESSION,
}

/// Every rule postlint knows: the built-in ones, the shipped rule pack and the
/// rule files of `rule-dirs`.
pub struct Registry {
    pub(crate) rules: Vec<RuleInfo>,
    /// Rules checked together by one checker, with their indices in `rules`.
    pub(crate) groups: Vec<Group>,
}

/// A rule group and the indices of its members in the registry's rules.
pub(crate) type Group = (Arc<dyn RuleGroup>, Vec<usize>);

impl Registry {
    /// The built-in rules and the shipped rule pack.
    pub fn builtin() -> Registry {
        // The pack is embedded and its loading is tested, so errors cannot happen
        // here; were one to slip through, the bad file is left out.
        let (registry, _) = Registry::build(&[]);
        registry
    }

    /// The built-in rules, the shipped pack and the rule files in `rule_dirs`.
    /// Every problem in every rule file is returned at once.
    pub fn load(rule_dirs: &[PathBuf]) -> Result<Registry, Vec<SourceError>> {
        let (registry, errors) = Registry::build(rule_dirs);
        if errors.is_empty() {
            Ok(registry)
        } else {
            Err(errors)
        }
    }

    fn build(rule_dirs: &[PathBuf]) -> (Registry, Vec<SourceError>) {
        let mut registry = Registry {
            rules: BUILTIN.iter().map(|&info| info.clone()).collect(),
            groups: Vec::new(),
        };
        let taken: Vec<String> = registry.rules.iter().map(|i| i.name.to_string()).collect();
        let (set, errors) = declarative::load(rule_dirs, &taken);
        registry.add_group(set.infos(), Arc::new(set));
        (registry, errors)
    }

    /// Only the rules of `group`: what an inline rule test checks with, so
    /// that nothing but its rule can flag the test's post.
    pub fn of_group(infos: Vec<RuleInfo>, group: Arc<dyn RuleGroup>) -> Registry {
        let mut registry = Registry {
            rules: Vec::new(),
            groups: Vec::new(),
        };
        registry.add_group(infos, group);
        registry
    }

    /// Adds rules that one checker checks together.
    pub fn add_group(&mut self, infos: Vec<RuleInfo>, group: Arc<dyn RuleGroup>) {
        let start = self.rules.len();
        self.rules.extend(infos);
        let members = (start..self.rules.len()).collect();
        self.groups.push((group, members));
    }

    /// Every rule's declaration, in name order.
    pub fn infos(&self) -> Vec<RuleInfo> {
        let mut infos: Vec<RuleInfo> = self.rules.clone();
        infos.sort_by(|a, b| a.name.cmp(&b.name));
        infos
    }

    /// The rule called `name`.
    pub fn find(&self, name: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|i| i.name == name)
    }
}
