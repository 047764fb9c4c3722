//! Every rule on its fixtures: `bad-*.md` must produce its finding, `good-*.md` none.
//!
//! A folder under `fixtures/rules/<rule>/` is one corpus (so corpus rules such as
//! `duplicate-title` have their copies side by side); a folder with a
//! `postlint.toml` is checked with that config, which is how options are tested.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{json, postlint, repo};

fn corpus_dirs(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut has_posts = false;
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            corpus_dirs(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            has_posts = true;
        }
    }
    if has_posts {
        out.push(dir.to_path_buf());
    }
}

/// Findings per file name of one rule on one fixture corpus.
fn findings(rule: &str, dir: &Path) -> BTreeMap<String, Vec<String>> {
    let mut cmd = postlint(dir);
    cmd.args(["check", "--select", rule, "."]);
    if !dir.join("postlint.toml").exists() {
        cmd.arg("--isolated");
    }
    let report = json(&mut cmd);
    let mut by_file: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        assert_eq!(d["rule"], rule, "--select must run only {rule}");
        by_file
            .entry(d["path"].as_str().unwrap().to_string())
            .or_default()
            .push(d["message"].as_str().unwrap().to_string());
    }
    by_file
}

#[test]
fn bad_fixtures_are_flagged_and_good_ones_are_not() {
    let rules_dir = repo().join("fixtures/rules");
    let mut failures = Vec::new();
    for rule_dir in std::fs::read_dir(&rules_dir).unwrap().flatten() {
        let rule = rule_dir.file_name().to_string_lossy().into_owned();
        let mut dirs = Vec::new();
        corpus_dirs(&rule_dir.path(), &mut dirs);
        for dir in dirs {
            let found = findings(&rule, &dir);
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let hits = found.get(&name).map_or(0, Vec::len);
                if name.starts_with("bad-") && hits == 0 {
                    failures.push(format!(
                        "{}: expected a {rule} finding",
                        entry.path().display()
                    ));
                }
                if name.starts_with("good-") && hits > 0 {
                    failures.push(format!(
                        "{}: unexpected {rule}: {:?}",
                        entry.path().display(),
                        found[&name]
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn empty_section_messages_name_each_empty_heading() {
    // Each fixture corpus under its own config, as the bad/good test runs them.
    let root = repo().join("fixtures/rules/empty-section");
    let mut dirs = Vec::new();
    corpus_dirs(&root, &mut dirs);
    let found: BTreeMap<String, BTreeMap<String, Vec<String>>> = dirs
        .iter()
        .map(|dir| {
            let name = dir.strip_prefix(&root).unwrap().to_string_lossy();
            (format!("./{name}"), findings("empty-section", dir))
        })
        .collect();
    insta::assert_debug_snapshot!(found);
}
