//! The content-hash cache: on by default, never a different result.
//!
//! Each test runs in a project of its own with the cache at its default place
//! (`.postlint_cache` at the project root), and compares every cached run with
//! a `--no-cache` run of the same tree, byte for byte.

use std::path::Path;

use crate::support::{postlint, repo, run};

/// A project: the seed posts and the integration corpus, a config with a
/// rule folder, and one team rule.
fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for folder in ["fixtures/seed", "fixtures/corpus/integrations"] {
        for entry in std::fs::read_dir(repo().join(folder)).unwrap().flatten() {
            let name = entry.file_name();
            if entry.path().extension().is_some_and(|e| e == "md") {
                std::fs::copy(entry.path(), dir.join(name)).unwrap();
            }
        }
    }
    // A paragraph copied with a word changed: a pair duplicate-paragraph
    // verifies, and remembers in the cache.
    let paragraph = "Our deploys run from one pipeline that builds the image, runs the \
        migrations against a copy of production and rolls the release out to a tenth \
        of the traffic before the rest";
    for (name, text) in [
        ("deploys-2023.md", paragraph.to_string()),
        ("deploys-2024.md", paragraph.replace("a tenth", "one tenth")),
    ] {
        std::fs::write(dir.join(name), format!("# {name}\n\n{text}.\n")).unwrap();
    }
    std::fs::write(dir.join("postlint.toml"), "rule-dirs = [\"rules\"]\n").unwrap();
    std::fs::create_dir(dir.join("rules")).unwrap();
    write_rule(dir, "\"launch\"");
    tmp
}

fn write_rule(dir: &Path, tokens: &str) {
    std::fs::write(
        dir.join("rules/no-launch.toml"),
        format!("name = \"no-launch\"\nsummary = \"test rule\"\nkind = \"existence\"\ntokens = [{tokens}]\n"),
    )
    .unwrap();
}

/// (exit code, JSON output, stderr) of a check of `dir`.
fn check(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut cmd = postlint(dir);
    cmd.env_remove("POSTLINT_CACHE_DIR")
        .args(["check", "--format", "json"])
        .args(extra)
        .arg(".");
    run(&mut cmd)
}

/// Checks `dir` with the cache and without, and asserts the two agree.
#[track_caller]
fn assert_same(dir: &Path, step: &str) -> String {
    let (code, cached, stderr) = check(dir, &[]);
    let (plain_code, plain, _) = check(dir, &["--no-cache"]);
    assert_eq!(code, plain_code, "{step}: exit codes differ\n{stderr}");
    assert_eq!(cached, plain, "{step}: cached output differs");
    assert!(!stderr.contains("warning:"), "{step}: {stderr}");
    cached
}

#[test]
fn cached_runs_match_uncached_ones_through_edits_renames_and_setting_changes() {
    let tmp = project();
    let dir = tmp.path();
    let cold = assert_same(dir, "cold");
    let cache = dir.join(".postlint_cache");
    assert!(
        cache.join(".gitignore").is_file(),
        "the cache keeps itself out of git"
    );
    assert_eq!(assert_same(dir, "warm"), cold);

    // A paragraph of one post pasted into another: a new duplicate.
    let seed = std::fs::read_to_string(dir.join("devops-cqrs-patterns.md")).unwrap();
    let paragraph = seed
        .split("\n\n")
        .max_by_key(|p| p.len())
        .unwrap()
        .to_string();
    let clean = dir.join("d-clean.md");
    let text = std::fs::read_to_string(&clean).unwrap();
    std::fs::write(&clean, format!("{text}\n\n{paragraph}\n")).unwrap();
    let edited = assert_same(dir, "edit");
    assert!(edited != cold, "the edit is seen");

    std::fs::rename(&clean, dir.join("renamed.md")).unwrap();
    assert_same(dir, "rename");
    std::fs::remove_file(dir.join("a-launch.md")).unwrap();
    assert_same(dir, "delete");

    // An option of a corpus rule, a rule's severity, an override, a rule file.
    std::fs::write(
        dir.join("postlint.toml"),
        "rule-dirs = [\"rules\"]\n[rules.duplicate-paragraph]\nmin-words = 30\n",
    )
    .unwrap();
    assert_same(dir, "corpus rule option");
    std::fs::write(
        dir.join("postlint.toml"),
        "rule-dirs = [\"rules\"]\n[rules.empty-section]\nseverity = \"off\"\n\n[[overrides]]\nfiles = [\"b-*\"]\n[overrides.rules.filler-phrase]\nseverity = \"off\"\n",
    )
    .unwrap();
    assert_same(dir, "severities and an override");
    write_rule(dir, "\"launch\", \"pipeline\"");
    let with_rule = assert_same(dir, "rule file");
    assert!(with_rule.contains("pipeline"), "the new token is matched");
}

