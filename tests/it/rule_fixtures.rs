//! Every rule on its fixtures: `bad-*.md` must produce its finding, `good-*.md`
//! none, and every folder's findings are what its snapshot says.
//!
//! A folder under `fixtures/rules/<rule>/` is one corpus (so corpus rules such as
//! `duplicate-title` have their copies side by side); a folder with a
//! `postlint.toml` is checked with that config, which is how options are tested.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{json, postlint, repo, run};

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

/// `check` of one rule on one fixture corpus, under the folder's own config
/// when it has one.
fn check(rule: &str, dir: &Path) -> std::process::Command {
    let mut cmd = postlint(dir);
    cmd.args(["check", "--select", rule, "."]);
    if !dir.join("postlint.toml").exists() {
        cmd.arg("--isolated");
    }
    cmd
}

/// Every fixture corpus, with the rule its folder is named after.
fn fixture_corpora() -> Vec<(String, PathBuf)> {
    let mut rule_dirs: Vec<_> = std::fs::read_dir(repo().join("fixtures/rules"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    rule_dirs.sort();
    let mut corpora = Vec::new();
    for rule_dir in rule_dirs {
        let rule = rule_dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut dirs = Vec::new();
        corpus_dirs(&rule_dir, &mut dirs);
        corpora.extend(dirs.into_iter().map(|d| (rule.clone(), d)));
    }
    corpora
}

/// Findings per file name of one rule on one fixture corpus.
fn findings(rule: &str, dir: &Path) -> BTreeMap<String, Vec<String>> {
    let mut cmd = check(rule, dir);
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
    let mut failures = Vec::new();
    for (rule, dir) in fixture_corpora() {
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
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What users see, per fixture folder: a wrong span, count or message fails
/// here, which the bad/good test above cannot tell. The snapshots are under
/// `snapshots/fixtures/`, one per folder, named after its path.
#[test]
fn every_fixture_folders_findings_are_snapshotted() {
    let rules = repo().join("fixtures/rules");
    for (rule, dir) in fixture_corpora() {
        let (code, stdout, stderr) =
            run(check(&rule, &dir).args(["--format", "concise", "--color", "never", "--quiet"]));
        assert!(code == 0 || code == 1, "{}: {stderr}", dir.display());
        // A folder's subfolders are corpora of their own, with their own
        // snapshots (and configs, which `--isolated` ignores here).
        let own: String = stdout
            .lines()
            .filter(|line| !line.split(':').next().unwrap_or("").contains('/'))
            .map(|line| format!("{line}\n"))
            .collect();
        let name = dir
            .strip_prefix(&rules)
            .unwrap()
            .to_string_lossy()
            .replace(['/', '\\'], "__");
        insta::with_settings!({
            snapshot_path => "snapshots/fixtures",
            prepend_module_to_snapshot => false,
            description => format!("postlint check --select {rule} --format concise fixtures/rules/{name}"),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(name, own);
        });
    }
}

/// Messages follow one convention, as clippy's and ruff's do: they start
/// lower-case (or with the quoted text they flag) and have no trailing period.
#[test]
fn every_finding_message_is_lower_case_without_a_trailing_period() {
    let mut problems = Vec::new();
    for (rule, dir) in fixture_corpora() {
        for (file, messages) in findings(&rule, &dir) {
            for message in messages {
                if message.chars().next().is_some_and(char::is_uppercase)
                    || message.ends_with('.')
                    || message.trim() != message
                {
                    problems.push(format!("{}/{file}: {rule}: {message:?}", dir.display()));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
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
