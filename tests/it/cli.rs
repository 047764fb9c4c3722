//! Exit codes and the command line's promises.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use crate::support::{postlint, repo, run};

fn fixture(path: &str) -> std::path::PathBuf {
    repo().join("fixtures").join(path)
}

#[test]
fn exit_0_when_nothing_reaches_the_fail_level() {
    let dir = fixture("rules/missing-title");
    let (code, _, _) =
        run(postlint(&dir).args(["check", "--isolated", "--corpus", "given", "good-h1.md"]));
    assert_eq!(code, 0);
    // Findings below the fail level do not fail the run.
    let dir = fixture("rules/empty-section");
    let (code, stdout, _) = run(postlint(&dir).args([
        "check",
        "--isolated",
        "--fail-on",
        "error",
        "bad-same-level.md",
    ]));
    assert_eq!(code, 0);
    assert!(stdout.contains("empty-section"));
}

#[test]
fn exit_1_when_a_finding_reaches_the_fail_level() {
    let dir = fixture("rules/empty-section");
    let (code, _, _) = run(postlint(&dir).args(["check", "--isolated", "bad-same-level.md"]));
    assert_eq!(code, 1);
    let dir = fixture("rules/invalid-front-matter");
    let (code, _, _) =
        run(postlint(&dir).args(["check", "--isolated", "--fail-on", "error", "bad-toml.md"]));
    assert_eq!(code, 1);
    let (code, _, _) =
        run(postlint(&dir).args(["check", "--isolated", "--fail-on", "never", "bad-toml.md"]));
    assert_eq!(code, 0);
}

#[test]
fn exit_2_on_usage_config_and_io_errors() {
    let dir = fixture("rules/empty-section");
    let (code, _, stderr) = run(postlint(&dir).args(["check", "--isolated", "no-such-post.md"]));
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no-such-post.md: no such file or directory"),
        "{stderr}"
    );

    let (code, _, stderr) = run(postlint(&dir).args(["check", "--frobnicate"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("--frobnicate"));

    let (code, _, stderr) =
        run(postlint(&dir).args(["check", "--isolated", "--select", "empty-sections"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `empty-section`"), "{stderr}");

    let (code, _, _) = run(postlint(&dir).args(["explain", "no-such-rule"]));
    assert_eq!(code, 2);
}

#[test]
fn findings_that_could_be_computed_are_still_printed_on_exit_2() {
    let dir = fixture("rules/empty-section");
    let (code, stdout, _) = run(postlint(&dir).args([
        "check",
        "--isolated",
        "--format",
        "concise",
        "bad-same-level.md",
        "missing.md",
    ]));
    assert_eq!(code, 2);
    assert!(stdout.contains(
        "bad-same-level.md:3:1: warning: section \"Highlights\" has no content [empty-section]"
    ));
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let mut child = postlint(&repo().join("fixtures"))
        .args(["check", "--isolated", "--format", "concise", "rules"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // Dropping the reader closes the pipe while postlint may still be writing.
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(matches!(output.status.code(), Some(0..=2)));
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let corpus = repo().join("fixtures");
    let mut outputs = Vec::new();
    for threads in ["1", "2", "7"] {
        let (_, stdout, _) = run(postlint(&corpus).args([
            "check",
            "--isolated",
            "--format",
            "json",
            "-j",
            threads,
            ".",
        ]));
        outputs.push(stdout);
    }
    assert!(outputs[0].len() > 1000);
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
}

#[test]
fn explicit_files_are_taken_literally_and_force_exclude_applies_config() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("postlint.toml"),
        "[files]\nexclude = [\"drafts/**\"]\n",
    )
    .unwrap();
    std::fs::create_dir(tmp.path().join("drafts")).unwrap();
    std::fs::write(tmp.path().join("drafts/[x].txt"), "## Empty\n").unwrap();
    // A literal name with glob characters and another extension is still checked.
    let (code, stdout, _) =
        run(postlint(tmp.path()).args(["check", "--format", "concise", "drafts/[x].txt"]));
    assert_eq!(code, 1, "{stdout}");
    // Walking the folder honours the exclude; so does --force-exclude for a named file.
    std::fs::write(tmp.path().join("drafts/a.md"), "## Empty\n").unwrap();
    let (code, _, stderr) = run(postlint(tmp.path()).args(["check", "."]));
    assert_eq!(code, 0, "{stderr}");
    let (code, _, _) = run(postlint(tmp.path()).args(["check", "--force-exclude", "drafts/a.md"]));
    assert_eq!(code, 0);
}

#[test]
fn gitignored_posts_are_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join(".gitignore"), "public/\n").unwrap();
    std::fs::create_dir(tmp.path().join("public")).unwrap();
    std::fs::write(tmp.path().join("public/built.md"), "## Empty\n").unwrap();
    std::fs::write(tmp.path().join("post.md"), "# Fine\n\nText.\n").unwrap();
    let (code, _, stderr) = run(postlint(tmp.path()).args(["check", "--isolated"]));
    assert_eq!(code, 0);
    assert!(stderr.contains("in 0 of 1 file"), "{stderr}");
}

#[test]
fn explicit_files_are_checked_against_the_whole_project() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("postlint.toml"), "").unwrap();
    std::fs::write(tmp.path().join("old.md"), "# Launch day\n\nOld text.\n").unwrap();
    std::fs::write(tmp.path().join("new.md"), "# Launch Day\n\nNew text.\n").unwrap();
    let (code, stdout, _) =
        run(postlint(tmp.path()).args(["check", "--format", "concise", "new.md"]));
    assert_eq!(code, 1);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with(
        "new.md:1:1: warning: title \"Launch Day\" is also the title of 1 other post"
    ));
    // --corpus given compares only the named files.
    let (code, _, _) = run(postlint(tmp.path()).args(["check", "--corpus", "given", "new.md"]));
    assert_eq!(code, 0);
}

