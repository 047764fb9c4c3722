//! Inline rule tests: each `[[test]]` of a rule file is a post and what the rule
//! must (or must not) flag in it. `postlint rules test` runs them, and so does
//! `cargo test` for the shipped pack, so a rule's examples cannot rot.
//!
//! A test runs its rule alone through [`Linter::check_sources`], the entry
//! point of every check, so parsing, suppression comments and ordering are
//! the ones a real run has; a failure points at the `[[test]]` table in the
//! rule file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::engine::Linter;
use crate::error::SourceError;
use crate::rule::{PostRule, RuleGroup};
use crate::rules::Registry;
use crate::settings::{TomlPath, toml_span};
use crate::workspace::Workspace;

use super::RuleSet;
use super::checker::Compiled;

/// One rule of a rule file, with its `files` and `exclude` ignored: an inline
/// test's post has no path worth matching.
struct Alone(Arc<Compiled>, u64);

impl RuleGroup for Alone {
    fn build(&self, _: &[&str], _: Option<&Path>, _: &Path) -> Box<dyn PostRule> {
        Box::new(self.0.test_checker())
    }

    fn settings_key(&self) -> u64 {
        self.1
    }
}

/// What a test run found.
#[derive(Default)]
pub struct TestRun {
    /// Tests run.
    pub cases: usize,
    /// Rule files with tests.
    pub files: usize,
    /// One error per failed test.
    pub failures: Vec<SourceError>,
}

/// Runs every inline test of every rule in `set`.
pub fn run(set: &RuleSet) -> TestRun {
    let mut result = TestRun::default();
    for loaded in &set.rules {
        let rule = &loaded.rule;
        if rule.tests.is_empty() {
            continue;
        }
        result.files += 1;
        // Only this rule is in the registry, so nothing else flags its posts.
        let key = crate::cache::SettingsKey::new()
            .add(loaded.rule.text.as_bytes())
            .finish();
        let alone = Alone(Arc::new(Compiled::new(vec![Arc::clone(loaded)])), key);
        let registry = Registry::of_group(vec![loaded.info.clone()], Arc::new(alone));
        let workspace = Workspace::new(PathBuf::new(), registry, Config::default());
        let linter = match Linter::new(&workspace, std::slice::from_ref(&rule.name), &[]) {
            Ok(linter) => linter,
            Err(errors) => {
                result.failures.extend(errors);
                continue;
            }
        };
        for case in &rule.tests {
            result.cases += 1;
            let outcome = linter.check_sources(vec![(PathBuf::from("test.md"), case.text.clone())]);
            let findings: Vec<_> = outcome.findings.iter().map(|f| &f.finding).collect();
            let flagged: Vec<&str> = findings
                .iter()
                .map(|f| {
                    outcome
                        .posts
                        .get(f.post)
                        .and_then(|post| post.source.get(f.span.clone()))
                        .unwrap_or_default()
                })
                .collect();
            let mut problems: Vec<String> = outcome
                .file_errors
                .iter()
                .map(|e| format!("its post cannot be checked: {}", e.message))
                .collect();
            if let Some(n) = case.findings
                && n != findings.len()
            {
                problems.push(format!("expected {n} findings, got {}", findings.len()));
            }
            if let Some(expected) = &case.flagged
                && expected
                    .iter()
                    .map(String::as_str)
                    .ne(flagged.iter().copied())
            {
                problems.push(format!("expected to flag {expected:?}"));
            }
            for text in &case.not_flagged {
                if flagged.contains(&text.as_str()) {
                    problems.push(format!("flagged {text:?}, which it must not"));
                }
            }
            if problems.is_empty() {
                continue;
            }
            let span = toml_span(
                &rule.text,
                &[TomlPath::Key("test"), TomlPath::Index(case.index)],
                false,
            );
            let got = if findings.is_empty() {
                "it flagged nothing".to_string()
            } else {
                let list: Vec<String> = findings
                    .iter()
                    .zip(&flagged)
                    .map(|(f, t)| format!("{t:?} ({})", f.message))
                    .collect();
                format!("it flagged {}", list.join(", "))
            };
            result.failures.push(
                SourceError::new(format!(
                    "test {} of `{}` failed: {}",
                    case.index + 1,
                    rule.name,
                    problems.join("; ")
                ))
                .at(&rule.path, rule.text.clone(), span)
                .label("this test")
                .help(got),
            );
        }
    }
    result
}