#[test]
fn a_post_moved_where_other_globs_and_dates_apply_is_checked_again() {
    let tmp = project();
    let dir = tmp.path();
    // The rule applies only under news/; the copy's original is the post
    // with the older date in its path.
    std::fs::write(
        dir.join("rules/no-launch.toml"),
        "name = \"no-launch\"\nsummary = \"test rule\"\nkind = \"existence\"\ntokens = [\"launch\"]\nfiles = [\"news/**\"]\n",
    )
    .unwrap();
    let paragraph = "We moved every invoice to the new billing pipeline over one weekend, and the finance team closed the month two days early for the first time.";
    for (folder, name) in [
        ("news", "2024-01-10-launch.md"),
        ("news", "2024-03-02-copy.md"),
    ] {
        std::fs::create_dir_all(dir.join(folder)).unwrap();
        std::fs::write(
            dir.join(folder).join(name),
            format!("# The {name} launch\n\n{paragraph}\n"),
        )
        .unwrap();
    }
    let before = assert_same(dir, "first");
    std::fs::create_dir(dir.join("notes")).unwrap();
    std::fs::rename(
        dir.join("news/2024-01-10-launch.md"),
        dir.join("notes/2025-01-10-launch.md"),
    )
    .unwrap();
    let after = assert_same(dir, "moved out of news/ and dated later");
    assert!(after != before);
}

#[test]
fn an_edit_that_keeps_the_size_and_the_modification_time_is_seen() {
    let tmp = project();
    let dir = tmp.path();
    let post = dir.join("same-second.md");
    std::fs::write(&post, "# Release day\n\nThe launch went out on time.\n").unwrap();
    let before = assert_same(dir, "first");
    let modified = std::fs::metadata(&post).unwrap().modified().unwrap();
    // Same length, same modification time: only the bytes differ.
    std::fs::write(&post, "# Release day\n\nThe lunchx went out on time.\n").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&post)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let after = assert_same(dir, "same-second edit");
    assert!(after != before, "the edit removes a no-launch finding");
}

#[test]
fn posts_unchanged_since_the_cache_read_them_are_not_read_and_every_change_is_still_seen() {
    let tmp = project();
    let dir = tmp.path();
    // Posts without findings: an unread post with findings would be read to
    // show them, and a change caught then; these are read only if their
    // files are seen to change.
    for (name, title) in [
        ("quiet-1.md", "Release day"),
        ("quiet-2.md", "Shipping week"),
    ] {
        let text = format!("# {title}\n\nThe lunchx went out on time.\n");
        std::fs::write(dir.join(name), text).unwrap();
    }
    // A file is taken as unchanged only when it had stopped changing a few
    // seconds before the run that read it.
    std::thread::sleep(std::time::Duration::from_millis(3_200));
    let first = assert_same(dir, "read and stamped");
    // Every post unread now; the pair of deploy posts is shown with the
    // original's line, read only because a finding names it.
    let warm = assert_same(dir, "unchanged, unread");
    assert_eq!(warm, first);
    assert!(warm.contains("deploys-2023.md"), "{warm}");
    assert!(!warm.contains("quiet-"), "{warm}");

    // Same length, same modification time: the change time still moves.
    let launch = |text: &str| text.replace("lunchx", "launch");
    let post = dir.join("quiet-1.md");
    rewrite_keeping_time(&post, &post, launch);
    let edited = assert_same(dir, "edited in place");
    assert!(edited.contains("quiet-1.md"), "{edited}");

    // Replaced by a new file of the same size and time: a new inode.
    let other = dir.join("quiet-2.md");
    let fresh = dir.join("fresh.tmp");
    rewrite_keeping_time(&other, &fresh, launch);
    std::fs::rename(&fresh, &other).unwrap();
    let replaced = assert_same(dir, "replaced");
    assert!(replaced.contains("quiet-2.md"), "{replaced}");
    std::fs::rename(&other, dir.join("moved.md")).unwrap();
    assert_same(dir, "renamed");
    std::fs::remove_file(dir.join("moved.md")).unwrap();
    assert_same(dir, "deleted");
}