#[test]
fn rules_explain_and_config_come_from_the_declarations() {
    let dir = repo();
    let (code, stdout, _) = run(postlint(&dir).args(["rules", "--format", "json"]));
    assert_eq!(code, 0);
    let rules: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["name"] == "empty-section")
    );
    let (code, stdout, _) = run(postlint(&dir).args(["explain", "empty-section"]));
    assert_eq!(code, 0);
    insta::assert_snapshot!(stdout);
    let (code, stdout, _) = run(postlint(&dir).args(["config", "--isolated"]));
    assert_eq!(code, 0);
    assert!(
        stdout.contains(
            "[rules.empty-section]\nseverity = \"warning\"\nallow-headings = []\nrequire-direct-content = false"
        ),
        "{stdout}"
    );
}

#[test]
fn a_bare_postlint_checks_the_current_folder() {
    let dir = fixture("rules/empty-section");
    let (code, stdout, _) = run(&mut postlint(&dir));
    let (check_code, check_stdout, _) = run(postlint(&dir).arg("check"));
    assert_eq!((code, stdout.as_str()), (check_code, check_stdout.as_str()));
    assert_eq!(code, 1);
    assert!(stdout.contains("has no content"), "{stdout}");
}

#[test]
fn the_summary_says_what_named_files_were_compared_with() {
    // No config and no git repository: the working folder is the project.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.md"), "# Launch day\n\nText.\n").unwrap();
    std::fs::write(tmp.path().join("b.md"), "# Launch day\n\nMore text.\n").unwrap();
    let plain = |args: &[&str]| {
        run(postlint(tmp.path())
            .args([
                "check",
                "--format",
                "concise",
                "--select",
                "duplicate-title",
            ])
            .args(args))
    };
    let (code, stdout, stderr) = plain(&["b.md"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stdout.starts_with("b.md:1:1: warning: title \"Launch day\""),
        "{stdout}"
    );
    let root = std::fs::canonicalize(tmp.path()).unwrap();
    assert!(
        stderr.contains(&format!(
            "checked 1 of 2 posts against the project at {}",
            root.display()
        )),
        "{stderr}"
    );
    let (code, _, stderr) = plain(&["--corpus", "given", "b.md"]);
    assert_eq!(code, 0);
    assert!(
        stderr.contains("compared the 1 named post only with each other (--corpus given)"),
        "{stderr}"
    );
    // A named file outside the working folder has no project to be part of.
    let inner = tmp.path().join("inner");
    std::fs::create_dir(&inner).unwrap();
    let (_, _, stderr) = run(postlint(&inner).args(["check", "../b.md"]));
    assert!(
        stderr.contains("only with each other: no postlint.toml"),
        "{stderr}"
    );
    // An editor's buffer is a named file like any other.
    let mut child = postlint(tmp.path())
        .args(["check", "--format", "concise", "--stdin-filename", "c.md"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"# Launch day\n\nA buffer.\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("is also the title of 2 other posts"),
        "{stdout}"
    );
}

#[test]
fn statistics_print_one_line_per_rule_most_first_and_keep_the_exit_code() {
    let dir = fixture("seed");
    let (code, stdout, _) = run(postlint(&dir).args(["check", "--isolated", "--statistics", "."]));
    // The findings still decide the exit code.
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout, @r#"
         5  duplicate-paragraph  warning  a paragraph copied, exactly or edited, into a few other places
         4  title-body-mismatch  warning  a title whose terms the body never uses, or only in passing
         2  filler-closer        warning  a stock sign-off such as "thanks for reading"
         1  filler-phrase        warning  a padding phrase such as "it's worth noting that"
         1  promised-links       warning  the text promises links but the post has none
    "#);
    let (_, stdout, _) = run(postlint(&dir).args([
        "check",
        "--isolated",
        "--statistics",
        "--format",
        "json",
        ".",
    ]));
    let rows: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(rows[0]["rule"], "duplicate-paragraph");
    assert_eq!(rows[0]["count"], 5);
}
