//! Selecting rules by name, group or ALL, on the command line and in config.

use std::collections::BTreeSet;
use std::path::Path;

use crate::support::{json, postlint, repo};

/// The rules with findings on the seed posts, for these extra arguments.
fn rules_on_seed(dir: &Path, args: &[&str]) -> BTreeSet<String> {
    let mut cmd = postlint(dir);
    cmd.args(["check"])
        .args(args)
        .arg(repo().join("fixtures/seed"));
    json(&mut cmd)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn groups_and_all_select_and_ignore_rules() {
    let dir = repo();
    let isolated = |args: &[&str]| {
        let mut all = vec!["--isolated"];
        all.extend(args);
        rules_on_seed(&dir, &all)
    };
    assert_eq!(
        isolated(&["--select", "filler"]),
        set(&["filler-closer", "filler-phrase", "promised-links"])
    );
    // ALL is every rule, the ones off by default included, so the seed's
    // readability finding appears; the ignored groups' findings do not.
    let all = isolated(&["--select", "ALL", "--ignore", "topicality,duplicates"]);
    assert!(all.contains("low-readability"), "{all:?}");
    assert!(all.is_superset(&set(&["filler-closer", "filler-phrase", "promised-links"])));
    for ignored in ["duplicate-paragraph", "title-body-mismatch"] {
        assert!(
            !all.contains(ignored),
            "{ignored} is in an ignored group: {all:?}"
        );
    }
    assert_eq!(
        isolated(&[
            "--select",
            "duplicates",
            "--extend-select",
            "low-readability"
        ]),
        set(&["duplicate-paragraph", "low-readability"])
    );
}

#[test]
fn config_selects_and_the_command_line_replaces_or_adds() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("postlint.toml"),
        "select = [\"filler\"]\nignore = [\"promised-links\"]\n\n[rules]\nfiller-closer = \"off\"\n",
    )
    .unwrap();
    // A rule the config turns off stays off, whatever selects its group.
    assert_eq!(rules_on_seed(tmp.path(), &[]), set(&["filler-phrase"]));
    assert_eq!(
        rules_on_seed(tmp.path(), &["--select", "topicality"]),
        set(&["off-topic-section", "title-body-mismatch"])
    );
    assert_eq!(
        rules_on_seed(tmp.path(), &["--extend-select", "duplicate-paragraph"]),
        set(&["duplicate-paragraph", "filler-phrase"])
    );
}

#[test]
fn an_unknown_group_is_an_error_with_a_suggestion() {
    let (code, _, stderr) = crate::support::run(
        postlint(&repo())
            .args(["check", "--isolated", "--select", "filer", "fixtures/seed"])
            .env("NO_COLOR", "1"),
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("unknown rule or group `filer` in --select; did you mean `filler`?"),
        "{stderr}"
    );
}
