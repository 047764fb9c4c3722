//! Inline rule tests: each `[[test]]` of a rule file is a post and what the rule
//! must (or must not) flag in it. `postlint rules test` runs them, and so does
//! `cargo test` for the shipped pack, so a rule's examples cannot rot.
//!
//! A test runs its rule alone, exactly as a check would (suppression comments
//! included), and a failure points at the `[[test]]` table in the rule file.

use std::path::PathBuf;
use std::sync::Arc;

use crate::document::Document;
use crate::error::SourceError;
use crate::rule::PostRule;
use crate::settings::{TomlPath, toml_span};
use crate::suppress::Suppressions;

use super::RuleSet;
use super::checker::Compiled;

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
    for (index, loaded) in set.rules.iter().enumerate() {
        let rule = &loaded.rule;
        if rule.tests.is_empty() {
            continue;
        }
        result.files += 1;
        let checker = Arc::new(Compiled::new(vec![set.rules[index].clone()])).test_checker();
        for case in &rule.tests {
            result.cases += 1;
            let doc = Document::parse(0, PathBuf::from("test.md"), Arc::from(case.text.as_str()));
            let mut findings = Vec::new();
            checker.check(&doc, &mut findings);
            let suppressions = Suppressions::of(&doc);
            findings.retain(|f| !suppressions.suppresses(&f.rule, f.span.start));
            findings.sort_by_key(|f| (f.span.start, f.span.end));
            let flagged: Vec<&str> = findings.iter().map(|f| doc.slice(&f.span)).collect();
            let mut problems = Vec::new();
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