/// Writes `edit` of `from`'s text to `to`, with `from`'s modification time.
fn rewrite_keeping_time(from: &Path, to: &Path, edit: impl Fn(&str) -> String) {
    let text = std::fs::read_to_string(from).unwrap();
    let modified = std::fs::metadata(from).unwrap().modified().unwrap();
    std::fs::write(to, edit(&text)).unwrap();
    std::fs::File::options()
        .write(true)
        .open(to)
        .unwrap()
        .set_modified(modified)
        .unwrap();
}

#[test]
fn a_damaged_cache_is_ignored_with_a_warning_and_the_right_result() {
    let tmp = project();
    let dir = tmp.path();
    let (_, plain, _) = check(dir, &["--no-cache"]);
    check(dir, &[]);
    let cache = dir.join(".postlint_cache");
    let mut damaged = 0;
    for entry in std::fs::read_dir(&cache).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "bin") {
            let bytes = std::fs::read(&path).unwrap();
            std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
            damaged += 1;
        }
    }
    assert!(damaged > 1);
    assert!(
        cache.join("corpus.bin").exists()
            && std::fs::read_dir(&cache)
                .unwrap()
                .flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("memory-")),
        "the corpus phase's findings and duplicate-paragraph's memory were cached"
    );
    let (_, cached, stderr) = check(dir, &[]);
    assert_eq!(cached, plain);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(
        warnings.len(),
        damaged,
        "one line per damaged file:\n{stderr}"
    );
    assert!(warnings[0].contains("cut short"), "{stderr}");
    // The damaged files were replaced: the next run is quiet again.
    let (_, again, stderr) = check(dir, &[]);
    assert_eq!(again, plain);
    assert!(!stderr.contains("warning:"), "{stderr}");
}

#[test]
fn runs_at_once_leave_a_cache_that_later_runs_read() {
    let tmp = project();
    let dir = tmp.path();
    let (_, plain, _) = check(dir, &["--no-cache"]);
    let spawn = || {
        postlint(dir)
            .env_remove("POSTLINT_CACHE_DIR")
            .args(["check", "--format", "json", "."])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let runs: Vec<_> = (0..4).map(|_| spawn()).collect();
    for child in runs {
        let output = child.wait_with_output().unwrap();
        assert_eq!(String::from_utf8_lossy(&output.stdout), plain);
    }
    let (_, cached, stderr) = check(dir, &[]);
    assert_eq!(cached, plain);
    assert!(!stderr.contains("warning:"), "{stderr}");
}

#[test]
fn clean_removes_the_cache_and_no_cache_writes_none() {
    let tmp = project();
    let dir = tmp.path();
    let cache = dir.join(".postlint_cache");
    check(dir, &["--no-cache"]);
    assert!(!cache.exists(), "--no-cache writes nothing");
    check(dir, &[]);
    assert!(cache.is_dir());
    let (code, _, stderr) = run(postlint(dir).env_remove("POSTLINT_CACHE_DIR").arg("clean"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.starts_with("removed "), "{stderr}");
    assert!(!cache.exists());

    // A folder given by mistake keeps everything but cache files.
    let other = dir.join("not-a-cache");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("notes.md"), "# Notes\n").unwrap();
    let (code, ..) = run(postlint(dir).args(["clean", "--cache-dir", "not-a-cache"]));
    assert_eq!(code, 0);
    assert!(other.join("notes.md").is_file());
}
